"""Whether the call records hold any call for a figure's scope, and when they hold none, why.

A claim whose scope has no call in the records is not checked against zero: it is
unverifiable, and the reason names what is missing -- the records carry no campaign
(or agent) column, the report names a campaign, agent or period the records lack,
or the records hold no call at all. :func:`scope_gap` finds it from the recomputed
dial counts of the scope and of its single-dimension parts (``with_parts``).
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.engine.context import AuditContext
from auditor.scope import Scope, period_bounds

#: Canonical column and words of each scope dimension.
DIMENSIONS = (("campaign", "campaign", "campaign"), ("agent_id", "agent_id", "agent"))


@dataclass(frozen=True, slots=True)
class ScopeGap:
    """Why the records hold no call for ``scope``.

    ``missing`` is the part the records lack (``Scope(campaign="X")``, a period, the whole
    scope, or ``Scope()`` when they hold no call at all); ``column`` the canonical column
    the records do not carry, when that is the reason.
    """

    scope: Scope
    missing: Scope
    reason: str
    column: str | None = None

    @property
    def not_recorded(self) -> bool:
        """True when the records cannot say (no such column, no call at all) rather than lack a named scope."""
        return self.column is not None or self.missing.is_overall

    @property
    def named(self) -> bool:
        """True for a campaign or agent the records could hold and do not: a figure of 0 for it agrees with them."""
        return not self.not_recorded and self.missing.period is None


def dials(ctx: AuditContext, scope: Scope) -> float | None:
    """Recomputed dials of ``scope`` (None when that scope was not recomputed)."""
    value = ctx.metrics.get("total_dials", scope)
    return None if value is None else value.value


def record_days(ctx: AuditContext) -> tuple[str, str] | None:
    """First and last local day with a call, from the per-day figures or the call table."""
    days = ctx.metrics.day_span()
    if days is not None:
        return days
    if ctx.calls is not None and len(ctx.calls):
        local = ctx.calls.frame["start_time"].dropna().dt.tz_convert(ctx.calls.timezone)
        if len(local):
            return local.min().strftime("%Y-%m-%d"), local.max().strftime("%Y-%m-%d")
    return None


def scope_gap(scope: Scope, ctx: AuditContext) -> ScopeGap | None:
    """Why the records hold no call for ``scope``; None when they hold some, or may truly hold none.

    A gap is: no call at all, no campaign (agent) column, a campaign (agent) the records
    do not name, or a period wholly outside the days the records cover. A day inside
    that span with no call, or a campaign and agent that both occur but never together,
    is a true zero and is compared as such. None also when no records were supplied or
    the scope was not recomputed.
    """
    if ctx.records is None:
        return None
    count = dials(ctx, scope)
    if count is None or count > 0:
        return None
    if ctx.records.rows == 0 or dials(ctx, Scope()) == 0:
        return ScopeGap(scope, Scope(), f"the call records hold no calls{_left_out(ctx)}")
    for field, column, word in DIMENSIONS:
        name = getattr(scope, field)
        if name is not None and not ctx.records.has(column):
            return ScopeGap(
                scope,
                Scope(**{field: name}),
                f"the call records carry no {word} column, so figures for {word} {name} cannot be checked",
                column=column,
            )
    if scope.period is not None and not ctx.records.has("start_time"):  # aggregated counts: no call has a day
        return ScopeGap(
            scope,
            Scope(period=scope.period),
            f"the call records carry no call times (counts), so figures for period {scope.period} cannot be checked",
            column="start_time",
        )
    days = record_days(ctx)
    for part in scope.parts() or (scope,):
        if dials(ctx, part) != 0:
            continue
        if part.period is not None and days is not None and _overlaps(part.period, days):
            continue  # a day inside the records' span with no call: a true zero
        return ScopeGap(scope, part, _absent(part, days, ctx))
    return None


def _overlaps(period: str, days: tuple[str, str]) -> bool:
    bounds = period_bounds(period)
    return bounds is not None and bounds[0].isoformat() <= days[1] and bounds[1].isoformat() >= days[0]


def _absent(part: Scope, days: tuple[str, str] | None, ctx: AuditContext) -> str:
    if part.campaign is not None:
        return f"the report names campaign {part.campaign}; the records hold no call for it"
    if part.agent_id is not None:
        agents = ctx.records.agents if ctx.records is not None else None
        match = agents.resolve(part.agent_id) if agents is not None else None
        if match is not None and match.ambiguous:  # auditor.agents: never merged
            fits = ", ".join(match.ids)
            return f"the report's agent {part.agent_id} fits {len(match.ids)} agents of the records ({fits}); none is used"
        return f"the report names agent {part.agent_id}; the records hold no call by that agent"
    span = f" (they run from {days[0]} to {days[1]})" if days else ""
    return f"the report's period {part.period} lies outside the records: they hold no call in it{span}"


def _left_out(ctx: AuditContext) -> str:
    """``(7,392 rows left out: ...)`` when the reader left rows out of the table."""
    assert ctx.records is not None
    left = [i for i in ctx.records.issues if i.effect.startswith("left out")]
    if not left:
        return ""
    return " (" + "; ".join(i.message for i in left) + ")"


__all__ = ["ScopeGap", "dials", "record_days", "scope_gap"]
