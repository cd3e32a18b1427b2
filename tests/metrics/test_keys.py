"""Integer-code keys count what the string versions count."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from auditor.metrics.keys import MISSING, distinct_per_group, pair_codes

codes = st.lists(st.tuples(st.integers(-1, 30), st.integers(-1, 4)), max_size=200)


@given(rows=codes, spread=st.sampled_from([1, 1000, 10**6]))
def test_distinct_per_group_counts_distinct_keys_of_each_group(rows: list[tuple[int, int]], spread: int) -> None:
    """Both the table path (few possible pairs) and the sort path (keys spread wide) agree with pandas."""
    keys = np.array([k * spread if k >= 0 else MISSING for k, _ in rows], dtype="int64")
    groups = np.array([g for _, g in rows], dtype="int64")
    got = distinct_per_group(keys, groups, 5)
    frame = pd.DataFrame({"key": keys, "group": groups})
    frame = frame[(frame["key"] >= 0) & (frame["group"] >= 0)]
    want = frame.groupby("group")["key"].nunique().reindex(range(5), fill_value=0).to_numpy(dtype="float64")
    assert got.tolist() == want.tolist()


@given(rows=codes)
def test_pair_codes_are_equal_exactly_for_equal_pairs(rows: list[tuple[int, int]]) -> None:
    first = np.array([a for a, _ in rows], dtype="int64")
    second = np.array([b for _, b in rows], dtype="int64")
    combined = pair_codes(first, second)
    for i, (a, b) in enumerate(rows):
        assert (combined[i] == MISSING) == (a < 0 or b < 0)
        for j, (c, d) in enumerate(rows):
            if combined[i] >= 0 and combined[j] >= 0:
                assert (combined[i] == combined[j]) == ((a, b) == (c, d))
