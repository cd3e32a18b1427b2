"""Time as the records mean it: offsets are local wall clock, the engagement's or the mapping's zone wins, naive is assumed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor import api
from auditor.findings import ASSUMPTIONS, Category, Finding, Severity
from auditor.ingest.checks import offset_labels
from auditor.ingest.table import CallTable
from auditor.ingest.zone import ZoneEvidence, candidate_zones, decide_zone
from auditor.result import AuditResult
from auditor.scope import Scope
from tests.conftest import FIXTURES
from tests.zones import CASES, DIALS_PER_DAY, case_named, honest_dials, write_case

LOCAL_CHECKS = ("outside_window", "over_daily_cap", "over_weekly_cap")


def _audit(files: dict[str, Path]) -> AuditResult:
    return api.audit(calls=files["calls"], engagement=files["engagement"], mapping=files.get("mapping"))


def _checks(result: AuditResult, check: str) -> list[Finding]:
    return [f for f in result.findings if f.evidence.get("check") == check]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_an_honest_operation_is_judged_on_its_own_clock(case: dict[str, Any], tmp_path: Path) -> None:
    files = write_case(case, tmp_path)
    result = _audit(files)
    expect = case["expect"]
    assert (result.engagement["timezone"], result.engagement["timezone_source"]) == (expect["timezone"], expect["source"])
    loud = [f.message for f in result.findings if f.category is Category.COMPLIANCE and f.severity >= Severity.MEDIUM]
    assert loud == []
    assert [f.message for check in LOCAL_CHECKS for f in _checks(result, check)] == []
    hours = result.charts["calls_by_hour"]
    assert hours["timezone"] == expect["timezone"]
    assert {h["hour"] for h in hours["hours"] if h["dials"]} <= set(range(9, 20))  # 09:00-20:00 on the vendor's clock
    zone_warnings = [w for w in result.warnings if "time zone" in w or "call times read as" in w]
    assert bool(zone_warnings) == expect["assumed"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_local_days_are_the_days_the_dials_were_placed(case: dict[str, Any], tmp_path: Path) -> None:
    files = write_case(case, tmp_path)
    metrics = api.recompute(files["calls"], files["engagement"], by=["day"], mapping=files.get("mapping"))
    placed = honest_dials(case["zone"], case["first_day"], case["days"], seed=case["name"]).per_day
    per_day = {v.scope.period: v.value for v in metrics.values if v.metric == "total_dials" and v.scope.period}
    assert per_day == {day: float(n) for day, n in placed.items()}
    first = case["first_day"].isoformat()
    scoped = api.recompute(files["calls"], files["engagement"], scopes=[Scope(period=first)], mapping=files.get("mapping"))
    found = scoped.get("total_dials", Scope(period=first))
    assert found is not None and found.value == DIALS_PER_DAY


def test_the_engagement_zone_wins_over_the_offsets(tmp_path: Path) -> None:
    """Dials at 09:00-20:00 +08:00 are 04:00-15:00 in Moscow: the engagement's zone says so, without an assumption."""
    case = {**case_named("shanghai_offset"), "engagement": "Europe/Moscow"}
    result = _audit(write_case(case, tmp_path))
    assert result.engagement["timezone_source"] == "engagement"
    (found,) = _checks(result, "outside_window")
    assert found.evidence["timezone"] == "Europe/Moscow" and found.evidence["timezone_source"] == "engagement"
    assert not found.evidence.get(ASSUMPTIONS)
    assert found.severity is Severity.HIGH
    assert "Europe/Moscow, the engagement's timezone" in found.message
    hours = {h["hour"] for h in result.charts["calls_by_hour"]["hours"] if h["dials"]}
    assert hours <= set(range(4, 15))


def test_naive_times_without_a_zone_keep_their_wall_clock_and_findings_say_it_is_assumed(tmp_path: Path) -> None:
    case = case_named("naive_without_zone")
    records = honest_dials(case["zone"], case["first_day"], case["days"], seed="late", extra_hours=(22.5, 23.25, 6.0))
    result = _audit(write_case(case, tmp_path, records))
    (found,) = _checks(result, "outside_window")
    assert found.evidence["count"] == 3
    assert found.severity is Severity.MEDIUM and found.evidence["severity_before_cap"] == "high"
    assert found.evidence["timezone_source"] == "assumed" and found.evidence["timezone"] == "records' clock"
    assert any("time zone assumed" in a for a in found.evidence[ASSUMPTIONS])
    assert "assumed" in found.message
    by_hour = {h["hour"]: h["dials"] for h in result.charts["calls_by_hour"]["hours"]}
    assert (by_hour[22], by_hour[23], by_hour[6]) == (1, 1, 1)  # the hours as written
    assert any("naive call times were taken as the vendor's local wall clock" in w for w in result.warnings)


def test_a_mapping_zone_is_used_for_window_caps_days_and_charts(tmp_path: Path) -> None:
    case = case_named("naive_with_mapping_zone")
    records = honest_dials(case["zone"], case["first_day"], case["days"], seed="map", extra_hours=(21.5,))
    tz = ZoneInfo(case["zone"])
    again = records.dials[0]  # one number dialled four times on one local day: one beyond the cap of 3
    for minutes in (5, 10, 15):
        records.dials.append(type(again)(again.local + timedelta(minutes=minutes), again.phone))
    result = _audit(write_case(case, tmp_path, records))
    assert not [w for w in result.warnings if "time zone" in w]
    (late,) = _checks(result, "outside_window")
    (capped,) = _checks(result, "over_daily_cap")
    for found in (late, capped):
        assert (found.evidence["timezone"], found.evidence["timezone_source"]) == ("America/Chicago", "mapping")
        assert not found.evidence.get(ASSUMPTIONS)
    assert late.evidence["count"] == 1 and late.severity is Severity.HIGH
    assert late.evidence["examples"][0]["recipient_local_time"].endswith("21:30:00")
    assert capped.evidence["count"] == 1
    assert result.charts["calls_by_hour"]["timezone"] == "America/Chicago"
    assert again.local.tzinfo is tz


def test_a_mapping_zone_places_naive_times_and_the_engagement_zone_reads_them(tmp_path: Path) -> None:
    """Naive 09:00-20:00 Chicago times under a London engagement: 14:00-01:00 London (CDT), 15:00-02:00 (CST)."""
    case = {**case_named("naive_with_mapping_zone"), "engagement": "Europe/London"}
    result = _audit(write_case(case, tmp_path))
    assert result.engagement["timezone"] == "Europe/London"
    hours = {h["hour"] for h in result.charts["calls_by_hour"]["hours"] if h["dials"]}
    assert hours <= {*range(14, 24), 0, 1} and hours & {0, 1} and 14 in hours
    (late,) = _checks(result, "outside_window")
    assert late.evidence["timezone_source"] == "engagement"


def test_utc_only_times_are_an_assumed_local_clock(tmp_path: Path) -> None:
    """Times written in UTC state the instant, not the callers' clock: the window is judged with the assumption."""
    case = {**case_named("utc_instants_with_engagement_zone"), "engagement": None}
    result = _audit(write_case(case, tmp_path))
    assert (result.engagement["timezone"], result.engagement["timezone_source"]) == ("UTC", "assumed")
    findings = _checks(result, "outside_window")  # Los Angeles 09:00-20:00 is 16:00-03:00 UTC
    assert findings and all(f.severity <= Severity.MEDIUM and f.evidence[ASSUMPTIONS] for f in findings)
    assert any("written in UTC" in w for w in result.warnings)


def test_a_called_party_zone_reads_true_instants(tmp_path: Path) -> None:
    case = case_named("shanghai_offset")
    files = write_case(case, tmp_path)
    files["engagement"].write_text("called_party_timezone: Asia/Tokyo\n", encoding="utf-8")
    result = _audit(files)
    hours = result.charts["calls_by_hour"]
    assert (hours["timezone"], hours["timezone_source"]) == ("Asia/Tokyo", "engagement")
    assert {h["hour"] for h in hours["hours"] if h["dials"]} <= set(range(10, 21))


# --- the zone the offsets decide ---------------------------------------------------------------------------------


def _written(instants: list[datetime], zone: str) -> pd.Series:
    return pd.Series([t.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds") for t in instants], dtype="string")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone=st.sampled_from(candidate_zones()),
    instants=st.lists(
        st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)),
        min_size=1,
        max_size=25,
    ),
)
def test_times_written_with_their_offsets_read_back_on_their_own_wall_clock(zone: str, instants: list[datetime]) -> None:
    instants = [t.replace(microsecond=0) for t in instants]
    text = _written(instants, zone)
    frame = pd.DataFrame({"call_id": [f"c{i}" for i in range(len(text))], "start_time": text, "phone": "13900000000"})
    frame["disposition"] = "answered"
    table = CallTable.from_frame(frame, timezone=None)
    wall = table.frame["start_time"].dt.tz_localize(None)
    assert list(wall) == [pd.Timestamp(t.astimezone(ZoneInfo(zone)).replace(tzinfo=None)) for t in instants]
    assert list(table.frame["start_time"].dt.tz_convert("UTC")) == [pd.Timestamp(t) for t in instants]
    decided = table.zone
    offsets = {t.astimezone(ZoneInfo(zone)).utcoffset() for t in instants}
    if offsets == {timedelta(0)}:
        assert decided.source == "assumed"  # UTC states the instant, not the local clock
    else:
        assert decided.source == "offset"
        for t in instants:  # a zone consistent with every (instant, offset) pair written
            assert pd.Timestamp(t).tz_convert(decided.name).utcoffset() == t.astimezone(ZoneInfo(zone)).utcoffset()


@settings(max_examples=40, deadline=None)
@given(
    zone=st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Adelaide", "Asia/Shanghai", "America/Santiago"]),
    days=st.lists(st.integers(0, 3 * 365), min_size=2, max_size=40),
    cut=st.integers(0, 40),
)
def test_evidence_adds_up_across_blocks(zone: str, days: list[int], cut: int) -> None:
    """Evidence of a file read in two blocks is the evidence of the file read whole: the same zone is decided."""
    instants = [datetime(2024, 1, 1, 15, tzinfo=UTC) + timedelta(days=d, minutes=7 * d) for d in days]
    text = _written(instants, zone)
    text[[d % 7 == 0 for d in days]] = "2024-06-01 10:00:00"  # some naive values among them
    whole = ZoneEvidence.of(text)
    parts = ZoneEvidence.of(text.iloc[:cut].reset_index(drop=True)) + ZoneEvidence.of(text.iloc[cut:].reset_index(drop=True))
    assert parts.counts == whole.counts and parts.naive == whole.naive
    assert {k: list(v) for k, v in parts.minutes.items()} == {k: list(v) for k, v in whole.minutes.items()}
    assert decide_zone(None, None, parts) == decide_zone(None, None, whole)


@pytest.mark.parametrize(
    ("written", "naive", "expect"),
    [
        (["2025-01-10T09:00:00-05:00", "2025-07-10T09:00:00-04:00"], 0, ("America/New_York", "offset", False)),
        (["2025-01-10T09:00:00+01:00", "2025-07-10T09:00:00+02:00"], 0, ("Europe/Paris", "offset", False)),
        (["2025-01-10T09:00:00+08:00", "2025-01-10T10:00:00+08:00"], 0, ("UTC+08:00", "offset", False)),
        (["2025-01-10T09:00:00+05:30"], 0, ("UTC+05:30", "offset", False)),
        (["2025-01-10T09:00:00Z", "2025-01-10T10:00:00+00:00"], 0, ("UTC", "assumed", False)),
        (
            ["2025-01-10T09:00:00+08:00", "2025-01-10T09:00:00+03:00", "2025-01-11T09:00:00+03:00"],
            0,
            ("UTC+03:00", "assumed", True),
        ),
        (
            ["2025-01-10T09:00:00-05:00", "2025-01-10T14:00:00-04:00"],
            0,
            ("UTC-05:00", "assumed", True),
        ),  # no zone is both at once
        (["2025-01-10T09:00:00+08:00"], 2, ("UTC+08:00", "offset", True)),  # naive ones among them: mixed
        ([], 3, ("UTC", "assumed", False)),
    ],
)
def test_the_offsets_decide_the_zone(written: list[str], naive: int, expect: tuple[str, str, bool]) -> None:
    raw = pd.Series([*written, *(["2025-01-10 09:00:00"] * naive)], dtype="string")
    zone = decide_zone(None, None, ZoneEvidence.of(raw))
    assert (zone.name, zone.source, zone.mixed) == expect
    assert bool(zone.assumption()) == (zone.source == "assumed")


def test_the_engagement_and_the_mapping_come_before_the_offsets() -> None:
    seen = ZoneEvidence.of(pd.Series(["2025-01-10T09:00:00+08:00"], dtype="string"))
    assert decide_zone("Europe/Moscow", "Asia/Tokyo", seen).source == "engagement"
    assert (decide_zone(None, "Asia/Tokyo", seen).name, decide_zone(None, "Asia/Tokyo", seen).source) == ("Asia/Tokyo", "mapping")
    assert decide_zone(None, None, seen).source == "offset"


FORMS = yaml.safe_load((FIXTURES / "zones" / "written_forms.yaml").read_text(encoding="utf-8"))["forms"]


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f["written"])
def test_each_way_of_writing_a_zone_is_read(form: dict[str, Any]) -> None:
    frame = pd.DataFrame({"call_id": ["a", "b"], "start_time": [form["written"]] * 2, "phone": "1", "disposition": "busy"})
    table = CallTable.from_frame(frame, timezone=None)
    assert (table.zone.label, table.zone.assumed) == (form["zone"], bool(form.get("assumed")))
    assert str(table.frame["start_time"].iloc[0].tz_localize(None)) == form["local"]
    assert offset_labels(frame).nunique() == 1 and not table.zone.mixed
