"""Conversion and customer response: intents, conversions, complaints, opt-outs, surveys, revenue.

Outcomes and flags count on connected calls only (METRICS.md section 3: complaints and
opt-outs <= connected); flags set on unanswered dials are reported by the ingest checks.
"""

from __future__ import annotations

import pandas as pd

from auditor.ingest.schema import Outcome
from auditor.ingest.table import CallTable
from auditor.metrics.definitions import BlockSpec, Sum
from auditor.metrics.definitions.talk import effective_mask
from auditor.metrics.settings import MetricSettings

_INTENT = [Outcome.INTENT.value, Outcome.CONVERTED.value]


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].fillna(False).astype(bool)


def row_columns(calls: CallTable, settings: MetricSettings) -> dict[str, pd.Series]:
    frame = calls.frame
    connected = frame["disposition"] == "answered"
    effective = effective_mask(calls, settings)
    intent = connected & frame["outcome"].isin(_INTENT)
    score = frame["csat_score"]
    return {
        "is_intent": intent,
        "is_conversion": connected & (frame["outcome"] == Outcome.CONVERTED.value),
        "is_complaint": connected & _flag(frame, "complaint"),
        "is_opt_out": connected & _flag(frame, "opt_out"),
        "is_follow_up": intent & _flag(frame, "follow_up"),
        "is_resolved": connected & _flag(frame, "resolved"),
        "is_recontact": effective & _flag(frame, "recontact"),
        "is_surveyed": score.notna(),
        "is_satisfied": (score >= settings.satisfied_min_score).fillna(False).astype(bool),
        "revenue_amount": frame["revenue"].fillna(0.0),
    }


BLOCKS = (
    BlockSpec("intents", Sum("is_intent"), requires=("outcome",)),
    BlockSpec("conversions", Sum("is_conversion"), requires=("outcome",)),
    BlockSpec("complaints", Sum("is_complaint"), requires=("complaint",)),
    BlockSpec("opt_outs", Sum("is_opt_out"), requires=("opt_out",)),
    BlockSpec("follow_ups", Sum("is_follow_up"), requires=("outcome", "follow_up")),
    BlockSpec("resolved", Sum("is_resolved"), requires=("resolved",)),
    BlockSpec("recontacts", Sum("is_recontact"), requires=("recontact",)),
    BlockSpec("surveyed", Sum("is_surveyed"), requires=("csat_score",)),
    BlockSpec("satisfied", Sum("is_satisfied"), requires=("csat_score",)),
    BlockSpec("revenue", Sum("revenue_amount"), requires=("revenue",)),
)
