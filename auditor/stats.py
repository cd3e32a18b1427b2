"""Small, pure statistical helpers the plausibility kinds share (scipy underneath).

Every function takes counts or arrays and returns plain numbers, so each can be
checked by hand and against scipy. Conventions: p-values are one-sided "excess"
tests unless the name says otherwise; counts are integers >= 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# scipy.stats costs seconds to import: each function imports it when called, so commands that never test anything stay fast.

#: Benford's first-digit shares, digit 1..9.
BENFORD_FIRST = np.log10(1 + 1 / np.arange(1, 10))

#: Nigrini's first-digit MAD bands: (upper bound, label); above the last = nonconformity.
NIGRINI_FIRST_DIGIT = ((0.006, "close conformity"), (0.012, "acceptable conformity"), (0.015, "marginally acceptable conformity"))


def binomial_excess_p(k: int, n: int, p0: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p0): the one-sided p-value of "more than expected"."""
    from scipy import stats

    if n <= 0 or k <= 0:
        return 1.0
    return float(stats.binom.sf(k - 1, n, p0))


def binomial_deficit_p(k: int, n: int, p0: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p0): the one-sided p-value of "fewer than expected"."""
    from scipy import stats

    if n <= 0:
        return 1.0
    return float(stats.binom.cdf(k, n, p0))


def binomial_two_sided_p(k: np.ndarray, n: np.ndarray, p0: np.ndarray) -> np.ndarray:
    """Vectorised two-sided exact binomial p-values by doubling the smaller tail (capped at 1)."""
    from scipy import stats

    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    p0 = np.clip(np.asarray(p0, dtype=float), 1e-12, 1 - 1e-12)
    lower = stats.binom.cdf(k, n, p0)
    upper = stats.binom.sf(k - 1, n, p0)
    return np.asarray(np.minimum(1.0, 2 * np.minimum(lower, upper)), dtype=float)


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values); reject where q <= the FDR level."""
    from scipy import stats

    p = np.asarray(p_values, dtype=float)
    if p.size == 0:
        return p
    return np.asarray(stats.false_discovery_control(p, method="bh"), dtype=float)


def flank_adjusted_share(far_below: int, far_above: int) -> float:
    """Expected share of the window just above a cut among the two windows beside it.

    Fits a straight line to the density through the two outer flank windows
    ``[c-2w, c-w)`` and ``[c+w, c+2w)``; under that line the inner windows hold
    ``a - bw/2`` and ``a + bw/2``, so the share above is ``1/2 + (R2 - L2) / (6 (L2 + R2))``.
    Clipped to [0.05, 0.95]; 1/2 when the flanks are empty.
    """
    total = far_below + far_above
    if total <= 0:
        return 0.5
    return float(min(0.95, max(0.05, 0.5 + (far_above - far_below) / (6 * total))))


@dataclass(frozen=True, slots=True)
class DensityJump:
    """Local-linear estimates of a binned density on both sides of a cut."""

    left: float  # expected count per bin just below the cut
    right: float  # just above
    z: float
    p_value: float  # one-sided: the density jumps up at the cut

    @property
    def ratio(self) -> float:
        return self.right / self.left if self.left > 0 else math.inf


def _local_linear(x: np.ndarray, y: np.ndarray, bandwidth: float) -> tuple[float, float]:
    """Triangular-kernel weighted straight-line fit of counts ``y`` on ``x``: intercept at 0 and its Poisson variance."""
    design = np.column_stack([np.ones_like(x), x])
    kernel = np.clip(1 - np.abs(x) / bandwidth, 0, None)
    weighted = design * kernel[:, None]
    smoother = np.linalg.pinv(design.T @ weighted) @ weighted.T  # (X'KX)^-1 X'K
    fitted = np.maximum(design @ (smoother @ y), 0.5)  # floor keeps the variance positive in empty bins
    weights = smoother[0]
    return float(weights @ y), float((weights**2) @ fitted)


def density_jump(left_counts: np.ndarray, right_counts: np.ndarray) -> DensityJump:
    """McCrary-style test on binned counts: local-linear fits either side, compared at the cut.

    Each side gets a triangular kernel over its bins (weight 1 at the cut, 0 at
    the bandwidth), as in McCrary (2008), which keeps curvature bias small.

    ``left_counts`` are the bins below the cut in increasing order (the last touches
    the cut), ``right_counts`` the bins above (the first touches it). Each side's
    straight-line fit is extrapolated to the cut; counts are taken as Poisson, so
    the variance of each intercept is ``sum(w_i^2 * fitted_i)``.
    """
    from scipy import stats

    left = np.asarray(left_counts, dtype=float)
    right = np.asarray(right_counts, dtype=float)
    xl = np.arange(-len(left), 0) + 0.5
    xr = np.arange(len(right)) + 0.5
    a_left, var_left = _local_linear(xl, left, len(left))
    a_right, var_right = _local_linear(xr, right, len(right))
    z = (a_right - a_left) / math.sqrt(var_left + var_right)
    return DensityJump(left=a_left, right=a_right, z=z, p_value=float(stats.norm.sf(z)))


def first_digits(values: np.ndarray) -> np.ndarray:
    """Leading significant digit (1-9) of each positive finite value; others are dropped."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return np.array([], dtype=int)
    mantissa = v / 10.0 ** np.floor(np.log10(v))
    # log10 rounds near powers of ten (log10(999999999999.998) == 12.0): bring the mantissa back into [1, 10)
    mantissa = np.where(mantissa < 1, mantissa * 10, np.where(mantissa >= 10, mantissa / 10, mantissa))
    # 0.6 / 0.1 == 5.999999999999999: a nudge of 1e-9 keeps float division from losing a digit
    return np.asarray(np.clip(np.floor(mantissa + 1e-9), 1, 9), dtype=int)


def benford_mad(digits: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean absolute deviation of first-digit shares from Benford, and the observed shares."""
    return benford_mad_of_counts(np.bincount(np.asarray(digits, dtype=int), minlength=10)[1:10])


def benford_mad_of_counts(counts: np.ndarray) -> tuple[float, np.ndarray]:
    """:func:`benford_mad` from the counts of first digits 1-9."""
    n = counts.sum()
    shares = counts / n if n else np.zeros(9)
    return float(np.abs(shares - BENFORD_FIRST).mean()), shares


def benford_expected_mad(n: int) -> float:
    """MAD a genuinely Benford sample of size n shows by chance alone (its sample-size floor)."""
    if n <= 0:
        return math.inf
    return float(np.mean(np.sqrt(2 * BENFORD_FIRST * (1 - BENFORD_FIRST) / (math.pi * n))))


def nigrini_band(mad: float) -> str:
    """Nigrini's first-digit conformity label for a MAD."""
    for bound, label in NIGRINI_FIRST_DIGIT:
        if mad <= bound:
            return label
    return "nonconformity"


def chi_square_gof(observed: np.ndarray, expected_shares: np.ndarray) -> tuple[float, float]:
    """Pearson chi-square goodness of fit: statistic and p-value."""
    from scipy import stats

    observed = np.asarray(observed, dtype=float)
    expected = np.asarray(expected_shares, dtype=float) * observed.sum()
    result = stats.chisquare(observed, expected)
    return float(result.statistic), float(result.pvalue)
