"""Helpers shared by the kinds that test the call records (plausibility and compliance)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from auditor.engine.context import AuditContext
from auditor.ingest.schema import Disposition
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.location import SourceRef
from auditor.metrics.compute import NO_VALUE
from auditor.metrics.model import MetricValue
from auditor.privacy import mask_phone

#: Example rows a finding carries at most.
MAX_EXAMPLES = 5


def answered_talk(ctx: AuditContext) -> pd.Series:
    """Talk seconds of answered calls that have one (empty without call records)."""
    if ctx.calls is None:
        return pd.Series([], dtype="float64")
    frame = ctx.calls.frame
    talk = frame["talk_s"].where(frame["disposition"] == Disposition.ANSWERED.value)
    answered: pd.Series = talk.dropna().astype("float64")
    return answered


def threshold_of(value: float | None, ctx: AuditContext) -> float:
    """A rule's threshold param, or the engagement's effective threshold when None."""
    return float(ctx.engagement.effective_threshold_s if value is None else value)


def local_time(ctx: AuditContext, column: str = "start_time") -> pd.Series:
    """A timestamp column in the engagement's time zone."""
    assert ctx.calls is not None
    local: pd.Series = ctx.calls.frame[column].dt.tz_convert(ctx.calls.timezone)
    return local


def examples(
    ctx: AuditContext, mask: pd.Series | np.ndarray, extra: dict[str, pd.Series] | None = None, limit: int = MAX_EXAMPLES
) -> list[dict[str, Any]]:
    """Up to ``limit`` flagged rows: call id, masked number, local start, source row and ``extra`` columns."""
    assert ctx.calls is not None
    frame = ctx.calls.frame
    index = frame.index[np.asarray(mask, dtype=bool)][:limit]
    columns = {"start_time": local_time(ctx).loc[index], **{name: series.loc[index] for name, series in (extra or {}).items()}}
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
        out.append(row)
    return out


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: timestamps as local ``YYYY-MM-DD HH:MM:SS``, numpy numbers as Python ones, NA as None."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value.item() if hasattr(value, "item") else value


def overall_and_campaigns(ctx: AuditContext, metric: str) -> list[MetricValue]:
    """Default-definition values of ``metric`` overall and per campaign (no agent, no period).

    Per-campaign values are skipped when the records have no campaign column
    (they would repeat the overall figure under "(none)").
    """
    with_campaigns = ctx.calls is not None and ctx.calls.has("campaign")
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


def campaign_mask(ctx: AuditContext, campaign: str | None) -> pd.Series:
    """Rows of one campaign scope (all rows for None; rows without a campaign for the "(none)" group)."""
    assert ctx.calls is not None
    column = ctx.calls.frame["campaign"]
    if campaign is None:
        return pd.Series(True, index=column.index)
    mask: pd.Series = (column.isna() if campaign == NO_VALUE else (column == campaign)).fillna(False).astype(bool)
    return mask


def clock_resolution_s(*columns: pd.Series) -> float:
    """60 when every timestamp given sits on a whole minute (exports that print HH:MM), else 0.

    Intervals computed from minute-resolution stamps are only good to a minute,
    so the kinds widen their tolerance by this much rather than flag rounding.
    """
    stamps: Any = pd.concat([c.dropna() for c in columns]) if columns else pd.Series([], dtype="object")
    if stamps.empty:
        return 0.0
    return 60.0 if bool((stamps.dt.second == 0).all()) and len(stamps) >= 2 else 0.0


def sources(ctx: AuditContext) -> tuple[SourceRef, ...]:
    """The call-record files, as finding sources (first three)."""
    return tuple(SourceRef(file=f) for f in (ctx.calls.sources if ctx.calls is not None else ())[:3])


def rounded(value: float, digits: int = 4) -> float:
    """A float fit for evidence (JSON-ready, short)."""
    return float(round(float(value), digits))


def p_value(value: float) -> float:
    """p-values keep significant digits however small they are."""
    return float(f"{float(value):.4g}")
