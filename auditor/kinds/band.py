"""Rule kind ``band``: a figure in an alarm band of the catalogue's benchmarks for the engagement's scenario.

What it checks:
    Every metric whose catalogue entry has bands (``auditor/metrics/catalogue.yaml``,
    from METRICS.md section 2) is placed in them, using the bands for the engagement's
    scenario (marketing, notification, service, collection) and those for all
    scenarios. A figure in a band whose verdict is listed in ``verdicts`` (poor,
    warning, suspicious, high_risk, ...) gives a finding at that verdict's severity.
    The figure is the one recomputed from the records where there are records, else
    the report's. Metrics the engagement sets a contract target for are left to the
    ``target`` kind.

Why it matters:
    Benchmarks say what the field considers normal: a connect rate under 30 % means
    a poor list or dialler; one above 70 % is only reached with precise lists. They
    are context for the reader, not contract breaches, so they stay low or info
    unless the contract sets a target.

Parameters:
    verdicts: band verdicts that raise a finding.
    severity_by_verdict: severity per verdict (default: the rule's severity).
    use: ``recomputed``, ``claimed`` or ``either`` (recomputed first).
    metrics: only these metrics (empty = every metric with bands).

Example:
    Marketing engagement, records give connect rate 24.0 %: in the catalogue's
    "poor" band (< 30 %), low.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, Severity
from auditor.kinds.figures import Figure, audit_scopes, figure
from auditor.metrics.catalogue import Band

VERDICTS = ("poor", "warning", "suspicious", "high_risk")


@dataclass(frozen=True, slots=True)
class Params:
    verdicts: tuple[str, ...] = field(default=VERDICTS, metadata={"help": "band verdicts that raise a finding"})
    severity_by_verdict: dict[str, str] = field(
        default_factory=dict, metadata={"help": "severity per verdict (default: the rule's)"}
    )
    use: str = field(default="either", metadata={"help": "recomputed, claimed or either (recomputed first)"})
    metrics: tuple[str, ...] = field(default=(), metadata={"help": "only these metrics (empty = every metric with bands)"})

    def __post_init__(self) -> None:
        for value in self.severity_by_verdict.values():
            Severity.parse(value)
        if self.use not in ("claimed", "recomputed", "either"):
            raise ValueError("use must be claimed, recomputed or either")


def _value(ctx: AuditContext, metric: str, use: str) -> Figure | None:
    scope = audit_scopes(ctx)[0]
    if use == "either":
        return figure(ctx, metric, scope, "recomputed") or figure(ctx, metric, scope, "claimed")
    return figure(ctx, metric, scope, use)


@register_kind("band", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Figures in an alarm band of the catalogue's benchmarks."""
    p = rule.params
    scenario = ctx.engagement.scenario
    for metric in ctx.catalogue:
        if p.metrics and metric.id not in p.metrics:
            continue
        if metric.id in ctx.engagement.targets:
            continue
        bands = [b for b in metric.bands if b.scenario in (None, scenario) and b.verdict in p.verdicts]
        if not bands:
            continue
        fig = _value(ctx, metric.id, p.use)
        if fig is None:
            continue
        for band in bands:
            if not band.contains(fig.value):
                continue
            severity = p.severity_by_verdict.get(band.verdict)
            note = f" ({band.note})" if band.note else ""
            for_scenario = f" for {scenario}" if band.scenario else ""
            yield rule.finding(
                f"{metric.id} {fig.describe(metric.unit.format)} is in the catalogue's '{band.verdict}' band{for_scenario} "
                f"({_band_text(band, metric.unit.format)}){note}.",
                severity=Severity.parse(severity) if severity else None,
                metric=metric.id,
                scope=audit_scopes(ctx)[0],
                claimed=fig.value if fig.origin == "claimed" else None,
                recomputed=fig.value if fig.origin == "recomputed" else None,
                evidence={
                    "figure": fig.to_dict(),
                    "band": {
                        "verdict": band.verdict,
                        "min": band.min,
                        "max": band.max,
                        "scenario": band.scenario,
                        "note": band.note,
                    },
                    "normal": metric.normal,
                    "scenario": scenario,
                    "catalogue_sources": list(metric.source),
                },
                sources=(fig.claim.source,) if fig.claim is not None else (),
            )


def _band_text(band: Band, fmt: Any) -> str:
    lo, hi = band.min, band.max
    if lo is not None and hi is not None:
        return f"{fmt(lo)} to {fmt(hi)}"
    if lo is not None:
        return f">= {fmt(lo)}"
    return f"< {fmt(hi)}"
