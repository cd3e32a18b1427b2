"""Rule kind ``talk_exceeds_answer``: billed talk time longer than the answered interval.

What it checks:
    Calls with both ``answer_time`` and ``end_time`` whose ``talk_s`` exceeds
    ``end_time - answer_time`` by more than ``tolerance_s`` (a minute when the
    export prints times to the minute only). One finding with the
    count, the share of checkable calls, the seconds in excess and examples.

Why it matters:
    The network can only carry talk between answer and hang-up. Talk seconds
    beyond that interval were added after the fact; they inflate billed minutes
    and push calls over the effective threshold.

Parameters:
    tolerance_s: seconds of slack for clock rounding.
    min_calls: fewest offending calls that make a finding.

Example:
    37 of 5,243 answered calls (0.7 %) report more talk than answer-to-end
    allows, 1,204 s in excess; e.g. C00010042: talk 95 s, answered for 40 s.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.ingest.table import CallTable
from auditor.kinds._records import MinuteClock, RowCounts, add_by_key, examples_of, rounded, sources, tolerances


@dataclass(frozen=True, slots=True)
class Params:
    tolerance_s: float = field(default=1.0, metadata={"help": "seconds of slack for clock rounding"})
    min_calls: int = field(default=1, metadata={"help": "fewest offending calls that make a finding"})

    def __post_init__(self) -> None:
        if self.tolerance_s < 0 or self.min_calls < 1:
            raise ValueError("tolerance_s >= 0 and min_calls >= 1")


@dataclass(frozen=True)
class Excess:
    """Checkable calls, the clock's resolution, and the calls over each candidate tolerance."""

    checked: int
    clock: MinuteClock
    over: dict[float, RowCounts]

    def __add__(self, other: Excess) -> Excess:
        return Excess(self.checked + other.checked, self.clock + other.clock, add_by_key(self.over, other.over))


def summarise(rule: RuleSpec[Params], calls: CallTable, engagement: Engagement) -> Excess | None:
    """Calls whose talk exceeds answer-to-end, at the rule's tolerance and at a minute (None without both times)."""
    if not (calls.has("answer_time") and calls.has("end_time")):
        return None
    frame = calls.frame
    interval = (frame["end_time"] - frame["answer_time"]).dt.total_seconds()
    talk = frame["talk_s"]
    checkable = interval.notna() & talk.notna()
    excess = (talk - interval).where(checkable)
    clock = MinuteClock.of(frame["answer_time"].where(checkable), frame["end_time"].where(checkable))
    over = {}
    for tolerance in tolerances(rule.params.tolerance_s):
        bad = (excess > tolerance).fillna(False).astype(bool)
        shown = examples_of(calls, bad, {"talk_s": talk, "answered_s": interval.round(1)})
        over[tolerance] = RowCounts(int(bad.sum()), float(excess[bad].sum()), shown)
    return Excess(int(checkable.sum()), clock, over)


@register_kind("talk_exceeds_answer", params=Params, summarise=summarise)
def check(rule: RuleSpec[Params], ctx: AuditContext, summary: Excess) -> Iterator[Finding]:
    """Talk time longer than the interval from answer to hang-up."""
    resolution = summary.clock.resolution_s
    tolerance = max(rule.params.tolerance_s, resolution)
    found = summary.over[tolerance]
    count = found.count
    if count < rule.params.min_calls:
        return
    total = summary.checked
    yield rule.finding(
        f"{count} of {total} calls report more talk than answer-to-end allows ({count / total:.1%}), "
        f"{found.total:,.0f} s in excess",
        metric="talk_s",
        evidence={
            "count": count,
            "checked": total,
            "share": rounded(count / total),
            "excess_s": rounded(found.total, 1),
            "tolerance_s": tolerance,
            "clock_resolution_s": resolution,
            "examples": found.examples.to_list(),
        },
        sources=sources(ctx),
    )
