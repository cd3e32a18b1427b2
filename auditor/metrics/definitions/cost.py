"""Cost and list coverage: what the vendor bills under the price model, how much of the lead list was dialled."""

from __future__ import annotations

import numpy as np
import pandas as pd

from auditor.ingest.table import CallTable
from auditor.metrics.definitions import BlockSpec, Derived, Distinct, Sum
from auditor.metrics.keys import local_periods
from auditor.metrics.settings import MetricSettings, PriceBasis


def row_columns(calls: CallTable, settings: MetricSettings) -> dict[str, pd.Series]:
    frame = calls.frame
    connected = frame["disposition"] == "answered"
    increment = settings.price.billing_increment_s if settings.price else 60.0
    talk = frame["talk_s"].fillna(0.0).clip(lower=0.0)
    billed = np.ceil(talk / increment) * increment / 60.0
    lead_list = settings.lead_list or frozenset()
    return {
        "billed_minutes": billed.where(connected, 0.0),
        "in_lead_list": frame["phone"].isin(list(lead_list)).fillna(False).astype(bool),
        "local_month": local_periods(frame["start_time"], "M"),
    }


def _total_cost(blocks: pd.DataFrame, settings: MetricSettings, overall: bool) -> pd.Series | None:
    price = settings.price
    if price is None:
        return None
    basis = price.basis
    if basis is PriceBasis.PER_MINUTE:
        cost = blocks["_billed_minutes"] * price.rate
    elif basis is PriceBasis.PER_DIAL:
        cost = blocks["total_dials"] * price.rate
    elif basis is PriceBasis.PER_CONNECTED:
        cost = blocks["connected"] * price.rate
    elif basis is PriceBasis.PER_LEAD:
        cost = blocks["intents"] * price.rate
    elif basis is PriceBasis.PER_CONVERSION:
        cost = blocks["conversions"] * price.rate
    else:  # per seat-month
        seat_months = blocks["_months"] * price.seats if (price.seats is not None and overall) else blocks["agent_months"]
        cost = seat_months * price.rate
    return cost + (price.fixed_fee if overall else 0.0)


def _lead_list_numbers(blocks: pd.DataFrame, settings: MetricSettings, overall: bool) -> pd.Series | None:
    if settings.lead_list is None or not overall:
        return None
    return pd.Series(float(len(settings.lead_list)), index=blocks.index)


def _lead_list_dialled(blocks: pd.DataFrame, settings: MetricSettings, overall: bool) -> pd.Series | None:
    return blocks["_lead_list_dialled"] if settings.lead_list is not None else None


BLOCKS = (
    BlockSpec("_billed_minutes", Sum("billed_minutes")),
    BlockSpec("_months", Distinct("local_month"), requires=("start_time",)),
    BlockSpec("_lead_list_dialled", Distinct("phone", "in_lead_list"), requires=("phone",)),
    BlockSpec("total_cost", Derived(_total_cost, "no price model in the engagement (price:)")),
    BlockSpec(
        "lead_list_numbers", Derived(_lead_list_numbers, "no lead list in the engagement (lead_list:), or not the overall scope")
    ),
    BlockSpec("lead_list_dialled", Derived(_lead_list_dialled, "no lead list in the engagement (lead_list:)")),
)
