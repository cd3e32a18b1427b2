"""Call records read block by block: bounded memory on big files, progress, and the same table.

The whole-file readers hold a file's raw text columns and their coerced copies at once
(about 1 KB a row at peak). Here canonical CSV and Parquet files are read with pyarrow in
blocks (``pyarrow.csv.open_csv``, ``ParquetFile.iter_batches``): each block is coerced by
the same :class:`~auditor.ingest.table._Builder` as a whole file, its raw text is dropped,
and only the compact canonical columns are kept. Checks across rows (duplicate call_id)
run once on the assembled table, and the blocks' data-quality issues are merged (counts
summed, the first examples kept), so the result equals :meth:`CallTable.from_frame` on
the whole file.

What grows with the rows is the canonical table itself (:func:`bytes_per_row`); the
transient memory is bounded by the block size.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auditor._memory import release_free_memory
from auditor.ingest.canonical import _first_line, _require, detect_delimiter, detect_encoding, parquet_error
from auditor.ingest.columns import recognise_columns
from auditor.ingest.quality import MAX_EXAMPLES, READER_ISSUE_ORDER, DataQualityIssue
from auditor.ingest.readers import RawRecords
from auditor.ingest.schema import COLUMN_NAMES
from auditor.ingest.table import CATEGORICAL, SOURCE_FILE, SOURCE_ROW, CallTable, _Builder, duplicate_call_id_issue
from auditor.ingest.zone import TableZone, ZoneEvidence, decide_zone

log = logging.getLogger(__name__)

#: Bytes of CSV text pyarrow parses at a time (about 100,000 rows of a 17-column export; the
#: transient memory of one block is about 10 times this).
BLOCK_BYTES = 16 << 20
#: Bytes of CSV text pyarrow reads at a time (its read-ahead holds about 36 of these); joined into blocks.
READ_BYTES = 2 << 20
#: Rows per Parquet batch.
BLOCK_ROWS = 100_000

#: ``progress(done, total)``: bytes (CSV) or rows (Parquet) of the current file read so far.
BlockProgress = Callable[[int, int], None]


class StreamUnsupported(Exception):
    """The file cannot be read block by block; the caller reads it whole (which reports real errors)."""


@dataclass
class Block:
    """One block of a file: canonical column names, source values, with provenance columns.

    An export adapter's block also brings the data-quality issues its conversion found and
    the value tables it needs (Five9's dispositions with campaign suffixes, say).
    """

    frame: pd.DataFrame
    done: int
    total: int
    issues: list[DataQualityIssue] = field(default_factory=list)
    dispositions: Mapping[str, object] = field(default_factory=dict)
    outcomes: Mapping[str, object] = field(default_factory=dict)


_ARROW_TEXT = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow")}


@dataclass
class RawBatch:
    """One block of a file as pyarrow parsed it, not yet a frame.

    Canonical files have their columns under canonical names already; an export adapter's
    block (``reader`` set) has the export's own columns, which :meth:`records` converts with
    that reader's ``convert(frame, context)`` (``context``: what the adapter learnt of the
    whole file, such as its date order). Cheap to send to another process (Arrow buffers).
    """

    batch: pa.RecordBatch | pa.Table
    path: str
    first_row: int  # source row number of the first row (CSV: the header is row 1)
    done: int
    total: int
    trim: bool = False  # CSV: strip spaces after the delimiter, as the whole-file reader does
    reader: str = ""  # the export adapter that converts this block; "" for canonical columns
    context: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.batch.num_rows)

    def frame(self) -> pd.DataFrame:
        """The block's columns as read, with ``source_file`` and ``source_row``."""
        batch = self.batch
        if self.trim:  # the whole-file reader skips spaces after a delimiter (pandas skipinitialspace): so do we
            batch = pa.table([_ltrim(c) for c in batch.columns], names=batch.schema.names)
        frame: pd.DataFrame = batch.to_pandas(types_mapper=_ARROW_TEXT.get)  # text stays in Arrow memory: no Python strings
        _provenance(frame, Path(self.path), self.first_row)
        return frame

    def records(self) -> RawRecords:
        """The block under canonical column names (converted by its export adapter, if any)."""
        if not self.reader:
            return RawRecords(frame=self.frame(), format="canonical")
        from auditor.ingest.readers import get_reader

        return get_reader(self.reader).convert(self.frame(), self.context)  # type: ignore[attr-defined, no-any-return]

    def block(self) -> Block:
        records = self.records()
        return Block(records.frame, self.done, self.total, records.issues, records.dispositions, records.outcomes)


def _ltrim(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Spaces after the delimiter stripped (checked first: most exports have none).

    A quoted field after a space (``a, "b"``) is unquoted by the whole-file reader but not
    by pyarrow: such a file is left to the whole-file reader.
    """
    if not pa.types.is_string(column.type) or not pc.any(pc.starts_with(column, " ")).as_py():
        return column
    if pc.any(pc.match_substring_regex(column, r'^ +"')).as_py():
        raise StreamUnsupported("a quoted field after a space needs the whole-file reader")
    return pc.utf8_ltrim(column, characters=" ")


def iter_csv_blocks(path: Path, *, block_bytes: int | None = None) -> Iterator[Block]:
    """Blocks of a canonical CSV (``block_bytes`` of text each, default :data:`BLOCK_BYTES`), every column read as text."""
    return (raw.block() for raw in iter_csv_batches(path, block_bytes=block_bytes))


def iter_csv_batches(path: Path, *, block_bytes: int | None = None) -> Iterator[RawBatch]:
    """:func:`iter_csv_blocks` before the pandas conversion."""
    text = CsvText.open(path)
    headers = text.header()
    if not headers or len(set(headers)) != len(headers) or any(h != h.strip() for h in headers):
        raise StreamUnsupported("header row needs the whole-file reader")
    mapping = recognise_columns(headers)
    _require(mapping, list(headers), path)
    return text.batches(
        headers, include=[str(h) for h in mapping], rename={str(h): c for h, c in mapping.items()}, block_bytes=block_bytes
    )


@dataclass(frozen=True)
class CsvText:
    """A CSV file's encoding, delimiter and first line, as the whole-file readers detect them."""

    path: Path
    encoding: str
    delimiter: str
    first_line: str

    @classmethod
    def open(cls, path: Path) -> CsvText:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
        encoding = detect_encoding(head)
        line = _first_line(head, encoding)
        return cls(path, encoding, detect_delimiter(line), line)

    def header(self) -> list[str]:
        """The fields of the first line."""
        return next(csv.reader([self.first_line], delimiter=self.delimiter), [])

    def batches(
        self,
        names: list[str],
        *,
        header: bool = True,
        include: list[str] | None = None,
        rename: Mapping[str, str] | None = None,
        block_bytes: int | None = None,
    ) -> Iterator[RawBatch]:
        """The file in blocks of text columns (``block_bytes`` of text each, default :data:`BLOCK_BYTES`).

        ``names``: the header's fields (``header``) or the names of a header-less file's columns;
        ``include``: the columns read (default all); ``rename``: their names in the blocks.
        Raises :class:`StreamUnsupported` where pyarrow cannot read what the whole-file reader can.
        """
        import pyarrow.csv as pacsv

        if len(set(names)) != len(names):
            raise StreamUnsupported("repeated column names need the whole-file reader")
        path, total = self.path, self.path.stat().st_size
        target = block_bytes or BLOCK_BYTES
        read_options = pacsv.ReadOptions(
            use_threads=False,  # the caller brings its own parallelism (auditor.streaming)
            block_size=min(target, READ_BYTES),  # pyarrow holds about 36 blocks read ahead: small ones, joined below
            encoding="utf8" if self.encoding in ("utf-8", "utf-8-sig") else self.encoding,
            column_names=None if header else names,
        )
        parse_options = pacsv.ParseOptions(delimiter=self.delimiter)
        convert_options = pacsv.ConvertOptions(
            column_types={h: pa.string() for h in names},
            include_columns=include or list(names),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        )
        first_row = 2 if header else 1  # the header is row 1
        source = pa.OSFile(str(path), "rb")
        try:
            try:
                reader = pacsv.open_csv(
                    source, read_options=read_options, parse_options=parse_options, convert_options=convert_options
                )
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                raise StreamUnsupported(str(exc)) from None
            read = list(reader.schema.names)
            if read != (include or list(names)):
                raise StreamUnsupported("pyarrow read other header names")
            renamed = [rename.get(n, n) for n in read] if rename else read
            pending: list[pa.RecordBatch] = []
            size = 0
            while True:
                try:
                    batch = reader.read_next_batch()
                except StopIteration:
                    break
                except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                    raise StreamUnsupported(str(exc)) from None
                pending.append(batch.rename_columns(renamed))
                size += batch.nbytes
                if size >= target:
                    yield _joined(pending, str(path), first_row, min(source.tell(), total), total)
                    first_row += sum(b.num_rows for b in pending)
                    pending, size = [], 0
            if pending:
                yield _joined(pending, str(path), first_row, total, total)
        finally:
            source.close()


def _joined(batches: list[pa.RecordBatch], path: str, first_row: int, done: int, total: int) -> RawBatch:
    return RawBatch(pa.Table.from_batches(batches), path, first_row, done, total, trim=True)


def iter_parquet_blocks(path: Path, *, batch_rows: int | None = None) -> Iterator[Block]:
    """Blocks of a Parquet file, only the recognised columns."""
    return (raw.block() for raw in iter_parquet_batches(path, batch_rows=batch_rows))


def iter_parquet_batches(path: Path, *, batch_rows: int | None = None) -> Iterator[RawBatch]:
    """:func:`iter_parquet_blocks` before the pandas conversion."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
        raise parquet_error(path, exc) from None
    headers = list(parquet.schema_arrow.names)
    if len(set(headers)) != len(headers):
        raise StreamUnsupported("duplicate column names")
    mapping = recognise_columns(headers)
    _require(mapping, list(headers), path)
    total = parquet.metadata.num_rows
    first_row, done = 1, 0
    for batch in parquet.iter_batches(batch_size=batch_rows or BLOCK_ROWS, columns=list(mapping)):
        done += batch.num_rows
        yield RawBatch(batch.rename_columns([mapping[n] for n in batch.schema.names]), str(path), first_row, done, total)
        first_row += batch.num_rows


def _provenance(frame: pd.DataFrame, path: Path, first_row: int) -> None:
    """``source_file``, and ``source_row`` counted from ``first_row`` unless the batch carries its rows' numbers."""
    frame[SOURCE_FILE] = pd.Categorical.from_codes(np.zeros(len(frame), dtype="int8"), categories=pd.Index([str(path)]))
    if SOURCE_ROW in frame.columns:  # an adapter that held rows back for the next block numbered them itself
        frame[SOURCE_ROW] = frame.pop(SOURCE_ROW).to_numpy(dtype="int64")
    else:
        frame[SOURCE_ROW] = pd.RangeIndex(first_row, first_row + len(frame)).to_numpy()


class IssueSource(Protocol):
    """A block's data-quality issues, with each check's order and message template (a table builder, a block summary)."""

    issues: list[DataQualityIssue]
    ranks: dict[str, int]
    templates: dict[str, str]


@dataclass
class ReaderIssues:
    """An export adapter's issues of one block or file, as an :class:`IssueSource` (each issue brings its template)."""

    issues: list[DataQualityIssue] = field(default_factory=list)
    ranks: dict[str, int] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, issues: Iterable[DataQualityIssue]) -> ReaderIssues:
        found = list(issues)
        order = {code: rank for rank, code in enumerate(READER_ISSUE_ORDER)}
        return cls(
            found,
            {i.code: order.get(i.code, len(order) + n) for n, i in enumerate(found)},
            {i.code: i.template or i.message for i in found},
        )


@dataclass
class MergedIssues:
    """Data-quality issues of many blocks, merged in check order."""

    issues: dict[str, DataQualityIssue] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)

    def add(self, builder: IssueSource) -> None:
        for code, rank in builder.ranks.items():
            self.ranks.setdefault(code, rank)
            self.templates.setdefault(code, builder.templates[code])
        for issue in builder.issues:
            self.issues[issue.code] = _merge(self.issues.get(issue.code), issue, self.templates[issue.code])

    def ordered(self) -> list[DataQualityIssue]:
        """The issues in check order; none that counts no row (a block step may report 0 to carry its other numbers)."""
        found = [issue for issue in self.issues.values() if issue.count]
        return sorted(found, key=lambda i: self.ranks.get(i.code, len(self.ranks)))


def merged_reader_issues(issues: Iterable[DataQualityIssue]) -> list[DataQualityIssue]:
    """The readers' issues of several files or blocks, one per code (counts added up), in the readers' order."""
    merged = MergedIssues()
    merged.add(ReaderIssues.of(issues))
    return merged.ordered()


def _merge(old: DataQualityIssue | None, new: DataQualityIssue, template: str) -> DataQualityIssue:
    """One issue of two blocks' issues: counts and numbers added (``max_`` numbers: the larger), first examples kept."""
    if old is None:
        return new
    count = old.count + new.count
    details = dict(old.details)
    for key, value in new.details.items():
        held = details.get(key)
        if key == "by_value":
            totals: dict[str, int] = dict(held or {})
            for label, n in value.items():
                totals[label] = totals.get(label, 0) + n
            details[key] = dict(sorted(totals.items(), key=lambda kv: -kv[1])[:20])
        elif isinstance(value, int) and isinstance(held, int):
            details[key] = max(held, value) if key.startswith("max_") else held + value
        else:
            details.setdefault(key, value)
    return DataQualityIssue(
        code=old.code,
        message=template.format(n=f"{count:,}", col=old.column, **details),
        count=count,
        column=old.column,
        examples=(*old.examples, *new.examples)[:MAX_EXAMPLES],
        effect=old.effect,
        details=details,
        template=template,
    )


def build_table(
    blocks: Iterator[Block] | list[Block],
    *,
    timezone: str,
    files: list[str],
    dispositions: Mapping[str, object],
    outcomes: Mapping[str, object],
    pinned: tuple[Mapping[str, object], Mapping[str, object]] = ({}, {}),
    given: bool = True,
) -> tuple[CallTable, list[DataQualityIssue]]:
    """Coerce each block as :meth:`CallTable.from_frame` would, keep the canonical columns, assemble one table.

    A block's own value tables (an adapter's) apply over ``dispositions`` and ``outcomes``, and
    ``pinned`` (the engagement's) over them. Returns the table and the adapters' issues, one per code.
    ``given``: ``timezone`` is the engagement's; else the table's ``zone`` is the one the start times
    decide (:func:`~auditor.ingest.zone.decide_zone`), and the caller reads the blocks again in it
    when it is not ``timezone``.
    """
    file_type = pd.CategoricalDtype(pd.Index(files, dtype="string"))
    parts: list[pd.DataFrame] = []
    raw_columns: set[str] = set()
    derived: set[str] = set()
    merged, from_readers = MergedIssues(), MergedIssues()
    raw_changed: dict[int, object] = {}
    hashes: list[np.ndarray] = []  # 64-bit hash of each call_id: duplicates are looked for among equal hashes
    offset = 0
    seen = ZoneEvidence()
    for block in blocks:
        raw_columns |= set(block.frame.columns)
        builder = _Builder(block.frame, timezone, files[0], whole=False)
        out = builder.build(*block_tables((dispositions, outcomes), block, pinned))
        from_readers.add(ReaderIssues.of(block.issues))
        if "call_id" in block.frame.columns:  # source call ids normalising changed, for the duplicates' examples
            raw_ids = block.frame["call_id"]
            if isinstance(raw_ids.dtype, pd.StringDtype):
                changed = (raw_ids.notna() & (raw_ids.astype("string") != out["call_id"]).fillna(True)).to_numpy()
                raw_changed.update(zip((offset + changed.nonzero()[0]).tolist(), raw_ids[changed].tolist(), strict=True))
            else:  # numbers (Parquet): keep them all, they are compact
                raw_changed.update(zip(range(offset, offset + len(raw_ids)), raw_ids.tolist(), strict=True))
        offset += len(out)
        name = str(block.frame[SOURCE_FILE].cat.categories[0])
        out[SOURCE_FILE] = pd.Categorical.from_codes(np.full(len(out), files.index(name), dtype="int32"), dtype=file_type)
        parts.append(
            pd.DataFrame({c: out[c].copy() for c in out.columns}, copy=False)
        )  # a block per column, freed column by column in _concat
        hashes.append(pd.util.hash_pandas_object(out["call_id"], index=False).to_numpy())
        derived |= builder.derived
        seen = seen + builder.zone_seen
        merged.add(builder)
        del builder, block, out
        release_free_memory()
    zone = decide_zone(timezone if given else None, None, seen)
    if not parts:
        return replace(CallTable.empty(timezone), zone_origin=zone), from_readers.ordered()
    for name in CATEGORICAL:  # one sorted set of categories for all blocks, as for a whole file
        if len(parts) > 1 and any(isinstance(part[name].dtype, pd.CategoricalDtype) for part in parts):
            for part in parts:  # a file without the column has it all-NA, as text
                if not isinstance(part[name].dtype, pd.CategoricalDtype):
                    part[name] = part[name].astype(pd.CategoricalDtype(pd.Index([], dtype="string")))
            union = pd.api.types.union_categoricals([p[name] for p in parts], sort_categories=True)
            for part in parts:
                part[name] = pd.Categorical(part[name], dtype=union.dtype)
    frame = _concat(parts)
    del parts
    issues = merged.ordered()
    ids = frame["call_id"]
    candidates = _same_hash(np.concatenate(hashes)) & ids.notna().to_numpy()
    del hashes
    release_free_memory()
    duplicate = duplicate_call_id_issue(
        frame, lambda i: raw_changed[i] if i in raw_changed else ids.iloc[i], candidates=candidates
    )
    if duplicate is not None:
        issues.append(duplicate)
        issues.sort(key=lambda i: merged.ranks.get(i.code, len(merged.ranks)))
    supplied = frozenset(c for c in COLUMN_NAMES if c in raw_columns) | derived
    sources = tuple(str(c) for c in frame[SOURCE_FILE].cat.remove_unused_categories().cat.categories)  # files in reading order
    table = CallTable(frame=frame, timezone=timezone, supplied=supplied, issues=tuple(issues), sources=sources, zone_origin=zone)
    return table, from_readers.ordered()


def block_tables(
    tables: tuple[Mapping[str, object], Mapping[str, object]],
    block: Block | RawRecords,
    pinned: tuple[Mapping[str, object], Mapping[str, object]],
) -> tuple[Mapping[str, object], Mapping[str, object]]:
    """The value tables of one block: the input's, the block's own (an adapter's) over them, ``pinned`` over both."""
    if not block.dispositions and not block.outcomes:
        return tables
    return {**tables[0], **block.dispositions, **pinned[0]}, {**tables[1], **block.outcomes, **pinned[1]}


def _same_hash(hashes: np.ndarray) -> np.ndarray:
    """True for rows whose hash another row shares (a superset of the duplicates: 8 bytes a row, not the text)."""
    order = np.argsort(hashes, kind="stable")
    ordered = hashes[order]
    equal = ordered[1:] == ordered[:-1]
    shared = np.zeros(len(hashes), dtype=bool)
    shared[order[1:][equal]] = True
    shared[order[:-1][equal]] = True
    return shared


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The blocks as one frame, a column at a time, freeing each column's blocks as it goes.

    Peak memory is the table plus one column, not twice the table as with ``pd.concat(parts)``.
    """
    if len(parts) == 1:
        return parts[0]
    names = list(parts[0].columns)
    columns: dict[str, pd.Series] = {}
    for name in names:
        pieces = [part.pop(name) for part in parts]
        columns[name] = pd.concat(pieces, ignore_index=True)
        del pieces
        release_free_memory()
    return pd.DataFrame(columns, copy=False)


def bytes_per_row(table: CallTable) -> float:
    """Memory of the canonical table per row (what grows with the file)."""
    return float(table.frame.memory_usage(deep=True).sum()) / max(1, len(table))


__all__ = [
    "BLOCK_BYTES",
    "BLOCK_ROWS",
    "Block",
    "CsvText",
    "IssueSource",
    "MergedIssues",
    "ReaderIssues",
    "StreamUnsupported",
    "block_tables",
    "build_table",
    "head_zone",
    "bytes_per_row",
    "RawBatch",
    "iter_csv_batches",
    "iter_csv_blocks",
    "iter_parquet_batches",
    "iter_parquet_blocks",
    "merged_reader_issues",
]


def head_zone(frame: pd.DataFrame | None) -> TableZone:
    """The zone (none given) the start times of a first block decide: what blocks are read in before all are seen."""
    if frame is None or "start_time" not in frame.columns:
        return decide_zone(None, None, ZoneEvidence())
    return decide_zone(None, None, ZoneEvidence.of(frame["start_time"]))
