"""Raw call records -> the canonical call table.

``read_calls(paths)`` expands folders, picks a reader per file (or the one named),
concatenates, and validates through :meth:`CallTable.from_frame`.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from auditor.errors import InputError, RecordFormatError
from auditor.ingest.adapters.counts import aggregated_parts, fold_views
from auditor.ingest.adapters.mapped import CallMapping, load_mapping, with_zone
from auditor.ingest.blocks import Block, BlockProgress, StreamUnsupported, build_table, head_zone, merged_reader_issues
from auditor.ingest.checks import OffsetTally, mixed_offsets, run_table_checks
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.readers import RawRecords, ReadOptions, RecordReader, all_readers, detect_reader, get_reader, register_reader
from auditor.ingest.schema import COLUMN_NAMES, COLUMNS, REQUIRED, Disposition, Outcome
from auditor.ingest.table import CallTable
from auditor.ingest.tables import load_table
from auditor.ingest.vocabulary import DISPOSITIONS, OUTCOMES, merge_table
from auditor.location import SourceRef

log = logging.getLogger(__name__)

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "CallMapping",
    "REQUIRED",
    "CallTable",
    "DataQualityIssue",
    "Disposition",
    "Outcome",
    "RawRecords",
    "ReadOptions",
    "all_readers",
    "expand_paths",
    "load_mapping",
    "pinned_tables",
    "read_calls",
    "register_reader",
]


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, plus the readable files inside folders named (sorted, not recursive into hidden)."""
    suffixes = {s for reader in all_readers().values() for s in reader.suffixes}
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith(".")
            )
            if not found:
                raise InputError(
                    f"folder has no call-record files ({', '.join(sorted(suffixes))})", location=SourceRef(file=str(path))
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such file or folder", location=SourceRef(file=str(path)), hint="check the --calls path")
    _named_once(files)
    return files


def _named_once(files: list[Path]) -> None:
    """Refuse a file named twice (itself and through its folder, say): its calls would count twice."""
    seen: dict[Path, Path] = {}
    for path in files:
        first = seen.setdefault(path.resolve(), path)
        if first is not path:
            also = "" if str(first) == str(path) else f" (also as {first})"
            raise InputError(
                f"the call-record file is named twice{also}: its calls would count twice",
                location=SourceRef(file=str(path)),
                hint="name each file once, either on its own or through its folder",
            )


def read_calls(
    paths: str | Path | Iterable[str | Path],
    *,
    timezone: str | None = None,
    format: str | None = None,
    dispositions: Mapping[str, str] | None = None,
    outcomes: Mapping[str, str] | None = None,
    mapping: str | Path | CallMapping | None = None,
    date_order: str | None = None,
    streamed: bool = True,
    progress: BlockProgress | None = None,
) -> CallTable:
    """Read call records from files or folders into one validated :class:`CallTable`.

    Args:
        paths: a file, a folder, or several of them.
        timezone: IANA zone for naive timestamps and local dates (the engagement's); None: the
            mapping's, else the one the start times' UTC offsets give, else naive times are taken
            as the vendor's wall clock (:mod:`auditor.ingest.zone`; the table's ``zone`` says which).
        format: reader name (``auditor.ingest.all_readers()``); sniffed per file when None.
        dispositions, outcomes: extra value tables (source value -> canonical value)
            laid over the reader's, the mapping file's and the defaults.
        mapping: a mapping file (or parsed :class:`CallMapping`) for exports no adapter
            knows; one without ``columns`` only adds value tables to the sniffed adapter.
        date_order: ``dmy`` or ``mdy`` for year-last dates (``04/09/17``); inferred when None.
        streamed: read files whose reader can (canonical CSV and Parquet, the CSV exports of
            Asterisk, FreeSWITCH, Twilio, Five9 and VICIdial) block by block
            (:mod:`auditor.ingest.blocks`: same table, bounded memory); False reads them whole.
        progress: ``progress(done, total)`` after each block, in bytes (CSV) or rows (Parquet)
            of the file being read, for a progress display.

    Value tables apply in this order, later winning: defaults, the adapter's table,
    the mapping file, then ``dispositions``/``outcomes`` (the engagement).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files = expand_paths(paths)
    if mapping is not None and not isinstance(mapping, CallMapping):
        mapping = load_mapping(mapping)
    if mapping is not None and mapping.columns and format is None:
        format = "mapped"
    options = ReadOptions(
        timezone=timezone or "UTC", mapping=mapping, date_order=date_order or (mapping.date_order if mapping else None)
    )
    readers = [get_reader(format) if format else detect_reader(path) for path in files]
    # blocks read the columns as they are; a mapping file or a date order asks for the whole-file readers
    if streamed and mapping is None and options.date_order is None and all(hasattr(reader, "iter_batches") for reader in readers):
        try:
            tables = value_tables(None, dispositions, outcomes, readers=readers)
            return _read_blocks(files, readers, timezone, tables, pinned_tables(dispositions, outcomes), progress)
        except StreamUnsupported as exc:
            log.info("reading whole files instead of blocks: %s", exc)
    parts: list[RawRecords] = []
    for path, reader in zip(files, readers, strict=True):
        log.info("reading %s as %s", path, reader.name)
        try:
            parts.append(reader.read(path, options))
        except OSError as exc:
            raise RecordFormatError(f"cannot read: {exc.strerror or exc}", location=SourceRef(file=str(path))) from None
    absent = aggregated_parts(parts, files)
    disposition_table, outcome_table = value_tables(mapping, dispositions, outcomes, parts)
    views: list[DataQualityIssue] = []
    if absent:  # aggregated counts: a file that only filters another's calls is not more dials
        parts, views = fold_views(parts, disposition_table, outcome_table)
    frames = [p.frame for p in parts]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for column in ("source_file",):
        frame[column] = frame[column].astype("string")
    mapping_zone = mapping.timezone if mapping is not None else None
    if mapping is not None and mapping_zone is not None and not mapping.columns:  # (the mapped reader places its own)
        frame = with_zone(frame, mapping_zone)
    mixed = mixed_offsets(frame)
    table = CallTable.from_frame(
        frame,
        timezone=timezone,
        mapping_zone=mapping_zone,
        source=str(files[0]),
        dispositions=disposition_table,
        outcomes=outcome_table,
        absent=absent,
    )
    mixed = mixed if table.zone.mixed else None  # offsets one zone explains (a DST change) are not mixed
    reader_issues = merged_reader_issues([*(issue for part in parts for issue in part.issues), *views])
    extra = [*reader_issues, *([mixed] if mixed else []), *table.issues, *run_table_checks(table)]
    if extra != list(table.issues):
        table = replace(table, issues=tuple(extra))
    return table


def value_tables(
    mapping: CallMapping | None,
    dispositions: Mapping[str, str] | None,
    outcomes: Mapping[str, str] | None,
    parts: Iterable[RawRecords] = (),
    *,
    readers: Iterable[RecordReader] = (),
) -> tuple[dict[str, object], dict[str, object]]:
    """Disposition and outcome tables, later winning: defaults, the adapters', the mapping file's, the engagement's.

    The adapters' tables are those of the files read (``parts``), or those the ``readers`` know
    before reading (their ``tables()``; a block may bring more, see :func:`pinned_tables`).
    """
    disposition_table: dict[str, object] = {**DISPOSITIONS, **load_table("chinese_labels").dispositions()}
    outcome_table: dict[str, object] = dict(OUTCOMES)
    known = [reader.tables() for reader in {r.name: r for r in readers}.values() if hasattr(reader, "tables")]
    for adapter_dispositions, adapter_outcomes in [*known, *((part.dispositions, part.outcomes) for part in parts)]:
        disposition_table.update(adapter_dispositions)
        outcome_table.update(adapter_outcomes)
    if mapping is not None:
        disposition_table = merge_table(disposition_table, mapping.dispositions, Disposition)
        outcome_table = merge_table(outcome_table, mapping.outcomes, Outcome)
    return merge_table(disposition_table, dispositions or {}, Disposition), merge_table(outcome_table, outcomes or {}, Outcome)


def pinned_tables(
    dispositions: Mapping[str, str] | None, outcomes: Mapping[str, str] | None
) -> tuple[dict[str, object], dict[str, object]]:
    """The engagement's own value tables, which win over the tables a block of an export brings (Five9's)."""
    return merge_table({}, dispositions or {}, Disposition), merge_table({}, outcomes or {}, Outcome)


def _read_blocks(
    files: list[Path],
    readers: list[RecordReader],
    timezone: str | None,
    tables: tuple[dict[str, object], dict[str, object]],
    pinned: tuple[dict[str, object], dict[str, object]],
    progress: BlockProgress | None,
) -> CallTable:
    """The files read block by block into one table.

    With no zone given, the blocks are read in the zone the first block's start times give
    (:func:`~auditor.ingest.blocks.head_zone`); when every block's start times decide another
    (a daylight-saving change later in the file), the files are read again in that one.
    """
    offsets = OffsetTally()  # for the mixed-time-zone check, which needs the raw text of every block

    def blocks() -> Iterator[Block]:
        for path, reader in zip(files, readers, strict=True):
            log.info("reading %s as %s in blocks", path, reader.name)
            try:
                for raw in reader.iter_batches(path):  # type: ignore[attr-defined]
                    block = raw.block()
                    offsets.add(block.frame)
                    if progress is not None:
                        progress(block.done, block.total)
                    yield block
            except OSError as exc:
                raise RecordFormatError(f"cannot read: {exc.strerror or exc}", location=SourceRef(file=str(path))) from None

    def build(zone: str, stream: Iterator[Block]) -> CallTable:
        table, found = build_table(
            stream,
            timezone=zone,
            files=[str(f) for f in files],
            dispositions=tables[0],
            outcomes=tables[1],
            pinned=pinned,
            given=timezone is not None,
        )
        reader_issues[:] = found
        return table

    reader_issues: list[DataQualityIssue] = []
    stream = blocks()
    first = next(stream, None)
    zone = timezone or head_zone(first.frame if first is not None else None).name
    table = build(zone, itertools.chain([first] if first is not None else [], stream))
    if table.zone.name != zone:  # the whole input decided otherwise than its first block: read it again in that zone
        log.info("reading the files again in %s (%s)", table.zone.name, table.zone.basis)
        offsets = OffsetTally()
        table = build(table.zone.name, blocks())
    mixed = offsets.issue() if table.zone.mixed else None
    extra = [*reader_issues, *([mixed] if mixed else []), *table.issues, *run_table_checks(table)]
    return replace(table, issues=tuple(extra)) if extra != list(table.issues) else table
