"""Compliance: which valid dials broke a rule of the engagement (calling window, do-not-call, opt-out, frequency cap).

:func:`violations` gives one boolean column per rule for every dial; the
``compliant_calls`` block counts valid dials with none of them, and the compliance
rule kinds read the same columns, so the rate and the findings always agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from auditor.ingest.table import CallTable
from auditor.metrics.definitions import BlockSpec, Sum
from auditor.metrics.definitions.reach import row_columns as reach_columns
from auditor.metrics.keys import codes_of, pair_codes
from auditor.metrics.settings import MetricSettings

VIOLATIONS = ("outside_window", "do_not_call", "after_opt_out", "over_daily_cap", "over_weekly_cap")
#: The checks that read the dial's local time (hour, day, week): they depend on the zone (auditor.ingest.zone).
LOCAL_TIME_CHECKS = ("outside_window", "over_daily_cap", "over_weekly_cap")


def local_start(calls: CallTable, settings: MetricSettings) -> pd.Series:
    """Dial time in the called party's zone (``called_party_timezone``, else the records' zone: :attr:`CallTable.zone`)."""
    zone = calls.zone.dial_zone(settings.compliance.called_party_timezone)
    local: pd.Series = calls.frame["start_time"].dt.tz_convert(zone)
    return local


def outside_window(local: pd.Series, settings: MetricSettings) -> pd.Series:
    """True for dials outside the calling window or on a day it excludes (``local``: the called party's time)."""
    rules = settings.compliance
    wall = sort_times(local)  # local wall-clock nanoseconds: integer arithmetic, not pandas' field accessors
    known = ~local.isna().to_numpy()
    seconds = (wall // 1_000_000_000) % 86_400
    weekday = (wall // 86_400_000_000_000 + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    start = rules.window_start.hour * 3600 + rules.window_start.minute * 60
    end = rules.window_end.hour * 3600 + rules.window_end.minute * 60
    allowed = np.isin(weekday, list(rules.allowed_weekdays))
    outside = known & ((seconds < start) | (seconds >= end) | ~allowed)
    return pd.Series(outside, index=local.index)


def violations(calls: CallTable, settings: MetricSettings) -> pd.DataFrame:
    """One boolean column per rule in :data:`VIOLATIONS`; rows without a start time break no time rule."""
    frame = calls.frame
    local = local_start(calls, settings)
    out = row_violations(frame["phone"], local, settings)
    days, known = local_day_numbers(local)
    repeats = repeat_violations(
        codes_of(frame["phone"]), sort_times(local), days, known, frame["opt_out"].fillna(False).to_numpy(dtype=bool), settings
    )
    for name, flags in repeats.items():
        out[name] = flags
    return out[list(VIOLATIONS)].astype(bool)


def row_violations(phone: pd.Series, local: pd.Series, settings: MetricSettings) -> pd.DataFrame:
    """The rules one dial breaks on its own: outside the calling window, number on the do-not-call list."""
    rules = settings.compliance
    out = pd.DataFrame(index=phone.index)
    out["outside_window"] = outside_window(local, settings)
    out["do_not_call"] = phone.isin(list(rules.do_not_call)).fillna(False).astype(bool) if rules.do_not_call else False
    return out


def repeat_violations(
    numbers: np.ndarray, times: np.ndarray, days: np.ndarray, known: np.ndarray, opted: np.ndarray, settings: MetricSettings
) -> dict[str, np.ndarray]:
    """The rules broken by dialling one number again: after its opt-out, beyond the daily or weekly cap.

    Every dial of a number must be present (a file read in parts is split by number).
    ``numbers``: integer code per number (negative when missing); ``times``: sort key of each
    dial (:func:`sort_times`); ``days``/``known``: local day numbers (:func:`local_day_numbers`);
    ``opted``: the dial recorded an opt-out.
    """
    rules = settings.compliance
    by_time = np.argsort(times, kind="stable")
    out = {"after_opt_out": _after_opt_out(opted, numbers, by_time)}
    out["over_daily_cap"] = _over_cap(numbers, by_time, np.where(known, days - days.min(initial=0), -1), rules.max_calls_per_day)
    # ISO weeks run Monday to Sunday: day 0 (1970-01-01) is a Thursday, so (day + 3) // 7 numbers the ISO weeks
    weeks = (days + 3) // 7
    weeks = np.where(known, weeks - weeks.min(initial=0), -1)
    out["over_weekly_cap"] = _over_cap(numbers, by_time, weeks, rules.max_calls_per_week)
    return out


def local_day_numbers(local: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Days since 1970-01-01 of each local date (0 where the time is missing), and which times are known."""
    days = local.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    known = ~np.isnat(days)
    return np.where(known, days.astype("int64"), 0), known


def sort_times(local: pd.Series) -> np.ndarray:
    """Nanoseconds of each dial, missing times last (as pandas sorts NaT)."""
    t = local.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").astype("int64")
    return np.where(local.isna().to_numpy(), np.iinfo("int64").max, t)


def _ranks(keys: np.ndarray, by_time: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ordered by (key, time), stable, and the position in ``order`` where each row's key starts.

    ``by_time`` is the stable time order of the rows (shared by the checks: one sort by time).
    """
    order = by_time[np.argsort(keys[by_time], kind="stable")]
    sorted_keys = keys[order]
    starts = np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])) if len(order) else np.zeros(0, dtype=bool)
    positions = np.arange(len(order))
    first = np.maximum.accumulate(np.where(starts, positions, 0)) if len(order) else positions
    return order, first


def _after_opt_out(opted: np.ndarray, numbers: np.ndarray, by_time: np.ndarray) -> np.ndarray:
    """True for a dial to a number that opted out on an earlier dial."""
    out = np.zeros(len(numbers), dtype=bool)
    if not opted.any():
        return out
    order, first = _ranks(numbers, by_time)
    running = np.cumsum(opted[order].astype("int64"))
    before_group = running[first] - opted[order][first]  # opt-outs of earlier numbers
    seen_before = running - opted[order] - before_group  # opt-outs on earlier dials to this number
    out[order] = (seen_before > 0) & (numbers[order] >= 0)
    return out


def _over_cap(numbers: np.ndarray, by_time: np.ndarray, bucket: np.ndarray, cap: int | None) -> np.ndarray:
    """True for the dials to one number within one bucket (day or week) beyond ``cap``, in time order."""
    out = np.zeros(len(numbers), dtype=bool)
    if cap is not None:
        keys = np.where((numbers >= 0) & (bucket >= 0), pair_codes(numbers, bucket), -1)
        order, first = _ranks(keys, by_time)
        rank = np.arange(len(order)) - first + 1
        out[order] = (rank > cap) & (keys[order] >= 0)
    return out


def row_columns(calls: CallTable, settings: MetricSettings) -> dict[str, pd.Series]:
    broke = violations(calls, settings).any(axis=1)
    valid = reach_columns(calls, settings)["is_valid"]
    return {"is_compliant": valid & ~broke}


BLOCKS = (BlockSpec("compliant_calls", Sum("is_compliant"), requires=("start_time", "phone")),)
