"""ValueCounts: a mergeable quantile sketch exact on values rounded to 5 significant digits."""

from __future__ import annotations

import functools
import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.sketch import ValueCounts, round_significant

positive = st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False)
samples = st.lists(st.one_of(positive, st.integers(0, 200_000).map(float)), min_size=1, max_size=300)
quantiles = st.one_of(st.sampled_from([0.0, 0.01, 0.5, 0.99, 1.0]), st.floats(0, 1))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.0, 0.0),
        (7.0, 7.0),
        (99_999.0, 99_999.0),
        (123_456.0, 123_460.0),
        (1.234_56, 1.2346),
        (0.000_123_454, 0.000_123_45),
        (999.999_99, 1000.0),
        (29.95, 29.95),
        (30.000_04, 30.0),
    ],
)
def test_rounding_to_five_significant_digits_by_hand(value: float, expected: float) -> None:
    assert round_significant(np.array([value]))[0] == expected


@settings(max_examples=200, deadline=None)
@given(positive)
def test_rounding_error_is_at_most_5e_minus_5_relative_and_rounding_twice_changes_nothing(value: float) -> None:
    rounded = round_significant(np.array([value]))
    assert abs(rounded[0] - value) <= 5e-5 * value
    assert np.array_equal(round_significant(rounded), rounded)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 99_999), max_size=100))
def test_integers_below_100000_are_exact(values: list[int]) -> None:
    sketch = ValueCounts.of(np.array(values, dtype=float))
    assert sketch.keys.tolist() == sorted(set(values)) and len(sketch) == len(values)


@settings(max_examples=200, deadline=None)
@given(samples, quantiles)
def test_quantile_is_numpys_quantile_of_the_rounded_values(values: list[float], q: float) -> None:
    x = np.array(values)
    sketch = ValueCounts.of(x)
    assert sketch.quantile(q) == np.quantile(round_significant(x), q)
    assert sketch.median() == np.median(round_significant(x))


@settings(max_examples=150, deadline=None)
@given(samples, st.data())
def test_merging_the_parts_in_any_order_is_the_sketch_of_the_whole(values: list[float], data: st.DataObject) -> None:
    x = np.array(values)
    labels = np.array(data.draw(st.lists(st.integers(0, 4), min_size=len(x), max_size=len(x))))
    parts = [ValueCounts.of(x[labels == k]) for k in data.draw(st.permutations(range(5)))]
    merged = functools.reduce(lambda a, b: a + b, parts, ValueCounts.empty())
    assert merged == ValueCounts.of(x)
    assert merged.keys.dtype == np.float64 and merged.counts.dtype == np.int64


def test_nan_and_infinity_are_ignored_and_an_empty_sketch_has_no_quantile() -> None:
    sketch = ValueCounts.of(np.array([np.nan, np.inf, -np.inf, 3.0]))
    assert len(sketch) == sketch.n == 1 and sketch.quantile(0.5) == 3.0
    assert math.isnan(ValueCounts.empty().quantile(0.5)) and math.isnan(ValueCounts.empty().median())
    with pytest.raises(ValueError, match="outside"):
        sketch.quantile(1.5)


def test_keys_are_bounded_per_decade_whatever_the_row_count() -> None:
    x = np.random.default_rng(7).uniform(10, 100, size=2_000_000)  # one decade, two million distinct values
    sketch = ValueCounts.of(x)
    assert len(sketch.keys) <= 90_001 and len(sketch) == len(x)  # 10.000..99.999, plus 100.00 when rounding up


def test_a_sketch_survives_pickling() -> None:
    sketch = ValueCounts.of(np.array([1.5, 2.0, 2.0, 1e6]))
    assert pickle.loads(pickle.dumps(sketch)) == sketch
