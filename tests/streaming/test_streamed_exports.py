"""Dialler exports read block by block give what reading them whole gives: the call table, metrics, audit, sample.

The exports are the adapter fixtures (scripts/make_ingest_fixtures.py), the same seeded calls as
each vendor writes them (bench/scale_data.py) and, when ../shared is present, the real exports.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor import api
from auditor.errors import RecordFormatError
from auditor.ingest import blocks, read_calls
from auditor.ingest.adapters import cdr_asterisk
from auditor.ingest.blocks import CsvText, RawBatch
from auditor.metrics.compute import recompute
from auditor.streaming import recompute as streaming
from auditor.streaming.workers import WORKERS_ENV
from tests.conftest import FIXTURES
from tests.ingest.test_blocks import SCOPES, assert_same_table
from tests.streaming.test_streamed_audit import ENGAGEMENT, audit_both, comparable
from tests.streaming.test_streamed_recompute import assert_same_values
from tests.streaming.test_streamed_sample import assert_same_sample, sample_both
from tests.test_bench_data import scale_data

INGEST = FIXTURES / "ingest"
FIXTURE_EXPORTS = sorted(
    p
    for folder in ("asterisk", "freeswitch", "twilio", "five9", "vicidial")
    for p in (INGEST / folder).iterdir()
    if p.suffix == ".csv"
)
SHARED = Path(os.environ.get("AUDITOR_SHARED", Path(__file__).resolve().parents[3] / "shared"))
REAL = SHARED / "real"
#: Real exports (dataset folder, file): Asterisk Master.csv and CDR tables, FreeSWITCH CSV, VICIdial lead list.
REAL_EXPORTS = [
    "asterisk_master_csv_ru/Master.csv",
    "asterisk_cdr_variants/pjsip_lab_Master.csv",
    "asterisk_cdr_variants/pseudonymized_real_cdr.csv",
    "asterisk_cdr_mysql_dump_us/cdr.csv",
    "asterisk_freepbx_g9telecom_pt/g9telecom.csv",
    "freeswitch_cdr_csv_cn/Master.csv",
    "ccms_vicidial_cn/kehu_qingdan_20150311111434_GBK.csv",
]
GENERATED = ("asterisk", "freeswitch", "twilio", "five9", "vicidial")
#: Lines within which a call's legs are kept together in the tests: the real exports' legs are at most 17 lines apart.
WINDOW = 20


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """400 seeded calls written as each vendor's export (Asterisk ring-group legs, Twilio child legs)."""
    folder = tmp_path_factory.mktemp("exports")
    return {fmt: scale_data.write_calls(400, folder / f"{fmt}.csv", 11, format=fmt) for fmt in GENERATED}


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few rows; legs kept together within :data:`WINDOW` lines."""
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 700)
    monkeypatch.setattr(blocks, "READ_BYTES", 700)
    monkeypatch.setattr(cdr_asterisk, "LEG_WINDOW", WINDOW)


@pytest.fixture
def converted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The reader of every block converted (a spy: proves the export was read in blocks)."""
    seen: list[str] = []
    records = RawBatch.records

    def spy(self: RawBatch) -> Any:
        seen.append(self.reader)
        return records(self)

    monkeypatch.setattr(RawBatch, "records", spy)
    return seen


def blocks_of(path: Path, monkeypatch: pytest.MonkeyPatch, count: int = 12) -> None:
    """Blocks of about 1/``count`` of the file (pyarrow reads at least a line at a time); legs kept within :data:`WINDOW`."""
    text = path.read_bytes().splitlines()
    block_bytes = max(2 * max(len(line) for line in text), path.stat().st_size // count)
    monkeypatch.setattr(blocks, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(blocks, "READ_BYTES", block_bytes)
    monkeypatch.setattr(cdr_asterisk, "LEG_WINDOW", max(2, min(WINDOW, len(text) // (count // 3))))


def real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"{path} is absent (the real datasets live in ../shared/real, outside the repository)")
    return path


def export(which: str, generated: dict[str, Path]) -> Path:
    """An export by id: ``generated:<format>``, ``real:<dataset/file>`` or a fixture path."""
    kind, _, name = which.partition(":")
    return generated[name] if kind == "generated" else real(name) if kind == "real" else Path(which)


EXPORTS = [
    *(str(p) for p in FIXTURE_EXPORTS),
    *(f"generated:{fmt}" for fmt in GENERATED),
    *(f"real:{name}" for name in REAL_EXPORTS),
]


def _id(which: str) -> str:
    return which.split("/")[-1] if not which.startswith("generated") else which


@pytest.mark.parametrize("which", EXPORTS, ids=_id)
def test_an_export_read_in_blocks_equals_the_whole_file(
    which: str, generated: dict[str, Path], converted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export(which, generated)
    blocks_of(path, monkeypatch)
    streamed = read_calls(path, timezone="Asia/Shanghai")
    assert len(converted) > 1 and all(converted), "read in several blocks, each converted by the export's adapter"
    whole = read_calls(path, timezone="Asia/Shanghai", streamed=False)
    assert_same_table(streamed, whole)
    by = ("campaign", "agent", "day")
    assert [v.to_dict() for v in recompute(streamed, by=by, scopes=SCOPES)] == [
        v.to_dict() for v in recompute(whole, by=by, scopes=SCOPES)
    ]


@pytest.mark.parametrize(
    ("which", "workers"),
    [*((str(p), 1) for p in FIXTURE_EXPORTS), *((f"generated:{f}", 2) for f in GENERATED)],
    ids=lambda v: _id(v) if isinstance(v, str) else f"{v}-workers",
)
def test_a_streamed_recompute_of_an_export_equals_the_table_recompute(
    which: str, workers: int, generated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "SPLIT_ROWS", 100)
    monkeypatch.setenv(WORKERS_ENV, str(workers))
    path = export(which, generated)
    blocks_of(path, monkeypatch)
    got = api.recompute_streamed(path, by=("campaign", "agent", "day"))
    assert got is not None, "the export is recomputed without its call table"
    table = read_calls(path, timezone="UTC", streamed=False)
    assert got.rows == len(table)
    assert_same_values(got.metrics, api.recompute(table, by=("campaign", "agent", "day")))
    assert list(got.issues) == [i for i in table.issues]


@pytest.mark.parametrize("which", [*(str(p) for p in FIXTURE_EXPORTS), *(f"generated:{f}" for f in GENERATED)], ids=_id)
def test_a_streamed_audit_of_an_export_equals_the_table_audit(
    which: str, generated: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "SPLIT_ROWS", 100)
    monkeypatch.setattr(streaming, "AUDIT_SPLIT_ROWS", 100)
    path = export(which, generated)
    blocks_of(path, monkeypatch, count=6)
    engagement = tmp_path / "engagement.yaml"
    engagement.write_text(ENGAGEMENT, encoding="utf-8")
    monkeypatch.setattr(api, "STREAMED_AUDIT_ROWS", 0)  # every file is big
    recomputed = api.recompute_streamed
    streamed: list[bool] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        result = recomputed(*args, **kwargs)
        streamed.append(result is not None and result.audit is not None)
        return result

    monkeypatch.setattr(api, "recompute_streamed", spy)
    usual, big = audit_both(path, engagement, monkeypatch)
    assert streamed == [True], "the big audit read the export split by split"
    assert big.calls_count == usual.calls_count
    assert_same_values(big.metrics, usual.metrics)
    assert comparable(big) == comparable(usual)


@pytest.mark.parametrize("fmt", ["asterisk", "twilio", "five9"])
def test_a_streamed_sample_of_an_export_equals_the_table_sample(
    fmt: str, generated: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "AUDIT_SPLIT_ROWS", 100)
    blocks_of(generated[fmt], monkeypatch, count=6)
    drawn: list[int] = []
    sample_files = api.sample_files

    def spy(*args: Any, **kwargs: Any) -> Any:
        result = sample_files(*args, **kwargs)  # raises when it cannot stream (the table path then draws)
        drawn.append(len(result.frame))
        return result

    monkeypatch.setattr(api, "sample_files", spy)
    table, streamed = sample_both(generated[fmt], monkeypatch, strata=["campaign"], seed=3)
    assert drawn == [len(streamed.frame)], "the export was sampled split by split"
    assert len(streamed.frame) > 10
    assert_same_sample(table, streamed)


def test_legs_further_apart_than_the_window_count_twice_and_are_reported(
    small_blocks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = real("asterisk_master_csv_ru/Master.csv")  # 84 legs, 36 calls; legs of a call up to 6 lines apart
    monkeypatch.setattr(cdr_asterisk, "LEG_WINDOW", 2)
    streamed = read_calls(path)
    whole = read_calls(path, streamed=False)
    assert len(whole) == 36 and len(streamed) > 36
    duplicate = next(i for i in streamed.issues if i.code == "duplicate_call_id")  # not silent: the split calls show
    assert duplicate.count > len(streamed) - 36  # each split call id: its parts, one more row than the calls it adds


def test_a_child_leg_whose_parent_is_blocks_away_is_left_out(tmp_path: Path, small_blocks: None) -> None:
    header = "Call Sid,Parent Call Sid,From,To,Status,Start Time,Duration\n"
    child = "CAchild,CAparent,+15550000000,+15551110000,completed,2026-10-01 09:00:00 UTC,30\n"
    others = "".join(
        f"CA{i:04d},,+15550000000,+1555222{i:04d},no-answer,2026-10-01 10:{i % 60:02d}:00 UTC,0\n" for i in range(60)
    )
    parent = "CAparent,,+15550000000,+15551110000,completed,2026-10-01 09:00:00 UTC,31\n"
    path = tmp_path / "calls.csv"
    path.write_text(header + child + others + parent, encoding="utf-8")
    streamed, whole = read_calls(path), read_calls(path, streamed=False)
    assert len(streamed) == len(whole) == 61
    assert "CAchild" not in set(streamed.frame["call_id"])
    assert_same_table(streamed, whole)


def test_the_engagement_value_tables_win_over_those_a_five9_block_brings(small_blocks: None) -> None:
    path = INGEST / "five9" / "call_log.csv"
    whole = read_calls(path, streamed=False)
    value = str(pd.read_csv(path, dtype=str)["DISPOSITION"].dropna().iloc[0])
    assert whole.frame["disposition"].iloc[0] != "rejected"
    mine = {value: "rejected"}
    streamed, whole = read_calls(path, dispositions=mine), read_calls(path, dispositions=mine, streamed=False)
    assert streamed.frame["disposition"].iloc[0] == "rejected"
    assert_same_table(streamed, whole)


def test_the_issues_of_two_exports_add_up_one_per_code(tmp_path: Path, small_blocks: None) -> None:
    source = INGEST / "asterisk" / "Master_21col_ring_groups.csv"
    copy = tmp_path / "Master_again.csv"
    copy.write_bytes(source.read_bytes())
    one = {i.code: i for i in read_calls(source).issues}
    for streamed in (True, False):
        two = read_calls([source, copy], streamed=streamed)
        codes = [i.code for i in two.issues]
        assert len(codes) == len(set(codes))
        legs = next(i for i in two.issues if i.code == "multi_leg_calls")
        assert legs.count == 2 * one["multi_leg_calls"].count
        assert legs.details["legs"] == 2 * one["multi_leg_calls"].details["legs"]
        assert legs.message.startswith(f"{legs.details['legs']:,} CDR legs are {legs.details['calls']:,} calls")


def test_a_row_pyarrow_cannot_read_leaves_the_file_to_the_whole_file_reader(tmp_path: Path, small_blocks: None) -> None:
    lines = (INGEST / "asterisk" / "Master_21col_ring_groups.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "Master.csv"
    path.write_text("\n".join([*lines, *lines[:3], lines[3] + ',"extra field"']) + "\n", encoding="utf-8")
    with pytest.raises(RecordFormatError) as raised:
        read_calls(path)
    assert str(path) in str(raised.value)


def test_a_quoted_field_after_a_space_is_read_as_the_whole_file_reader_reads_it(tmp_path: Path, small_blocks: None) -> None:
    path = tmp_path / "calls.csv"
    rows = "".join(f'c{i}, "2026-10-01 09:{i:02d}:00", "1390000{i:04d}", "answered", 40\n' for i in range(30))
    path.write_text("call_id,start_time,phone,disposition,talk_s\n" + rows, encoding="utf-8")
    streamed, whole = read_calls(path), read_calls(path, streamed=False)
    assert streamed.frame["disposition"].eq("answered").all()
    assert_same_table(streamed, whole)


def _master(calls: list[tuple[int, list[str]]]) -> str:
    """A 21-column Master.csv: each call's legs on adjacent lines (linkedid shared)."""
    lines = []
    for number, legs in calls:
        for leg, disposition in enumerate(legs):
            start = f"2026-10-01 {9 + number // 60:02d}:{number % 60:02d}:{leg:02d}"
            talk = 20 + number if disposition == "ANSWERED" else 0
            fields = [
                "",
                "100",
                f"1390000{number:04d}",
                "from-internal",
                '"agent" <100>',
                "SIP/100-1",
                f"SIP/trunk-{leg}",
                "Dial",
                "SIP/trunk",
                start,
                start if talk else "",
                start,
                str(talk + 5),
                str(talk),
                disposition,
                "DOCUMENTATION",
                f"1791191640.{number * 10 + leg}",
                "",
                "",
                f"1791191640.{number * 10}",
                str(leg),
            ]
            lines.append(",".join(f'"{f}"' if not f.isdigit() else f for f in fields))
    return "\n".join(lines) + "\n"


LEG = st.sampled_from(["ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    legs=st.lists(st.lists(LEG, min_size=1, max_size=4), min_size=1, max_size=40),
    block_bytes=st.integers(200, 3000),
    window=st.integers(4, 12),
)
def test_legs_never_split_whatever_the_block_size(
    legs: list[list[str]], block_bytes: int, window: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "Master.csv"
    path.write_text(_master(list(enumerate(legs))), encoding="utf-8")
    monkeypatch.setattr(blocks, "BLOCK_BYTES", block_bytes)
    monkeypatch.setattr(blocks, "READ_BYTES", block_bytes)
    monkeypatch.setattr(cdr_asterisk, "LEG_WINDOW", window)  # at least the most legs of a call: adjacent legs stay together
    streamed = read_calls(path)
    assert len(streamed) == len(legs)
    assert streamed.frame["disposition"].eq("answered").sum() == sum("ANSWERED" in call for call in legs)
    assert_same_table(streamed, read_calls(path, streamed=False))


def _blocks(path: Path) -> Iterator[RawBatch]:
    return cdr_asterisk.AsteriskReader().iter_batches(path)


def test_held_back_blocks_are_whole_lines_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "Master.csv"
    path.write_text(_master([(n, ["NO ANSWER", "ANSWERED"]) for n in range(50)]), encoding="utf-8")
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 900)
    monkeypatch.setattr(blocks, "READ_BYTES", 900)
    monkeypatch.setattr(cdr_asterisk, "LEG_WINDOW", 3)
    read = list(_blocks(path))
    assert len(read) > 5
    rows = [row for raw in read for row in raw.frame()["source_row"].tolist()]
    assert rows == list(range(1, 101))  # every line once, in file order
    for raw in read:
        assert raw.frame()["linkedid"].value_counts().eq(2).all()  # no call's legs straddle two blocks
    plain = CsvText.open(path).batches(list(cdr_asterisk.LAYOUTS[21]), header=False)
    assert max(len(raw) for raw in read) <= max(len(raw) for raw in plain) + 2 * 3  # at most 2 windows held back
