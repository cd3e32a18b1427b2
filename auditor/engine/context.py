"""What rule kinds may read: claims, recomputed metrics, the call table, the engagement. Read-only."""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.engagement import Engagement
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.table import CallTable
from auditor.metrics.catalogue import Catalogue, load_catalogue
from auditor.metrics.model import MetricSet
from auditor.reports.model import ClaimedFigure, ReportExtraction, UnmatchedFigure


@dataclass(frozen=True)
class AuditContext:
    """Inputs of one audit, computed once; kinds never recompute or read files."""

    claims: tuple[ClaimedFigure, ...] = ()
    metrics: MetricSet = field(default_factory=MetricSet)
    calls: CallTable | None = None
    engagement: Engagement = field(default_factory=Engagement)
    catalogue: Catalogue = field(default_factory=load_catalogue)
    reports: tuple[ReportExtraction, ...] = ()

    @property
    def unmatched(self) -> tuple[UnmatchedFigure, ...]:
        return tuple(u for report in self.reports for u in report.unmatched)

    @property
    def data_quality(self) -> tuple[DataQualityIssue, ...]:
        return self.calls.issues if self.calls is not None else ()

    @property
    def has_calls(self) -> bool:
        return self.calls is not None
