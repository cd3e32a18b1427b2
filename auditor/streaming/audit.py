"""The record rules of an audit over a big file: each split is read as a small call table, every rule summarises it.

The blocks spill every canonical column, split by phone number (``rows``), and the
answered calls with an agent, split by agent (``agents``). Each split is then a
:class:`CallTable` whose index is the row's number in the whole input, so the rules'
examples come out in file order. Every record rule summarises each split it needs
(:mod:`auditor.engine.registry`); the summaries, the charts' counts and the calls
outside the report period add up in the main process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from auditor.engagement import Engagement
from auditor.engine.registry import BY_AGENT, add_summaries, get_kind
from auditor.engine.spec import RuleSpec
from auditor.ingest.checks import outside_period, outside_period_rows
from auditor.ingest.quality import MAX_EXAMPLES
from auditor.ingest.schema import Disposition
from auditor.ingest.table import CATEGORICAL, CallTable
from auditor.metrics.distributions import ChartSummary, summarise_charts
from auditor.streaming import spill
from auditor.streaming.partition import RowsFound
from auditor.streaming.plan import StreamPlan, current

ROWS = "rows"
AGENTS = "agents"
#: The column holding each spilled row's number in the whole input.
ROW = "row"


@dataclass(frozen=True)
class AuditPlan:
    """What the record rules of an audit need in the workers."""

    engagement: Engagement
    rules: tuple[RuleSpec[Any], ...]  # the enabled rules whose kind reads the records
    periods: tuple[tuple[date, date], ...] = ()

    def rules_by(self, agent: bool) -> tuple[RuleSpec[Any], ...]:
        return tuple(r for r in self.rules if (get_kind(r.kind).split == BY_AGENT) == agent)


@dataclass
class PartSummaries:
    """What one split adds: every rule's summary (by rule id), the charts' counts, calls outside the period."""

    rules: dict[str, Any] = field(default_factory=dict)
    charts: ChartSummary | None = None
    outside_period: RowsFound = field(default_factory=RowsFound)

    def __add__(self, other: PartSummaries) -> PartSummaries:
        rules = {rid: add_summaries(self.rules.get(rid), other.rules.get(rid)) for rid in {*self.rules, *other.rules}}
        found = self.outside_period
        more = other.outside_period
        period = RowsFound(found.count + more.count, sorted([*found.first, *more.first])[:MAX_EXAMPLES])
        return PartSummaries(rules, add_summaries(self.charts, other.charts), period)


def spill_rows(calls: CallTable, plan: StreamPlan, index: int, offset: int) -> None:
    """Every column of a block by phone, and its answered calls with an agent by agent (when a rule needs them)."""
    assert plan.audit is not None
    frame = spill_every_column(calls, plan, index, offset)
    if plan.audit.rules_by(agent=True):
        agents = frame[agent_rows(frame)]
        parts = spill.split_of(agents["agent_id"].astype("string"), plan.splits)
        spill.write_splits(plan.spill_dir, AGENTS, index, agents, parts, plan.splits)


def spill_every_column(calls: CallTable, plan: StreamPlan, index: int, offset: int) -> pd.DataFrame:
    """Every column of block ``index`` and its rows' numbers (:data:`ROW`) to the splits by phone; the frame spilled."""
    frame = calls.frame.assign(**{ROW: np.arange(offset, offset + len(calls), dtype="int64")})
    # A file without campaign or agent holds them as text: as categories, its splits concatenate with the others'.
    frame = frame.astype({name: "category" for name in CATEGORICAL})
    spill.write_splits(plan.spill_dir, ROWS, index, frame, spill.split_of(frame["phone"], plan.splits), plan.splits)
    return frame


def agent_rows(frame: pd.DataFrame) -> np.ndarray:
    """The rows a by-agent rule reads: answered calls with an agent (unanswered dials never hold an agent)."""
    answered = (frame["disposition"] == Disposition.ANSWERED.value).fillna(False) & frame["agent_id"].notna()
    return np.asarray(answered.to_numpy(dtype=bool))


def summarise_rows_split(part: int, supplied: frozenset[str]) -> PartSummaries:
    """Every by-number rule's summary of split ``part``, its chart counts and its calls outside the period."""
    plan = current()
    assert plan.audit is not None
    calls = split_table(plan, ROWS, part, supplied)
    out = PartSummaries()
    if calls is None:
        return out
    out.rules = _summaries(plan.audit.rules_by(agent=False), calls, plan.audit.engagement)
    out.charts = summarise_charts(calls, plan.audit.engagement.metric_settings())
    if plan.audit.periods:
        found = outside_period(calls, plan.audit.periods)
        if found is not None:
            rows = calls.frame.index[outside_period_rows(calls, plan.audit.periods).to_numpy()][:MAX_EXAMPLES]
            out.outside_period = RowsFound(found.count, list(zip(rows.tolist(), found.examples, strict=True)))
    return out


def summarise_agent_split(part: int, supplied: frozenset[str]) -> PartSummaries:
    """Every by-agent rule's summary of split ``part``."""
    plan = current()
    assert plan.audit is not None
    calls = split_table(plan, AGENTS, part, supplied)
    if calls is None:
        return PartSummaries()
    return PartSummaries(rules=_summaries(plan.audit.rules_by(agent=True), calls, plan.audit.engagement))


def _summaries(rules: tuple[RuleSpec[Any], ...], calls: CallTable, engagement: Engagement) -> dict[str, Any]:
    out = {}
    for rule in rules:
        summarise = get_kind(rule.kind).summarise
        assert summarise is not None
        out[rule.id] = summarise(rule, calls, engagement)
    return out


def split_table(plan: StreamPlan, kind: str, part: int, supplied: frozenset[str]) -> CallTable | None:
    """Split ``part`` as a call table in row order, indexed by row number in the whole input."""
    frame = spill.read_split(plan.spill_dir, kind, part, canonical=True)
    if frame is None:
        return None
    frame = frame.set_index(ROW)
    frame.index.name = None
    return CallTable(frame=frame, timezone=plan.timezone, supplied=supplied, zone_origin=plan.zone)


__all__ = [
    "AGENTS",
    "ROWS",
    "AuditPlan",
    "agent_rows",
    "PartSummaries",
    "spill_every_column",
    "spill_rows",
    "split_table",
    "summarise_agent_split",
    "summarise_rows_split",
]
