"""Verified rates from a reviewed sample: exact and score intervals, per stratum and for the population.

* :func:`clopper_pearson`: the exact binomial interval (never below the nominal coverage).
* :func:`wilson`: the Wilson score interval (closer to nominal, fine for reporting).
* :func:`population_count_interval`: the exact interval for the number of positives in a finite
  population of ``N`` from ``k`` positives in a simple random sample of ``n`` (hypergeometric
  test inversion): "of 1,240 claimed conversions, 95 % CI of real ones".
* :func:`stratified_estimate`: several strata combined, each weighted by its population;
  the interval is the normal approximation with the finite-population correction and
  Agresti-Coull-adjusted stratum rates (so a stratum with 0 or all positives still adds variance),
  clipped to what the sample proves (positives seen, negatives seen).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

#: Above this population size the exact count interval is the Clopper-Pearson interval scaled by N.
EXACT_POPULATION_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class Interval:
    low: float
    high: float
    method: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "method": self.method, "confidence": self.confidence}


def _check(k: int, n: int, confidence: float) -> None:
    if n < 1 or not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n and n >= 1, got k={k}, n={n}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence {confidence} must lie strictly between 0 and 1")


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> Interval:
    """Exact two-sided interval for a binomial proportion from ``k`` successes in ``n`` trials."""
    _check(k, n, confidence)
    alpha = 1 - confidence
    low = 0.0 if k == 0 else float(stats.beta.ppf(alpha / 2, k, n - k + 1))
    high = 1.0 if k == n else float(stats.beta.ppf(1 - alpha / 2, k + 1, n - k))
    return Interval(low, high, "clopper-pearson", confidence)


def wilson(k: int, n: int, confidence: float = 0.95) -> Interval:
    """Wilson score interval for a binomial proportion."""
    _check(k, n, confidence)
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if k == 0 else max(0.0, centre - half)  # exact ends: float noise must not exclude p = 0 or 1
    high = 1.0 if k == n else min(1.0, centre + half)
    return Interval(low, high, "wilson", confidence)


def population_count_interval(k: int, n: int, population: int, confidence: float = 0.95) -> Interval:
    """Exact interval for the number of positives among ``population`` calls, ``k`` of ``n`` sampled being positive.

    The bounds are the smallest and largest counts ``D`` not rejected by the one-sided
    hypergeometric tests at ``(1 - confidence) / 2`` each. Always within ``[k, N - (n - k)]``.
    """
    _check(k, n, confidence)
    if n > population:
        raise ValueError(f"sample of {n} is larger than the population of {population}")
    if population > EXACT_POPULATION_LIMIT:
        cp = clopper_pearson(k, n, confidence)
        return Interval(
            max(k, cp.low * population), min(population - (n - k), cp.high * population), "clopper-pearson x N", confidence
        )
    alpha = (1 - confidence) / 2
    d = np.arange(0, population + 1)
    upper_tail = stats.hypergeom.sf(k - 1, population, d, n)  # P(X >= k | D)
    lower_tail = stats.hypergeom.cdf(k, population, d, n)  # P(X <= k | D)
    feasible = (d >= k) & (population - d >= n - k)
    low_ok = np.flatnonzero(feasible & (upper_tail > alpha))
    high_ok = np.flatnonzero(feasible & (lower_tail > alpha))
    return Interval(float(d[low_ok[0]]), float(d[high_ok[-1]]), "hypergeometric", confidence)


@dataclass(frozen=True, slots=True)
class StratumCount:
    """One stratum of a reviewed sample: its population, how many were reviewed, how many were positive."""

    stratum: str
    population: int
    reviewed: int
    positives: int


@dataclass(frozen=True, slots=True)
class StratumEstimate:
    stratum: str
    population: int
    reviewed: int
    positives: int
    rate: float | None
    clopper_pearson: Interval | None
    wilson: Interval | None
    count: Interval | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "stratum": self.stratum,
            "population": self.population,
            "reviewed": self.reviewed,
            "positives": self.positives,
            "rate": self.rate,
            "clopper_pearson": None if self.clopper_pearson is None else self.clopper_pearson.to_dict(),
            "wilson": None if self.wilson is None else self.wilson.to_dict(),
            "count_interval": None if self.count is None else self.count.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class PopulationEstimate:
    """The verified rate and count extrapolated to the whole population."""

    population: int
    reviewed: int
    positives: int
    rate: float | None
    count: float | None
    count_interval: Interval | None
    rate_interval: Interval | None
    strata: tuple[StratumEstimate, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "population": self.population,
            "reviewed": self.reviewed,
            "positives": self.positives,
            "rate": self.rate,
            "count": self.count,
            "count_interval": None if self.count_interval is None else self.count_interval.to_dict(),
            "rate_interval": None if self.rate_interval is None else self.rate_interval.to_dict(),
            "strata": [s.to_dict() for s in self.strata],
        }


def stratum_estimate(s: StratumCount, confidence: float = 0.95) -> StratumEstimate:
    if s.reviewed == 0:
        return StratumEstimate(s.stratum, s.population, 0, 0, None, None, None, None)
    return StratumEstimate(
        s.stratum,
        s.population,
        s.reviewed,
        s.positives,
        s.positives / s.reviewed,
        clopper_pearson(s.positives, s.reviewed, confidence),
        wilson(s.positives, s.reviewed, confidence),
        population_count_interval(s.positives, s.reviewed, max(s.population, s.reviewed), confidence),
    )


def stratified_estimate(strata: Sequence[StratumCount], confidence: float = 0.95) -> PopulationEstimate:
    """Combine strata; a single stratum (or strata with none reviewed but one) keeps the exact interval.

    Strata with nothing reviewed cannot be extrapolated: the population estimate is then
    None (the caller reports how many calls were left unreviewed).
    """
    per = tuple(stratum_estimate(s, confidence) for s in strata)
    total = sum(s.population for s in strata)
    reviewed = sum(s.reviewed for s in strata)
    positives = sum(s.positives for s in strata)
    if reviewed == 0 or any(s.reviewed == 0 and s.population > 0 for s in strata):
        return PopulationEstimate(total, reviewed, positives, None, None, None, None, per)
    live = [s for s in strata if s.population > 0]
    if len(live) == 1:
        only = live[0]
        count = population_count_interval(only.positives, only.reviewed, max(only.population, only.reviewed), confidence)
        point = only.positives / only.reviewed * only.population
    else:
        point = sum(s.population * s.positives / s.reviewed for s in live)
        variance = 0.0
        for s in live:
            adjusted = (s.positives + 2) / (s.reviewed + 4)
            fpc = max(0.0, 1 - s.reviewed / s.population)
            variance += s.population**2 * fpc * adjusted * (1 - adjusted) / s.reviewed
        z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
        half = z * math.sqrt(variance)
        seen_negatives = reviewed - positives
        low, high = math.floor(max(float(positives), point - half)), math.ceil(min(float(total - seen_negatives), point + half))
        count = Interval(float(low), float(high), "stratified normal (FPC)", confidence)  # whole calls, rounded outwards
    rate_interval = Interval(count.low / total, count.high / total, count.method, confidence)
    return PopulationEstimate(total, reviewed, positives, point / total, point, count, rate_interval, per)
