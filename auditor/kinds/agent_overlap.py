"""Rule kind ``agent_overlap``: one agent on two calls at once.

What it checks:
    Each agent's answered calls sorted by answer time; a conversation overlaps
    when it starts more than ``tolerance_s`` before the latest end of that agent's
    earlier conversations. A conversation runs from ``answer_time`` (else start +
    ring) to ``end_time`` (else answer + talk); unanswered dials never hold an
    agent, so predictive diallers ringing several numbers at once are fine.
    One finding with the overlapping calls, agents involved, overlapped seconds
    and examples (sort + running maximum: no per-row loop).

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

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.ingest.schema import Disposition
from auditor.kinds._records import clock_resolution_s, examples, rounded, sources


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
    keep &= ~calls["call_id"].duplicated()  # a repeated row is a data-quality issue, not a second call
    ref = start[keep].min()
    order = pd.DataFrame(
        {
            "agent": calls.loc[keep, "agent_id"],
            "start": (start[keep] - ref).dt.total_seconds(),
            "end": (end[keep] - ref).dt.total_seconds(),
        }
    ).sort_values(["agent", "start", "end"], kind="stable")
    agent = order["agent"].to_numpy()
    new_agent = np.r_[True, agent[1:] != agent[:-1]] if len(agent) else np.array([], dtype=bool)
    # running max of earlier ends within the agent: shift by one, blank at each agent's first call
    previous = order["end"].groupby(agent, sort=False).cummax().shift(1).to_numpy(dtype="float64", copy=True)
    previous[new_agent] = np.nan
    seconds = np.clip(np.minimum(previous, order["end"].to_numpy()) - order["start"].to_numpy(), 0, None)
    seconds[np.isnan(previous)] = 0.0  # an agent's first conversation overlaps nothing
    return pd.Series(seconds, index=order.index).reindex(calls.index)


@register_kind("agent_overlap", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Calls of one agent that overlap in time."""
    if ctx.calls is None or not ctx.calls.has("agent_id"):
        return
    frame = ctx.calls.frame
    seconds = overlap_seconds(frame)
    resolution = clock_resolution_s(frame["answer_time"], frame["end_time"]) if ctx.calls.has("end_time") else 0.0
    tolerance = max(rule.params.tolerance_s, resolution)
    bad = (seconds > tolerance).fillna(False).astype(bool)
    count = int(bad.sum())
    if count < rule.params.min_calls:
        return
    agents = frame.loc[bad, "agent_id"].value_counts()
    agents = agents[agents > 0]  # agent_id is categorical: value_counts lists every agent, with zeros
    yield rule.finding(
        f"{count} calls of {len(agents)} agents start while the same agent is still on an earlier call "
        f"({seconds[bad].sum():,.0f} s overlapped)",
        metric="talk_s",
        evidence={
            "count": count,
            "agents": int(len(agents)),
            "overlap_s": rounded(seconds[bad].sum(), 1),
            "checked": int(frame["agent_id"].notna().sum()),
            "tolerance_s": tolerance,
            "clock_resolution_s": resolution,
            "by_agent": {str(k): int(v) for k, v in agents.head(10).items()},
            "examples": examples(ctx, bad, {"agent_id": frame["agent_id"], "overlap_s": seconds.round(1)}),
        },
        sources=sources(ctx),
    )
