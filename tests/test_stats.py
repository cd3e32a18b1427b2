"""auditor.stats: known values, agreement with scipy, and properties (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import stats as sp

from auditor import stats


def test_binomial_excess_matches_scipy_binomtest() -> None:
    for k, n, p in [(60, 100, 0.5), (7, 10, 0.3), (0, 5, 0.5), (100, 100, 0.99)]:
        expected = sp.binomtest(k, n, p, alternative="greater").pvalue if k > 0 else 1.0
        assert stats.binomial_excess_p(k, n, p) == pytest.approx(expected, rel=1e-9)


def test_binomial_deficit_matches_scipy_binomtest() -> None:
    for k, n, p in [(40, 100, 0.5), (0, 10, 0.3), (93, 100, 0.95)]:
        assert stats.binomial_deficit_p(k, n, p) == pytest.approx(sp.binomtest(k, n, p, alternative="less").pvalue, rel=1e-9)


def test_two_sided_binomial_doubles_the_smaller_tail() -> None:
    p = stats.binomial_two_sided_p(np.array([50, 70, 30]), np.array([100, 100, 100]), np.array([0.5, 0.5, 0.5]))
    assert p[0] == 1.0
    assert p[1] == pytest.approx(2 * sp.binom.sf(69, 100, 0.5))
    assert p[1] == pytest.approx(p[2])


def test_benjamini_hochberg_known_values() -> None:
    q = stats.benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.20]))
    # sorted p 0.01 0.03 0.04 0.20 -> 0.04, 0.04*... step-up: min over later of p*m/rank
    assert q.tolist() == pytest.approx([0.04, 0.0533333, 0.0533333, 0.20], rel=1e-5)
    assert stats.benjamini_hochberg(np.array([])).size == 0


@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=50))
def test_bh_q_values_are_at_least_p_and_keep_order(p: list[float]) -> None:
    arr = np.array(p)
    q = stats.benjamini_hochberg(arr)
    assert np.all(q >= arr - 1e-12) and np.all(q <= 1 + 1e-12)
    order = np.argsort(arr, kind="stable")
    assert np.all(np.diff(q[order]) >= -1e-12)


def test_flank_adjusted_share_is_half_for_a_flat_density_and_tracks_the_slope() -> None:
    assert stats.flank_adjusted_share(100, 100) == 0.5
    assert stats.flank_adjusted_share(0, 0) == 0.5
    # density 10 + x over windows of width 1: flanks hold 8.5 and 11.5, inner windows 9.5 and 10.5 -> share 0.525
    assert stats.flank_adjusted_share(85, 115) == pytest.approx(0.525)


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_flank_adjusted_share_stays_a_probability(a: int, b: int) -> None:
    share = stats.flank_adjusted_share(a, b)
    assert 0.05 <= share <= 0.95
    assert (share >= 0.5) == (b >= a) or a == b


def test_density_jump_finds_a_step_and_not_a_line() -> None:
    x = np.arange(-10, 10) + 0.5
    line = 100 + 2 * x
    flat = stats.density_jump(line[:10], line[10:])
    assert flat.left == pytest.approx(100) and flat.right == pytest.approx(100) and flat.p_value == pytest.approx(0.5)
    step = stats.density_jump(line[:10], line[10:] + 60)
    assert step.ratio == pytest.approx(1.6) and step.z > 3 and step.p_value < 0.001


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**31 - 1))
def test_density_jump_is_calibrated_on_smooth_poisson_counts(seed: int) -> None:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(200 + 3 * np.arange(20))
    assert stats.density_jump(counts[:10], counts[10:]).z < 5  # a 5-sigma jump by chance would be a broken variance


def test_first_digits() -> None:
    assert stats.first_digits(np.array([1, 19.5, 0.0042, 999, 1e6, -5, 0, np.nan])).tolist() == [1, 1, 4, 9, 1]


@example(999999999999.998)  # log10 rounds up to 12.0 (regression)
@given(st.floats(min_value=1e-6, max_value=1e12, allow_nan=False))
def test_first_digit_is_the_leading_character(value: float) -> None:
    digit = stats.first_digits(np.array([value]))[0]
    assert digit == int(repr(value).lstrip("0.")[0])  # the float as Python prints it (1e-06 -> 1, 999999999999.998 -> 9)


def test_benford_mad_is_zero_on_exact_shares_and_bands_follow_nigrini() -> None:
    digits = np.repeat(np.arange(1, 10), np.round(stats.BENFORD_FIRST * 100_000).astype(int))
    mad, shares = stats.benford_mad(digits)
    assert mad < 1e-5 and shares.sum() == pytest.approx(1)
    assert stats.nigrini_band(0.005) == "close conformity"
    assert stats.nigrini_band(0.013) == "marginally acceptable conformity"
    assert stats.nigrini_band(0.02) == "nonconformity"


def test_expected_mad_shrinks_with_the_sample_and_matches_simulation() -> None:
    assert stats.benford_expected_mad(100) > stats.benford_expected_mad(10_000)
    rng = np.random.default_rng(1)
    shares = stats.BENFORD_FIRST / stats.BENFORD_FIRST.sum()
    sims = [stats.benford_mad(rng.choice(np.arange(1, 10), size=1000, p=shares))[0] for _ in range(300)]
    assert np.mean(sims) == pytest.approx(stats.benford_expected_mad(1000), rel=0.1)
    assert math.isinf(stats.benford_expected_mad(0))


def test_chi_square_matches_scipy() -> None:
    observed = np.array([30, 20, 12, 10, 8, 7, 6, 4, 3])
    chi2, p = stats.chi_square_gof(observed, stats.BENFORD_FIRST)
    ref = sp.chisquare(observed, stats.BENFORD_FIRST / stats.BENFORD_FIRST.sum() * observed.sum())
    assert chi2 == pytest.approx(ref.statistic, rel=1e-3) and p == pytest.approx(ref.pvalue, rel=1e-2)
