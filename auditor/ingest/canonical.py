"""Readers for call records already shaped as one row per dial: CSV, XLSX and Parquet.

Columns are recognised by English or Chinese names (:mod:`auditor.ingest.columns`).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from auditor.errors import RecordFormatError
from auditor.ingest.columns import recognise_columns, suggest
from auditor.ingest.readers import RawRecords, ReadOptions, register_reader
from auditor.ingest.schema import REQUIRED
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.location import SourceRef

if TYPE_CHECKING:
    from auditor.ingest.blocks import RawBatch

DELIMITERS = (",", ";", "\t", "|")
HEADER_SCAN_ROWS = 30


def detect_encoding(head: bytes) -> str:
    """``utf-8-sig`` / ``utf-16`` by BOM, ``utf-8`` if the bytes decode, else ``gb18030``, else ``latin-1``.

    ``head`` is the first bytes of a file: a character cut at its end by the sniff window is not an error.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        if _decodes(head, encoding):
            return encoding
    return "latin-1"


def _decodes(head: bytes, encoding: str) -> bool:
    """True when ``head`` is valid ``encoding`` text, allowing an incomplete character at its very end."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def detect_delimiter(first_line: str) -> str:
    """The delimiter that splits the header line into the most fields."""
    counts = {d: len(next(csv.reader([first_line], delimiter=d))) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))


def _first_line(head: bytes, encoding: str) -> str:
    text = head.decode(encoding, errors="replace")
    return text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""


def parquet_error(path: Path, exc: Exception) -> RecordFormatError:
    """The message for a Parquet file pyarrow cannot open (whole-file and block readers alike)."""
    return RecordFormatError(f"cannot read Parquet: {exc}", location=SourceRef(file=str(path)), hint="re-export the file")


def _require(mapping: dict[object, str], headers: Sequence[object], path: Path, where: str = "") -> None:
    missing = [c for c in REQUIRED if c not in mapping.values()]
    if not missing:
        return
    unknown = [str(h) for h in headers if h not in mapping]
    hints = [f"'{h}' -> {s}?" for h in unknown if (s := suggest(h)) and s in missing]
    raise RecordFormatError(
        f"{where}no column recognised as {', '.join(missing)}; headers found: {', '.join(map(str, headers)) or '(none)'}",
        location=SourceRef(file=str(path)),
        hint=("did you mean " + ", ".join(hints) + " " if hints else "")
        + "rename the headers (see docs/canonical-calls.md), choose an export adapter with --calls-format, or pass --mapping",
    )


class CanonicalCsvReader:
    name = "canonical-csv"
    suffixes = (".csv", ".tsv", ".txt")

    def sniff(self, path: Path, head: bytes) -> float:
        if path.suffix.lower() not in self.suffixes or not head:
            return 0.0
        line = _first_line(head, detect_encoding(head))
        headers = next(csv.reader([line], delimiter=detect_delimiter(line)), [])
        found = set(recognise_columns(headers).values())
        return 0.9 if set(REQUIRED) <= found else 0.2 + 0.1 * len(found & set(REQUIRED))

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
        encoding = detect_encoding(head)
        delimiter = detect_delimiter(_first_line(head, encoding))
        try:
            frame = pd.read_csv(
                path,
                sep=delimiter,
                encoding=encoding,
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                skipinitialspace=True,
                on_bad_lines="error",
            )
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            raise RecordFormatError(
                f"cannot read as {encoding} CSV with delimiter {delimiter!r}: {exc}".splitlines()[0],
                location=SourceRef(file=str(path)),
                hint="check that the file is a complete, consistently quoted CSV export",
            ) from None
        return _canonical_frame(frame, path, first_data_row=2, format_name=self.name)

    def iter_batches(self, path: Path) -> Iterator[RawBatch]:
        """The file in parsed, not yet converted blocks (for reading in other processes)."""
        from auditor.ingest.blocks import iter_csv_batches

        return iter_csv_batches(path)


class CanonicalExcelReader:
    name = "canonical-xlsx"
    suffixes = (".xlsx", ".xlsm")

    def sniff(self, path: Path, head: bytes) -> float:
        return 0.6 if path.suffix.lower() in self.suffixes and head.startswith(b"PK") else 0.0

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        try:
            sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many unrelated types for damaged files
            raise RecordFormatError(
                f"cannot open the workbook: {exc}",
                location=SourceRef(file=str(path)),
                hint="open it in Excel and save it again as .xlsx, or export the calls as CSV",
            ) from None
        best: tuple[int, str, int] | None = None
        for sheet, grid in sheets.items():
            for row in range(min(HEADER_SCAN_ROWS, len(grid))):
                found = set(recognise_columns(grid.iloc[row].tolist()).values())
                score = len(found & set(REQUIRED)) * 100 + len(found)
                if best is None or score > best[0]:
                    best = (score, str(sheet), row)
        if best is None:
            raise RecordFormatError(
                "the workbook has no rows",
                location=SourceRef(file=str(path)),
                hint="export the call records into the first sheet",
            )
        _, sheet, header_row = best
        grid = sheets[sheet]
        frame = grid.iloc[header_row + 1 :].copy()
        frame.columns = [str(c).strip() for c in grid.iloc[header_row].tolist()]
        frame = frame.dropna(how="all")
        return _canonical_frame(frame, path, first_data_row=header_row + 2, format_name=self.name, sheet=sheet)


class ParquetReader:
    name = "parquet"
    suffixes = (".parquet", ".pq")

    def sniff(self, path: Path, head: bytes) -> float:
        return 0.95 if head.startswith(b"PAR1") else 0.0

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        try:
            frame = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
            raise parquet_error(path, exc) from None
        return _canonical_frame(frame, path, first_data_row=1, format_name=self.name)

    def iter_batches(self, path: Path) -> Iterator[RawBatch]:
        """The file in record batches, not yet converted (for reading in other processes)."""
        from auditor.ingest.blocks import iter_parquet_batches

        return iter_parquet_batches(path)


def _canonical_frame(
    frame: pd.DataFrame, path: Path, *, first_data_row: int, format_name: str, sheet: str | None = None
) -> RawRecords:
    headers = list(frame.columns)
    mapping = recognise_columns(headers)
    _require(mapping, headers, path, where=f"sheet {sheet!r}: " if sheet else "")
    rows = pd.Series(range(first_data_row, first_data_row + len(frame)), index=frame.index)
    if sheet is not None:
        rows = pd.Series(frame.index + 1, index=frame.index)  # Excel row numbers (grid is 0-based)
    out = frame[list(mapping)].rename(columns=mapping).reset_index(drop=True)
    out[SOURCE_FILE] = pd.Categorical([str(path)] * len(out))
    out[SOURCE_ROW] = rows.to_numpy()
    return RawRecords(frame=out, format=format_name)


register_reader(CanonicalCsvReader())
register_reader(CanonicalExcelReader())
register_reader(ParquetReader())

__all__ = ["CanonicalCsvReader", "CanonicalExcelReader", "ParquetReader", "detect_delimiter", "detect_encoding"]
