"""Raw call records -> the canonical call table.

``read_calls(paths)`` expands folders, picks a reader per file (or the one named),
concatenates, and validates through :meth:`CallTable.from_frame`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd

from auditor.errors import InputError, RecordFormatError
from auditor.ingest.adapters.mapped import CallMapping, load_mapping
from auditor.ingest.checks import mixed_offsets, run_table_checks
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.readers import RawRecords, ReadOptions, all_readers, detect_reader, get_reader, register_reader
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
    mapping: str | Path | CallMapping | None = None,
    date_order: str | None = None,
) -> CallTable:
    """Read call records from files or folders into one validated :class:`CallTable`.

    Args:
        paths: a file, a folder, or several of them.
        timezone: IANA zone for naive timestamps and local dates.
        format: reader name (``auditor.ingest.all_readers()``); sniffed per file when None.
        dispositions, outcomes: extra value tables (source value -> canonical value)
            laid over the reader's, the mapping file's and the defaults.
        mapping: a mapping file (or parsed :class:`CallMapping`) for exports no adapter
            knows; one without ``columns`` only adds value tables to the sniffed adapter.
        date_order: ``dmy`` or ``mdy`` for year-last dates (``04/09/17``); inferred when None.

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
    options = ReadOptions(timezone=timezone, mapping=mapping, date_order=date_order or (mapping.date_order if mapping else None))
    parts: list[RawRecords] = []
    for path in files:
        reader = get_reader(format) if format else detect_reader(path)
        log.info("reading %s as %s", path, reader.name)
        try:
            parts.append(reader.read(path, options))
        except OSError as exc:
            raise RecordFormatError(f"cannot read: {exc.strerror or exc}", location=SourceRef(file=str(path))) from None
    disposition_table: dict[str, object] = {**DISPOSITIONS, **load_table("chinese_labels").dispositions()}
    outcome_table: dict[str, object] = dict(OUTCOMES)
    for part in parts:
        disposition_table.update(part.dispositions)
        outcome_table.update(part.outcomes)
    if mapping is not None:
        disposition_table = merge_table(disposition_table, mapping.dispositions, Disposition)
        outcome_table = merge_table(outcome_table, mapping.outcomes, Outcome)
    disposition_table = merge_table(disposition_table, dispositions or {}, Disposition)
    outcome_table = merge_table(outcome_table, outcomes or {}, Outcome)
    frames = [p.frame for p in parts]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for column in ("source_file",):
        frame[column] = frame[column].astype("string")
    mixed = mixed_offsets(frame)
    table = CallTable.from_frame(frame, timezone=timezone, source=str(files[0]), dispositions=disposition_table, outcomes=outcome_table)
    reader_issues = [issue for part in parts for issue in part.issues]
    extra = [*reader_issues, *([mixed] if mixed else []), *table.issues, *run_table_checks(table)]
    if extra != list(table.issues):
        table = replace(table, issues=tuple(extra))
    return table
