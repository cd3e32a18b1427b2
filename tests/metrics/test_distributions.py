"""Distributions behind the charts: talk-time histogram, dials by local hour, robust z-scores of agents."""

from __future__ import annotations

import dataclasses
import functools
import math
import operator
import pickle
from datetime import time
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.ingest.table import CallTable
from auditor.metrics.definitions.compliance import local_start, violations
from auditor.metrics.distributions import (
    NICE_WIDTHS,
    ChartSummary,
    agent_outliers,
    bin_width,
    calls_by_hour,
    charts_from,
    distributions,
    histogram_from,
    robust_z,
    summarise_charts,
    talk_histogram,
)
from auditor.metrics.model import MetricSet, MetricValue
from auditor.metrics.settings import ComplianceSettings, MetricSettings
from auditor.scope import Scope
from auditor.sketch import round_significant
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


# --- Charts from additive summaries: any split of the rows, added up, gives the charts of the whole.

THRESHOLDS = [0, 5, 7.3, 12.7, 30, 45, 600, 2.5, 1200]
ZONES = ["UTC", "Asia/Shanghai", "America/New_York"]


@st.composite
def talk_times(draw: st.DrawFn, threshold: float) -> float | None:
    """Talk seconds, often on or a hair either side of a possible bin edge (threshold fraction + whole seconds)."""
    fraction = threshold - math.floor(threshold)
    edge = fraction + draw(st.integers(0, 3000))
    return draw(
        st.one_of(
            st.none(),
            st.integers(0, 4000).map(float),
            st.floats(0, 60_000, allow_nan=False),
            st.sampled_from([edge, math.nextafter(edge, 0), math.nextafter(edge, math.inf), threshold, threshold - 5]),
        )
    )


@st.composite
def call_rows(draw: st.DrawFn, threshold: float) -> list[dict[str, object]]:
    rows = []
    for _ in range(draw(st.integers(0, 60))):
        start = draw(st.one_of(st.none(), st.integers(0, 40 * 86_400)))  # across New York's change of clocks on 1 Nov
        rows.append(
            {
                "disposition": draw(st.sampled_from(["answered", "answered", "no_answer", "busy"])),
                "talk_s": draw(talk_times(threshold)),
                "start_time": None if start is None else pd.Timestamp("2026-10-05", tz="UTC") + pd.Timedelta(seconds=start),
            }
        )
    return rows


def split(calls: CallTable, labels: list[int], order: list[int]) -> list[CallTable]:
    """The rows of ``calls`` in parts by label (each part shuffled), parts in ``order``."""
    codes = np.array(labels)
    return [dataclasses.replace(calls, frame=calls.frame.iloc[np.flatnonzero(codes == k)[::-1]]) for k in order]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(THRESHOLDS), st.sampled_from(ZONES), st.sampled_from([None, "Europe/Moscow"]), st.data())
def test_adding_the_summaries_of_any_split_gives_the_charts_of_the_whole(
    threshold: float, zone: str, called_zone: str | None, data: st.DataObject
) -> None:
    calls = make_calls(data.draw(call_rows(threshold)), timezone=zone)
    metric_settings = MetricSettings(
        effective_threshold_s=threshold, compliance=ComplianceSettings(called_party_timezone=called_zone, window_start=time(9))
    )
    labels = data.draw(st.lists(st.integers(0, 3), min_size=len(calls), max_size=len(calls)))
    parts = [summarise_charts(part, metric_settings) for part in split(calls, labels, data.draw(st.permutations(range(4))))]
    total = pickle.loads(pickle.dumps(functools.reduce(operator.add, parts, ChartSummary.empty(metric_settings))))
    whole = distributions(calls, metric_settings, MetricSet())
    assert charts_from(total, metric_settings, MetricSet(), has_agents=False, timezone=zone) == whole
    assert whole["talk_histogram"] == reference_histogram(calls, metric_settings)
    local_hours = local_start(calls, metric_settings).dropna().dt.hour.to_numpy()  # pandas' own hour field
    assert [h["dials"] for h in whole["calls_by_hour"]["hours"]] == np.bincount(local_hours, minlength=24).tolist()


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(THRESHOLDS), st.integers(1, 40), st.data())
def test_histogram_counts_are_those_of_numpy_on_the_rows_for_any_bin_limit(
    threshold: float, max_bins: int, data: st.DataObject
) -> None:
    calls = make_calls(data.draw(call_rows(threshold)))
    metric_settings = MetricSettings(effective_threshold_s=threshold)
    labels = data.draw(st.lists(st.integers(0, 2), min_size=len(calls), max_size=len(calls)))
    parts = [summarise_charts(part, metric_settings, max_bins=max_bins) for part in split(calls, labels, [2, 0, 1])]
    total = functools.reduce(operator.add, parts, ChartSummary.empty(metric_settings, max_bins=max_bins))
    hist = talk_histogram(calls, metric_settings, max_bins=max_bins)
    assert histogram_from(total) == hist == reference_histogram(calls, metric_settings, max_bins=max_bins)


def reference_histogram(calls: CallTable, metric_settings: MetricSettings, *, max_bins: int = 36) -> dict[str, Any]:
    """The histogram as computed on all the rows at once (the pre-summary code, with p99 and median of the rounded talk)."""
    threshold = float(metric_settings.effective_threshold_s)
    frame = calls.frame
    talk_all = frame.loc[(frame["disposition"] == "answered").fillna(False).astype(bool), "talk_s"]
    talk = talk_all.dropna().clip(lower=0.0).to_numpy(dtype=float)
    near = {"window_s": 5.0, "below": 0, "above": 0}
    out: dict[str, Any] = {"unit": "seconds", "threshold_s": threshold, "connected": len(talk_all)}
    out |= {"missing_talk": int(talk_all.isna().sum()), "bin_s": None, "bins": [], "overflow": {"from_s": None, "count": 0}}
    out |= {"median_s": None, "near_threshold": near}
    if len(talk) == 0:
        return out
    rounded = round_significant(talk)
    upper_target = max(float(np.quantile(rounded, 0.99)), 2 * threshold, 10.0)
    width = bin_width(threshold, upper_target, max_bins)
    upper = math.ceil(upper_target / width) * width
    offset = threshold % width
    edges = offset + np.arange(len(np.arange(offset, upper + width / 2, width))) * width
    if offset > 0:
        edges = np.concatenate([[0.0], edges])[: max_bins + 1]
        upper = float(edges[-1])
    counts, _ = np.histogram(talk[talk < upper], bins=edges)
    out["bin_s"] = width
    out["bins"] = [{"lo": lo, "hi": hi, "count": n} for lo, hi, n in zip(edges[:-1], edges[1:], counts.tolist(), strict=True)]
    out["overflow"] = {"from_s": upper, "count": int((talk >= upper).sum())}
    out["median_s"] = round(float(np.median(rounded)), 3)
    near["below"] = int(((talk >= threshold - 5) & (talk < threshold)).sum())
    near["above"] = int(((talk >= threshold) & (talk < threshold + 5)).sum())
    return out


def test_a_summary_of_a_million_rows_stays_small() -> None:
    rng = np.random.default_rng(3)
    talks = np.round(rng.exponential(90, size=1_000_000), 1)
    calls = make_calls(pd.DataFrame({"disposition": "answered", "talk_s": talks}))
    summary = summarise_charts(calls, MetricSettings())
    held = sum(a.nbytes for a in (summary.unit_counts, summary.tail_keys, summary.talk.keys, summary.talk.counts))
    assert summary.talk.n == 1_000_000 and held < 1_000_000  # bytes, whatever the row count
    assert len(pickle.dumps(summary)) < 1_000_000


def test_summaries_of_different_thresholds_do_not_add() -> None:
    with pytest.raises(ValueError, match="different thresholds"):
        ChartSummary.empty(MetricSettings(effective_threshold_s=30)) + ChartSummary.empty(
            MetricSettings(effective_threshold_s=45)
        )


@pytest.mark.parametrize("threshold", [7.3, 12.7, 0.1, 33.33, 30])
def test_talk_a_hair_either_side_of_every_possible_edge_is_counted_on_the_right_side(threshold: float) -> None:
    fraction = threshold - math.floor(threshold)
    edges = fraction + np.arange(36 * 600 + 1, dtype=float)  # every edge a histogram can have below the tail
    talks = np.concatenate([np.nextafter(edges, 0), edges, np.nextafter(edges, np.inf)])
    calls = make_calls(pd.DataFrame({"disposition": "answered", "talk_s": talks}))
    summary = summarise_charts(calls, MetricSettings(effective_threshold_s=threshold))
    below = np.searchsorted(np.sort(talks), edges, side="left")  # talks strictly below each edge
    assert np.array_equal(np.cumsum(summary.unit_counts)[:-1], below[:-1])
    picked = [
        0,
        1,
        599,
        600,
        21_599,
        21_600,
        *np.flatnonzero(np.floor(np.nextafter(edges, 0) - fraction) >= np.arange(len(edges))),
    ]
    assert [summary.talk_below(float(edges[j])) for j in picked] == [int(below[j]) for j in picked]
