"""Rule kind ``chain_plausibility``: figures that cannot sit together in one operation (METRICS.md section 3).

What it checks:
    Each rule names two or more metrics with a bound each (``below`` or ``above``);
    a finding is raised for a scope when every metric is on the wrong side of its
    bound at once: a low valid-number rate next to a high conversion rate, a high
    complaint rate next to a high compliance rate, high intent next to very short
    effective talk, long talk next to a low effective-connect rate. Values are the
    report's figures where it prints them, else the figures recomputed from the
    records (``use`` chooses), for the engagement's period and every scope the
    report prints.

Why it matters:
    The calling funnel is a chain: a poor list drags connects and conversions down,
    complaints pull compliance down, real interest takes conversation time. Figures
    that break the chain are each possible but unlikely together; ask for the
    recordings and the records behind them.

Parameters:
    when: ``{metric: {below: x} | {above: y}}``, all must hold for a finding (ratios 0-1, seconds).
    use: ``claimed``, ``recomputed`` or ``either`` (claimed first).
    scenarios: scenarios the rule applies to (empty = all).
    explanation: the sentence that ends the finding's message.

Example:
    号码有效率 42 % with 转化率 12 %: valid-number rate below 50 % and conversion
    above 8 % at once, medium.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.kinds.figures import audit_scopes, figure
from auditor.metrics.catalogue import load_catalogue


@dataclass(frozen=True, slots=True)
class Params:
    when: dict[str, dict[str, float]] = field(metadata={"help": "{metric: {below: x} or {above: y}}; all must hold"})
    use: str = field(default="either", metadata={"help": "claimed, recomputed or either (claimed first)"})
    scenarios: tuple[str, ...] = field(default=(), metadata={"help": "scenarios the rule applies to (empty = all)"})
    explanation: str = field(default="", metadata={"help": "sentence ending the finding's message"})

    def __post_init__(self) -> None:
        catalogue = load_catalogue()
        if len(self.when) < 2:
            raise ValueError("when needs at least two metrics")
        for metric, bound in self.when.items():
            if metric not in catalogue:
                raise ValueError(f"unknown metric '{metric}'")
            if not bound or set(bound) - {"below", "above"}:
                raise ValueError(f"{metric}: give 'below' and/or 'above'")
        if self.use not in ("claimed", "recomputed", "either"):
            raise ValueError("use must be claimed, recomputed or either")


def _holds(value: float, bound: dict[str, float]) -> bool:
    return ("below" not in bound or value < bound["below"]) and ("above" not in bound or value > bound["above"])


def _bound_text(bound: dict[str, float], fmt: object) -> str:
    parts = []
    if "below" in bound:
        parts.append(f"below {fmt(bound['below'])}")  # type: ignore[operator]
    if "above" in bound:
        parts.append(f"above {fmt(bound['above'])}")  # type: ignore[operator]
    return " and ".join(parts)


@register_kind("chain_plausibility", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Two or more figures on the wrong side of their bounds at once."""
    p = rule.params
    if p.scenarios and ctx.engagement.scenario not in p.scenarios:
        return
    scopes = audit_scopes(ctx)
    for scope in scopes:
        # narrower scopes the report prints (a campaign, a day) are judged on its own figures only: recomputed
        # rates of small slices are too noisy to call implausible
        use = p.use if scope == scopes[0] else "claimed"
        if use == "claimed" and p.use == "recomputed":
            continue
        figures = {m: figure(ctx, m, scope, use) for m in p.when}
        if any(f is None for f in figures.values()):
            continue
        if not all(_holds(f.value, p.when[m]) for m, f in figures.items() if f is not None):
            continue
        parts = []
        for m, f in figures.items():
            assert f is not None
            unit = ctx.catalogue[m].unit
            parts.append(f"{m} {f.describe(unit.format)} is {_bound_text(p.when[m], unit.format)}")
        where = "" if scope.is_overall or scope == audit_scopes(ctx)[0] else f" for {scope.describe()}"
        first = next(iter(figures.values()))
        assert first is not None
        claims = [f.claim for f in figures.values() if f is not None and f.claim is not None]
        yield rule.finding(
            f"Implausible together{where}: " + "; ".join(parts) + "." + (f" {p.explanation}" if p.explanation else ""),
            metric=first.metric,
            scope=scope,
            claimed=first.value if first.origin == "claimed" else None,
            recomputed=first.value if first.origin == "recomputed" else None,
            evidence={"figures": [f.to_dict() for f in figures.values() if f is not None], "bounds": p.when, "use": p.use},
            sources=tuple(c.source for c in claims),
        )
