"""Temporary files that split a file's rows by phone number or by call id, written block by block.

Each block writes one Arrow file per split (``phone-0003-0000042.arrow``); a split is read
back as one table in block order (so in row order). The files live in a private temporary
folder (mode 0700) that is removed when the recompute ends: phone numbers never leave the
machine and are not left behind.
"""

from __future__ import annotations

import errno
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from auditor.errors import ResourceError
from auditor.textkeys import split_of

PHONE = "phone"
CALL_ID = "call_id"


@contextmanager
def spill_folder(rows: int, bytes_per_row: int) -> Iterator[str]:
    """A private temporary folder for the splits, removed at the end; a full disk is reported, not a traceback.

    ``rows`` and ``bytes_per_row`` (the guessed input and the spill's cost) size the hint.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="auditor-splits-") as folder:
            yield folder
    except OSError as exc:
        if not disk_full(exc):
            raise
        need = max(0.1, round(rows * bytes_per_row / 1e9, 1))
        raise ResourceError(
            f"the disk of the temporary folder {tempfile.gettempdir()} is full: the call records are split there "
            f"(about {bytes_per_row} bytes a row) and the splits were removed",
            hint=f"set TMPDIR to a folder on a disk with about {need:g} GB free and run again",
        ) from None


def disk_full(exc: OSError) -> bool:
    """True for a full disk or quota, as the OS or pyarrow reports it."""
    return exc.errno in (errno.ENOSPC, errno.EDQUOT) or any(
        text in str(exc) for text in ("No space left on device", "Disk quota exceeded")
    )


def write_splits(folder: str, kind: str, block: int, frame: pd.DataFrame, split: np.ndarray, splits: int) -> None:
    """Write the rows of ``frame`` of each split to that split's file for ``block`` (nothing for an empty split)."""
    order = np.argsort(split, kind="stable")  # rows of a split stay in file order
    bounds = np.searchsorted(split[order], np.arange(splits + 1))
    table = _fixed_dictionaries(pa.Table.from_pandas(frame, preserve_index=False))
    for part in range(splits):
        rows = order[bounds[part] : bounds[part + 1]]
        if len(rows):
            feather.write_feather(table.take(pa.array(rows)), split_path(folder, kind, part, block), compression="uncompressed")


def read_split(
    folder: str, kind: str, part: int, *, canonical: bool = False, columns: list[str] | None = None
) -> pd.DataFrame | None:
    """Every row of split ``part`` in row order (None when no block wrote to it); text keys as categories where given so.

    ``canonical``: text and flags in the call table's dtypes (Arrow-backed strings, nullable booleans).
    ``columns``: only these columns.
    """
    table = read_split_table(folder, kind, part, columns)
    if table is None:
        return None
    mapper = _CANONICAL_TYPES.get if canonical else None
    frame: pd.DataFrame = table.to_pandas(split_blocks=True, self_destruct=True, types_mapper=mapper)
    return frame


def read_split_table(folder: str, kind: str, part: int, columns: list[str] | None = None) -> pa.Table | None:
    """Split ``part`` as one Arrow table in row order (None when no block wrote to it)."""
    paths = sorted(Path(folder).glob(f"{kind}-{part:04d}-*.arrow"))
    if not paths:
        return None
    tables = [feather.read_table(p, columns=columns, memory_map=False) for p in paths]
    table: pa.Table = pa.concat_tables(tables, promote_options="permissive").unify_dictionaries().combine_chunks()
    return table


_CANONICAL_TYPES: dict[pa.DataType, object] = {
    pa.string(): pd.StringDtype("pyarrow"),
    pa.large_string(): pd.StringDtype("pyarrow"),
    pa.bool_(): pd.BooleanDtype(),
}


def _fixed_dictionaries(table: pa.Table) -> pa.Table:
    """Categories as dictionary<int32, string>, whatever pandas chose, so that every block's files concatenate."""
    wanted = pa.dictionary(pa.int32(), pa.string())
    fields = [pa.field(f.name, wanted) if pa.types.is_dictionary(f.type) else f for f in table.schema]
    return table.cast(pa.schema(fields))


def split_path(folder: str, kind: str, part: int, block: int) -> str:
    return str(Path(folder) / f"{kind}-{part:04d}-{block:07d}.arrow")


__all__ = [
    "CALL_ID",
    "PHONE",
    "disk_full",
    "read_split",
    "read_split_table",
    "spill_folder",
    "split_of",
    "split_path",
    "write_splits",
]
