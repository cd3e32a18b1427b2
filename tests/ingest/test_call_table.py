"""The validating constructor: coercion, derived durations and data-quality issues (nothing dropped)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from auditor.errors import RecordFormatError
from auditor.ingest.table import CallTable


def _issues(table: CallTable) -> dict[str, int]:
    return {i.code: i.count for i in table.issues}


def test_bad_values_become_blank_with_counted_issues_and_no_row_is_dropped() -> None:
    raw = pd.DataFrame(
        {
            "call_id": ["a", "b", "b", "d", "e"],
            "start_time": [
                "2026-10-01 09:00:00",
                "2026-10-01 09:05:00",
                "0000-00-00 00:00:00",
                "yesterday",
                "1900-01-01 00:00:00",
            ],
            "phone": ["138-0013-8000", "13800138001", "+86 138 0013 8002", "1.3800138003e10", ""],
            "disposition": ["ANSWERED", "空号", "NO ANSWER", "weird", "已接通"],
            "talk_s": ["00:01:05", "0", "", "2分30秒", "-3"],
        }
    )
    table = CallTable.from_frame(raw, timezone="Asia/Shanghai", source="x.csv")
    assert len(table) == 5
    issues = _issues(table)
    assert issues["placeholder_timestamp"] == 2
    assert issues["unparseable_timestamp"] == 1
    assert issues["unmapped_disposition"] == 1
    assert issues["duplicate_call_id"] == 2
    assert issues["missing_phone"] == 1
    assert issues["negative_talk_s"] == 1
    frame = table.frame
    assert frame["phone"].tolist()[:4] == ["13800138000", "13800138001", "8613800138002", "13800138003"]
    assert frame["talk_s"].tolist()[:2] == [65.0, 0.0]
    assert frame["talk_s"].iloc[3] == 150.0
    assert frame["disposition"].astype(object).tolist()[:3] == ["answered", "invalid_number", "no_answer"]
    assert str(frame["start_time"].dt.tz) == "Asia/Shanghai"


def test_examples_name_file_and_row() -> None:
    raw = pd.DataFrame(
        {"call_id": ["a", "a"], "start_time": ["2026-10-01 09:00"] * 2, "phone": ["1", "2"], "disposition": ["answered"] * 2}
    )
    table = CallTable.from_frame(raw, source="vendor.csv")
    dup = next(i for i in table.issues if i.code == "duplicate_call_id")
    assert dup.examples[0].startswith("vendor.csv row 2")


def test_talk_and_ring_are_derived_from_timestamps_when_absent() -> None:
    raw = pd.DataFrame(
        {
            "call_id": ["a", "b"],
            "start_time": ["2026-10-01 09:00:00", "2026-10-01 09:10:00"],
            "answer_time": ["2026-10-01 09:00:12", None],
            "end_time": ["2026-10-01 09:01:42", "2026-10-01 09:10:30"],
            "phone": ["1", "2"],
            "disposition": ["answered", "no_answer"],
        }
    )
    table = CallTable.from_frame(raw)
    assert table.frame["talk_s"].tolist() == [90.0, 0.0]
    assert table.frame["ring_s"].tolist() == [12.0, 30.0]
    assert table.has("talk_s") and table.has("ring_s")


def test_offsets_are_converted_to_the_engagement_zone() -> None:
    raw = pd.DataFrame({"call_id": ["a"], "start_time": ["2026-10-01T01:00:00Z"], "phone": ["1"], "disposition": ["answered"]})
    table = CallTable.from_frame(raw, timezone="Asia/Shanghai")
    assert table.frame["start_time"].iloc[0].hour == 9


def test_columns_never_supplied_are_unknown_not_false() -> None:
    raw = pd.DataFrame({"call_id": ["a"], "start_time": ["2026-10-01 09:00"], "phone": ["1"], "disposition": ["answered"]})
    table = CallTable.from_frame(raw)
    assert not table.has("complaint")
    assert table.frame["complaint"].isna().all()


def test_missing_required_column_is_an_error() -> None:
    with pytest.raises(RecordFormatError) as err:
        CallTable.from_frame(pd.DataFrame({"call_id": ["a"]}), source="f.csv")
    assert "start_time" in err.value.message and "phone" in err.value.message


def test_direct_construction_checks_the_shape() -> None:
    with pytest.raises(RecordFormatError):
        CallTable(pd.DataFrame({"call_id": ["a"]}))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)), min_size=1, max_size=5))
def test_hms_durations_parse_to_seconds(parts: list[tuple[int, int, int]]) -> None:
    texts = [f"{h:02d}:{m:02d}:{s:02d}" for h, m, s in parts]
    raw = pd.DataFrame(
        {
            "call_id": [str(i) for i in range(len(texts))],
            "start_time": ["2026-10-01 09:00"] * len(texts),
            "phone": ["1"] * len(texts),
            "disposition": ["answered"] * len(texts),
            "talk_s": texts,
        }
    )
    table = CallTable.from_frame(raw)
    assert table.frame["talk_s"].tolist() == [h * 3600 + m * 60 + s for h, m, s in parts]


def test_an_empty_call_table_can_be_built() -> None:
    empty = CallTable.empty("Asia/Shanghai")  # the duplicate-id check once crashed on a column with no chunk
    assert len(empty) == 0 and empty.timezone == "Asia/Shanghai" and not empty.issues


PHONE_TEXT = st.text(alphabet="0123456789 -+().eE/#*xUTC:\t\u00a0\u3000", max_size=16)


@given(st.lists(st.one_of(st.none(), PHONE_TEXT), max_size=20))
@example(["09:00\u3000UTC", "09:00\u00a0UTC", "138 0013 8000", "1.3800138e10", "\u3000"])
def test_phones_cleaned_by_pyarrow_as_by_python_regular_expressions(values: list[str | None]) -> None:
    """``to_phone`` runs its patterns in pyarrow (RE2); on Python-backed text they run in ``re``: the same result."""
    import re

    from auditor.ingest.normalise import matches, replaced, to_phone

    arrow = pd.Series(pd.array(values, dtype="string[pyarrow]"))
    python = pd.Series(pd.array(values, dtype="string[python]"))
    assert to_phone(arrow).tolist() == to_phone(python).tolist()
    for pattern in (r"^\d+$", r"[ ().+/-]", r"(?:Z|[+-]\d{2}:?\d{2}|\s[A-Z]{3,4})\s*$", r"\s+UTC$"):
        want = [v is not None and re.search(pattern, v) is not None for v in values]
        assert matches(arrow, pattern).tolist() == want
        got = [None if pd.isna(v) else v for v in replaced(arrow, pattern, "_").tolist()]
        assert got == [None if v is None else re.sub(pattern, "_", v) for v in values]
