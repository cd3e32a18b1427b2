"""Rule kind ``agent_overlap``: one agent on two calls at once.

What it checks:
    Each agent's answered calls sorted by answer time; a conversation overlaps
    when it starts more than ``tolerance_s`` before the latest end of that agent's
    earlier conversations. A conversation runs from ``answer_time`` (else start +
    ring) to ``end_time`` (else answer + talk); unanswered dials never hold an
    agent, so predictive diallers ringing several numbers at once are fine.
    One finding with the overlapping calls, agents involved, overlapped seconds
    and examples (sort + running maximum: no per-row loop). ``checked`` counts the
    answered calls with an agent and an answer time. A call id repeated for the same
    agent counts once; a big file is read an agent at a time.

Why it matters:
    An agent holds one call at a time. Overlaps mean calls were fabricated,
    duplicated under another id, or credited to the wrong agent, inflating
    per-agent productivity and talk minutes.

Parameters:
    tolerance_s: seconds of overlap ignored (clock skew between systems); a minute when the
        export prints times to the minute only. Repeated call ids are left to data quality.
    min_calls: fewest overlapping calls that make a finding.

Example:
    64 calls of 5 agents overlap an earlier call of the same agent, 3,120 s in
    all; e.g. A007 C00004512 starts 14:03:10 while C00004498 runs to 14:05:02.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.registry import BY_AGENT, register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.ingest.schema import Disposition
from auditor.ingest.table import CallTable
from auditor.kinds._records import MinuteClock, RowCounts, add_by_key, examples_of, rounded, sources, tolerances


@dataclass(frozen=True, slots=True)
class Params:
    tolerance_s: float = field(default=1.0, metadata={"help": "seconds of overlap ignored (clock skew)"})
    min_calls: int = field(default=1, metadata={"help": "fewest overlapping calls that make a finding"})

    def __post_init__(self) -> None:
        if self.tolerance_s < 0 or self.min_calls < 1:
            raise ValueError("tolerance_s >= 0 and min_calls >= 1")


def overlap_seconds(calls: pd.DataFrame) -> pd.Series:
    """Seconds of each answered call spent while the agent was still on an earlier conversation.

    A conversation runs from ``answer_time`` (else start + ring) to ``end_time``
    (else answer + talk); dials that were not answered never hold an agent, so a
    predictive dialler ringing several numbers at once is not an overlap.
    0 = no overlap; NaN = not an answered call with an agent.
    """
    start = calls["answer_time"].fillna(calls["start_time"] + pd.to_timedelta(calls["ring_s"].fillna(0), unit="s"))
    end = calls["end_time"].fillna(start + pd.to_timedelta(calls["talk_s"].fillna(0), unit="s"))
    keep = calls["agent_id"].notna() & start.notna() & (calls["disposition"] == Disposition.ANSWERED.value)
    # a call id repeated for the agent is a data-quality issue, not a second call
    keep &= ~(calls[["agent_id", "call_id"]].duplicated() & calls["call_id"].notna())
    order = pd.DataFrame(
        {"agent": calls.loc[keep, "agent_id"], "start": _nanoseconds(start[keep]), "end": _nanoseconds(end[keep])}
    ).sort_values(["agent", "start", "end"], kind="stable")
    agent = order["agent"].to_numpy()
    new_agent = np.r_[True, agent[1:] != agent[:-1]] if len(agent) else np.array([], dtype=bool)
    # running max of earlier ends within the agent (integer nanoseconds: exact whatever part the agent is read in)
    latest = order["end"].groupby(agent, sort=False).cummax().to_numpy(dtype="int64")
    previous = np.r_[np.int64(0), latest[:-1]] if len(latest) else latest
    ends, starts = order["end"].to_numpy(dtype="int64"), order["start"].to_numpy(dtype="int64")
    seconds = np.clip(np.minimum(previous, ends) - starts, 0, None) / 1e9
    seconds[new_agent] = 0.0  # an agent's first conversation overlaps nothing
    return pd.Series(seconds, index=order.index, dtype="float64").reindex(calls.index)


def _nanoseconds(stamps: pd.Series) -> np.ndarray:
    """Time-zone-aware timestamps (no NaT) as integer nanoseconds since the epoch."""
    utc = stamps.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[ns]")
    return np.asarray(utc.to_numpy(dtype="datetime64[ns]").view("int64"))


@dataclass(frozen=True)
class Overlaps:
    """Answered calls with an agent, the clock's resolution, and per candidate tolerance the overlapping calls."""

    checked: int
    clock: MinuteClock
    over: dict[float, RowCounts]
    by_agent: dict[float, dict[str, int]]

    def __add__(self, other: Overlaps) -> Overlaps:
        by_agent = {t: add_by_key(self.by_agent.get(t, {}), other.by_agent.get(t, {})) for t in {*self.by_agent, *other.by_agent}}
        return Overlaps(self.checked + other.checked, self.clock + other.clock, add_by_key(self.over, other.over), by_agent)


def summarise(rule: RuleSpec[Params], calls: CallTable, engagement: Engagement) -> Overlaps | None:
    """Overlapping conversations of the agents in ``calls`` (every answered call of an agent must be in the part)."""
    if not calls.has("agent_id"):
        return None
    frame = calls.frame
    seconds = overlap_seconds(frame)
    clock = MinuteClock.of(frame["answer_time"], frame["end_time"]) if calls.has("end_time") else MinuteClock()
    over, by_agent = {}, {}
    for tolerance in tolerances(rule.params.tolerance_s):
        bad = (seconds > tolerance).fillna(False).astype(bool)
        agents = frame.loc[bad, "agent_id"].astype("string").value_counts()
        by_agent[tolerance] = {str(k): int(v) for k, v in agents.items()}
        shown = examples_of(calls, bad, {"agent_id": frame["agent_id"], "overlap_s": seconds.round(1)})
        over[tolerance] = RowCounts(int(bad.sum()), float(seconds[bad].sum()), shown)
    return Overlaps(int(seconds.notna().sum()), clock, over, by_agent)


@register_kind("agent_overlap", params=Params, summarise=summarise, split=BY_AGENT)
def check(rule: RuleSpec[Params], ctx: AuditContext, summary: Overlaps) -> Iterator[Finding]:
    """Calls of one agent that overlap in time."""
    resolution = summary.clock.resolution_s
    tolerance = max(rule.params.tolerance_s, resolution)
    found = summary.over[tolerance]
    count = found.count
    if count < rule.params.min_calls:
        return
    agents = sorted(summary.by_agent[tolerance].items(), key=lambda kv: (-kv[1], kv[0]))
    yield rule.finding(
        f"{count} calls of {len(agents)} agents start while the same agent is still on an earlier call "
        f"({found.total:,.0f} s overlapped)",
        metric="talk_s",
        evidence={
            "count": count,
            "agents": len(agents),
            "overlap_s": rounded(found.total, 1),
            "checked": summary.checked,
            "tolerance_s": tolerance,
            "clock_resolution_s": resolution,
            "by_agent": dict(agents[:10]),
            "examples": found.examples.to_list(),
        },
        sources=sources(ctx),
    )
