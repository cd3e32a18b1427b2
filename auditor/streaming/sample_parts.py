"""The per-block and per-split work of a streamed sample, run in the worker processes.

1. :func:`spill_block`: a block, coerced like the table builder, spills every column to the
   splits by phone (the population and the compliance counts need every dial of a number).
2. :func:`tally_split`: a split by phone, read as a call table, gives its :class:`~auditor.sampling.draw.Tally`
   and spills its population's sort keys (call id text, file, source row, row number, stratum),
   split by call id.
3. :func:`sort_split`: a split of sort keys, sorted in drawing order into one file that the main
   process merges with the others (:func:`sorted_keys`).
4. :func:`fetch_split`: the sample's columns of the drawn rows a split by phone holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from auditor.ingest.blocks import RawBatch
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.ingest.zone import ZoneEvidence
from auditor.metrics.compute import row_frame
from auditor.sampling.draw import ORDER_KEY, SAMPLED_FROM, Tally, population, tally_of
from auditor.sampling.settings import SamplingSettings
from auditor.streaming import spill
from auditor.streaming.audit import ROW, ROWS, spill_every_column, split_table
from auditor.streaming.block import coerce_block
from auditor.streaming.plan import current

#: Splits of the population's sort keys by call id, and each one sorted.
POPULATION = "population"
SORTED = "sorted"
#: The position of the row's file among the input files (reading order), as the table's ``source_file`` codes.
FILE = "file"
STRATUM = "stratum"
#: The sort keys, in the order they sort by (the row number breaks ties as the table's stable sort does).
SORT_KEYS = (ORDER_KEY, FILE, SOURCE_ROW, ROW)
#: Rows of a sorted split turned into Python values at a time by :func:`sorted_keys`.
MERGE_ROWS = 8_192


@dataclass(frozen=True)
class BlockRead:
    """What a block tells of the input: its rows and the columns it held (or derived)."""

    rows: int
    raw_columns: frozenset[str]
    derived: frozenset[str]
    zone_seen: ZoneEvidence  # what its start times say of their zone


def spill_block(raw: RawBatch, index: int, offset: int) -> BlockRead:
    """Coerce block ``index`` (its first row is row ``offset`` of the input) and spill every column by phone."""
    plan = current()
    block = coerce_block(raw, plan)
    spill_every_column(block.calls, plan, index, offset)
    return BlockRead(len(block.calls), block.raw_columns, frozenset(block.builder.derived), block.builder.zone_seen)


def tally_split(part: int, supplied: frozenset[str], files: tuple[str, ...], settings: SamplingSettings) -> Tally:
    """The tally of split ``part`` by phone; its population's sort keys go to the splits by call id."""
    plan = current()
    calls = split_table(plan, ROWS, part, supplied)
    if calls is None:
        return Tally()
    rows = row_frame(calls, plan.settings)
    pop = population(calls.frame, rows, settings)
    if len(pop):
        keys = pd.DataFrame(
            {
                ORDER_KEY: pop[ORDER_KEY].astype("string"),
                FILE: pd.Index(files).get_indexer(pd.Index(pop[SOURCE_FILE].astype(str))).astype("int64"),
                SOURCE_ROW: pop[SOURCE_ROW].to_numpy(dtype="int64"),
                ROW: pop.index.to_numpy(dtype="int64"),
                STRATUM: pop[STRATUM].astype("string"),
            }
        )
        spill.write_splits(plan.spill_dir, POPULATION, part, keys, spill.split_of(keys[ORDER_KEY], plan.splits), plan.splits)
    return tally_of(calls, rows, pop, settings.strata)


def sort_split(part: int) -> int:
    """Sort split ``part`` of the sort keys in drawing order into one file; its rows."""
    plan = current()
    table = spill.read_split_table(plan.spill_dir, POPULATION, part)
    if table is None:
        return 0
    table = table.sort_by([(key, "ascending") for key in SORT_KEYS]).select([*SORT_KEYS, STRATUM])
    path = spill.split_path(plan.spill_dir, SORTED, part, 0)
    feather.write_feather(table, path, compression="uncompressed", chunksize=MERGE_ROWS)
    return int(table.num_rows)


def sorted_keys(folder: str, part: int) -> Iterator[tuple[str, int, int, int, str]]:
    """The rows of sorted split ``part`` as (call id text, file, source row, row number, stratum), a few thousand at a time."""
    path = spill.split_path(folder, SORTED, part, 0)
    if not Path(path).exists():
        return
    with pa.OSFile(path, "rb") as source:
        reader = pa.ipc.open_file(source)
        for i in range(reader.num_record_batches):
            batch = reader.get_batch(i)
            yield from zip(*(batch.column(name).to_pylist() for name in (*SORT_KEYS, STRATUM)), strict=True)


def fetch_split(part: int, wanted: np.ndarray) -> pd.DataFrame | None:
    """The columns :func:`~auditor.sampling.draw.sample_frame` reads of the rows numbered ``wanted`` in split ``part``."""
    plan = current()
    frame = spill.read_split(plan.spill_dir, ROWS, part, canonical=True, columns=[*SAMPLED_FROM, ROW])
    if frame is None:
        return None
    frame = frame.set_index(ROW)
    frame.index.name = None
    return frame.loc[np.isin(frame.index.to_numpy(), wanted)]


__all__ = ["BlockRead", "fetch_split", "sort_split", "sorted_keys", "spill_block", "tally_split"]
