"""Attribute sample sizes: AICPA table values, exact hypergeometric cases, and properties."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from auditor.errors import ConfigError
from auditor.sampling.size import binomial_size, hypergeometric_size, sample_size
from tests.conftest import FIXTURES

TABLES = yaml.safe_load((FIXTURES / "sampling" / "aicpa_tables.yaml").read_text(encoding="utf-8"))["tables"]
CASES = [
    pytest.param(t["confidence"], *row, id=f"{name}-tr{row[0]}-exp{row[1]}") for name, t in TABLES.items() for row in t["rows"]
]


@pytest.mark.parametrize(("confidence", "tolerable", "expected", "n", "k"), CASES)
def test_binomial_size_reproduces_published_aicpa_table(
    confidence: float, tolerable: float, expected: float, n: int, k: int
) -> None:
    plan = binomial_size(confidence, tolerable, expected)
    assert (plan.n, plan.allowed_deviations) == (n, k)
    assert plan.achieved_risk <= 1 - confidence + 1e-9


def test_hypergeometric_size_matches_hand_computed_zero_deviation_case() -> None:
    # N = 200, tolerable 5 % -> D = 10; P(0 deviations in n) = C(190, n) / C(200, n) first <= 0.05 at n = 51.
    plan = hypergeometric_size(200, 0.95, 0.05, 0.0)
    assert plan.n == 51
    assert math.comb(190, 51) / math.comb(200, 51) <= 0.05 < math.comb(190, 50) / math.comb(200, 50)
    assert plan.achieved_risk == pytest.approx(math.comb(190, 51) / math.comb(200, 51))


def test_hypergeometric_takes_the_whole_tiny_population_when_nothing_smaller_suffices() -> None:
    plan = hypergeometric_size(3, 0.99, 0.05, 0.0)
    assert plan.n == 3


def test_auto_method_uses_the_population_when_known() -> None:
    assert sample_size(0.95, 0.05, 0.0).method == "binomial"
    assert sample_size(0.95, 0.05, 0.0, population=1240).method == "hypergeometric"


@pytest.mark.parametrize(
    ("confidence", "tolerable", "expected"), [(1.0, 0.05, 0.0), (0.95, 0.0, 0.0), (0.95, 0.05, 0.05), (0.95, 0.05, -0.01)]
)
def test_bad_rates_raise_a_config_error(confidence: float, tolerable: float, expected: float) -> None:
    with pytest.raises(ConfigError):
        sample_size(confidence, tolerable, expected)


def test_empty_population_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="empty"):
        hypergeometric_size(0, 0.95, 0.05)


rates = st.tuples(
    st.sampled_from([0.8, 0.9, 0.95, 0.99]),
    st.sampled_from([0.02, 0.03, 0.05, 0.08, 0.1, 0.2]),
    st.sampled_from([0.0, 0.25, 0.5]),
)


@settings(max_examples=40, deadline=None)
@given(rates, st.integers(min_value=1, max_value=5000))
def test_hypergeometric_size_is_minimal_meets_the_risk_and_never_exceeds_binomial(
    r: tuple[float, float, float], population: int
) -> None:
    confidence, tolerable, share = r
    expected = tolerable * share
    plan = hypergeometric_size(population, confidence, tolerable, expected)
    binom = binomial_size(confidence, tolerable, expected)
    assert 1 <= plan.n <= min(population, binom.n) or plan.n == population
    deviations = max(1, math.ceil(tolerable * population - 1e-9))
    if plan.n < population:
        assert stats.hypergeom.cdf(plan.allowed_deviations, population, deviations, plan.n) <= 1 - confidence + 1e-9
    if plan.n > 1:
        k_before = math.ceil((plan.n - 1) * expected - 1e-9)
        assert stats.hypergeom.cdf(k_before, population, deviations, plan.n - 1) > 1 - confidence + 1e-9


@settings(max_examples=40, deadline=None)
@given(rates)
def test_binomial_size_grows_with_confidence(r: tuple[float, float, float]) -> None:
    confidence, tolerable, share = r
    lower = binomial_size(min(confidence, 0.9), tolerable, tolerable * share)
    higher = binomial_size(max(confidence, 0.95), tolerable, tolerable * share)
    assert lower.n <= higher.n
