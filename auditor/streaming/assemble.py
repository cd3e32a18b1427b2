"""The summaries of every block and every split, added up into the file's metric values and data-quality issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import pandas as pd

from auditor.ingest.blocks import MergedIssues
from auditor.ingest.checks import OffsetTally, near_duplicate_summary
from auditor.ingest.quality import MAX_EXAMPLES, DataQualityIssue
from auditor.ingest.schema import REQUIRED
from auditor.ingest.table import duplicate_call_id_summary
from auditor.ingest.zone import TableZone, ZoneEvidence, decide_zone
from auditor.metrics.catalogue import Catalogue
from auditor.metrics.compute import BLOCK_SPECS, complete_blocks, values_from_blocks
from auditor.metrics.definitions import Distinct, Sum
from auditor.metrics.model import MetricValue
from auditor.scope import Scope
from auditor.streaming.block import KEYS, SPLIT_SUMS, BlockSummary, distinct_keys, supplied_of
from auditor.streaming.partition import RowsFound, SplitSummary
from auditor.streaming.plan import OVERALL, StreamPlan, scope_id

#: The blocks' key combinations are de-duplicated every this many blocks (they stay few: agents x days).
_COMPACT_EVERY = 16


@dataclass
class Totals:
    """Running totals of a streamed recompute."""

    plan: StreamPlan
    rows: int = 0
    blocks: int = 0
    raw_columns: set[str] = field(default_factory=set)
    derived: set[str] = field(default_factory=set)
    quality: MergedIssues = field(default_factory=MergedIssues)
    reader_quality: MergedIssues = field(default_factory=MergedIssues)
    offsets: OffsetTally = field(default_factory=OffsetTally)
    zone_seen: ZoneEvidence = field(default_factory=ZoneEvidence)
    sums: dict[str, pd.DataFrame] = field(default_factory=dict)
    combos: list[pd.DataFrame] = field(default_factory=list)
    compliant: dict[str, pd.Series] = field(default_factory=dict)
    numbers: dict[tuple[str, str | None], pd.Series] = field(default_factory=dict)
    near_duplicates: list[RowsFound] = field(default_factory=list)
    duplicate_ids: list[RowsFound] = field(default_factory=list)

    def add_block(self, summary: BlockSummary) -> None:
        """Add one block's summary (blocks in file order: the data-quality examples are the first rows)."""
        self.rows += summary.rows
        self.blocks += 1
        self.raw_columns |= summary.raw_columns
        self.derived |= summary.derived
        self.quality.add(summary)
        self.reader_quality.add(summary.reader)
        self.offsets.merge(summary.offsets)
        self.zone_seen = self.zone_seen + summary.zone_seen
        for gid, sums in summary.sums.items():
            self.sums[gid] = _add(self.sums.get(gid), sums)
        self.combos.append(summary.combos)
        if len(self.combos) >= _COMPACT_EVERY:
            self.combos = [pd.concat(self.combos, ignore_index=True).drop_duplicates()]

    def add_split(self, summary: SplitSummary) -> None:
        """Add one split by phone (the splits hold different numbers: distinct counts add up)."""
        for gid, counts in summary.compliant.items():
            self.compliant[gid] = _add(self.compliant.get(gid), counts)
        for key, counts in summary.numbers.items():
            self.numbers[key] = _add(self.numbers.get(key), counts)
        if summary.near_duplicates.count:
            self.near_duplicates.append(summary.near_duplicates)

    def add_ids(self, found: RowsFound) -> None:
        """Add one split by call id."""
        if found.count:
            self.duplicate_ids.append(found)

    def zone(self) -> TableZone:
        """The zone every block's start times decide (the plan's, when it was given)."""
        return decide_zone(self.plan.given_zone, None, self.zone_seen)

    @property
    def supplied(self) -> frozenset[str]:
        return supplied_of(self.raw_columns, self.derived)

    def has(self, column: str) -> bool:
        return column in REQUIRED or column in self.supplied

    def issues(self) -> list[DataQualityIssue]:
        """Data-quality issues in the order the in-memory reader gives them."""
        ranks = self.quality.ranks
        issues = self.quality.ordered()
        if self.duplicate_ids:
            count = sum(f.count for f in self.duplicate_ids)
            issues.append(
                duplicate_call_id_summary(count, sum(f.distinct for f in self.duplicate_ids), _first(self.duplicate_ids))
            )
            issues.sort(key=lambda i: ranks.get(i.code, len(ranks)))
        mixed = self.offsets.issue() if self.zone().mixed else None
        near = None
        if self.near_duplicates:
            near = near_duplicate_summary(sum(f.count for f in self.near_duplicates), _first(self.near_duplicates))
        return [*self.reader_quality.ordered(), *([mixed] if mixed else []), *issues, *([near] if near else [])]

    def values(self, catalogue: Catalogue) -> list[MetricValue]:
        """Every metric value: overall, per grouping, then per scope not given already, as ``recompute`` orders them."""
        plan = self.plan
        out = self._values_of(OVERALL, None, catalogue)
        for column in plan.groupings:
            out += self._values_of(column, column, catalogue)
        done = {v.scope for v in out}
        for position, scope in enumerate(plan.scopes):
            if scope in done:
                continue
            done.add(scope)
            out += self._values_of(scope_id(position), None, catalogue, scope)
        return out

    def _values_of(self, gid: str, group: str | None, catalogue: Catalogue, scope: Scope | None = None) -> list[MetricValue]:
        sums = self.sums.get(gid, pd.DataFrame())
        index = pd.Index([OVERALL]) if group is None else pd.Index(sorted(str(label) for label in sums.index))
        blocks = pd.DataFrame(index=index)
        counted = self._key_counts(gid)
        for spec in BLOCK_SPECS:
            how = spec.how
            if not all(self.has(c) for c in spec.requires):
                continue
            if isinstance(how, Sum):
                source = self.compliant.get(gid) if how.column in SPLIT_SUMS else sums.get(how.column)
                blocks[spec.id] = _aligned(source, index)
            elif isinstance(how, Distinct):
                source = self.numbers.get((gid, how.mask)) if how.key == "phone" else counted.get((how.key, how.mask))
                blocks[spec.id] = _aligned(source, index)
        blocks, notes = complete_blocks(blocks, self.has, self.plan.settings, group is None)
        fixed = (scope or Scope()) if group is None else None
        return values_from_blocks(blocks, notes, group, catalogue, fixed)

    def _key_counts(self, gid: str) -> dict[tuple[str, str | None], pd.Series]:
        if len(self.combos) > 1:
            self.combos = [pd.concat(self.combos, ignore_index=True).drop_duplicates()]
        combos = self.combos[0]
        return {(key, mask): distinct_keys(combos, gid, key, mask) for key, mask in KEYS}


Summed = TypeVar("Summed", pd.DataFrame, pd.Series)


def _add(total: Summed | None, part: Summed) -> Summed:
    """Running sums plus one part, aligned on the group labels (a label missing on one side counts 0)."""
    if total is None:
        return part.astype("float64")
    return total.add(part.astype("float64"), fill_value=0.0)


def _aligned(values: pd.Series | None, index: pd.Index) -> np.ndarray:
    if values is None:
        return np.zeros(len(index))
    values = values.copy()
    values.index = values.index.astype(str)
    return values.reindex(index, fill_value=0.0).to_numpy(dtype="float64")


def _first(found: list[RowsFound]) -> tuple[str, ...]:
    """The first example rows over every split, in row order."""
    ordered = sorted((row, text) for f in found for row, text in f.first)
    return tuple(text for _, text in ordered[:MAX_EXAMPLES])


__all__ = ["Totals"]
