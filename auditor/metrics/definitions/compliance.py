"""Compliance: which valid dials broke a rule of the engagement (calling window, do-not-call, opt-out, frequency cap).

:func:`violations` gives one boolean column per rule for every dial; the
``compliant_calls`` block counts valid dials with none of them, and the compliance
rule kinds read the same columns, so the rate and the findings always agree.
"""

from __future__ import annotations

import pandas as pd

from auditor.ingest.table import CallTable
from auditor.metrics.definitions import BlockSpec, Sum
from auditor.metrics.definitions.reach import row_columns as reach_columns
from auditor.metrics.settings import MetricSettings

VIOLATIONS = ("outside_window", "do_not_call", "after_opt_out", "over_daily_cap", "over_weekly_cap")


def local_start(calls: CallTable, settings: MetricSettings) -> pd.Series:
    """Dial time in the called party's zone."""
    zone = settings.compliance.called_party_timezone or calls.timezone
    local: pd.Series = calls.frame["start_time"].dt.tz_convert(zone)
    return local


def outside_window(local: pd.Series, settings: MetricSettings) -> pd.Series:
    """True for dials outside the calling window or on a day it excludes (``local``: the called party's time)."""
    rules = settings.compliance
    seconds = local.dt.hour * 3600 + local.dt.minute * 60 + local.dt.second
    start = rules.window_start.hour * 3600 + rules.window_start.minute * 60
    end = rules.window_end.hour * 3600 + rules.window_end.minute * 60
    outside = local.notna() & ((seconds < start) | (seconds >= end) | ~local.dt.day_of_week.isin(list(rules.allowed_weekdays)))
    flags: pd.Series = outside.fillna(False).astype(bool)
    return flags


def violations(calls: CallTable, settings: MetricSettings) -> pd.DataFrame:
    """One boolean column per rule in :data:`VIOLATIONS`; rows without a start time break no time rule."""
    frame = calls.frame
    rules = settings.compliance
    local = local_start(calls, settings)
    phone = frame["phone"]
    out = pd.DataFrame(index=frame.index)
    out["outside_window"] = outside_window(local, settings)
    out["do_not_call"] = phone.isin(list(rules.do_not_call)).fillna(False).astype(bool) if rules.do_not_call else False
    out["after_opt_out"] = _after_opt_out(frame, local)
    day = local.dt.tz_localize(None).dt.normalize()  # local midnight (no string formatting: this runs on every dial)
    week = day - pd.to_timedelta(local.dt.day_of_week, unit="D")  # the Monday of the ISO week
    out["over_daily_cap"] = _over_cap(phone, local, day, rules.max_calls_per_day)
    out["over_weekly_cap"] = _over_cap(phone, local, week, rules.max_calls_per_week)
    return out.astype(bool)


def _after_opt_out(frame: pd.DataFrame, local: pd.Series) -> pd.Series:
    """True for a dial to a number that opted out on an earlier dial."""
    opted = frame["opt_out"].fillna(False).astype(bool)
    if not opted.any():
        return pd.Series(False, index=frame.index)
    order = pd.DataFrame({"phone": frame["phone"], "t": local, "opted": opted.astype("int8")})
    order = order.sort_values(["phone", "t"], kind="stable")
    # opt-outs on earlier dials of the same number
    seen_before = order["opted"].groupby(order["phone"], sort=False, dropna=True).cumsum() - order["opted"]
    return (seen_before > 0).reindex(frame.index, fill_value=False).astype(bool)


def _over_cap(phone: pd.Series, local: pd.Series, bucket: pd.Series, cap: int | None) -> pd.Series:
    """True for the dials to one number within one bucket (day or week) beyond ``cap``."""
    if cap is None:
        return pd.Series(False, index=phone.index)
    order = pd.DataFrame({"phone": phone, "bucket": bucket, "t": local}).dropna().sort_values("t", kind="stable")
    rank = order.groupby(["phone", "bucket"], sort=False).cumcount() + 1
    return (rank > cap).reindex(phone.index, fill_value=False).astype(bool)


def row_columns(calls: CallTable, settings: MetricSettings) -> dict[str, pd.Series]:
    broke = violations(calls, settings).any(axis=1)
    valid = reach_columns(calls, settings)["is_valid"]
    return {"is_compliant": valid & ~broke}


BLOCKS = (BlockSpec("compliant_calls", Sum("is_compliant")),)
