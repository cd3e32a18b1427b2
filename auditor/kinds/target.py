"""Rule kind ``target``: a figure that misses the engagement's contract target.

What it checks:
    For every metric under ``targets:`` in the engagement file
    (``connect_rate: {min: 0.40}``, ``complaint_rate: {max: 0.01}``), the figure
    recomputed from the records under the contract's definition, for the
    engagement's period, must satisfy ``min <= value <= max``. Without records the
    report's figure is used (and the finding says so). When the report claims the
    target was met but the records miss it, the evidence shows both.
    A target the vendor's report prints itself (目标值 ≥ 40%, an SLA column) is
    checked the same way for metrics the engagement sets no target for, at
    ``report_target_severity``: the vendor's own yardstick, not the contract's.

Why it matters:
    Contract targets are what the vendor is paid for and what service credits are
    computed from; a missed target is a contract matter, unlike a benchmark band.

Parameters:
    use: ``recomputed``, ``claimed`` or ``either`` (recomputed first).
    rel_tol: slack as a fraction of the target before a miss counts.
    report_targets: also check the targets the report prints (default true).
    report_target_severity: severity of a miss against a report-printed target.

Example:
    Target connect_rate >= 40 %; records give 4,100 / 10,500 = 39.0 %: finding at
    the rule's severity (the report's 45.0 % is shown next to it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, Severity
from auditor.kinds.figures import audit_scopes, figure
from auditor.reports.model import TargetFigure
from auditor.scope import Scope


@dataclass(frozen=True, slots=True)
class Params:
    use: str = field(default="either", metadata={"help": "recomputed, claimed or either (recomputed first)"})
    rel_tol: float = field(default=0.0, metadata={"help": "slack as a fraction of the target"})
    report_targets: bool = field(default=True, metadata={"help": "also check targets printed in the report"})
    report_target_severity: str = field(default="medium", metadata={"help": "severity of a miss against a report-printed target"})

    def __post_init__(self) -> None:
        if self.use not in ("claimed", "recomputed", "either"):
            raise ValueError("use must be claimed, recomputed or either")
        if self.rel_tol < 0:
            raise ValueError("rel_tol must be >= 0")
        Severity.parse(self.report_target_severity)


@dataclass(frozen=True, slots=True)
class Bound:
    """One target to check: from the engagement (the contract) or printed in the report."""

    min: float | None
    max: float | None
    origin: str  # "contract" or "report"
    printed: TargetFigure | None = None


def targets_to_check(ctx: AuditContext, scope: Scope, with_report: bool) -> dict[str, Bound]:
    """The contract's targets, then report-printed targets (for the audit's scope) of metrics the contract leaves open."""
    bounds = {m: Bound(t.min, t.max, "contract") for m, t in ctx.engagement.targets.items()}
    if not with_report:
        return bounds
    for report in ctx.reports:
        for t in report.targets:
            if t.metric in bounds or not scope_covers(t.scope, scope) or t.comparator not in (">=", ">", "<=", "<"):
                continue
            value = float(t.value)
            low = t.comparator in (">=", ">")
            bounds[t.metric] = Bound(value if low else None, None if low else value, "report", t)
    return bounds


def scope_covers(printed: Scope, audited: Scope) -> bool:
    """A report target applies when it names no campaign or agent and no other period than the audit's."""
    return printed.campaign is None and printed.agent_id is None and printed.period in (None, audited.period)


@register_kind("target", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Figures that miss the engagement's contract targets."""
    p = rule.params
    scope = audit_scopes(ctx)[0]
    for metric_id, target in sorted(targets_to_check(ctx, scope, p.report_targets).items()):
        if metric_id not in ctx.catalogue:
            continue
        unit = ctx.catalogue[metric_id].unit
        recomputed = figure(ctx, metric_id, scope, "recomputed") if p.use != "claimed" else None
        claimed = figure(ctx, metric_id, scope, "claimed") if p.use != "recomputed" else None
        fig = recomputed or claimed
        if fig is None:
            continue
        low = target.min is not None and fig.value < target.min * (1 - p.rel_tol)
        high = target.max is not None and fig.value > target.max * (1 + p.rel_tol)
        if not (low or high):
            continue
        bound = f"at least {unit.format(target.min)}" if low else f"at most {unit.format(target.max)}"
        whose = "the contract target" if target.origin == "contract" else "the target the report itself prints"
        report = ""
        if claimed is not None and fig is not claimed:
            report = f"; the report claims {claimed.claim.raw_text if claimed.claim else claimed.value}"
        yield rule.finding(
            f"{metric_id} {fig.describe(unit.format)} misses {whose} of {bound}{report}.",
            severity=None if target.origin == "contract" else Severity.parse(p.report_target_severity),
            metric=metric_id,
            scope=scope,
            claimed=claimed.value if claimed is not None else None,
            recomputed=recomputed.value if recomputed is not None else None,
            evidence={
                "target": {
                    "min": target.min,
                    "max": target.max,
                    "origin": target.origin,
                    **({"printed": target.printed.to_dict()} if target.printed is not None else {}),
                },
                "figure": fig.to_dict(),
                "claimed": claimed.to_dict() if claimed is not None else None,
                "rel_tol": p.rel_tol,
            },
            sources=tuple(
                [
                    *([claimed.claim.source] if claimed is not None and claimed.claim is not None else []),
                    *([target.printed.source] if target.printed is not None else []),
                ]
            ),
        )
