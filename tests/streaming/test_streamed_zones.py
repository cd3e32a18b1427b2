"""A big file decides the same zone as the same file read whole, and gives the same audit, however its offsets run."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from auditor import api
from auditor.ingest import blocks, read_calls
from auditor.streaming import recompute as streaming
from tests.streaming.test_streamed_audit import audit_both, comparable
from tests.streaming.test_streamed_recompute import assert_same_values
from tests.zones import CASES, case_named, honest_dials, write_case

#: Cases whose first rows decide otherwise than the whole file (a DST change later on), or nothing at all.
STREAMED = [c for c in CASES if c["name"] in ("new_york_across_dst_end", "naive_without_zone", "shanghai_offset")]


def _late_dials(case: dict[str, Any]) -> Any:
    """The case's honest dials and three outside the window on the first day, so the zone shows in findings."""
    return honest_dials(case["zone"], case["first_day"], case["days"], seed=case["name"], extra_hours=(22.5, 6.0, 23.0))


@pytest.mark.parametrize("case", STREAMED, ids=lambda c: c["name"])
def test_a_streamed_audit_decides_the_zone_of_the_table_audit(
    case: dict[str, Any], tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_case(case, tmp_path, _late_dials(case))
    usual, big = audit_both(files["calls"], files["engagement"], monkeypatch)
    assert big.engagement["timezone"] == usual.engagement["timezone"] == case["expect"]["timezone"]
    assert big.engagement["timezone_source"] == case["expect"]["source"]
    assert_same_values(big.metrics, usual.metrics)
    assert comparable(big) == comparable(usual)
    assert [f.evidence["count"] for f in big.findings if f.evidence.get("check") == "outside_window"] == [3]


def test_a_dst_change_after_the_first_rows_reads_the_file_again(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first rows say -04:00 only; the file says America/New_York: the blocks are read again in it, once."""
    case = {**case_named("new_york_across_dst_end"), "first_day": date(2025, 10, 28), "days": 8}
    files = write_case(case, tmp_path, _late_dials(case))
    runs: list[str] = []
    real = streaming._recompute_in

    def counted(template: Any, *args: Any, **kwargs: Any) -> Any:
        runs.append(template.timezone)
        return real(template, *args, **kwargs)

    monkeypatch.setattr(streaming, "_recompute_in", counted)
    result = api.audit(calls=files["calls"], engagement=files["engagement"])
    assert runs == ["UTC-04:00", "America/New_York"]
    assert result.engagement["timezone"] == "America/New_York"


@pytest.mark.parametrize("name", ["new_york_across_dst_end", "london_across_dst_start", "naive_without_zone"])
def test_blocks_read_in_this_process_give_the_whole_file_table(name: str, small_parts: None, tmp_path: Path) -> None:
    case = case_named(name)
    path = write_case(case, tmp_path, _late_dials(case))["calls"]
    assert len(list(blocks.iter_csv_blocks(path))) > 1
    streamed, whole = read_calls(path), read_calls(path, streamed=False)
    assert streamed.zone == whole.zone and streamed.timezone == whole.timezone == streamed.zone.name
    assert list(streamed.frame["start_time"]) == list(whole.frame["start_time"])
    assert streamed.issues == whole.issues
