"""Reading an export block by block: its text columns, a look at its first rows, rows held back across blocks.

An adapter's ``iter_batches(path)`` yields :class:`~auditor.ingest.blocks.RawBatch` blocks of the
export's own columns, read by pyarrow in this process; a worker process converts each with the
adapter's ``convert(frame, context)``, the same block step its whole-file ``read`` runs. What a
block step needs to know of the whole file travels in ``context``: the date order seen in the
first rows (:func:`head_frame`), or which rows are legs of another call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auditor.ingest.blocks import CsvText, RawBatch

#: ``names_of(path, fields, has_header)``: an adapter's names for a CSV's columns (raises RecordFormatError).
NamesOf = Callable[[Path, list[str], bool], list[str]]

#: Rows of a file's start a block step's file-wide choices (the date order) are made from, read whole or in blocks.
HEAD_ROWS = 1_000


def tagged(batches: Iterator[RawBatch], reader: str, context: dict[str, Any]) -> Iterator[RawBatch]:
    """The blocks, to be converted by ``reader`` with ``context``."""
    for raw in batches:
        raw.reader, raw.context = reader, context
        yield raw


def named_batches(path: Path, has_header: bool, names_of: NamesOf) -> Iterator[RawBatch]:
    """The blocks of a CSV whose columns an adapter names (``names_of(path, fields of the first line, has_header)``)."""
    text = CsvText.open(path)
    fields = text.header()
    names = names_of(path, fields, has_header)
    if not has_header:
        return text.batches(names, header=False)
    return text.batches(fields, rename=dict(zip(fields, names, strict=True)))


def head_frame(batches: Iterator[RawBatch], rows: int = HEAD_ROWS) -> tuple[pd.DataFrame, Iterator[RawBatch]]:
    """The first ``rows`` rows as a frame of text (as the whole-file reader has them), and every block still to come."""
    seen: list[RawBatch] = []
    count = 0
    for raw in batches:
        seen.append(raw)
        count += len(raw)
        if count >= rows:
            break
    frames = [replace(raw, batch=raw.batch.slice(0, rows)).frame() for raw in seen]  # not the first block whole
    head = pd.concat(frames, ignore_index=True).head(rows) if frames else pd.DataFrame()

    def again() -> Iterator[RawBatch]:
        yield from seen
        yield from batches

    return head, again()


def held_back(batches: Iterator[RawBatch], key: Callable[[pa.Table], pa.ChunkedArray], window: int) -> Iterator[RawBatch]:
    """The blocks, each ending where no row of a call in its last ``window`` rows can follow in the next block.

    The rows from the first row (among the last ``2 * window``) whose ``key`` is one of the keys
    of the last ``window`` rows are held back and lead the next block: rows of one call (Asterisk
    legs) less than ``window`` rows apart stay in one block, in file order, and a block holds at
    most ``2 * window`` rows more than it was read with.
    """
    carry: RawBatch | None = None
    for raw in batches:
        if carry is not None:
            raw = replace(raw, batch=pa.concat_tables([carry.batch, _table(raw.batch)]), first_row=carry.first_row)
        table = _table(raw.batch)
        cut = _cut(key(table), window)
        if cut > 0:
            yield replace(raw, batch=table.slice(0, cut))
        # a copy: a slice would carry (and send to a worker) the whole block's buffers
        carry = replace(
            raw, batch=table.slice(cut).take(pa.array(np.arange(table.num_rows - cut))), first_row=raw.first_row + cut
        )
    if carry is not None and len(carry):
        yield carry


def _table(batch: pa.RecordBatch | pa.Table) -> pa.Table:
    return batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])


def _cut(keys: pa.ChunkedArray, window: int) -> int:
    """Where the rows held back start: the first row of the last ``2 * window`` sharing a key with the last ``window``."""
    rows = len(keys)
    start = max(0, rows - 2 * window)
    tail = pc.unique(keys.slice(max(0, rows - window)).drop_null())
    hits = np.flatnonzero(pc.is_in(keys.slice(start), value_set=tail).to_numpy(zero_copy_only=False))
    return start + int(hits[0]) if len(hits) else rows


__all__ = ["HEAD_ROWS", "NamesOf", "head_frame", "held_back", "named_batches", "tagged"]
