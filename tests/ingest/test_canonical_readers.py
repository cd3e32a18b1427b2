"""Canonical call records in every file shape read to the same table (fixtures/records/canonical)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.errors import InputError, RecordFormatError, UnknownFormatError
from auditor.ingest import read_calls
from auditor.ingest.canonical import detect_delimiter, detect_encoding
from tests.conftest import FIXTURES

CANONICAL = FIXTURES / "records" / "canonical"
VARIANTS = sorted(p for p in CANONICAL.iterdir() if p.name.startswith("hand"))
COMPARED = [
    "call_id",
    "start_time",
    "phone",
    "campaign",
    "agent_id",
    "disposition",
    "talk_s",
    "outcome",
    "complaint",
    "opt_out",
    "csat_score",
    "revenue",
]


def _reference() -> pd.DataFrame:
    return read_calls(CANONICAL / "hand_utf8_comma.csv", timezone="Asia/Shanghai").frame[COMPARED]


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.name)
def test_every_shape_reads_to_the_same_canonical_table(path: Path) -> None:
    table = read_calls(path, timezone="Asia/Shanghai")
    assert len(table) == 20
    got = table.frame[COMPARED].sort_values("call_id").reset_index(drop=True)
    want = _reference().sort_values("call_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False, check_categorical=False)
    assert not [i for i in table.issues if i.code != "duplicate_call_id"], table.issues


def test_source_rows_point_at_the_file_rows() -> None:
    table = read_calls(CANONICAL / "hand_shuffled_columns_title_rows.xlsx", timezone="UTC")
    first = table.frame.iloc[0]
    assert first["call_id"] == "c01"
    assert first["source_row"] == 5  # title, export time, blank row, header, then data
    csv = read_calls(CANONICAL / "hand_utf8_comma.csv", timezone="UTC")
    assert csv.frame["source_row"].tolist()[:2] == [2, 3]


def test_a_folder_reads_every_file_with_its_source() -> None:
    table = read_calls(CANONICAL, timezone="UTC")
    assert len(table) == 20 * len(VARIANTS)
    assert set(map(str, table.frame["source_file"].unique())) == {str(p) for p in VARIANTS}
    dup = [i for i in table.issues if i.code == "duplicate_call_id"]
    assert dup and dup[0].count == 20 * len(VARIANTS)


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ("通话ID,开始时间".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "通话ID".encode(), "utf-8-sig"),
        ("通话ID,开始时间".encode("gb18030"), "gb18030"),
        (b"call_id,start_time", "utf-8"),
    ],
)
def test_encoding_is_detected(head: bytes, encoding: str) -> None:
    assert detect_encoding(head) == encoding


_HEADER_CHARS = st.sampled_from("通话开始时间被叫号码呼叫结果坐席工号外呼任务,0123456789:-\n")


@given(
    text=st.text(alphabet=_HEADER_CHARS, min_size=4, max_size=400),
    cut=st.integers(min_value=1, max_value=2000),
)
def test_a_sniff_window_that_cuts_a_character_keeps_the_encoding(text: str, cut: int) -> None:
    """The first bytes of a file end anywhere, also inside a two-byte GB18030 or three-byte UTF-8 character."""
    for encoding in ("utf-8", "gb18030"):
        data = ("通话ID," + text).encode(encoding)
        assert detect_encoding(data[: max(len("通话ID,".encode(encoding)), min(cut, len(data)))]) == encoding


@pytest.mark.parametrize(
    ("line", "delimiter"), [("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ("a|b|c", "|"), ('"x,y";b;c', ";")]
)
def test_delimiter_is_detected(line: str, delimiter: str) -> None:
    assert detect_delimiter(line) == delimiter


def test_missing_required_column_names_file_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("call_id,start_time,phone\n1,2026-10-01 09:00,138\n", encoding="utf-8")
    with pytest.raises(RecordFormatError) as err:
        read_calls(path)
    assert "disposition" in err.value.message
    assert err.value.location is not None and err.value.location.file == str(path)


def test_misspelt_header_gets_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("call_id,start_time,phone,dispositon\n1,2026-10-01 09:00,138,answered\n", encoding="utf-8")
    with pytest.raises(RecordFormatError) as err:
        read_calls(path)
    assert "dispositon" in (err.value.hint or "")


def test_missing_path_and_empty_folder_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_calls(tmp_path / "nope.csv")
    with pytest.raises(InputError):
        read_calls(tmp_path)


@pytest.mark.parametrize(
    "named",
    [
        lambda f: [f, f],  # the same name twice
        lambda f: [f, f.parent],  # the file and its folder
        lambda f: [f, f.parent / ".." / f.parent.name / f.name],  # another spelling of the same file
    ],
    ids=["twice", "file-and-folder", "other-spelling"],
)
def test_a_file_named_twice_is_an_input_error_naming_it(tmp_path: Path, named: Any) -> None:
    path = tmp_path / "calls" / "calls.csv"
    path.parent.mkdir()
    path.write_text("call_id,start_time,phone,disposition\n1,2026-10-01 09:00:00,13800000000,answered\n", encoding="utf-8")
    with pytest.raises(InputError, match="named twice") as caught:
        read_calls(named(path))
    assert caught.value.location is not None and caught.value.location.file.endswith("calls.csv")
    assert len(read_calls([path]).frame) == 1


def test_unknown_file_type_is_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "calls.bin"
    path.write_bytes(b"\x00\x01garbage")
    with pytest.raises(UnknownFormatError):
        read_calls(path)


def test_input_file_is_not_modified(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    data = (CANONICAL / "hand_utf8_comma.csv").read_bytes()
    path.write_bytes(data)
    read_calls(path)
    assert path.read_bytes() == data
