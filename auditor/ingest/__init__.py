"""Raw call records -> the canonical call table.

``read_calls(paths)`` expands folders, picks a reader per file (or the one named),
concatenates, and validates through :meth:`CallTable.from_frame`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from auditor.errors import InputError, RecordFormatError
from auditor.ingest.blocks import Block, BlockProgress, StreamUnsupported, build_table
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.readers import RawRecords, ReadOptions, RecordReader, all_readers, detect_reader, get_reader, register_reader
from auditor.ingest.schema import COLUMN_NAMES, COLUMNS, REQUIRED, Disposition, Outcome
from auditor.ingest.table import CallTable
from auditor.ingest.vocabulary import DISPOSITIONS, OUTCOMES, merge_table
from auditor.location import SourceRef

log = logging.getLogger(__name__)

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "REQUIRED",
    "CallTable",
    "DataQualityIssue",
    "Disposition",
    "Outcome",
    "RawRecords",
    "ReadOptions",
    "all_readers",
    "expand_paths",
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
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith("."))
            if not found:
                raise InputError(f"folder has no call-record files ({', '.join(sorted(suffixes))})", location=SourceRef(file=str(path)))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such file or folder", location=SourceRef(file=str(path)), hint="check the --calls path")
    return files


def read_calls(
    paths: str | Path | Iterable[str | Path],
    *,
    timezone: str = "UTC",
    format: str | None = None,
    dispositions: Mapping[str, str] | None = None,
    outcomes: Mapping[str, str] | None = None,
    mapping: Mapping[str, object] | None = None,
    streamed: bool = True,
    progress: BlockProgress | None = None,
) -> CallTable:
    """Read call records from files or folders into one validated :class:`CallTable`.

    Args:
        paths: a file, a folder, or several of them.
        timezone: IANA zone for naive timestamps and local dates.
        format: reader name (``auditor.ingest.all_readers()``); sniffed per file when None.
        dispositions, outcomes: extra value tables (source value -> canonical value)
            laid over the reader's and the defaults.
        mapping: a parsed mapping file for exports no adapter knows.
        streamed: read files whose reader can (canonical CSV, Parquet) block by block
            (:mod:`auditor.ingest.blocks`: same table, bounded memory); False reads them whole.
        progress: ``progress(done, total)`` after each block, in bytes (CSV) or rows (Parquet)
            of the file being read, for a progress display.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files = expand_paths(paths)
    options = ReadOptions(timezone=timezone, mapping=mapping)
    readers = [get_reader(format) if format else detect_reader(path) for path in files]
    if streamed and all(hasattr(reader, "iter_blocks") for reader in readers):
        try:
            return _read_blocks(files, readers, timezone, dispositions, outcomes, progress)
        except StreamUnsupported as exc:
            log.info("reading whole files instead of blocks: %s", exc)
    parts: list[RawRecords] = []
    for path, reader in zip(files, readers, strict=True):
        log.info("reading %s as %s", path, reader.name)
        try:
            parts.append(reader.read(path, options))
        except OSError as exc:
            raise RecordFormatError(f"cannot read: {exc.strerror or exc}", location=SourceRef(file=str(path))) from None
    disposition_table: dict[str, object] = dict(DISPOSITIONS)
    outcome_table: dict[str, object] = dict(OUTCOMES)
    for part in parts:
        disposition_table.update(part.dispositions)
        outcome_table.update(part.outcomes)
    disposition_table = merge_table(disposition_table, dispositions or {}, Disposition)
    outcome_table = merge_table(outcome_table, outcomes or {}, Outcome)
    frames = [p.frame for p in parts]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for column in ("source_file",):
        frame[column] = frame[column].astype("string")
    table = CallTable.from_frame(frame, timezone=timezone, source=str(files[0]), dispositions=disposition_table, outcomes=outcome_table)
    reader_issues = [issue for part in parts for issue in part.issues]
    if reader_issues:
        from dataclasses import replace

        table = replace(table, issues=(*reader_issues, *table.issues))
    return table


def _read_blocks(
    files: list[Path],
    readers: list[RecordReader],
    timezone: str,
    dispositions: Mapping[str, str] | None,
    outcomes: Mapping[str, str] | None,
    progress: BlockProgress | None,
) -> CallTable:
    disposition_table = merge_table(dict(DISPOSITIONS), dispositions or {}, Disposition)
    outcome_table = merge_table(dict(OUTCOMES), outcomes or {}, Outcome)

    def blocks() -> Iterator[Block]:
        for path, reader in zip(files, readers, strict=True):
            log.info("reading %s as %s in blocks", path, reader.name)
            try:
                for block in reader.iter_blocks(path):  # type: ignore[attr-defined]
                    if progress is not None:
                        progress(block.done, block.total)
                    yield block
            except OSError as exc:
                raise RecordFormatError(f"cannot read: {exc.strerror or exc}", location=SourceRef(file=str(path))) from None

    return build_table(blocks(), timezone=timezone, files=[str(f) for f in files], dispositions=disposition_table, outcomes=outcome_table)
