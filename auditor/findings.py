"""Findings and the result of an audit: frozen value objects with ``to_dict()``."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from auditor.location import SourceRef
from auditor.scope import Scope


class Severity(enum.Enum):
    """How much a finding matters, ordered ``info < low < medium < high < critical``."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)

    def __lt__(self, other: Severity) -> bool:
        return self.rank < other.rank

    def __le__(self, other: Severity) -> bool:
        return self.rank <= other.rank

    def __gt__(self, other: Severity) -> bool:
        return self.rank > other.rank

    def __ge__(self, other: Severity) -> bool:
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.strip().lower())
        except ValueError:
            choices = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {text!r}; choose one of {choices}") from None


_SEVERITY_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


class Category(enum.Enum):
    """What kind of problem a finding reports (CONTRACT section 3)."""

    DISCREPANCY = "discrepancy"
    DEFINITION = "definition"
    CONSISTENCY = "consistency"
    PLAUSIBILITY = "plausibility"
    COMPLIANCE = "compliance"
    THRESHOLD = "threshold"
    SAMPLING = "sampling"
    DATA_QUALITY = "data_quality"


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a reader should look at.

    ``evidence`` is JSON-ready and bounded (example lists are capped by the producer);
    ``sources`` point at where the claimed figures or records came from.
    """

    rule: str
    category: Category
    severity: Severity
    message: str
    metric: str | None = None
    scope: Scope = field(default_factory=Scope)
    claimed: float | None = None
    recomputed: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    sources: tuple[SourceRef, ...] = ()
    id: str = ""

    def sort_key(self) -> tuple[Any, ...]:
        first_source = self.sources[0].describe() if self.sources else ""
        scope = (
            self.scope.campaign or "",
            self.scope.agent_id or "",
            self.scope.period or "",
        )  # None sorts first, never against str
        return (-self.severity.rank, self.rule, self.metric or "", scope, first_source, self.message)

    def to_dict(self) -> dict[str, Any]:
        evidence = dict(self.evidence)
        if self.sources:
            evidence.setdefault("sources", [s.to_dict() for s in self.sources])
        return {
            "id": self.id,
            "rule": self.rule,
            "category": self.category.value,
            "severity": self.severity.value,
            "metric": self.metric,
            "scope": self.scope.to_dict(),
            "claimed": self.claimed,
            "recomputed": self.recomputed,
            "message": self.message,
            "evidence": evidence,
        }


@dataclass(frozen=True, slots=True)
class InputFile:
    """An input of the audit, identified by its content hash."""

    path: str
    kind: str  # calls | report | engagement | reviews | rules | lead_list | dnc_list
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "sha256": self.sha256}


@dataclass(frozen=True, slots=True)
class RuleError:
    """A rule whose kind crashed: recorded, and the audit carries on."""

    rule: str
    error: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "error": self.error}


#: Evidence key listing what a finding rests on besides the records (``"time zone assumed: ..."``,
#: ``"direction unknown: ..."``); such a finding is at most :data:`ASSUMED_SEVERITY_MAX`.
ASSUMPTIONS = "assumptions"
#: The highest severity a finding that rests on an assumption may carry (DEVELOPERS: "not high").
ASSUMED_SEVERITY_MAX = Severity.MEDIUM


def capped_for_assumptions(finding: Finding) -> Finding:
    """The finding, lowered to :data:`ASSUMED_SEVERITY_MAX` when its evidence lists assumptions.

    The severity it would have had is kept as ``evidence.severity_before_cap`` so a reader sees why.
    """
    if not finding.evidence.get(ASSUMPTIONS) or finding.severity <= ASSUMED_SEVERITY_MAX:
        return finding
    from dataclasses import replace

    evidence = {**finding.evidence, "severity_before_cap": finding.severity.value}
    return replace(finding, severity=ASSUMED_SEVERITY_MAX, evidence=evidence)


def number_findings(findings: list[Finding]) -> tuple[Finding, ...]:
    """Sort findings deterministically and give them ids F0001, F0002, ..."""
    from dataclasses import replace

    ordered = sorted(findings, key=Finding.sort_key)
    return tuple(replace(f, id=f"F{i:04d}") for i, f in enumerate(ordered, start=1))


def count_by_severity(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in reversed(_SEVERITY_ORDER)}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts
