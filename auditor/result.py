"""The result of one audit: inputs, claims, recomputed metrics, findings. ``to_dict()`` is CONTRACT section 3."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor import __version__
from auditor.findings import Finding, InputFile, RuleError, Severity, count_by_severity
from auditor.ingest.quality import DataQualityIssue
from auditor.metrics.model import MetricSet
from auditor.reports.model import ClaimedFigure, UnmatchedFigure
from auditor.verdict import ClaimCounts, Verdict, verdict_of

SCHEMA = "auditor.findings/1"


@dataclass(frozen=True)
class AuditResult:
    inputs: tuple[InputFile, ...] = ()
    claims: tuple[ClaimedFigure, ...] = ()
    unmatched: tuple[UnmatchedFigure, ...] = ()
    metrics: MetricSet = field(default_factory=MetricSet)
    findings: tuple[Finding, ...] = ()
    warnings: tuple[str, ...] = ()
    rule_errors: tuple[RuleError, ...] = ()
    data_quality: tuple[DataQualityIssue, ...] = ()
    engagement: dict[str, Any] = field(default_factory=dict)
    calls_count: int | None = None
    comparisons: tuple[dict[str, Any], ...] = ()
    charts: dict[str, Any] = field(default_factory=dict)  # JSON-ready distributions (auditor.metrics.distributions)
    sampling: dict[str, Any] = field(default_factory=dict)  # recording spot-check (auditor verify): plan, estimates, claim tests

    @property
    def by_severity(self) -> dict[str, int]:
        return count_by_severity(self.findings)

    @property
    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    @property
    def claim_counts(self) -> ClaimCounts:
        """How many claims were read, checked against the records (or the reviewed sample), matched, unverifiable."""
        if self.sampling:
            return ClaimCounts.of_sample(len(self.claims), self.sampling.get("claims") or (), self.findings)
        return ClaimCounts.of_comparisons(len(self.claims), self.comparisons)

    @property
    def verdict(self) -> Verdict:
        """The one verdict every output shows (:mod:`auditor.verdict`)."""
        return verdict_of(
            self.findings,
            self.claim_counts,
            has_records=self.calls_count is not None,
            has_reports=bool(self.claims) or any(i.kind == "report" for i in self.inputs),
            unverifiable_reasons=[str(c.get("reason") or "") for c in self.comparisons if c.get("status") == "unverifiable"],
        )

    def has_findings_at(self, level: Severity) -> bool:
        return any(f.severity >= level for f in self.findings)

    def exit_code(self, fail_on: Severity) -> int:
        """0 when nothing is at or above ``fail_on``, else 1 (CONTRACT section 2)."""
        return 1 if self.has_findings_at(fail_on) else 0

    def to_dict(self) -> dict[str, Any]:
        verdict = self.verdict
        return {
            "schema": SCHEMA,
            "tool": {"name": "auditor", "version": __version__},
            "inputs": [i.to_dict() for i in self.inputs],
            "engagement": self.engagement,
            "claims": [c.to_dict() for c in self.claims],
            "unmatched_figures": [u.to_dict() for u in self.unmatched],
            "comparisons": list(self.comparisons),
            "metrics": [m.to_dict() for m in self.metrics],
            "findings": [f.to_dict() for f in self.findings],
            "data_quality": [d.to_dict() for d in self.data_quality],
            "warnings": list(self.warnings),
            "rule_errors": [e.to_dict() for e in self.rule_errors],
            "charts": self.charts,
            **({"sampling": self.sampling} if self.sampling else {}),
            "summary": {
                "by_severity": self.by_severity,
                "findings": len(self.findings),
                "claims": len(self.claims),
                "calls": self.calls_count,
                "rule_errors": len(self.rule_errors),
                "claim_checks": verdict.claims.to_dict(),
                "verdict": verdict.to_dict(),
            },
        }
