"""Distributions behind the charts: talk-time histogram, dials by local hour, robust z-scores of agents."""

from __future__ import annotations

from datetime import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.metrics.definitions.compliance import violations
from auditor.metrics.distributions import NICE_WIDTHS, agent_outliers, bin_width, calls_by_hour, robust_z, talk_histogram
from auditor.metrics.model import MetricSet, MetricValue
from auditor.metrics.settings import ComplianceSettings, MetricSettings
from auditor.scope import Scope
from auditor.units import Unit
from tests.conftest import make_calls


def answered(talks: list[float | None]) -> list[dict[str, object]]:
    return [{"disposition": "answered", "talk_s": t} for t in talks]


def test_histogram_counts_connected_calls_only_and_the_calls_either_side_of_the_threshold() -> None:
    rows = answered([0, 5, 26, 29.9, 30, 31, 34.9, 35, 60, None]) + [
        {"disposition": "no_answer", "talk_s": 31},
        {"disposition": "busy", "talk_s": 0},
    ]
    hist = talk_histogram(make_calls(rows), MetricSettings(effective_threshold_s=30))
    assert hist["connected"] == 10 and hist["missing_talk"] == 1
    assert sum(b["count"] for b in hist["bins"]) + hist["overflow"]["count"] == 9
    assert hist["near_threshold"] == {"window_s": 5.0, "below": 2, "above": 3}  # 26, 29.9 | 30, 31, 34.9
    assert hist["threshold_s"] == 30 and 30 in {b["lo"] for b in hist["bins"]}  # the threshold is a bin edge
    assert hist["median_s"] == 30.0


def test_histogram_of_no_connected_call_is_empty_not_an_error() -> None:
    hist = talk_histogram(make_calls([{"disposition": "no_answer"}]), MetricSettings())
    assert hist["bins"] == [] and hist["connected"] == 0 and hist["median_s"] is None


@pytest.mark.parametrize(
    ("threshold", "upper", "expected"), [(30, 340, 10), (30, 60, 2), (45, 400, 15), (7, 60, 2), (0, 3000, 120)]
)
def test_bin_width_is_the_smallest_nice_width_that_fits_and_divides_the_threshold(
    threshold: float, upper: float, expected: float
) -> None:
    assert bin_width(threshold, upper, max_bins=36) == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=5000, allow_nan=False), min_size=1, max_size=200),
    st.sampled_from([0, 5, 10, 15, 20, 30, 45, 60, 90]),
)
def test_histogram_keeps_every_call_in_at_most_36_bins(talks: list[float], threshold: int) -> None:
    hist = talk_histogram(make_calls(answered(talks)), MetricSettings(effective_threshold_s=threshold))
    assert sum(b["count"] for b in hist["bins"]) + hist["overflow"]["count"] == len(talks)
    assert len(hist["bins"]) <= 36
    assert hist["bin_s"] in NICE_WIDTHS
    edges = [b["lo"] for b in hist["bins"]] + [hist["overflow"]["from_s"]]
    assert threshold in edges or threshold >= edges[-1]
    assert all(b["hi"] - b["lo"] == hist["bin_s"] for b in hist["bins"][1:])
    assert 0 < hist["bins"][0]["hi"] <= hist["bin_s"] and hist["bins"][0]["lo"] == 0


def test_calls_by_hour_uses_the_called_partys_local_time_and_the_window() -> None:
    rows = [
        {"start_time": "2026-10-05T00:30:00Z", "disposition": "answered", "talk_s": 40},  # 08:30 Shanghai
        {"start_time": "2026-10-05T01:10:00Z", "disposition": "no_answer"},  # 09:10
        {"start_time": "2026-10-05T13:30:00Z", "disposition": "answered", "talk_s": 10},  # 21:30: outside 08:00-21:00
        {"start_time": "2026-10-05T22:59:00Z", "disposition": "busy"},  # 06:59 next day: outside
    ]
    calls = make_calls(rows, timezone="Asia/Shanghai")
    by_hour = calls_by_hour(calls, MetricSettings())
    hours = {h["hour"]: h for h in by_hour["hours"] if h["dials"]}
    assert set(hours) == {8, 9, 21, 6}
    assert hours[8] == {"hour": 8, "dials": 1, "connected": 1, "outside_window": 0}
    assert hours[21]["outside_window"] == 1 and hours[6]["outside_window"] == 1
    assert by_hour["outside_window"] == 2 == int(violations(calls, MetricSettings())["outside_window"].sum())
    assert by_hour["window"] == {"start": "08:00", "end": "21:00", "weekdays": [0, 1, 2, 3, 4, 5, 6]}
    moscow = calls_by_hour(
        calls, MetricSettings(compliance=ComplianceSettings(called_party_timezone="Europe/Moscow", window_start=time(9)))
    )
    assert moscow["timezone"] == "Europe/Moscow"
    assert {h["hour"] for h in moscow["hours"] if h["dials"]} == {3, 4, 16, 1}
    assert moscow["outside_window"] == 3  # 03:30, 04:10 and 01:59 are before 09:00 in Moscow


@pytest.mark.parametrize(
    "compliance",
    [
        ComplianceSettings(),
        ComplianceSettings(window_start=time(9, 30), window_end=time(18), allowed_weekdays=frozenset(range(5))),
        ComplianceSettings(called_party_timezone="Europe/Moscow", window_end=time(23, 59, 59)),
    ],
)
def test_outside_window_agrees_with_the_compliance_family_on_the_demo(compliance: ComplianceSettings) -> None:
    from auditor.api import read_calls
    from auditor.demo import bundled_data

    data = bundled_data()
    calls = read_calls(data["calls"], data["engagement"])
    settings = MetricSettings(compliance=compliance)
    by_hour = calls_by_hour(calls, settings)
    expected = violations(calls, settings)["outside_window"]
    assert by_hour["outside_window"] == int(expected.sum()) > 0
    assert sum(h["outside_window"] for h in by_hour["hours"]) == int(expected.sum())


def test_robust_z_by_hand() -> None:
    z, median, mad = robust_z(np.array([1.0, 2.0, 3.0, 4.0, 100.0]))
    assert (median, mad) == (3.0, 1.0)
    assert z == pytest.approx([-1.349, -0.6745, 0.0, 0.6745, 65.4265])


def test_robust_z_falls_back_to_the_mean_absolute_deviation_when_mad_is_zero() -> None:
    z, median, mad = robust_z(np.array([5.0, 5.0, 5.0, 5.0, 9.0]))
    assert (median, mad) == (5.0, 0.0)
    assert z[-1] == pytest.approx(4 / (1.253314 * 0.8))
    z, _, _ = robust_z(np.array([2.0, 2.0, 2.0]))
    assert list(z) == [0.0, 0.0, 0.0]


def agent_metrics(rates: dict[str, tuple[int, int]]) -> MetricSet:
    values = []
    for agent, (connected, dials) in rates.items():
        scope = Scope(agent_id=agent)
        values.append(MetricValue("total_dials", "total_dials", scope, float(dials), Unit.COUNT, numerator=float(dials)))
        values.append(
            MetricValue(
                "connect_rate", "connected/total_dials", scope, connected / dials, Unit.RATIO, float(connected), float(dials)
            )
        )
    return MetricSet(tuple(values))


def test_agent_outliers_flag_the_agent_far_from_the_others_and_skip_small_ones() -> None:
    rates = {f"A{i:02d}": (45 + i % 5, 100) for i in range(12)}
    rates["A90"] = (95, 100)  # far above everyone
    rates["A91"] = (10, 10)  # extreme but only 10 dials: not scored
    out = agent_outliers(agent_metrics(rates))
    connect = next(f for f in out["figures"] if f["metric"] == "connect_rate")
    by_agent = {v["agent_id"]: v for v in connect["values"]}
    assert by_agent["A90"]["outlier"] is True and by_agent["A90"]["z"] > 3.5
    assert by_agent["A91"]["z"] is None and by_agent["A91"]["outlier"] is False
    assert [v["agent_id"] for v in connect["values"] if v["outlier"]] == ["A90"]
    assert connect["values"][0]["agent_id"] == "A90"  # outliers first
    assert connect["scored"] == 13 and connect["agents"] == 14 and connect["median"] == pytest.approx(0.47)
    assert out["available"] is True and out["agents"] == 14


def test_no_agents_means_no_outlier_display() -> None:
    out = agent_outliers(MetricSet(), has_agents=False)
    assert out["available"] is False and all(f["values"] == [] for f in out["figures"])
