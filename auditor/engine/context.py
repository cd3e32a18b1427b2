"""What rule kinds may read: claims, recomputed metrics, the call records, the engagement. Read-only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from auditor.agents import AgentDirectory
from auditor.engagement import Engagement
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.schema import REQUIRED
from auditor.ingest.table import CallTable
from auditor.ingest.zone import TableZone
from auditor.metrics.catalogue import Catalogue, load_catalogue
from auditor.metrics.model import MetricSet
from auditor.reports.model import ClaimedFigure, ReportExtraction, UnmatchedFigure


@dataclass(frozen=True)
class RecordsInfo:
    """What is known of the call records as a whole, with or without their table."""

    rows: int
    timezone: str = "UTC"
    supplied: frozenset[str] = frozenset()
    sources: tuple[str, ...] = ()
    issues: tuple[DataQualityIssue, ...] = ()
    zone_origin: TableZone | None = None  # where ``timezone`` came from (None: given, as the engagement's)
    absent: frozenset[str] = frozenset()  # required columns the input cannot carry (aggregated counts)
    agents: AgentDirectory | None = None  # the records' agents and their names, to match the report's agent names

    def has(self, column: str) -> bool:
        """True when the column was supplied (required columns always are, unless the input cannot carry them)."""
        return column not in self.absent and (column in REQUIRED or column in self.supplied)

    @property
    def zone(self) -> TableZone:
        """The zone local times are read in, with where it came from (:mod:`auditor.ingest.zone`)."""
        return self.zone_origin if self.zone_origin is not None else TableZone(self.timezone)

    @classmethod
    def of(cls, table: CallTable) -> RecordsInfo:
        return cls(
            len(table), table.timezone, table.supplied, table.sources, table.issues, table.zone, table.absent, table.agents
        )


@dataclass(frozen=True)
class AuditContext:
    """Inputs of one audit, computed once; kinds never recompute or read files.

    The call records come either as a table (``calls``) or, for files too big to hold,
    as ``records`` with the summaries of every record rule (``summaries``, by rule id;
    see :mod:`auditor.engine.registry`).
    """

    claims: tuple[ClaimedFigure, ...] = ()
    metrics: MetricSet = field(default_factory=MetricSet)
    calls: CallTable | None = None
    engagement: Engagement = field(default_factory=Engagement)
    catalogue: Catalogue = field(default_factory=load_catalogue)
    reports: tuple[ReportExtraction, ...] = ()
    records: RecordsInfo | None = None
    summaries: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.records is None and self.calls is not None:
            object.__setattr__(self, "records", RecordsInfo.of(self.calls))

    @property
    def unmatched(self) -> tuple[UnmatchedFigure, ...]:
        return tuple(u for report in self.reports for u in report.unmatched)

    @property
    def data_quality(self) -> tuple[DataQualityIssue, ...]:
        return self.records.issues if self.records is not None else ()

    @property
    def has_calls(self) -> bool:
        return self.records is not None

    @property
    def zone(self) -> TableZone:
        """The zone the records' local times are read in (the engagement's when there are no records)."""
        if self.records is not None:
            return self.records.zone
        return TableZone(self.engagement.timezone)
