"""Building blocks by family: how each count or sum of METRICS.md section 1 comes from records.

Each family module exposes ``row_columns(calls, settings)`` (per-dial indicator and
value columns, computed once) and ``BLOCKS`` (how each block aggregates them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from auditor.metrics.settings import MetricSettings

#: (blocks computed so far, one row per group; settings; True for the overall scope) -> block values
DeriveFn = Callable[[pd.DataFrame, MetricSettings, bool], "pd.Series | None"]


@dataclass(frozen=True, slots=True)
class Sum:
    """Sum of a per-dial column (booleans count)."""

    column: str


@dataclass(frozen=True, slots=True)
class Distinct:
    """Distinct values of ``key`` over rows where ``mask`` holds (all rows when None)."""

    key: str
    mask: str | None = None


@dataclass(frozen=True, slots=True)
class Derived:
    """Computed from other blocks and the settings (price model, lead list)."""

    fn: DeriveFn
    why_missing: str


@dataclass(frozen=True, slots=True)
class BlockSpec:
    id: str
    how: Sum | Distinct | Derived
    requires: tuple[str, ...] = ()  # canonical columns that must have been supplied
