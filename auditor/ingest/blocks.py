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
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auditor._memory import release_free_memory
from auditor.ingest.canonical import _first_line, _require, detect_delimiter, detect_encoding, parquet_error
from auditor.ingest.columns import recognise_columns
from auditor.ingest.quality import MAX_EXAMPLES, DataQualityIssue
from auditor.ingest.schema import COLUMN_NAMES
from auditor.ingest.table import CATEGORICAL, SOURCE_FILE, SOURCE_ROW, CallTable, _Builder, duplicate_call_id_issue

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
    """One block of a file: canonical column names, source values, with provenance columns."""

    frame: pd.DataFrame
    done: int
    total: int


_ARROW_TEXT = {pa.string(): pd.StringDtype("pyarrow"), pa.large_string(): pd.StringDtype("pyarrow")}


@dataclass
class RawBatch:
    """One block of a file as pyarrow parsed it: text (or Parquet) columns under canonical names, not yet a frame.

    Cheap to send to another process (Arrow buffers); :meth:`frame` makes the pandas block.
    """

    batch: pa.RecordBatch | pa.Table
    path: str
    first_row: int  # source row number of the first row (CSV: the header is row 1)
    done: int
    total: int
    trim: bool = False  # CSV: strip spaces after the delimiter, as the whole-file reader does

    def __len__(self) -> int:
        return int(self.batch.num_rows)

    def frame(self) -> pd.DataFrame:
        batch = self.batch
        if self.trim:  # the whole-file reader skips spaces after a delimiter (pandas skipinitialspace): so do we
            batch = pa.table([_ltrim(c) for c in batch.columns], names=batch.schema.names)
        frame: pd.DataFrame = batch.to_pandas(types_mapper=_ARROW_TEXT.get)  # text stays in Arrow memory: no Python strings
        _provenance(frame, Path(self.path), self.first_row)
        return frame

    def block(self) -> Block:
        return Block(self.frame(), self.done, self.total)


def _ltrim(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Spaces after the delimiter stripped (checked first: most exports have none)."""
    if not pa.types.is_string(column.type) or not pc.any(pc.starts_with(column, " ")).as_py():
        return column
    return pc.utf8_ltrim(column, characters=" ")


def iter_csv_blocks(path: Path, *, block_bytes: int | None = None) -> Iterator[Block]:
    """Blocks of a canonical CSV (``block_bytes`` of text each, default :data:`BLOCK_BYTES`), every column read as text."""
    return (raw.block() for raw in iter_csv_batches(path, block_bytes=block_bytes))


def iter_csv_batches(path: Path, *, block_bytes: int | None = None) -> Iterator[RawBatch]:
    """:func:`iter_csv_blocks` before the pandas conversion."""
    import pyarrow.csv as pacsv

    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    encoding = detect_encoding(head)
    line = _first_line(head, encoding)
    delimiter = detect_delimiter(line)
    headers = next(csv.reader([line], delimiter=delimiter), [])
    if not headers or len(set(headers)) != len(headers) or any(h != h.strip() for h in headers):
        raise StreamUnsupported("header row needs the whole-file reader")
    mapping = recognise_columns(headers)
    _require(mapping, list(headers), path)
    total = path.stat().st_size
    target = block_bytes or BLOCK_BYTES
    read_options = pacsv.ReadOptions(
        use_threads=False,  # the caller brings its own parallelism (auditor.streaming)
        block_size=min(target, READ_BYTES),  # pyarrow holds about 36 blocks read ahead: small ones, joined below
        encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
    )
    parse_options = pacsv.ParseOptions(delimiter=delimiter)
    convert_options = pacsv.ConvertOptions(
        column_types={h: pa.string() for h in headers},
        include_columns=list(mapping),
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
    )
    first_row = 2  # the header is row 1
    source = pa.OSFile(str(path), "rb")
    try:
        try:
            reader = pacsv.open_csv(
                source, read_options=read_options, parse_options=parse_options, convert_options=convert_options
            )
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            raise StreamUnsupported(str(exc)) from None
        if list(reader.schema.names) != list(mapping):
            raise StreamUnsupported("pyarrow read other header names")
        names = [mapping[n] for n in reader.schema.names]
        pending: list[pa.RecordBatch] = []
        size = 0
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                raise StreamUnsupported(str(exc)) from None
            pending.append(batch.rename_columns(names))
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
    frame[SOURCE_FILE] = pd.Categorical.from_codes(np.zeros(len(frame), dtype="int8"), categories=pd.Index([str(path)]))
    frame[SOURCE_ROW] = pd.RangeIndex(first_row, first_row + len(frame)).to_numpy()


class IssueSource(Protocol):
    """A block's data-quality issues, with each check's order and message template (a table builder, a block summary)."""

    issues: list[DataQualityIssue]
    ranks: dict[str, int]
    templates: dict[str, str]


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
        return sorted(self.issues.values(), key=lambda i: self.ranks.get(i.code, len(self.ranks)))


def _merge(old: DataQualityIssue | None, new: DataQualityIssue, template: str) -> DataQualityIssue:
    if old is None:
        return new
    count = old.count + new.count
    details = dict(old.details)
    if "by_value" in old.details or "by_value" in new.details:
        totals: dict[str, int] = dict(old.details.get("by_value", {}))
        for value, n in new.details.get("by_value", {}).items():
            totals[value] = totals.get(value, 0) + n
        details["by_value"] = dict(sorted(totals.items(), key=lambda kv: -kv[1])[:20])
    return DataQualityIssue(
        code=old.code,
        message=template.format(n=f"{count:,}", col=old.column),
        count=count,
        column=old.column,
        examples=(*old.examples, *new.examples)[:MAX_EXAMPLES],
        effect=old.effect,
        details=details,
    )


def build_table(
    blocks: Iterator[Block] | list[Block],
    *,
    timezone: str,
    files: list[str],
    dispositions: Mapping[str, object],
    outcomes: Mapping[str, object],
    reader_issues: tuple[DataQualityIssue, ...] = (),
) -> CallTable:
    """Coerce each block as :meth:`CallTable.from_frame` would, keep the canonical columns, assemble one table."""
    file_type = pd.CategoricalDtype(pd.Index(files, dtype="string"))
    parts: list[pd.DataFrame] = []
    raw_columns: set[str] = set()
    derived: set[str] = set()
    merged = MergedIssues()
    raw_changed: dict[int, object] = {}
    hashes: list[np.ndarray] = []  # 64-bit hash of each call_id: duplicates are looked for among equal hashes
    offset = 0
    for block in blocks:
        raw_columns |= set(block.frame.columns)
        builder = _Builder(block.frame, timezone, files[0], whole=False)
        out = builder.build(dispositions, outcomes)
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
        merged.add(builder)
        del builder, block, out
        release_free_memory()
    if not parts:
        return CallTable.empty(timezone)
    for name in CATEGORICAL:  # one sorted set of categories for all blocks, as for a whole file
        if len(parts) > 1:
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
    return CallTable(frame=frame, timezone=timezone, supplied=supplied, issues=(*reader_issues, *issues), sources=sources)


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
    "IssueSource",
    "MergedIssues",
    "StreamUnsupported",
    "build_table",
    "bytes_per_row",
    "RawBatch",
    "iter_csv_batches",
    "iter_csv_blocks",
    "iter_parquet_batches",
    "iter_parquet_blocks",
]
