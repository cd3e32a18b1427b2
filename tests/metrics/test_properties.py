"""Metric invariants on random call tables: funnel order, ratio bounds, identities, roll-ups."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import given, settings

from auditor.metrics.catalogue import load_catalogue
from auditor.metrics.compute import recompute
from auditor.scope import Scope
from auditor.units import Unit
from tests.conftest import make_calls
from tests.strategies import call_rows

#: Rates whose numerator is not a subset of the denominator: complaints, opt-outs and resolutions
#: count on every connected call but are divided by effective contacts (METRICS.md), and ROI.
UNBOUNDED = {"complaint_rate", "opt_out_rate", "resolution_rate", "roi"}
FUNNEL = ["total_dials", "valid_dials", "connected", "effective_contacts", "intents", "conversions"]


def _v(metrics, metric: str, scope: Scope = Scope(), definition: str | None = None) -> float:  # type: ignore[no-untyped-def]
    found = metrics.get(metric, scope, definition)
    assert found is not None
    return found.value


@settings(max_examples=60, deadline=None)
@given(call_rows())
def test_funnel_is_ordered(rows: list[dict]) -> None:  # type: ignore[type-arg]
    metrics = recompute(make_calls(rows))
    values = [_v(metrics, m) for m in FUNNEL]
    assert all(a >= b for a, b in zip(values, values[1:], strict=False)), dict(zip(FUNNEL, values, strict=True))
    connected = _v(metrics, "connected")
    assert _v(metrics, "complaints") <= connected and _v(metrics, "opt_outs") <= connected
    assert _v(metrics, "valid_numbers") <= _v(metrics, "unique_numbers") <= _v(metrics, "total_dials")
    assert _v(metrics, "follow_ups") <= _v(metrics, "intents")
    assert _v(metrics, "satisfied") <= _v(metrics, "surveyed")


@settings(max_examples=60, deadline=None)
@given(call_rows())
def test_every_ratio_is_between_zero_and_one(rows: list[dict]) -> None:  # type: ignore[type-arg]
    metrics = recompute(make_calls(rows), by=["campaign", "agent", "day"])
    catalogue = load_catalogue()
    for value in metrics:
        metric = catalogue[value.metric]
        if metric.unit is Unit.RATIO and metric.id not in UNBOUNDED and value.value is not None:
            assert 0.0 <= value.value <= 1.0, value


@settings(max_examples=60, deadline=None)
@given(call_rows())
def test_connect_rate_over_all_dials_is_valid_share_times_connect_rate_over_valid(rows: list[dict]) -> None:  # type: ignore[type-arg]
    metrics = recompute(make_calls(rows))
    over_total = _v(metrics, "connect_rate", definition="connected/total_dials")
    over_valid = metrics.get("connect_rate", Scope(), "connected/valid_dials").value
    valid_share = _v(metrics, "valid_dials") / _v(metrics, "total_dials")
    if over_valid is None:  # no valid dials: then nothing connected either
        assert over_total == 0.0
    else:
        assert math.isclose(over_total, valid_share * over_valid, rel_tol=1e-12, abs_tol=1e-15)


@settings(max_examples=40, deadline=None)
@given(call_rows())
def test_groups_roll_up_to_the_overall_figures(rows: list[dict]) -> None:  # type: ignore[type-arg]
    metrics = recompute(make_calls(rows), by=["campaign", "day"])
    for block in ("total_dials", "connected", "effective_contacts", "talk_s", "conversions"):
        overall = _v(metrics, block)
        by_campaign = sum(v.value for v in metrics if v.metric == block and v.scope.campaign is not None)
        by_day = sum(v.value for v in metrics if v.metric == block and v.scope.period is not None)
        assert math.isclose(by_campaign, overall) and math.isclose(by_day, overall), block


@settings(max_examples=30, deadline=None)
@given(call_rows())
def test_filtering_by_scope_equals_grouping(rows: list[dict]) -> None:  # type: ignore[type-arg]
    table = make_calls(rows)
    grouped = recompute(table, by=["campaign"])
    scoped = recompute(table, scopes=[Scope(campaign=c) for c in pd.unique(table.frame["campaign"].dropna())])
    for value in grouped:
        if value.scope.campaign is None:
            continue
        other = scoped.get(value.metric, value.scope, value.definition)
        assert other is not None, value
        if value.value is None:
            assert other.value is None, value
        else:
            assert other.value is not None and math.isclose(other.value, value.value, rel_tol=1e-9, abs_tol=1e-12), value


@settings(max_examples=30, deadline=None)
@given(call_rows(), call_rows())
def test_raising_the_effective_threshold_never_adds_effective_contacts(rows: list[dict], _: list[dict]) -> None:  # type: ignore[type-arg]
    from auditor.metrics.settings import MetricSettings

    table = make_calls(rows)
    low = _v(recompute(table, MetricSettings(effective_threshold_s=20)), "effective_contacts")
    high = _v(recompute(table, MetricSettings(effective_threshold_s=60)), "effective_contacts")
    assert high <= low
