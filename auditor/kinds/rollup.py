"""Rule kind ``rollup``: a total that is not the sum of its rows (per campaign, agent or period).

What it checks:
    For every count or sum the report prints for a scope (the total) and also for
    narrower scopes inside it (per campaign, per agent, per day or month), the rows
    must add up to the total:

    * rows summing to more than the total are always a contradiction;
    * rows summing to less are one when the rows look complete: campaign/agent rows
      printed on the same sheet or page as the total (a table with its total row),
      or period rows covering every day of the total's period. A table may still
      leave rows out (top campaigns only), so this gets ``severity_when_short``.

    With ``rates``, a rate printed for the total must lie between the smallest and
    largest rate of complete rows (a pooled rate is a weighted mean of the rows').
    All comparisons use the printed-precision intervals, widened by ``rel_tol``.

Why it matters:
    Totals that differ from their rows mean a figure was changed after the table was
    built, or rows were left out; per-campaign figures that do not roll up to the
    headline cannot both be true.

Parameters:
    metrics: metrics to roll up (empty = every additive count and sum of the catalogue).
    rel_tol: extra slack as a fraction of the total.
    rates: also check that the total's rates lie within its rows' range.
    severity_when_short: severity when complete-looking rows sum to less than the total.

Example:
    外呼总量 10,000 overall; per campaign 4,000 + 3,500 + 3,000 = 10,500 in the same
    table: the rows exceed the total by 500, high.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, Severity
from auditor.kinds.figures import Interval, additive_metrics, claim_interval, claim_ref, describe, first_claims, report_claims
from auditor.reports.model import ClaimedFigure
from auditor.scope import Scope, period_bounds
from auditor.units import Unit


@dataclass(frozen=True, slots=True)
class Params:
    metrics: tuple[str, ...] = field(default=(), metadata={"help": "metrics to roll up (empty = every additive count and sum)"})
    rel_tol: float = field(default=0.0, metadata={"help": "extra slack as a fraction of the total"})
    rates: bool = field(default=True, metadata={"help": "also check the total's rates lie within its rows' range"})
    severity_when_short: str = field(
        default="medium", metadata={"help": "severity when complete-looking rows sum to less than the total"}
    )

    def __post_init__(self) -> None:
        if self.rel_tol < 0:
            raise ValueError("rel_tol must be >= 0")
        Severity.parse(self.severity_when_short)


def _days(period: str | None) -> tuple[date, date] | None:
    return None if period is None else period_bounds(period)


def children_of(parent: Scope, scopes: list[Scope]) -> dict[str, list[Scope]]:
    """Scopes one step narrower than ``parent`` along one dimension, by dimension; period rows of one granularity."""
    out: dict[str, list[Scope]] = {}
    for dim in ("campaign", "agent_id"):
        if getattr(parent, dim) is None:
            kids = [
                s
                for s in scopes
                if getattr(s, dim) is not None
                and all(getattr(s, d) == getattr(parent, d) for d in ("campaign", "agent_id", "period") if d != dim)
            ]
            if kids:
                out[dim] = kids
    bounds = _days(parent.period)
    by_grain: dict[str, list[Scope]] = {}
    for s in scopes:
        if s == parent or s.campaign != parent.campaign or s.agent_id != parent.agent_id or s.period is None:
            continue
        kb = _days(s.period)
        if (
            kb is None
            or (bounds is not None and not (bounds[0] <= kb[0] and kb[1] <= bounds[1]))
            or (bounds is not None and kb == bounds)
        ):
            continue
        grain = "day" if kb[0] == kb[1] else ("month" if len(s.period) == 7 else "range")
        by_grain.setdefault(grain, []).append(s)
    for grain, kids in by_grain.items():
        if grain != "range" and _disjoint(kids):
            out[f"period_{grain}"] = kids
    return out


def _disjoint(scopes: list[Scope]) -> bool:
    spans = sorted(b for s in scopes if (b := _days(s.period)) is not None)
    return all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))


def _covers(parent: Scope, kids: list[Scope]) -> bool:
    bounds = _days(parent.period)
    if bounds is None:
        return False
    days = sum(((b[1] - b[0]).days + 1) for s in kids if (b := _days(s.period)) is not None)
    return days == (bounds[1] - bounds[0]).days + 1


def _same_place(a: ClaimedFigure, b: ClaimedFigure) -> bool:
    return (a.source.file, a.source.sheet, a.source.page) == (b.source.file, b.source.sheet, b.source.page)


@register_kind("rollup", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Totals that are not the sum of their rows."""
    p = rule.params
    for report in report_claims(ctx):
        figures = first_claims(report)
        scopes = list(figures)
        additive = set(p.metrics or additive_metrics(ctx.catalogue))
        for parent in scopes:
            for dim, kids in children_of(parent, scopes).items():
                for metric, total in figures[parent].items():
                    rows = [figures[k][metric] for k in kids if metric in figures[k]]
                    if not rows:
                        continue
                    complete = len(rows) == len(kids) and (
                        _covers(parent, kids) if dim.startswith("period") else all(_same_place(total, r) for r in rows)
                    )
                    if metric in additive:
                        yield from _sum_check(rule, metric, parent, dim, total, rows, complete)
                    elif p.rates and complete and total.unit is Unit.RATIO and len(rows) >= 2:
                        yield from _range_check(rule, metric, parent, dim, total, rows)


def _dimension(dim: str) -> str:
    return {"campaign": "campaign", "agent_id": "agent", "period_day": "day", "period_month": "month"}[dim]


def _sum_check(
    rule: RuleSpec[Params], metric: str, parent: Scope, dim: str, total: ClaimedFigure, rows: list[ClaimedFigure], complete: bool
) -> Iterator[Finding]:
    summed = sum((claim_interval(r) for r in rows), Interval.of(0))
    printed = claim_interval(total).widen(rel=rule.params.rel_tol)
    over = summed.lo > printed.hi
    under = complete and summed.hi < printed.lo
    if not (over or under):
        return
    row_sum = sum(Fraction(r.value) for r in rows)
    where = "overall" if parent.is_overall else parent.describe()
    direction = "more" if over else "less"
    yield rule.finding(
        severity=None if over else Severity.parse(rule.params.severity_when_short),
        message=f"The per-{_dimension(dim)} rows of {total.label or metric} add up to {float(row_sum):,.6g}, "
        f"{direction} than the total {describe(total)} ({where}; {len(rows)} rows).",
        metric=metric,
        scope=parent,
        claimed=float(total.value),
        recomputed=float(row_sum),
        evidence={
            "total": claim_ref(total),
            "rows": [claim_ref(r) for r in rows[:50]],
            "rows_count": len(rows),
            "row_sum": float(row_sum),
            "row_sum_interval": summed.to_list(),
            "difference": float(row_sum - Fraction(total.value)),
            "rows_complete": complete,
            "by": _dimension(dim),
        },
        sources=(total.source, *[r.source for r in rows[:9]]),
    )


def _range_check(
    rule: RuleSpec[Params], metric: str, parent: Scope, dim: str, total: ClaimedFigure, rows: list[ClaimedFigure]
) -> Iterator[Finding]:
    lo = min(claim_interval(r).lo for r in rows)
    hi = max(claim_interval(r).hi for r in rows)
    printed = claim_interval(total).widen(rel=rule.params.rel_tol)
    if printed.hi >= lo and printed.lo <= hi:
        return
    where = "overall" if parent.is_overall else parent.describe()
    yield rule.finding(
        f"{describe(total)} ({where}) lies outside the range of its per-{_dimension(dim)} rows "
        f"({float(lo):.4g}-{float(hi):.4g}); a pooled rate is a weighted mean of its rows and must lie between them.",
        metric=metric,
        scope=parent,
        claimed=float(total.value),
        evidence={
            "total": claim_ref(total),
            "rows": [claim_ref(r) for r in rows[:50]],
            "rows_range": [float(lo), float(hi)],
            "by": _dimension(dim),
        },
        sources=(total.source, *[r.source for r in rows[:9]]),
    )
