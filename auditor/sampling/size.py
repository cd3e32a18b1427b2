"""Attribute sample size: how many recordings to review for a given confidence.

The auditor tolerates a deviation rate ``tolerable`` (e.g. 5 % of claimed conversions
being false) and expects ``expected`` (e.g. 1 %). The sample size is the smallest ``n``
such that, if the population deviated at exactly the tolerable rate, seeing no more
than the expected number of deviations ``k = ceil(n * expected)`` would happen with
probability at most ``1 - confidence`` (the risk of over-reliance). This is how the
AICPA Audit Sampling guide builds its tables A-1 (5 % risk) and A-2 (10 % risk), which
the tests check against.

``binomial`` treats the population as infinite; ``hypergeometric`` uses the population
size ``N`` (``D = ceil(tolerable * N)`` deviations at the tolerable rate), which gives
smaller samples when ``N`` is small (a few hundred claimed conversions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from auditor.errors import ConfigError

#: Largest sample the binomial search considers (a plan above this is not a spot-check).
MAX_BINOMIAL_N = 100_000
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class SizePlan:
    """A sample size and what it rests on.

    Attributes:
        n: recordings to review.
        allowed_deviations: the expected count ``k``; more than this and the tolerable rate is not supported.
        method: ``binomial`` or ``hypergeometric``.
        confidence, tolerable, expected: the inputs (ratios 0-1).
        population: N for the hypergeometric plan, else None.
        achieved_risk: P(at most k deviations | deviation rate = tolerable) at this n (<= 1 - confidence).
    """

    n: int
    allowed_deviations: int
    method: str
    confidence: float
    tolerable: float
    expected: float
    population: int | None
    achieved_risk: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "allowed_deviations": self.allowed_deviations,
            "method": self.method,
            "confidence": self.confidence,
            "tolerable": self.tolerable,
            "expected": self.expected,
            "population": self.population,
            "achieved_risk": self.achieved_risk,
        }


def check_rates(confidence: float, tolerable: float, expected: float) -> None:
    """Raise :class:`ConfigError` unless 0 < confidence < 1 and 0 <= expected < tolerable < 1."""
    if not 0 < confidence < 1:
        raise ConfigError(f"confidence {confidence:g} must lie strictly between 0 and 1", hint="e.g. 0.95 for 95 %")
    if not 0 < tolerable < 1:
        raise ConfigError(f"tolerable deviation rate {tolerable:g} must lie strictly between 0 and 1", hint="e.g. 0.05 for 5 %")
    if not 0 <= expected < tolerable:
        raise ConfigError(
            f"expected deviation rate {expected:g} must be at least 0 and below the tolerable rate {tolerable:g}",
            hint="when you expect as many deviations as you can tolerate, no sample can support the claim: review every call",
        )


def allowed_deviations(n: np.ndarray | int, expected: float) -> np.ndarray:
    """``k = ceil(n * expected)``, guarded against float noise (0.01 * 100 is 1, not 2)."""
    return np.ceil(np.asarray(n, dtype=float) * expected - _EPS).astype(int)


def binomial_size(confidence: float, tolerable: float, expected: float = 0.0) -> SizePlan:
    """Smallest n with P(Binomial(n, tolerable) <= ceil(n * expected)) <= 1 - confidence."""
    check_rates(confidence, tolerable, expected)
    alpha = 1 - confidence
    start = 1
    while start <= MAX_BINOMIAL_N:
        n = np.arange(start, min(start + 5000, MAX_BINOMIAL_N + 1))
        k = allowed_deviations(n, expected)
        risk = stats.binom.cdf(k, n, tolerable)
        hit = np.flatnonzero(risk <= alpha + _EPS)
        if hit.size:
            i = int(hit[0])
            return SizePlan(int(n[i]), int(k[i]), "binomial", confidence, tolerable, expected, None, float(risk[i]))
        start += 5000
    raise ConfigError(
        f"no sample of at most {MAX_BINOMIAL_N:,} calls reaches {confidence:.0%} confidence "
        f"for tolerable {tolerable:.2%}, expected {expected:.2%}",
        hint="raise the tolerable rate or lower the expected one",
    )


def hypergeometric_size(population: int, confidence: float, tolerable: float, expected: float = 0.0) -> SizePlan:
    """Smallest n <= N with P(Hypergeometric(N, D, n) <= ceil(n * expected)) <= 1 - confidence, D = ceil(tolerable * N).

    When no n < N suffices the plan is the whole population (n = N, risk 0).
    """
    check_rates(confidence, tolerable, expected)
    if population < 1:
        raise ConfigError("the population to sample from is empty", hint="check the population filter and the call records")
    alpha = 1 - confidence
    deviations = max(1, math.ceil(tolerable * population - _EPS))
    # Search in chunks from n = 1: the answer is usually far below N (and below the binomial n), so a
    # population of a million does not cost a million hypergeometric tails.
    start, step = 1, 2048
    while start <= population:
        n = np.arange(start, min(start + step, population + 1))
        k = allowed_deviations(n, expected)
        risk = stats.hypergeom.cdf(k, population, deviations, n)
        hit = np.flatnonzero(risk <= alpha + _EPS)
        if hit.size:
            i = int(hit[0])
            return SizePlan(int(n[i]), int(k[i]), "hypergeometric", confidence, tolerable, expected, population, float(risk[i]))
        start, step = start + step, step * 2
    k_all = int(allowed_deviations(population, expected))
    return SizePlan(population, k_all, "hypergeometric", confidence, tolerable, expected, population, 0.0)


def sample_size(
    confidence: float, tolerable: float, expected: float = 0.0, population: int | None = None, method: str = "auto"
) -> SizePlan:
    """The attribute sample size.

    Args:
        confidence: e.g. 0.95.
        tolerable: the deviation rate the auditor can accept, e.g. 0.05.
        expected: the deviation rate the auditor expects, below ``tolerable``.
        population: N; needed for ``hypergeometric``.
        method: ``binomial``, ``hypergeometric``, or ``auto`` (hypergeometric when N is known, and never above N).
    """
    if method not in ("auto", "binomial", "hypergeometric"):
        raise ConfigError(f"unknown sample-size method '{method}'", hint="choose auto, binomial or hypergeometric")
    if method == "binomial" or (method == "auto" and population is None):
        return binomial_size(confidence, tolerable, expected)
    if population is None:
        raise ConfigError("the hypergeometric sample size needs the population size")
    return hypergeometric_size(population, confidence, tolerable, expected)
