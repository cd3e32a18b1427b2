"""What every worker needs to summarise a block or a split, sent once per worker process."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor._memory import keep_freed_memory
from auditor.ingest.zone import TableZone
from auditor.metrics.settings import MetricSettings
from auditor.scope import Scope

if TYPE_CHECKING:
    from auditor.streaming.audit import AuditPlan

#: Group ids: ``all`` (one group), a grouping column (``campaign``, ``agent_id``, ``day``), ``scope<i>``.
OVERALL = "all"


@dataclass(frozen=True)
class StreamPlan:
    """The settings of one streamed recompute."""

    timezone: str
    dispositions: Mapping[str, object]
    outcomes: Mapping[str, object]
    settings: MetricSettings
    groupings: tuple[str, ...]  # row-frame columns: campaign, agent_id, day
    scopes: tuple[Scope, ...]
    spill_dir: str
    splits: int  # number of splits by phone and by call id
    audit: AuditPlan | None = None  # an audit's record rules: every column is spilled too
    #: the engagement's own value tables, over those an export's block brings (Five9's)
    pinned: tuple[Mapping[str, object], Mapping[str, object]] = field(default=({}, {}))
    #: where ``timezone`` came from (:mod:`auditor.ingest.zone`); None: given, as the engagement's
    zone: TableZone | None = None

    @property
    def given_zone(self) -> str | None:
        """The zone when it was given (the engagement's); None when the records' start times decide it."""
        return self.timezone if self.zone is None or self.zone.source == "engagement" else None

    def group_ids(self) -> list[str]:
        """Every group id summarised, overall first."""
        return [OVERALL, *self.groupings, *(scope_id(i) for i in range(len(self.scopes)))]


def scope_id(position: int) -> str:
    return f"scope{position}"


_current: StreamPlan | None = None


def install(plan: StreamPlan | None) -> None:
    """Make ``plan`` the current one in this process (a worker's initializer)."""
    global _current
    _current = plan


def start_worker(plan: StreamPlan) -> None:
    """A worker process's initializer: the plan, and a heap that keeps freed pages for the next block."""
    keep_freed_memory()
    install(plan)


def current() -> StreamPlan:
    if _current is None:
        raise RuntimeError("no stream plan installed in this process")
    return _current


__all__ = ["OVERALL", "StreamPlan", "current", "install", "scope_id", "start_worker"]
