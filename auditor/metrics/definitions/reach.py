"""Reach: dials, valid and invalid numbers, connects, abandons."""

from __future__ import annotations

import pandas as pd

from auditor.ingest.schema import VALID_DISPOSITIONS, Disposition
from auditor.ingest.table import CallTable
from auditor.metrics.definitions import BlockSpec, Distinct, Sum
from auditor.metrics.settings import MetricSettings

_VALID = [d.value for d in VALID_DISPOSITIONS]


def row_columns(calls: CallTable, settings: MetricSettings) -> dict[str, pd.Series]:
    disposition = calls.frame["disposition"]
    return {
        "is_dial": pd.Series(True, index=calls.frame.index),
        "is_invalid": disposition == Disposition.INVALID_NUMBER.value,
        "is_failed": disposition == Disposition.FAILED.value,
        "is_valid": disposition.isin(_VALID),
        "is_connected": disposition == Disposition.ANSWERED.value,
        "is_abandoned": disposition == Disposition.ABANDONED.value,
    }


BLOCKS = (
    BlockSpec("total_dials", Sum("is_dial")),
    BlockSpec("unique_numbers", Distinct("phone"), requires=("phone",)),
    BlockSpec("invalid_dials", Sum("is_invalid")),
    BlockSpec("failed_dials", Sum("is_failed")),
    BlockSpec("valid_dials", Sum("is_valid")),
    BlockSpec("valid_numbers", Distinct("phone", "is_valid"), requires=("phone",)),
    BlockSpec("connected", Sum("is_connected")),
    BlockSpec("abandoned", Sum("is_abandoned")),
)
