"""Talk: effective contacts, completed calls, talk seconds, agent capacity."""

from __future__ import annotations

import pandas as pd

from auditor.ingest.schema import Outcome
from auditor.ingest.table import CallTable
from auditor.metrics.definitions import BlockSpec, Distinct, Sum
from auditor.metrics.keys import codes_of, local_periods, pair_codes
from auditor.metrics.settings import MetricSettings

_REACHED_EFFECTIVE = [o.value for o in Outcome if o.stage >= Outcome.EFFECTIVE.stage]


def effective_mask(calls: CallTable, settings: MetricSettings) -> pd.Series:
    """Connected AND (outcome at least ``effective``, or no outcome and talk >= threshold)."""
    frame = calls.frame
    connected = frame["disposition"] == "answered"
    talk = frame["talk_s"].fillna(0.0)
    by_talk = talk >= settings.effective_threshold_s
    outcome = frame["outcome"]
    by_outcome = outcome.isin(_REACHED_EFFECTIVE)
    decided = by_outcome.where(outcome.notna(), by_talk)
    return (connected & decided).astype(bool)


def row_columns(calls: CallTable, settings: MetricSettings) -> dict[str, pd.Series]:
    frame = calls.frame
    connected = frame["disposition"] == "answered"
    talk = frame["talk_s"].fillna(0.0).clip(lower=0.0)
    effective = effective_mask(calls, settings)
    day = codes_of(local_periods(frame["start_time"], "D"))
    month = codes_of(local_periods(frame["start_time"], "M"))
    agent = codes_of(frame["agent_id"])
    return {
        "is_effective": effective,
        "is_completed": connected & (talk >= settings.completion_threshold_s),
        "talk_connected_s": talk.where(connected, 0.0),
        "talk_effective_s": talk.where(effective, 0.0),
        "agent_day": pd.Series(pair_codes(agent, day), index=frame.index),  # one code per (agent, local day)
        "agent_month": pd.Series(pair_codes(agent, month), index=frame.index),
    }


BLOCKS = (
    BlockSpec("effective_contacts", Sum("is_effective")),
    BlockSpec("completed_calls", Sum("is_completed")),
    BlockSpec("talk_s", Sum("talk_connected_s")),
    BlockSpec("effective_talk_s", Sum("talk_effective_s")),
    BlockSpec("agents", Distinct("agent_id"), requires=("agent_id",)),
    BlockSpec("agent_days", Distinct("agent_day"), requires=("agent_id", "start_time")),
    BlockSpec("agent_months", Distinct("agent_month"), requires=("agent_id", "start_time")),
)
