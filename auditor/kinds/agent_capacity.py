"""Rule kind ``agent_capacity``: more talk in an agent's day than a shift can hold.

What it checks:
    Talk seconds per agent per local day (the records' zone: docs/engagement.md) against a shift of
    ``shift_hours`` (default: the engagement's ``shift_hours``, 8 h). Optionally,
    dials per agent-day against ``max_dials_per_day``. One finding listing the
    agent-days over capacity.

Why it matters:
    A person cannot talk for longer than they work. Agent-days beyond a shift
    point to calls fabricated or merged from several agents under one id, which
    inflates per-agent figures and billed minutes.

Parameters:
    shift_hours: hours one agent can work in a day (default the engagement's shift_hours).
    max_dials_per_day: cap on dials per agent-day (null = not checked).
    min_agent_days: fewest agent-days over capacity that make a finding.

Example:
    3 agent-days exceed the 8 h shift; A012 on 2026-10-14 talked 9.6 h.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd

from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.ingest.table import CallTable
from auditor.kinds._records import MAX_EXAMPLES, local_time, rounded, sources


@dataclass(frozen=True, slots=True)
class Params:
    shift_hours: float | None = field(default=None, metadata={"help": "hours an agent works a day; default: shift_hours"})
    max_dials_per_day: int | None = field(default=None, metadata={"help": "cap on dials per agent-day; null = not checked"})
    min_agent_days: int = field(default=1, metadata={"help": "fewest agent-days over capacity that make a finding"})

    def __post_init__(self) -> None:
        bad_shift = self.shift_hours is not None and not 0 < self.shift_hours <= 24
        if bad_shift or (self.max_dials_per_day is not None and self.max_dials_per_day < 1):
            raise ValueError("0 < shift_hours <= 24 and max_dials_per_day >= 1")


@dataclass(frozen=True)
class AgentDays:
    """Talk seconds (``sum``) and dials (``size``) per agent and local day, sorted by agent and day."""

    table: pd.DataFrame

    def __add__(self, other: AgentDays) -> AgentDays:
        both = pd.concat([self.table, other.table])
        return AgentDays(both.groupby(level=["agent", "day"], sort=True).sum())


def summarise(rule: RuleSpec[Params], calls: CallTable, engagement: Engagement) -> AgentDays | None:
    """Talk and dials per agent-day of ``calls`` (None without agents)."""
    if not calls.has("agent_id"):
        return None
    frame = calls.frame
    day = local_time(calls).dt.tz_localize(None).dt.floor("D")  # local midnight; formatted only for the examples
    per_day = (
        pd.DataFrame({"agent": frame["agent_id"].astype("string"), "day": day, "talk": frame["talk_s"].fillna(0)})
        .dropna(subset=["agent", "day"])
        .groupby(["agent", "day"], sort=True)["talk"]
        .agg(["sum", "size"])
    )
    return AgentDays(per_day)


@register_kind("agent_capacity", params=Params, summarise=summarise)
def check(rule: RuleSpec[Params], ctx: AuditContext, summary: AgentDays) -> Iterator[Finding]:
    """Agent-days with more talk (or dials) than one shift holds."""
    p = rule.params
    shift_s = 3600.0 * (ctx.engagement.shift_hours if p.shift_hours is None else p.shift_hours)
    per_day = summary.table
    over = per_day["sum"] > shift_s
    if p.max_dials_per_day is not None:
        over |= per_day["size"] > p.max_dials_per_day
    worst = per_day[over].sort_values("sum", ascending=False, kind="stable")
    if len(worst) < p.min_agent_days:
        return
    top = worst.iloc[0]
    zone = ctx.zone  # an agent's day is a local day
    yield rule.finding(
        f"{len(worst)} of {len(per_day)} agent-days exceed one shift ({shift_s / 3600:g} h); "
        f"{worst.index[0][0]} on {worst.index[0][1]:%Y-%m-%d} talked {top['sum'] / 3600:.1f} h in {int(top['size'])} calls "
        f"(local days: {zone.describe()})",
        metric="talk_s",
        evidence={
            "agent_days_over": int(len(worst)),
            "agent_days": int(len(per_day)),
            "shift_s": shift_s,
            "max_dials_per_day": p.max_dials_per_day,
            "max_talk_s": rounded(per_day["sum"].max(), 1),
            **zone.evidence(),
            "examples": [
                {"agent_id": str(agent), "day": f"{day:%Y-%m-%d}", "talk_s": rounded(total, 1), "dials": int(dials)}
                for (agent, day), total, dials in zip(worst.index[:MAX_EXAMPLES], worst["sum"], worst["size"], strict=False)
            ],
        },
        sources=sources(ctx),
    )
