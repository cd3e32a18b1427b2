"""Helpers shared by the kinds that test the call records (plausibility and compliance).

Record kinds summarise a part of the records at a time (see :mod:`auditor.engine.registry`),
so the pieces here either work on one part (a :class:`CallTable`) or add up across parts:
:class:`Examples` keeps the first flagged rows in file order, :class:`MinuteClock` finds
out whether the export prints times to the minute only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.ingest.schema import Disposition
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW, CallTable
from auditor.location import SourceRef
from auditor.metrics.compute import NO_VALUE
from auditor.metrics.model import MetricValue
from auditor.privacy import mask_phone

#: Example rows a finding carries at most.
MAX_EXAMPLES = 5
#: Intervals from minute-resolution stamps are only good to this many seconds.
MINUTE_S = 60.0


def answered_talk(calls: CallTable) -> np.ndarray:
    """Talk seconds of the answered calls that have one."""
    frame = calls.frame
    talk = frame["talk_s"].where(frame["disposition"] == Disposition.ANSWERED.value)
    return np.asarray(talk.dropna().to_numpy(dtype="float64"))


def talk_counts(calls: CallTable, edges: np.ndarray) -> np.ndarray:
    """Answered calls per talk-time bin (``np.histogram`` edges): counts that add up across parts."""
    return np.histogram(answered_talk(calls), bins=edges)[0].astype("int64")


def threshold_of(value: float | None, engagement: Engagement) -> float:
    """A rule's threshold param, or the engagement's effective threshold when None."""
    return float(engagement.effective_threshold_s if value is None else value)


def local_time(calls: CallTable, column: str = "start_time") -> pd.Series:
    """A timestamp column in the engagement's time zone."""
    local: pd.Series = calls.frame[column].dt.tz_convert(calls.timezone)
    return local


@dataclass(frozen=True)
class Examples:
    """The first flagged rows of the records, in file order: (row number in the whole input, JSON-ready row)."""

    rows: tuple[tuple[int, dict[str, Any]], ...] = ()
    limit: int = MAX_EXAMPLES

    def __add__(self, other: Examples) -> Examples:
        merged = sorted((*self.rows, *other.rows), key=lambda row: row[0])
        return Examples(tuple(merged[: self.limit]), self.limit)

    def to_list(self) -> list[dict[str, Any]]:
        return [row for _, row in self.rows]


def examples_of(
    calls: CallTable, mask: pd.Series | np.ndarray, extra: Mapping[str, pd.Series] | None = None, limit: int = MAX_EXAMPLES
) -> Examples:
    """Up to ``limit`` flagged rows: call id, masked number, local start, source row and ``extra`` columns.

    The frame's index is the row's number in the whole input (a part of a big file keeps it).
    """
    frame = calls.frame
    index = frame.index[np.asarray(mask, dtype=bool)][:limit]
    columns = {"start_time": local_time(calls).loc[index], **{name: series.loc[index] for name, series in (extra or {}).items()}}
    out = []
    for i in index:
        phone: Any = frame.at[i, "phone"]
        row: dict[str, Any] = {
            "call_id": str(frame.at[i, "call_id"]),
            "phone": None if pd.isna(phone) else mask_phone(phone),
            "source": f"{frame.at[i, SOURCE_FILE]!s} row {frame.at[i, SOURCE_ROW]!s}",
        }
        for name, series in columns.items():
            row[name] = _plain(series.at[i])
        out.append((int(i), row))
    return Examples(tuple(out), limit)


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: timestamps as local ``YYYY-MM-DD HH:MM:SS``, numpy numbers as Python ones, NA as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value.item() if hasattr(value, "item") else value


@dataclass(frozen=True)
class MinuteClock:
    """How many timestamps were seen and how many carry seconds: exports that print HH:MM have none."""

    stamps: int = 0
    with_seconds: int = 0

    @classmethod
    def of(cls, *columns: pd.Series) -> MinuteClock:
        stamps = [c.dropna() for c in columns]
        return cls(sum(len(s) for s in stamps), sum(int((s.dt.second != 0).sum()) for s in stamps))

    def __add__(self, other: MinuteClock) -> MinuteClock:
        return MinuteClock(self.stamps + other.stamps, self.with_seconds + other.with_seconds)

    @property
    def resolution_s(self) -> float:
        """60 when every timestamp sits on a whole minute (and there are two or more), else 0.

        Intervals computed from minute-resolution stamps are only good to a minute,
        so the kinds widen their tolerance by this much rather than flag rounding.
        """
        return MINUTE_S if self.stamps >= 2 and self.with_seconds == 0 else 0.0


def tolerances(tolerance_s: float) -> tuple[float, ...]:
    """The tolerances a part must be judged at: the rule's, and a minute in case the export prints minutes only."""
    return tuple(sorted({float(tolerance_s), max(float(tolerance_s), MINUTE_S)}))


def add_by_key(total: Mapping[Any, Any], part: Mapping[Any, Any]) -> dict[Any, Any]:
    """Two mappings of summaries added key by key (a key missing on one side is taken as it is)."""
    out = dict(total)
    for key, value in part.items():
        out[key] = out[key] + value if key in out else value
    return out


@dataclass(frozen=True)
class RowCounts:
    """Flagged rows of a check: how many, a sum over them, and the first ones."""

    count: int = 0
    total: float = 0.0
    examples: Examples = field(default_factory=Examples)

    def __add__(self, other: RowCounts) -> RowCounts:
        return RowCounts(self.count + other.count, self.total + other.total, self.examples + other.examples)


def overall_and_campaigns(ctx: AuditContext, metric: str) -> list[MetricValue]:
    """Default-definition values of ``metric`` overall and per campaign (no agent, no period).

    Per-campaign values are skipped when the records have no campaign column
    (they would repeat the overall figure under "(none)").
    """
    with_campaigns = ctx.records is not None and ctx.records.has("campaign")
    return [
        v
        for v in ctx.metrics.values
        if v.metric == metric
        and v.is_default
        and v.value is not None
        and v.scope.agent_id is None
        and v.scope.period is None
        and (v.scope.campaign is None or with_campaigns)
    ]


def campaign_labels(calls: CallTable) -> pd.Series:
    """Each row's campaign as the metrics label it: the name, or "(none)" for rows without one."""
    labels: pd.Series = calls.frame["campaign"].astype("string").fillna(NO_VALUE)
    return labels


def sources(ctx: AuditContext) -> tuple[SourceRef, ...]:
    """The call-record files, as finding sources (first three)."""
    return tuple(SourceRef(file=f) for f in (ctx.records.sources if ctx.records is not None else ())[:3])


def rounded(value: float, digits: int = 4) -> float:
    """A float fit for evidence (JSON-ready, short)."""
    return float(round(float(value), digits))


def p_value(value: float) -> float:
    """p-values keep significant digits however small they are."""
    return float(f"{float(value):.4g}")
