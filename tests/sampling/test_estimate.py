"""Intervals and claim tests: published values, exact identities, properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from auditor.sampling.claim_test import count_test, exact_rate_test
from auditor.sampling.estimate import (
    StratumCount,
    clopper_pearson,
    population_count_interval,
    stratified_estimate,
    wilson,
)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [(5, 20, 0.0866, 0.4910), (0, 10, 0.0, 0.3085), (10, 10, 0.6915, 1.0), (1, 59, 0.0004, 0.0909)],
)
def test_clopper_pearson_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    ci = clopper_pearson(k, n, 0.95)
    assert (round(ci.low, 4), round(ci.high, 4)) == (low, high)


def test_clopper_pearson_zero_successes_has_the_closed_form_upper_bound() -> None:
    assert clopper_pearson(0, 59, 0.95).high == pytest.approx(1 - 0.025 ** (1 / 59))


@pytest.mark.parametrize(("k", "n", "low", "high"), [(5, 20, 0.1119, 0.4687), (0, 10, 0.0, 0.2775), (81, 263, 0.2553, 0.3662)])
def test_wilson_matches_published_values(k: int, n: int, low: float, high: float) -> None:
    ci = wilson(k, n, 0.95)
    assert (round(ci.low, 4), round(ci.high, 4)) == (low, high)


def test_count_interval_is_a_point_when_the_whole_population_was_reviewed() -> None:
    ci = population_count_interval(37, 50, 50)
    assert (ci.low, ci.high) == (37.0, 37.0)


def test_count_interval_hand_case() -> None:
    # N = 10, n = 5, k = 5: D = 10 is certain-ish; D = 7 gives P(X >= 5) = C(7,5)/C(10,5) = 21/252 = 0.083 > 0.025
    # and D = 6 gives 6/252 = 0.024 < 0.025, so the lower bound is 7.
    ci = population_count_interval(5, 5, 10)
    assert (ci.low, ci.high) == (7.0, 10.0)


def test_exact_rate_test_equals_scipy_binomtest() -> None:
    test = exact_rate_test(40, 60, 0.8)
    assert test.p_value == pytest.approx(stats.binomtest(40, 60, 0.8, alternative="less").pvalue)
    assert test.method == "exact binomial"


def test_fpc_gives_a_smaller_p_value_than_binomial_for_a_large_sampling_fraction() -> None:
    binom = exact_rate_test(80, 100, 0.9)
    hyper = exact_rate_test(80, 100, 0.9, population=150)
    assert hyper.p_value < binom.p_value


def test_single_stratum_estimate_of_claimed_conversions() -> None:
    est = stratified_estimate([StratumCount("all", 1240, 91, 80)])
    assert est.count == pytest.approx(80 / 91 * 1240)
    assert est.count_interval is not None
    assert est.count_interval.method == "hypergeometric"
    assert 80 <= est.count_interval.low < est.count < est.count_interval.high <= 1240 - 11
    test = count_test(est, 1240)
    assert test is not None and test.p_value == 0.0  # 11 false ones seen: "all 1,240 are real" is impossible
    supported = count_test(est, 1050)
    assert supported is not None and supported.p_value > 0.05


def test_stratified_estimate_sums_strata_and_stays_within_what_was_seen() -> None:
    strata = [StratumCount("a", 600, 40, 38), StratumCount("b", 400, 30, 15), StratumCount("c", 100, 20, 20)]
    est = stratified_estimate(strata)
    assert est.count == pytest.approx(600 * 38 / 40 + 400 * 15 / 30 + 100)
    assert est.count_interval is not None
    assert est.count_interval.low < est.count < est.count_interval.high
    assert est.count_interval.low >= 73 and est.count_interval.high <= 1100 - 17


def test_an_unreviewed_stratum_leaves_the_population_estimate_unknown() -> None:
    est = stratified_estimate([StratumCount("a", 600, 40, 38), StratumCount("b", 400, 0, 0)])
    assert est.count is None and est.strata[0].rate == pytest.approx(0.95)
    assert count_test(est, 900) is None


trials = st.integers(min_value=1, max_value=300).flatmap(lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n)))


@settings(max_examples=100, deadline=None)
@given(trials, st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_intervals_contain_the_observed_rate_and_widen_with_confidence(kn: tuple[int, int], confidence: float) -> None:
    k, n = kn
    for fn in (clopper_pearson, wilson):
        ci = fn(k, n, confidence)
        wider = fn(k, n, min(0.999, confidence + 0.009))
        assert 0 <= ci.low <= k / n <= ci.high <= 1
        assert wider.low <= ci.low + 1e-12 and wider.high >= ci.high - 1e-12


@settings(max_examples=60, deadline=None)
@given(trials, st.integers(min_value=0, max_value=500))
def test_count_interval_stays_within_the_feasible_counts(kn: tuple[int, int], extra: int) -> None:
    k, n = kn
    population = n + extra
    ci = population_count_interval(k, n, population)
    point = k / n * population  # counts are whole: the interval holds the point rounded one way or the other
    assert k <= ci.low <= math.ceil(point - 1e-9) and math.floor(point + 1e-9) <= ci.high
    assert ci.high <= population - (n - k)


@settings(max_examples=60, deadline=None)
@given(trials, st.floats(min_value=0.01, max_value=0.99))
def test_p_value_falls_as_the_claim_grows(kn: tuple[int, int], rate: float) -> None:
    k, n = kn
    assert exact_rate_test(k, n, rate).p_value >= exact_rate_test(k, n, min(1.0, rate + 0.05)).p_value - 1e-12
    assert not math.isnan(exact_rate_test(k, n, rate, population=n * 3).p_value)
