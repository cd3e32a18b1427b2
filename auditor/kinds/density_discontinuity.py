"""Rule kind ``density_discontinuity``: the talk-time density jumps up at the effective threshold.

What it checks:
    Answered talk times are binned (``bin_s`` wide) over ``bandwidth_s`` on each
    side of the threshold T. A straight line fitted to each side's bin counts is
    extrapolated to T (a McCrary-style local-linear density test on binned data);
    with Poisson counts the difference of the two intercepts gives a z statistic
    and a one-sided p-value for an upward jump. A finding needs p < ``alpha`` and
    a jump ratio (right / left density at T) of at least ``min_jump``.

Why it matters:
    Honest talk times have a smooth density: nothing happens to a conversation at
    second 30. A step up exactly at the threshold means calls were stretched (or
    re-labelled) to reach it, which the window test may miss when the padding is
    spread out.

Parameters:
    threshold_s: the cut in seconds (default: the engagement's effective_threshold_s).
    bandwidth_s: seconds fitted on each side.
    bin_s: bin width in seconds.
    alpha: significance level of the one-sided z test.
    min_jump: smallest right/left density ratio at the cut worth reporting.
    min_calls: fewest calls inside the bandwidth for the test to run.

Example:
    Density at 30 s: 21.4 calls/s from the left, 48.9 from the right (ratio 2.3,
    z = 6.1, p = 5e-10).
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
    bandwidth_s: float = field(default=10.0, metadata={"help": "seconds fitted on each side of the cut"})
    bin_s: float = field(default=1.0, metadata={"help": "bin width in seconds"})
    alpha: float = field(default=0.001, metadata={"help": "significance level"})
    min_jump: float = field(default=1.3, metadata={"help": "smallest right/left density ratio at the cut"})
    min_calls: int = field(default=200, metadata={"help": "fewest calls inside the bandwidth"})

    def __post_init__(self) -> None:
        if self.bin_s <= 0 or self.bandwidth_s < 3 * self.bin_s or not 0 < self.alpha < 1 or self.min_jump < 1:
            raise ValueError("bin_s > 0, bandwidth_s >= 3 bins, 0 < alpha < 1 and min_jump >= 1")


def _edges(p: Params, engagement: Engagement) -> np.ndarray:
    bins = int(p.bandwidth_s // p.bin_s)
    return threshold_of(p.threshold_s, engagement) + p.bin_s * np.arange(-bins, bins + 1)


def summarise(rule: RuleSpec[Params], calls: CallTable, engagement: Engagement) -> np.ndarray:
    """Answered calls per bin either side of the threshold (counts add up across parts)."""
    return talk_counts(calls, _edges(rule.params, engagement))


@register_kind("density_discontinuity", params=Params, summarise=summarise)
def check(rule: RuleSpec[Params], ctx: AuditContext, counts: np.ndarray) -> Iterator[Finding]:
    """Upward jump of the talk-time density at the effective threshold (local-linear, McCrary-style)."""
    p = rule.params
    cut = threshold_of(p.threshold_s, ctx.engagement)
    bins = int(p.bandwidth_s // p.bin_s)
    if counts.sum() < p.min_calls:
        return
    jump = stats.density_jump(counts[:bins], counts[bins:])
    if jump.p_value >= p.alpha or jump.ratio < p.min_jump:
        return
    yield rule.finding(
        f"Talk-time density steps up at {cut:g} s: {jump.left / p.bin_s:.1f} calls/s just below, "
        f"{jump.right / p.bin_s:.1f} just above (ratio {jump.ratio:.2f}, z = {jump.z:.1f}, p = {jump.p_value:.2g})",
        metric="effective_contacts",
        evidence={
            "test": "local-linear density discontinuity on binned counts (one-sided z)",
            "threshold_s": cut,
            "bandwidth_s": p.bandwidth_s,
            "bin_s": p.bin_s,
            "n": int(counts.sum()),
            "density_left": rounded(jump.left / p.bin_s, 3),
            "density_right": rounded(jump.right / p.bin_s, 3),
            "jump_ratio": rounded(jump.ratio, 3),
            "statistic": rounded(jump.z, 3),
            "p_value": p_value(jump.p_value),
            "alpha": p.alpha,
        },
        sources=sources(ctx),
    )
