"""Rule kind ``duration_heaping``: talk times heaped on round values (whole minutes).

What it checks:
    Answered talk times of at least ``min_s`` seconds, rounded to whole seconds.
    Around each multiple of ``base_s`` the seconds ``m-k .. m+k`` (k =
    ``neighbourhood_s``) are compared: with a smooth density each of the 2k+1
    seconds holds about 1/(2k+1) of those calls, so a one-sided exact binomial
    test asks whether the round values hold more. A finding needs p < ``alpha``
    and an excess (observed / expected share) of at least ``min_excess``.

Why it matters:
    Durations typed in or rewritten by hand cluster on 60, 120, 180 s; machine-
    logged talk times do not. Heaping shows records were edited, usually to bill
    whole minutes or reach a talk-time target.

Parameters:
    base_s: the round unit in seconds (60 = whole minutes).
    neighbourhood_s: seconds either side of each round value used as comparison.
    min_s: shortest talk time considered.
    alpha: significance level of the binomial test.
    min_excess: smallest observed/expected ratio worth reporting.
    min_calls: fewest calls in the neighbourhoods for the test to run.

Example:
    412 calls last exactly a whole number of minutes against 1/11 of 1,020
    expected (3.4x, binomial p = 1e-140).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from auditor import stats
from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.ingest.table import CallTable
from auditor.kinds._records import add_by_key, answered_talk, p_value, rounded, sources


@dataclass(frozen=True, slots=True)
class Params:
    base_s: int = field(default=60, metadata={"help": "round unit in seconds (60 = whole minutes)"})
    neighbourhood_s: int = field(default=5, metadata={"help": "seconds either side of each round value"})
    min_s: float = field(default=60.0, metadata={"help": "shortest talk time considered"})
    alpha: float = field(default=0.001, metadata={"help": "significance level"})
    min_excess: float = field(default=1.5, metadata={"help": "smallest observed/expected ratio"})
    min_calls: int = field(default=100, metadata={"help": "fewest calls in the neighbourhoods"})

    def __post_init__(self) -> None:
        if self.base_s < 2 or not 1 <= self.neighbourhood_s < self.base_s / 2 or not 0 < self.alpha < 1 or self.min_excess < 1:
            raise ValueError("base_s >= 2, 1 <= neighbourhood_s < base_s/2, 0 < alpha < 1, min_excess >= 1")


@dataclass(frozen=True)
class Heaps:
    """Calls near a round value (``near``), on one (``on_heap``), and the calls per round value."""

    near: int = 0
    on_heap: int = 0
    by_value: dict[int, int] = field(default_factory=dict)

    def __add__(self, other: Heaps) -> Heaps:
        return Heaps(self.near + other.near, self.on_heap + other.on_heap, add_by_key(self.by_value, other.by_value))


def summarise(rule: RuleSpec[Params], calls: CallTable, engagement: Engagement) -> Heaps:
    """Answered talk times rounded to whole seconds, counted near and on the multiples of ``base_s``."""
    p = rule.params
    talk = np.round(answered_talk(calls))
    talk = talk[talk >= p.min_s - p.neighbourhood_s]
    offset = np.mod(talk, p.base_s)
    distance = np.minimum(offset, p.base_s - offset)
    near = distance <= p.neighbourhood_s
    on_heap = near & (distance == 0) & (talk >= p.min_s)
    values, counts = np.unique(talk[on_heap], return_counts=True)
    by_value = {int(v): int(c) for v, c in zip(values.tolist(), counts.tolist(), strict=True)}
    return Heaps(int(near.sum()), int(on_heap.sum()), by_value)


@register_kind("duration_heaping", params=Params, summarise=summarise)
def check(rule: RuleSpec[Params], ctx: AuditContext, heaps: Heaps) -> Iterator[Finding]:
    """Talk times heaped on whole multiples of a round unit (binomial test against the neighbouring seconds)."""
    p = rule.params
    n, k = heaps.near, heaps.on_heap
    if n < p.min_calls:
        return
    expected = 1 / (2 * p.neighbourhood_s + 1)
    excess = k / (expected * n)
    p_val = stats.binomial_excess_p(k, n, expected)
    if p_val >= p.alpha or excess < p.min_excess:
        return
    top = sorted(((c, v) for v, c in heaps.by_value.items()), reverse=True)[:5]
    yield rule.finding(
        f"{k} of {n} answered calls near a multiple of {p.base_s} s last exactly one "
        f"({excess:.1f}x the {expected:.1%} a smooth distribution gives, binomial p = {p_val:.2g})",
        metric="talk_s",
        evidence={
            "test": "one-sided exact binomial, round values vs their neighbouring seconds",
            "base_s": p.base_s,
            "neighbourhood_s": p.neighbourhood_s,
            "min_s": p.min_s,
            "statistic": k,
            "n": n,
            "expected_share": rounded(expected),
            "observed_share": rounded(k / n),
            "excess_ratio": rounded(excess, 3),
            "p_value": p_value(p_val),
            "alpha": p.alpha,
            "top_heaps": [{"talk_s": int(v), "calls": int(c)} for c, v in top],
        },
        sources=sources(ctx),
    )
