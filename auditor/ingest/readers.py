"""Registry of call-record readers: each turns one file into canonical-named raw columns.

A reader declares how sure it is that a file is its format (``sniff``) and reads
it (``read``). Canonical CSV/XLSX/Parquet readers are built in; export adapters
(Asterisk, FreeSWITCH, VICIdial, Twilio, ...) register the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from auditor.errors import UnknownFormatError
from auditor.ingest.quality import DataQualityIssue
from auditor.location import SourceRef

#: Bytes of a file a reader may look at when sniffing.
SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """What a reader needs to know besides the file."""

    timezone: str = "UTC"
    mapping: Any = None  # parsed mapping file (auditor.ingest.adapters.mapped.CallMapping), for the mapped reader
    date_order: str | None = None  # "dmy" / "mdy" for year-last dates; inferred when None


@dataclass
class RawRecords:
    """A file read into canonical column names, values still as in the source.

    ``dispositions`` and ``outcomes`` are value tables the reader knows for its
    format (normalised source value -> canonical value), merged over the defaults.
    ``absent`` names required columns the format cannot carry (aggregated counts have no
    call id, time or number; see :class:`~auditor.ingest.table.CallTable`).
    """

    frame: pd.DataFrame
    format: str
    dispositions: Mapping[str, object] = field(default_factory=dict)
    outcomes: Mapping[str, object] = field(default_factory=dict)
    issues: list[DataQualityIssue] = field(default_factory=list)
    absent: frozenset[str] = frozenset()


class RecordReader(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def suffixes(self) -> tuple[str, ...]: ...

    def sniff(self, path: Path, head: bytes) -> float:
        """Confidence in [0, 1] that ``path`` is this reader's format."""
        ...

    def read(self, path: Path, options: ReadOptions) -> RawRecords: ...


_READERS: dict[str, RecordReader] = {}


def register_reader(reader: RecordReader) -> RecordReader:
    """Add a reader; a later registration under the same name replaces the earlier."""
    _READERS[reader.name] = reader
    return reader


def get_reader(name: str) -> RecordReader:
    _load_builtin()
    try:
        return _READERS[name]
    except KeyError:
        known = ", ".join(sorted(_READERS))
        raise UnknownFormatError(f"unknown call-record format {name!r}", hint=f"choose one of: {known}") from None


def all_readers() -> dict[str, RecordReader]:
    _load_builtin()
    return dict(_READERS)


def detect_reader(path: Path) -> RecordReader:
    """The reader most confident about ``path``; raise when none is."""
    _load_builtin()
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    scored = sorted(((reader.sniff(path, head), name) for name, reader in _READERS.items()), reverse=True)
    if not scored or scored[0][0] <= 0:
        raise UnknownFormatError(
            "no reader recognises this file",
            location=SourceRef(file=str(path)),
            hint="give --calls-format explicitly, or describe the export in a mapping file (--mapping)",
        )
    return _READERS[scored[0][1]]


def _load_builtin() -> None:
    if not _READERS:
        from auditor.ingest import adapters, canonical  # noqa: F401  (register themselves)
