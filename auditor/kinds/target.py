"""Rule kind ``target``: a figure that misses the engagement's contract target.

What it checks:
    For every metric under ``targets:`` in the engagement file
    (``connect_rate: {min: 0.40}``, ``complaint_rate: {max: 0.01}``), the figure
    recomputed from the records under the contract's definition, for the
    engagement's period, must satisfy ``min <= value <= max``. Without records the
    report's figure is used (and the finding says so). When the report claims the
    target was met but the records miss it, the evidence shows both.

Why it matters:
    Contract targets are what the vendor is paid for and what service credits are
    computed from; a missed target is a contract matter, unlike a benchmark band.

Parameters:
    use: ``recomputed``, ``claimed`` or ``either`` (recomputed first).
    rel_tol: slack as a fraction of the target before a miss counts.

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
from auditor.findings import Finding
from auditor.kinds.figures import audit_scopes, figure


@dataclass(frozen=True, slots=True)
class Params:
    use: str = field(default="either", metadata={"help": "recomputed, claimed or either (recomputed first)"})
    rel_tol: float = field(default=0.0, metadata={"help": "slack as a fraction of the target"})

    def __post_init__(self) -> None:
        if self.use not in ("claimed", "recomputed", "either"):
            raise ValueError("use must be claimed, recomputed or either")
        if self.rel_tol < 0:
            raise ValueError("rel_tol must be >= 0")


@register_kind("target", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Figures that miss the engagement's contract targets."""
    p = rule.params
    scope = audit_scopes(ctx)[0]
    for metric_id, target in sorted(ctx.engagement.targets.items()):
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
        report = ""
        if claimed is not None and fig is not claimed:
            report = f"; the report claims {claimed.claim.raw_text if claimed.claim else claimed.value}"
        yield rule.finding(
            f"{metric_id} {fig.describe(unit.format)} misses the contract target of {bound}{report}.",
            metric=metric_id, scope=scope,
            claimed=claimed.value if claimed is not None else None, recomputed=recomputed.value if recomputed is not None else None,
            evidence={"target": {"min": target.min, "max": target.max}, "figure": fig.to_dict(),
                      "claimed": claimed.to_dict() if claimed is not None else None, "rel_tol": p.rel_tol},
            sources=(claimed.claim.source,) if claimed is not None and claimed.claim is not None else (),
        )
