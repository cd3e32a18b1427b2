"""Recompute a big canonical CSV or Parquet file without holding its table: blocks, then splits, on worker processes."""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from auditor.engine.context import RecordsInfo
from auditor.errors import RecordFormatError
from auditor.ingest import expand_paths
from auditor.ingest.blocks import BlockProgress, StreamUnsupported, head_zone
from auditor.ingest.checks import outside_period_summary
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.readers import detect_reader, get_reader
from auditor.ingest.zone import TableZone
from auditor.location import SourceRef
from auditor.metrics.catalogue import Catalogue, load_catalogue
from auditor.metrics.compute import GROUPINGS, check_groupings
from auditor.metrics.model import MetricSet
from auditor.metrics.settings import MetricSettings
from auditor.scope import Scope, with_parts
from auditor.streaming.assemble import Totals
from auditor.streaming.audit import AuditPlan, PartSummaries, summarise_agent_split, summarise_rows_split
from auditor.streaming.block import summarise_block
from auditor.streaming.partition import summarise_id_split, summarise_phone_split
from auditor.streaming.plan import StreamPlan
from auditor.streaming.spill import spill_folder
from auditor.streaming.workers import Workers, default_workers

log = logging.getLogger(__name__)

#: About this many rows go to each split by phone (what one worker holds at a time in the second pass).
SPLIT_ROWS = 1_000_000
#: Rows per split when an audit spills every column (a split is read back as a call table).
AUDIT_SPLIT_ROWS = 500_000
#: Disk the splits take per row (measured on the benchmark file): the recompute's columns, and every column for an audit.
SPILL_BYTES_PER_ROW = 60
AUDIT_SPILL_BYTES_PER_ROW = 350
#: Rows of the first file whose start times decide the zone blocks are first read in (none given).
HEAD_ROWS = 10_000
#: Bytes of CSV text per row, to guess a file's rows before reading it (an export adapter may say its own).
_CSV_BYTES_PER_ROW = 100


@dataclass(frozen=True)
class StreamedRecompute:
    """The metric values and data-quality issues of the records, with how they were computed."""

    metrics: MetricSet
    issues: tuple[DataQualityIssue, ...]
    rows: int
    supplied: frozenset[str]
    workers: int
    splits: int
    audit: PartSummaries | None = None  # an audit's record-rule summaries, chart counts, calls outside the period
    sources: tuple[str, ...] = ()
    zone: TableZone = field(default_factory=TableZone)  # the zone local times were read in, and how it was known

    def records(self) -> RecordsInfo:
        """What an audit knows of the records without their table."""
        return RecordsInfo(self.rows, self.zone.name, self.supplied, self.sources, self.issues, self.zone)


def can_stream(paths: Iterable[str | Path], format: str | None = None) -> bool:
    """True when every file has a block reader (canonical CSV and Parquet, the CSV exports of the diallers)."""
    files = expand_paths(list(paths))
    return bool(files) and all(hasattr(reader_of(p, format), "iter_batches") for p in files)


def recompute_files(
    paths: str | Path | Iterable[str | Path],
    *,
    timezone: str | None = None,
    format: str | None = None,
    dispositions: Mapping[str, object],
    outcomes: Mapping[str, object],
    settings: MetricSettings | None = None,
    by: Sequence[str] = (),
    scopes: Iterable[Scope] = (),
    catalogue: Catalogue | None = None,
    workers: int | None = None,
    progress: BlockProgress | None = None,
    audit: AuditPlan | None = None,
    read_done: Callable[[], None] | None = None,
    pinned: tuple[Mapping[str, object], Mapping[str, object]] = ({}, {}),
) -> StreamedRecompute:
    """Every metric of ``recompute(read_calls(paths), ...)`` and the reader's data-quality issues, with bounded memory.

    Raises :class:`StreamUnsupported` when a file has no block reader or is empty (read it whole instead).
    ``timezone``: the engagement's; None lets the start times decide (:mod:`auditor.ingest.zone`): the
    blocks are read in the zone the first rows give, and read again when every block's start times
    decide another (a daylight-saving change later in the file), as the whole-table path decides.
    ``workers``: processes (None: one per core for big inputs, :data:`~auditor.streaming.workers.WORKERS_ENV`).
    ``audit``: an audit's record rules, summarised split by split (:mod:`auditor.streaming.audit`).
    ``read_done`` is called when every block is read (the splits follow).
    ``pinned``: the engagement's own value tables, over those a block of an export brings (Five9's).
    """
    files, readers = block_readers(paths, format)
    check_groupings(by)
    rows = guess_rows(files, readers)
    splits = max(1, math.ceil(rows / (SPLIT_ROWS if audit is None else AUDIT_SPLIT_ROWS)))
    count = workers or default_workers(rows)
    plan = StreamPlan(
        timezone="UTC",
        dispositions=dict(dispositions),
        outcomes=dict(outcomes),
        settings=settings or MetricSettings(),
        groupings=tuple(GROUPINGS[b] for b in by),
        scopes=tuple(with_parts(scopes)),
        spill_dir="",
        splits=splits,
        audit=audit,
        pinned=pinned,
    )
    zone = first_zone(files, readers, timezone)
    try:
        return _recompute_in(
            replace(plan, timezone=zone.name, zone=zone), files, readers, count, rows, progress, read_done, catalogue
        )
    except ZoneChanged as changed:
        log.info("reading the files again in %s (%s)", changed.zone.name, changed.zone.basis)
        again = replace(plan, timezone=changed.zone.name, zone=changed.zone)
        return _recompute_in(again, files, readers, count, rows, progress, read_done, catalogue, check_zone=False)


class ZoneChanged(Exception):
    """Every block's start times decide another zone than the first rows did: the blocks are read again in ``zone``."""

    def __init__(self, zone: TableZone) -> None:
        super().__init__(zone.name)
        self.zone = zone


def first_zone(files: list[Path], readers: Sequence[Any], timezone: str | None) -> TableZone:
    """The zone blocks are first read in: the given one, else the one the first file's first rows decide."""
    if timezone is not None:
        return TableZone(timezone)
    batches = iter(readers[0].iter_batches(files[0]))
    try:
        first = next(batches, None)
    except OSError as exc:
        raise RecordFormatError(f"cannot read: {exc.strerror or exc}", location=SourceRef(file=str(files[0]))) from None
    finally:
        getattr(batches, "close", lambda: None)()
    if first is None:
        return head_zone(None)
    head = replace(first, batch=first.batch.slice(0, HEAD_ROWS))
    return head_zone(head.records().frame)


def changed_zone(decided: TableZone, used: TableZone, check: bool = True) -> None:
    """Raise :class:`ZoneChanged` when the zone every block decides reads local times otherwise than the one used."""
    if check and used.source != "engagement" and (decided.name, decided.unplaced) != (used.name, used.unplaced):
        raise ZoneChanged(decided)


def _recompute_in(
    template: StreamPlan,
    files: list[Path],
    readers: list[Any],
    count: int,
    rows: int,
    progress: BlockProgress | None,
    read_done: Callable[[], None] | None,
    catalogue: Catalogue | None,
    *,
    check_zone: bool = True,
) -> StreamedRecompute:
    """:func:`recompute_files` in the zone of ``template`` (:class:`ZoneChanged` when the blocks decide another)."""
    audit, splits = template.audit, template.splits
    audited: PartSummaries | None = None
    with spill_folder(rows, SPILL_BYTES_PER_ROW if audit is None else AUDIT_SPILL_BYTES_PER_ROW) as folder:
        plan = replace(template, spill_dir=folder)
        totals = Totals(plan)
        with Workers(plan, count) as pool:
            for summary in pool.map(summarise_block, block_tasks(files, readers, progress)):
                totals.add_block(summary)
            if not totals.rows:
                raise StreamUnsupported("no records")
            zone = totals.zone()
            changed_zone(zone, plan.zone or zone, check_zone)
            if read_done is not None:
                read_done()
            for split in pool.map(summarise_phone_split, ((part,) for part in range(splits))):
                totals.add_split(split)
            for found in pool.map(summarise_id_split, ((part,) for part in range(splits))):
                totals.add_ids(found)
            if audit is not None:
                audited = _audit_splits(pool, audit, splits, totals.supplied)
    issues = totals.issues()
    if audited is not None and audited.outside_period.count:
        first = tuple(text for _, text in audited.outside_period.first)
        issues.append(outside_period_summary(audited.outside_period.count, first, audit.periods if audit else ()))
    log.info("recomputed %s rows in %s blocks, %s splits, %s worker(s)", totals.rows, totals.blocks, splits, count)
    return StreamedRecompute(
        metrics=MetricSet(tuple(totals.values(catalogue or load_catalogue()))),
        issues=tuple(issues),
        rows=totals.rows,
        supplied=totals.supplied,
        workers=count,
        splits=splits,
        audit=audited,
        sources=tuple(str(p) for p in files),
        zone=zone,
    )


def _audit_splits(pool: Workers, audit: AuditPlan, splits: int, supplied: frozenset[str]) -> PartSummaries:
    """Every record rule's summary over the splits by phone, then (when a rule needs them) by agent."""
    total = PartSummaries()
    for part in pool.map(summarise_rows_split, ((part, supplied) for part in range(splits))):
        total = total + part
    if audit.rules_by(agent=True):
        for part in pool.map(summarise_agent_split, ((part, supplied) for part in range(splits))):
            total = total + part
    return total


def block_readers(paths: str | Path | Iterable[str | Path], format: str | None) -> tuple[list[Path], list[Any]]:
    """The files named (folders expanded) and their block readers; :class:`StreamUnsupported` when one has none."""
    files = expand_paths([paths] if isinstance(paths, (str, Path)) else list(paths))
    readers = [reader_of(p, format) for p in files]
    if not files or not all(hasattr(r, "iter_batches") for r in readers):
        raise StreamUnsupported("not every file has a block reader")
    return files, readers


def reader_of(path: Path, format: str | None) -> Any:
    return get_reader(format) if format else detect_reader(path)


def block_tasks(files: list[Path], readers: list[Any], progress: BlockProgress | None) -> Iterator[tuple[Any, int, int]]:
    index = offset = 0
    for path, reader in zip(files, readers, strict=True):
        log.info("reading %s as %s in blocks on worker processes", path, reader.name)
        try:
            for raw in reader.iter_batches(path):
                if progress is not None:
                    progress(raw.done, raw.total)
                yield raw, index, offset
                index += 1
                offset += len(raw)
        except OSError as exc:
            raise RecordFormatError(f"cannot read: {exc.strerror or exc}", location=SourceRef(file=str(path))) from None


def guess_rows(files: list[Path], readers: Sequence[Any] = ()) -> int:
    """Rows of the files, guessed before reading: a Parquet file's metadata, a CSV's size by its reader's bytes a row."""
    rows = 0
    for path, reader in itertools.zip_longest(files, readers[: len(files)]):
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            try:
                rows += pq.ParquetFile(path).metadata.num_rows
            except Exception:  # unreadable: the block reader reports it
                continue
        else:
            rows += path.stat().st_size // getattr(reader, "bytes_per_row", _CSV_BYTES_PER_ROW)
    return rows


__all__ = [
    "AUDIT_SPLIT_ROWS",
    "SPLIT_ROWS",
    "StreamedRecompute",
    "block_readers",
    "block_tasks",
    "can_stream",
    "guess_rows",
    "reader_of",
    "recompute_files",
]
