"""Reading block by block gives the same call table and the same metrics as reading whole files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.errors import RecordFormatError
from auditor.ingest import blocks, read_calls
from auditor.ingest.table import CallTable
from auditor.metrics.compute import recompute
from auditor.scope import Scope
from tests.conftest import FIXTURES
from tests.strategies import call_rows

CANONICAL = FIXTURES / "records" / "canonical"
STREAMABLE = sorted(p for p in [*CANONICAL.iterdir(), FIXTURES / "demo" / "calls.csv"] if p.suffix in (".csv", ".parquet"))
SCOPES = [Scope(period="2026-10"), Scope(campaign="A", period="2026-10-02"), Scope(agent_id="a2")]


@pytest.fixture
def tiny_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few rows, so that even small fixtures span many blocks."""
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 700)
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 3)


def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of some hundred rows: the 12,000-row demo file still spans dozens (3-row blocks take minutes)."""
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 32_000)
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 300)


def assert_same_table(streamed: CallTable, whole: CallTable) -> None:
    pd.testing.assert_frame_equal(streamed.frame, whole.frame)
    assert streamed.issues == whole.issues
    assert (streamed.supplied, streamed.sources, streamed.timezone) == (whole.supplied, whole.sources, whole.timezone)


def assert_same_metrics(streamed: CallTable, whole: CallTable) -> None:
    by = ("campaign", "agent", "day")
    got = [v.to_dict() for v in recompute(streamed, by=by, scopes=SCOPES)]
    want = [v.to_dict() for v in recompute(whole, by=by, scopes=SCOPES)]
    assert got == want


@pytest.mark.parametrize("path", STREAMABLE, ids=lambda p: p.name)
def test_blocks_give_the_table_and_metrics_of_the_whole_file(
    path: Path, tiny_blocks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if path.stat().st_size > 100_000:
        small_blocks(monkeypatch)
    streamed = read_calls(path, timezone="Asia/Shanghai")
    whole = read_calls(path, timezone="Asia/Shanghai", streamed=False)
    assert len(list(blocks.iter_csv_blocks(path) if path.suffix == ".csv" else blocks.iter_parquet_blocks(path))) > 1
    assert_same_table(streamed, whole)
    assert_same_metrics(streamed, whole)


def test_progress_reports_bytes_read_up_to_the_file_size(monkeypatch: pytest.MonkeyPatch) -> None:
    small_blocks(monkeypatch)
    path = FIXTURES / "demo" / "calls.csv"
    seen: list[tuple[int, int]] = []
    read_calls(path, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) > 10
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)


MESSY = {
    "start_time": ["2026-10-01 25:00:00", "0000-00-00 00:00:00", "", "2026/10/01 10:00", "2026-10-02T08:30:00"],
    "disposition": ["ANSWERED", "空号", "mystery", " ", "no_answer"],
    "talk_s": ["1,5", "00:02:30", "2分30秒", "-3", "abc"],
    "complaint": ["yes", "否", "maybe", "", "1"],
    "revenue": ["¥1,200", "12,5", "x", "", "3e2"],
    "phone": ["138-0013-8000", "1.3800138e10", "138****0000", "", "+86 139 0000 0001"],
    "call_id": ["dup", "dup", " c9 ", "", "c10"],
}


@st.composite
def messy_rows(draw: Any) -> list[dict[str, Any]]:
    """Well-formed rows with some values replaced by the awkward forms real exports carry."""
    rows = draw(call_rows(min_size=1, max_size=40))
    for row in rows:
        for column, values in MESSY.items():
            if draw(st.integers(0, 5)) == 0:
                row[column] = draw(st.sampled_from(values))
    return rows


def write_rows(rows: list[dict[str, Any]], path: Path) -> Path:
    """Generated rows as a text-only CSV or Parquet file (by the suffix of ``path``)."""
    frame = pd.DataFrame(rows).astype(str)
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_parquet(path)
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=messy_rows(), suffix=st.sampled_from([".csv", ".parquet"]))
def test_blocks_equal_whole_file_on_generated_records(
    rows: list[dict[str, Any]], suffix: str, tmp_path: Path, tiny_blocks: None
) -> None:
    path = write_rows(rows, tmp_path / f"calls{suffix}")
    streamed = read_calls(path, timezone="Asia/Shanghai")
    whole = read_calls(path, timezone="Asia/Shanghai", streamed=False)
    assert_same_table(streamed, whole)
    assert_same_metrics(streamed, whole)


def test_a_short_row_pyarrow_refuses_is_read_by_the_whole_file_reader(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("call_id,start_time,phone,disposition\nc1,2026-10-01 10:00:00,13800138000,answered\nc2,2026-10-01 10:00:00\n")
    assert_same_table(read_calls(path), read_calls(path, streamed=False))


def test_a_broken_file_gives_the_whole_file_readers_error(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    header = "call_id,start_time,phone,disposition\n"
    path.write_text(header + "c1,2026-10-01 10:00:00,13800138000,answered\nc2,2026-10-01,1,answered,extra,more\n")
    with pytest.raises(RecordFormatError) as streamed:
        read_calls(path)
    with pytest.raises(RecordFormatError) as whole:
        read_calls(path, streamed=False)
    assert streamed.value.message == whole.value.message


def test_headers_with_spaces_fall_back_to_the_whole_file_reader(tmp_path: Path) -> None:
    path = tmp_path / "spaced.csv"
    path.write_text(" call_id , start_time,phone,disposition\nc1,2026-10-01 10:00:00,13800138000,answered\n")
    table = read_calls(path)
    assert table.frame["call_id"].tolist() == ["c1"]


def test_files_with_and_without_a_column_read_together(tiny_blocks: None) -> None:
    """One file has no campaign or agent column: its rows join the others' as blanks, whole or in blocks."""
    paths = [FIXTURES / "ingest" / "quality" / "dirty_canonical.csv", CANONICAL / "hand.parquet"]
    streamed = read_calls(paths, timezone="Asia/Shanghai")
    whole = read_calls(paths, timezone="Asia/Shanghai", streamed=False)
    assert streamed.frame["campaign"].isna().sum() >= len(read_calls(paths[0]))
    assert_same_table(streamed, whole)
    assert_same_metrics(streamed, whole)
