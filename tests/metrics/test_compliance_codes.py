"""The compliance checks on integer codes agree with the plain pandas formulation on strings."""

from __future__ import annotations

from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.metrics.definitions.compliance import local_start, violations
from auditor.metrics.settings import ComplianceSettings, MetricSettings
from tests.conftest import make_calls


def reference(frame: pd.DataFrame, local: pd.Series, day_cap: int, week_cap: int) -> pd.DataFrame:
    """Caps and redial-after-opt-out as first written: sorting and grouping phone and date strings."""
    phone = frame["phone"]

    def over_cap(bucket: pd.Series, cap: int) -> pd.Series:
        order = pd.DataFrame({"phone": phone, "bucket": bucket, "t": local}).dropna().sort_values("t", kind="stable")
        rank = order.groupby(["phone", "bucket"], sort=False).cumcount() + 1
        return (rank > cap).reindex(phone.index, fill_value=False).astype(bool)

    opted = frame["opt_out"].fillna(False).astype(bool)
    order = pd.DataFrame({"phone": phone, "t": local, "opted": opted.astype("int8")}).sort_values(["phone", "t"], kind="stable")
    seen = order["opted"].groupby(order["phone"], sort=False, dropna=True).cumsum() - order["opted"]
    iso = local.dt.isocalendar()
    week = iso["year"].astype("string") + "-W" + iso["week"].astype("string")
    return pd.DataFrame(
        {
            "after_opt_out": (seen > 0).reindex(frame.index, fill_value=False).astype(bool),
            "over_daily_cap": over_cap(local.dt.strftime("%Y-%m-%d"), day_cap),
            "over_weekly_cap": over_cap(week, week_cap),
        }
    )


@st.composite
def dials(draw: Any) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 60))
    return [
        {
            "call_id": f"c{i}",
            # late December and early January: ISO weeks that straddle the new year
            "start_time": draw(
                st.sampled_from(
                    [
                        "",
                        f"{draw(st.sampled_from(['2026-12-', '2027-01-']))}{draw(st.integers(1, 31)):02d} "
                        f"{draw(st.integers(0, 23)):02d}:{draw(st.sampled_from([0, 30])):02d}:00",
                    ]
                )
            ),
            "phone": draw(st.sampled_from(["", "13900000001", "13900000002", "13900000003"])),
            "opt_out": draw(st.sampled_from(["", "0", "1"])),
            "disposition": "answered",
        }
        for i in range(n)
    ]


@settings(max_examples=150, deadline=None)
@given(
    rows=dials(),
    day_cap=st.integers(1, 3),
    week_cap=st.integers(1, 5),
    zone=st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York"]),
)
def test_code_based_checks_equal_the_string_based_ones(
    rows: list[dict[str, Any]], day_cap: int, week_cap: int, zone: str
) -> None:
    calls = make_calls(rows, timezone="Asia/Shanghai")
    metric_settings = MetricSettings(
        compliance=ComplianceSettings(max_calls_per_day=day_cap, max_calls_per_week=week_cap, called_party_timezone=zone)
    )
    got = violations(calls, metric_settings)
    want = reference(calls.frame, local_start(calls, metric_settings), day_cap, week_cap)
    pd.testing.assert_frame_equal(got[list(want.columns)], want)
