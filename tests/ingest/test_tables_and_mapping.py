"""Value tables (data, docs, overrides), mapping files and the cross-row checks."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.errors import ConfigError
from auditor.ingest import checks, read_calls
from auditor.ingest.adapters._common import infer_date_order, to_iso_dates
from auditor.ingest.adapters.mapped import parse_mapping
from auditor.ingest.checks import near_duplicates, outside_period
from auditor.ingest.dispositions_doc import dispositions_markdown
from auditor.ingest.tables import all_tables, load_table, parse_table
from tests.conftest import FIXTURES, ROOT, make_calls

INGEST = FIXTURES / "ingest"


def test_generated_disposition_docs_are_current() -> None:
    assert (ROOT / "docs" / "dispositions.md").read_text(encoding="utf-8") == dispositions_markdown(), (
        "run: python scripts/make_docs.py"
    )


def test_every_table_loads_and_documents_its_source() -> None:
    names = {t.name for t in all_tables()}
    assert names == {"asterisk", "chinese_labels", "five9", "q850", "sip", "twilio", "vicidial"}
    for table in all_tables():
        assert table.title and table.source and table.dispositions()


@pytest.mark.parametrize(
    ("table", "invalid"),
    [
        ("q850", {"1", "unallocated number", "22", "number changed", "28", "invalid number format"}),
        ("sip", {"sip 404", "sip 410", "sip 484", "sip 604"}),
    ],
)
def test_only_the_listed_causes_are_invalid_numbers(table: str, invalid: set[str]) -> None:
    found = {k for k, v in load_table(table).dispositions().items() if v.value == "invalid_number"}
    assert found == invalid


@pytest.mark.parametrize(
    ("label", "disposition"),
    [
        ("空号", "invalid_number"),
        ("停机", "invalid_number"),
        ("关机", "no_answer"),
        ("忙线", "busy"),
        ("拒接", "rejected"),
        ("无人接听", "no_answer"),
        ("已接通", "answered"),
    ],
)
def test_chinese_labels_of_the_issue(label: str, disposition: str) -> None:
    assert load_table("chinese_labels").dispositions()[label].value == disposition


def test_bad_table_entry_names_the_file() -> None:
    with pytest.raises(ConfigError, match="mine.yaml"):
        parse_table({"entries": [{"values": ["X"], "disposition": "connected-ish"}]}, "mine.yaml")


def test_engagement_table_overrides_the_adapter_table() -> None:
    path = INGEST / "vicidial" / "vicidial_log.csv"
    base = read_calls(path).frame["disposition"].value_counts()
    moved = read_calls(path, dispositions={"XFER": "abandoned", "WEIRD": "failed"}).frame["disposition"].value_counts()
    assert moved["abandoned"] == base["abandoned"] + 1 and moved["answered"] == base["answered"] - 1
    assert moved["failed"] == base.get("failed", 0) + 1


def test_mapping_without_columns_adds_values_to_the_detected_adapter(tmp_path: Path) -> None:
    mapping = tmp_path / "values.yaml"
    mapping.write_text("dispositions:\n  Mystery Outcome: rejected\n", encoding="utf-8")
    table = read_calls(INGEST / "five9" / "call_log.csv", mapping=mapping)
    assert "unmapped_disposition" not in {i.code for i in table.issues}
    assert int((table.frame["disposition"] == "rejected").sum()) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns: {call_id: A, phone: B, start_time: C}\n", "disposition"),
        ("columns: {call_id: A, phone: B, start_time: C, disposition: D, nonsense: E}\n", "columns.nonsense"),
        ("columns: {call_id: A, phone: B, start_time: C, disposition: D}\ntimezone: Mars/Base\n", "Mars/Base"),
        ("columns: {call_id: A, phone: B, start_time: C, disposition: D}\ndispositions: {ok: great}\n", "'great'"),
        ("colums: {}\n", "colums"),
    ],
)
def test_bad_mapping_file_names_the_problem_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        read_calls(INGEST / "mapped" / "vendor_export.csv", mapping=path)
    assert caught.value.location is not None and caught.value.location.file == str(path)


def test_mapping_that_names_a_missing_column_says_which(tmp_path: Path) -> None:
    from auditor.errors import RecordFormatError

    mapping = parse_mapping(
        {"columns": {"call_id": "Nope", "phone": "Ziel", "start_time": "Wann", "disposition": "Ergebnis"}, "delimiter": ";"}
    )
    with pytest.raises(RecordFormatError, match="Nope"):
        read_calls(INGEST / "mapped" / "vendor_export.csv", mapping=mapping)


def test_near_duplicates_flag_both_rows_of_a_resent_dial() -> None:
    table = make_calls(
        [
            {"call_id": "a", "phone": "13900001111", "start_time": "2026-10-01 10:00:00"},
            {"call_id": "b", "phone": "13900001111", "start_time": "2026-10-01 10:00:04"},
            {"call_id": "c", "phone": "13900001111", "start_time": "2026-10-01 10:00:30"},
            {"call_id": "d", "phone": "13800001111", "start_time": "2026-10-01 10:00:01"},
        ]
    )
    found = near_duplicates(table)
    assert found is not None and found.count == 2
    assert near_duplicates(table, within_s=1.0) is None


@settings(deadline=None)  # builds tables in parts: slow on a loaded machine, and time is not what it tests
@given(
    dials=st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 40), st.sampled_from(["a", "b", "c", None])), min_size=2, max_size=60
    )
)
def test_near_duplicates_of_a_big_table_checked_in_parts_are_the_same(dials: list[tuple[int, int, str | None]]) -> None:
    """A big table is checked a part of the numbers at a time; the rows found do not depend on the parts."""
    table = make_calls(
        [
            {"call_id": call_id, "phone": f"1390000{number:04d}", "start_time": f"2026-10-01 10:00:{second:02d}"}
            for number, second, call_id in dials
        ]
    )
    whole = checks.near_duplicate_rows(table.frame)
    original = checks.PART_ROWS
    try:
        checks.PART_ROWS = 3  # parts of about three rows
        parted = checks.near_duplicate_rows(table.frame)
    finally:
        checks.PART_ROWS = original
    assert (whole is None) == (parted is None) or not (whole if whole is not None else parted).any()
    if whole is not None and parted is not None:
        assert whole.tolist() == parted.tolist()


def test_outside_period_counts_calls_before_and_after() -> None:
    table = make_calls(
        [{"start_time": t} for t in ("2026-09-30 23:59:00", "2026-10-01 00:00:00", "2026-10-31 23:59:59", "2026-11-01 00:00:00")]
    )
    found = outside_period(table, [(date(2026, 10, 1), date(2026, 10, 31))])
    assert found is not None and found.count == 2
    assert outside_period(table, []) is None


def test_outside_period_uses_the_local_date_not_utc() -> None:
    """01:00 on 1 October in Shanghai is 30 September in UTC: inside an October period all the same."""
    rows = [{"start_time": t} for t in ("2026-10-01 01:00:00+08:00", "2026-11-01 07:00:00+08:00", "2026-10-31 23:30:00+08:00")]
    local = make_calls(rows, timezone="Asia/Shanghai")
    # the readers hold times in UTC, with the engagement's zone beside them
    table = dataclasses.replace(local, frame=local.frame.assign(start_time=local.frame["start_time"].dt.tz_convert("UTC")))
    found = outside_period(table, [(date(2026, 10, 1), date(2026, 10, 31))])
    assert found is not None and found.count == 1
    assert found.examples[0].endswith("'2026-10-31 23:00:00+00:00'")  # 1 November 07:00 in Shanghai


def test_audit_reports_calls_outside_the_engagement_period(tmp_path: Path) -> None:
    from auditor import api

    engagement = tmp_path / "e.yaml"
    engagement.write_text("period: 2026-10-05\ntimezone: UTC\n", encoding="utf-8")
    table = api.read_calls(INGEST / "twilio" / "call_log.csv", engagement)
    result = api.audit(calls=INGEST / "asterisk" / "freepbx_dayfirst_no_callid.csv", engagement=engagement)
    codes = {i.code: i.count for i in result.data_quality}
    assert codes["outside_report_period"] == 6 and len(table) == 7


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
    st.sampled_from(["dmy", "mdy"]),
    st.sampled_from(["/", ".", "-"]),
    st.booleans(),
)
def test_year_last_dates_round_trip_to_iso(moment: datetime, order: str, sep: str, short_year: bool) -> None:
    year = f"{moment.year % 100:02d}" if short_year else str(moment.year)
    first, second = (moment.day, moment.month) if order == "dmy" else (moment.month, moment.day)
    text = pd.Series([f"{first}{sep}{second}{sep}{year} {moment:%H:%M:%S}"])
    assert to_iso_dates(text, order).iloc[0] == f"{moment:%Y-%m-%d %H:%M:%S}"
    detected, ambiguous = infer_date_order(text)
    assert ambiguous == (moment.day <= 12) and (ambiguous or detected == order)


def test_cli_recompute_reads_an_unknown_export_through_a_mapping_file() -> None:
    from click.testing import CliRunner

    from auditor.cli import cli

    case = INGEST / "mapped"
    result = CliRunner().invoke(
        cli,
        [
            "recompute",
            "--calls",
            str(case / "vendor_export.csv"),
            "--mapping",
            str(case / "vendor_export.mapping.yaml"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    import json

    total = next(m for m in json.loads(result.output) if m["metric"] == "total_dials")
    assert total["value"] == 7


def test_cli_bad_mapping_exits_2_without_traceback(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from auditor.cli import cli

    bad = tmp_path / "bad.yaml"
    bad.write_text("columns: {call_id: A}\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["recompute", "--calls", str(INGEST / "mapped" / "vendor_export.csv"), "--mapping", str(bad)]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output and "bad.yaml" in result.output


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from(["ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION", "ODD"])),
        min_size=1,
        max_size=30,
    )
)
def test_collapsing_legs_keeps_one_call_per_linkedid_answered_if_any_leg_was(legs: list[tuple[int, str]]) -> None:
    from auditor.ingest.adapters.cdr_asterisk import collapse_legs

    frame = pd.DataFrame(
        {
            "call_id": [f"L{k}" for k, _ in legs],
            "disposition": [d for _, d in legs],
            "start_time": [f"2026-10-01 10:{i:02d}:00" for i in range(len(legs))],
            "source_file": "x.csv",
            "source_row": range(1, len(legs) + 1),
        }
    )
    calls, note = collapse_legs(frame)
    assert sorted(calls["call_id"]) == sorted({f"L{k}" for k, _ in legs})
    for key, group in frame.groupby("call_id"):
        kept = calls.loc[calls["call_id"] == key].iloc[0]
        assert (kept["disposition"] == "ANSWERED") == (group["disposition"] == "ANSWERED").any()
        assert kept["start_time"] == group["start_time"].min()
    assert note.count == len(frame) - len(calls)
    assert note.details["calls_with_several_legs"] == int((frame["call_id"].value_counts() > 1).sum())


def test_mapping_zone_across_a_dst_change_is_not_mixed_time_zones(tmp_path: Path) -> None:
    calls = tmp_path / "calls.csv"
    calls.write_text(
        "id,when,to,result\na,2026-10-24 10:00:00,13900001111,ok\nb,2026-10-26 10:00:00,13900002222,ok\n", encoding="utf-8"
    )
    mapping = parse_mapping(
        {
            "columns": {"call_id": "id", "start_time": "when", "phone": "to", "disposition": "result"},
            "dispositions": {"ok": "answered"},
            "timezone": "Europe/Berlin",
        }
    )
    table = read_calls(calls, mapping=mapping, timezone="UTC")
    assert [t.hour for t in table.frame["start_time"]] == [8, 9]  # CEST then CET
    assert "mixed_timezones" not in {i.code for i in table.issues}


def test_naive_times_beside_zoned_ones_are_read_in_the_engagement_zone() -> None:
    """A column mixing 10:00 and 10:09+08:00: the naive one is local time, not UTC (pandas' default when parsed together)."""
    table = make_calls(
        [
            {"call_id": "a", "phone": "13900001111", "start_time": "2026-10-01 10:00:00"},
            {"call_id": "b", "phone": "13900001112", "start_time": "2026-10-01 10:09:00+08:00"},
            {"call_id": "c", "phone": "13900001113", "start_time": "2026-10-01 02:30:00Z"},
        ],
        timezone="Asia/Shanghai",
    )
    shown = [t.strftime("%Y-%m-%d %H:%M") for t in table.frame["start_time"]]
    assert shown == ["2026-10-01 10:00", "2026-10-01 10:09", "2026-10-01 10:30"]


#: How a timestamp may carry its zone, and the label the offset tally gives it.
WRITTEN_ZONES = [("", "(none)"), ("Z", "+0000"), (" UTC", "+0000"), (" GMT", "+0000"), ("+08:00", "+0800"), ("-0530", "-0530")]


@given(st.lists(st.tuples(st.sampled_from(WRITTEN_ZONES), st.sampled_from([" ", "T"])), min_size=1, max_size=30))
def test_each_timestamp_is_labelled_with_the_offset_it_is_written_with(written: list[tuple[tuple[str, str], str]]) -> None:
    values = [f"2026-10-01{sep}09:32:01{zone}" for (zone, _), sep in written]
    text = pd.array([*values, None, "  "], dtype="string[pyarrow]")
    raw = pd.DataFrame({"start_time": text, "source_file": "calls.csv", "source_row": range(2, len(text) + 2)})
    labels = checks.offset_labels(raw)
    assert labels is not None
    assert labels.tolist() == [label for (_, label), _ in written]  # blanks left out
    tally = checks.OffsetTally()
    tally.add(raw)
    assert tally.counts == pd.Series([label for (_, label), _ in written]).value_counts().to_dict()
