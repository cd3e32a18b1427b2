"""Rule kind ``threshold_bunching``: talk times piled up just above the effective threshold.

What it checks:
    Among answered calls, the count in the window ``[T, T+w)`` just above the
    effective threshold T against the window ``[T-w, T)`` just below. A straight
    line through the two outer flanks ``[T-2w, T-w)`` and ``[T+w, T+2w)`` gives the
    share expected above when the density is merely sloping; a one-sided exact
    binomial test gives the p-value. A finding needs p < ``alpha`` and an excess
    (observed / expected above) of at least ``min_excess``.

Why it matters:
    A call counts as an effective contact once it lasts T seconds. Agents or
    diallers that keep short calls alive until T inflate the effective-contact
    count, the talk minutes billed and every rate built on them.

Parameters:
    threshold_s: the cut in seconds (default: the engagement's effective_threshold_s).
    window_s: width w of each window in seconds.
    alpha: significance level of the binomial test.
    min_excess: smallest observed/expected ratio above the cut worth reporting.
    min_calls: fewest calls in the two inner windows for the test to run.

Example:
    480 calls in [30, 35) s against 95 in [25, 30) s where the flanks predict a 52 %
    share above: binomial p = 1e-60, excess 1.6x.
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
from auditor.kinds._records import p_value, rounded, sources, talk_counts, threshold_of


@dataclass(frozen=True, slots=True)
class Params:
    threshold_s: float | None = field(default=None, metadata={"help": "cut in seconds; default: effective_threshold_s"})
    window_s: float = field(default=5.0, metadata={"help": "width of each window in seconds"})
    alpha: float = field(default=0.001, metadata={"help": "significance level"})
    min_excess: float = field(default=1.2, metadata={"help": "smallest observed/expected ratio above the cut"})
    min_calls: int = field(default=50, metadata={"help": "fewest calls in the two inner windows"})

    def __post_init__(self) -> None:
        if self.window_s <= 0 or not 0 < self.alpha < 1 or self.min_excess < 1 or self.min_calls < 1:
            raise ValueError("window_s > 0, 0 < alpha < 1, min_excess >= 1 and min_calls >= 1")


def _edges(p: Params, engagement: Engagement) -> np.ndarray:
    cut, w = threshold_of(p.threshold_s, engagement), p.window_s
    return np.array([cut - 2 * w, cut - w, cut, cut + w, cut + 2 * w])


def summarise(rule: RuleSpec[Params], calls: CallTable, engagement: Engagement) -> np.ndarray:
    """Answered calls in the four windows around the threshold (counts add up across parts)."""
    return talk_counts(calls, _edges(rule.params, engagement))


@register_kind("threshold_bunching", params=Params, summarise=summarise)
def check(rule: RuleSpec[Params], ctx: AuditContext, windows: np.ndarray) -> Iterator[Finding]:
    """Talk times bunched just above the effective threshold (flank-adjusted binomial window test)."""
    p = rule.params
    cut = threshold_of(p.threshold_s, ctx.engagement)
    w = p.window_s
    far_below, below, above, far_above = (int(c) for c in windows)
    n = below + above
    if n < p.min_calls:
        return
    expected_share = stats.flank_adjusted_share(far_below, far_above)
    excess = above / (expected_share * n)
    p_val = stats.binomial_excess_p(above, n, expected_share)
    if p_val >= p.alpha or excess < p.min_excess:
        return
    yield rule.finding(
        f"{above} answered calls last {cut:g}-{cut + w:g} s against {below} at {cut - w:g}-{cut:g} s: "
        f"{excess:.2f}x the share expected above the {cut:g} s threshold (binomial p = {p_val:.2g})",
        metric="effective_contacts",
        evidence={
            "test": "one-sided exact binomial, flank-adjusted expected share",
            "threshold_s": cut,
            "window_s": w,
            "counts": {"far_below": far_below, "below": below, "above": above, "far_above": far_above},
            "statistic": above,
            "n": n,
            "expected_share_above": rounded(expected_share),
            "observed_share_above": rounded(above / n),
            "excess_ratio": rounded(excess, 3),
            "p_value": p_value(p_val),
            "alpha": p.alpha,
        },
        sources=sources(ctx),
    )
