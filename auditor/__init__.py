"""auditor: check what outbound-calling vendors report against their raw call records.

The public API::

    from auditor import audit
    result = audit(calls="calls.csv", reports=["vendor_report.xlsx"], engagement="engagement.yaml")
    result.findings, result.metrics, result.to_dict()
"""

from __future__ import annotations

__version__ = "0.1.0"

from auditor.api import audit, extract, read_calls, recompute, sample, verify  # noqa: E402
from auditor.engagement import Engagement, load_engagement  # noqa: E402
from auditor.engine.spec import RuleSpec, load_packs  # noqa: E402
from auditor.errors import AuditorError, ConfigError, InputError, RecordFormatError, ReportParseError, RulePackError  # noqa: E402
from auditor.findings import Category, Finding, Severity  # noqa: E402
from auditor.ingest.table import CallTable  # noqa: E402
from auditor.location import SourceRef  # noqa: E402
from auditor.metrics.model import MetricSet, MetricValue  # noqa: E402
from auditor.reports.model import ClaimedFigure  # noqa: E402
from auditor.result import AuditResult  # noqa: E402
from auditor.sampling.settings import SamplingSettings  # noqa: E402
from auditor.scope import Scope  # noqa: E402

__all__ = [
    "AuditResult",
    "AuditorError",
    "CallTable",
    "Category",
    "ClaimedFigure",
    "ConfigError",
    "Engagement",
    "Finding",
    "InputError",
    "MetricSet",
    "MetricValue",
    "RecordFormatError",
    "ReportParseError",
    "RulePackError",
    "RuleSpec",
    "SamplingSettings",
    "Scope",
    "Severity",
    "SourceRef",
    "__version__",
    "audit",
    "extract",
    "load_engagement",
    "load_packs",
    "read_calls",
    "recompute",
    "sample",
    "verify",
]
