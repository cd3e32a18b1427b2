"""Helpers shared by the kinds that test the call records (plausibility and compliance)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from auditor.engine.context import AuditContext
from auditor.ingest.schema import Disposition
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.location import SourceRef
from auditor.privacy import mask_phone

#: Example rows a finding carries at most.
MAX_EXAMPLES = 5


def answered_talk(ctx: AuditContext) -> pd.Series:
    """Talk seconds of answered calls that have one (empty without call records)."""
    if ctx.calls is None:
        return pd.Series([], dtype="float64")
    frame = ctx.calls.frame
    talk = frame["talk_s"].where(frame["disposition"] == Disposition.ANSWERED.value)
    return talk.dropna().astype("float64")


def threshold_of(value: float | None, ctx: AuditContext) -> float:
    """A rule's threshold param, or the engagement's effective threshold when None."""
    return float(ctx.engagement.effective_threshold_s if value is None else value)


def local_time(ctx: AuditContext, column: str = "start_time") -> pd.Series:
    """A timestamp column in the engagement's time zone."""
    assert ctx.calls is not None
    return ctx.calls.frame[column].dt.tz_convert(ctx.calls.timezone)


def examples(ctx: AuditContext, mask: pd.Series | np.ndarray, extra: dict[str, pd.Series] | None = None, limit: int = MAX_EXAMPLES) -> list[dict[str, Any]]:
    """Up to ``limit`` flagged rows: call id, masked number, local start, source row and ``extra`` columns."""
    assert ctx.calls is not None
    frame = ctx.calls.frame
    index = frame.index[np.asarray(mask, dtype=bool)][:limit]
    start = local_time(ctx).loc[index]
    out = []
    for i in index:
        row: dict[str, Any] = {
            "call_id": str(frame.at[i, "call_id"]),
            "phone": mask_phone(frame.at[i, "phone"]) if pd.notna(frame.at[i, "phone"]) else None,
            "start_time": None if pd.isna(start.at[i]) else start.at[i].strftime("%Y-%m-%d %H:%M:%S"),
            "source": f"{frame.at[i, SOURCE_FILE]} row {frame.at[i, SOURCE_ROW]}",
        }
        for name, series in (extra or {}).items():
            value = series.at[i]
            row[name] = None if pd.isna(value) else (value.item() if hasattr(value, "item") else value)
        out.append(row)
    return out


def sources(ctx: AuditContext) -> tuple[SourceRef, ...]:
    """The call-record files, as finding sources (first three)."""
    return tuple(SourceRef(file=f) for f in (ctx.calls.sources if ctx.calls is not None else ())[:3])


def rounded(value: float, digits: int = 4) -> float:
    """A float fit for evidence (JSON-ready, short)."""
    return float(round(float(value), digits))


def p_value(value: float) -> float:
    """p-values keep significant digits however small they are."""
    return float(f"{float(value):.4g}")
