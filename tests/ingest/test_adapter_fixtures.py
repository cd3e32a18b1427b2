"""Every adapter against the generated fixtures (scripts/make_ingest_fixtures.py): detection, calls, dispositions, issues."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml

from auditor.ingest import read_calls
from auditor.ingest.readers import detect_reader
from tests.conftest import FIXTURES

INGEST = FIXTURES / "ingest"
CASES: list[dict[str, Any]] = yaml.safe_load((INGEST / "expected.yaml").read_text(encoding="utf-8"))["cases"]


def _read(case: dict[str, Any]):  # type: ignore[no-untyped-def]
    mapping = INGEST / case["mapping"] if "mapping" in case else None
    return read_calls(INGEST / case["file"], mapping=mapping, timezone="UTC")


@pytest.mark.parametrize("case", [c for c in CASES if c["reader"] != "mapped"], ids=lambda c: c["file"])
def test_format_is_detected(case: dict[str, Any]) -> None:
    assert detect_reader(INGEST / case["file"]).name == case["reader"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["file"])
def test_calls_and_dispositions_match_the_generated_truth(case: dict[str, Any]) -> None:
    table = _read(case)
    assert len(table) == case["calls"]
    counts = table.frame["disposition"].value_counts()
    assert {k: int(v) for k, v in counts.items() if v} == case["dispositions"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["file"])
def test_data_quality_issues_match_the_generated_truth(case: dict[str, Any]) -> None:
    table = _read(case)
    assert {i.code: i.count for i in table.issues} == case["issues"]
    for issue in table.issues:
        assert issue.examples, issue.code  # every issue points at rows


@pytest.mark.parametrize("case", [c for c in CASES if "opt_out" in c], ids=lambda c: c["file"])
def test_status_flags_set_opt_out_follow_up_and_conversion(case: dict[str, Any]) -> None:
    frame = _read(case).frame
    assert int(frame["opt_out"].fillna(False).sum()) == case["opt_out"]
    assert int(frame["follow_up"].fillna(False).sum()) == case["follow_up"]
    assert int((frame["outcome"] == "converted").sum()) == case["converted"]


def test_day_first_dates_are_read_day_first_when_a_day_exceeds_12() -> None:
    case = next(c for c in CASES if c["file"].endswith("freepbx_dayfirst_no_callid.csv"))
    days = _read(case).frame["start_time"].dt.date.astype(str)
    assert (days.min(), days.max()) == (case["first_day"], case["last_day"])


def test_mapping_reads_naive_times_in_its_own_zone_and_scales_milliseconds() -> None:
    case = next(c for c in CASES if c["reader"] == "mapped")
    frame = _read(case).frame
    assert str(frame["start_time"].iloc[0]).startswith(case["first_utc"])  # 08:xx Shanghai = 00:xx UTC
    assert frame["talk_s"].max() < 301 and frame["talk_s"].max() > 10


def test_json_cdr_takes_the_originally_dialled_number_and_sip_status() -> None:
    case = next(c for c in CASES if c["reader"] == "freeswitch-json")
    frame = _read(case).frame
    assert frame["phone"].iloc[0] == case["phone"]


def test_asterisk_ring_group_counts_one_call_with_the_answered_leg(tmp_path: Path) -> None:
    table = read_calls(INGEST / "asterisk" / "Master_21col_ring_groups.csv")
    note = next(i for i in table.issues if i.code == "multi_leg_calls")
    assert note.details["legs"] - note.details["calls"] == note.count
    assert table.frame["call_id"].is_unique


def test_vicidial_campaign_is_the_campaign_id_not_the_list_id() -> None:
    path = INGEST / "vicidial" / "vicidial_log.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["list_id"] for r in rows}.isdisjoint({r["campaign_id"] for r in rows})  # the two columns tell apart
    frame = read_calls(path).frame
    assert sorted(frame["campaign"].astype(str)) == sorted(r["campaign_id"] for r in rows if r["status"] not in ("NEW", "QUEUE"))
