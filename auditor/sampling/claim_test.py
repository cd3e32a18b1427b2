"""Does the reviewed sample support the vendor's claim? One-sided tests in the vendor's disfavour.

The null hypothesis is the claim itself: "at least ``C`` of the ``N`` calls are really
positive" (or "the rate is at least ``p0``"). A small p-value means the sample found so
few positives that the claim is hard to believe.

* One stratum, population known: exact hypergeometric ``P(X <= k | N, C, n)``
  (the finite-population correction matters when the sample is a large share of N).
* No population: exact binomial ``P(X <= k | n, p0)``.
* Several strata: normal approximation on the stratified estimate (see :mod:`.estimate`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from scipy import stats

from auditor.sampling.estimate import PopulationEstimate


@dataclass(frozen=True, slots=True)
class ClaimTest:
    """The outcome of testing a claimed count (or rate) against a reviewed sample."""

    claimed_count: float | None
    claimed_rate: float
    p_value: float
    method: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "claimed_count": self.claimed_count,
            "claimed_rate": self.claimed_rate,
            "p_value": self.p_value,
            "method": self.method,
        }


def exact_rate_test(positives: int, reviewed: int, claimed_rate: float, population: int | None = None) -> ClaimTest:
    """P(at most ``positives`` of ``reviewed`` | true rate = ``claimed_rate``), hypergeometric when N is given."""
    claimed_rate = min(max(claimed_rate, 0.0), 1.0)
    if population is None:
        p = float(stats.binom.cdf(positives, reviewed, claimed_rate))
        return ClaimTest(None, claimed_rate, p, "exact binomial")
    claimed = claimed_rate * population
    d = min(population, math.ceil(claimed - 1e-9))
    p = float(stats.hypergeom.cdf(positives, population, d, reviewed))
    return ClaimTest(claimed, claimed_rate, p, "exact hypergeometric")


def count_test(estimate: PopulationEstimate, claimed_count: float) -> ClaimTest | None:
    """Test ``claimed_count`` positives in the estimate's population; None when nothing can be said."""
    n_pop = estimate.population
    if n_pop <= 0 or estimate.reviewed == 0 or estimate.count is None:
        return None
    rate = claimed_count / n_pop
    if claimed_count > n_pop:
        # More positives claimed than calls in the population: no sample can support it.
        return ClaimTest(claimed_count, rate, 0.0, "claim exceeds the population")
    live = [s for s in estimate.strata if s.population > 0]
    if len(live) == 1:
        test = exact_rate_test(live[0].positives, live[0].reviewed, rate, population=max(n_pop, live[0].reviewed))
        return ClaimTest(claimed_count, rate, test.p_value, test.method)
    interval = estimate.count_interval
    assert interval is not None
    z = float(stats.norm.ppf(1 - (1 - interval.confidence) / 2))
    se = (interval.high - interval.low) / (2 * z) if interval.high > interval.low else 0.0
    if se == 0:
        p = 0.0 if estimate.count < claimed_count else 1.0
    else:
        p = float(stats.norm.cdf((estimate.count - claimed_count) / se))
    return ClaimTest(claimed_count, rate, p, "stratified normal (FPC)")
