"""Excel (.xlsx) vendor reports: every sheet becomes a grid for the table interpreter.

Cells keep ``sheet!A1``, their number format (a ``0.0%`` format makes 0.456 read
as 45.6 %), and whether they hold a formula (the cached value is read; a total
typed as a constant among formulas is noted). Merged ranges spread their text
over the cells they cover so a merged group header heads each of its columns.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from auditor.errors import ReportParseError
from auditor.location import SourceRef
from auditor.reports.claims import number_from_cell
from auditor.reports.collect import extraction_from_grids
from auditor.reports.grid import Grid, GridCell, rectangular
from auditor.reports.model import ReportExtraction

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ExcelReader:
    name = "xlsx"
    suffixes = (".xlsx", ".xlsm")

    def sniff(self, path: Path, head: bytes) -> float:
        if path.suffix.lower() not in self.suffixes:
            return 0.0
        return 0.8 if head.startswith((b"PK", OLE_MAGIC)) else 0.1  # OLE: an encrypted workbook, refused in read()

    def read(self, path: Path) -> ReportExtraction:
        where = SourceRef(file=str(path))
        with path.open("rb") as handle:
            if handle.read(8) == OLE_MAGIC:
                raise ReportParseError(
                    "the workbook is encrypted (password-protected) or is a legacy .xls saved as .xlsx",
                    location=where,
                    hint="open it in Excel, remove the password (File > Info > Protect Workbook) and save as .xlsx",
                )
        try:
            values = load_workbook(path, data_only=True)
            formulas = _formula_cells(path)
        except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
            raise ReportParseError(
                f"cannot open the workbook ({type(exc).__name__}: {exc})",
                location=where,
                hint="check the file is an .xlsx workbook and not damaged; "
                "ask the vendor for a fresh copy or re-save it from Excel",
            ) from None
        except Exception as exc:  # anything else openpyxl raises on a damaged package
            raise ReportParseError(
                f"the workbook is damaged ({type(exc).__name__})",
                location=where,
                hint="ask the vendor for a fresh copy, or re-save it from Excel",
            ) from None
        grids = [sheet_grid(str(path), sheet, formulas.get(sheet.title, set())) for sheet in values.worksheets]
        warnings = [*_uncached_formulas(values, formulas), *_error_cells(values), *_hidden(values)]
        return extraction_from_grids(str(path), grids, reader=self.name, warnings=warnings)


#: The old name of the reader, kept for code that imported it.
ExcelLabelValueReader = ExcelReader


def _formula_cells(path: Path) -> dict[str, set[str]]:
    """The coordinates of formula cells, per sheet (one streaming pass over the workbook)."""
    book = load_workbook(path, data_only=False, read_only=True)
    try:
        return {
            ws.title: {
                c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")
            }
            for ws in book.worksheets
            if hasattr(ws, "iter_rows")
        }
    finally:
        book.close()


def sheet_grid(file: str, sheet: Worksheet, formula_cells: set[str]) -> Grid:
    """One worksheet as a grid (values from ``sheet``; ``formula_cells`` are the coordinates holding formulas)."""
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in sheet.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    merged[(r, c)] = (rng.min_row, rng.min_col)
    rows: list[list[GridCell | None]] = []
    for row in sheet.iter_rows():
        out: list[GridCell | None] = []
        for cell in row:
            origin = merged.get((cell.row or 0, cell.column or 0))
            if origin is not None:
                top = sheet.cell(*origin)
                if isinstance(top.value, str) and top.value.strip():
                    ref = SourceRef(file=file, sheet=sheet.title, cell=top.coordinate)
                    out.append(GridCell(text=top.value.strip(), source=ref, value=top.value, is_merged_copy=True))
                else:
                    out.append(None)
                continue
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                out.append(None)
                continue
            is_formula = cell.coordinate in formula_cells
            out.append(
                GridCell(
                    text=_display(cell.value, cell.number_format),
                    value=cell.value,
                    number_format=cell.number_format,
                    source=SourceRef(file=file, sheet=sheet.title, cell=cell.coordinate),
                    is_formula=is_formula,
                )
            )
        rows.append(out)
    return Grid(file=file, rows=rectangular(rows), origin=f"sheet {sheet.title}")


def _uncached_formulas(values: Any, formulas: dict[str, set[str]]) -> list[str]:
    """A warning per sheet with formulas whose result Excel never stored (the file was written by a
    program and never opened in Excel): those figures cannot be read, so they are named, not dropped."""
    warnings = []
    for sheet in values.worksheets:
        missing = sorted(
            (c for c in formulas.get(sheet.title, ()) if sheet[c].value is None),
            key=lambda ref: (int("".join(ch for ch in ref if ch.isdigit())), ref),
        )
        if missing:
            warnings.append(
                f"sheet {sheet.title}: {len(missing)} formula cell(s) have no stored result ({_listed(missing)}); "
                "open and save the workbook in Excel (or LibreOffice) so their values can be read"
            )
    return warnings


_EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"})


def _listed(cells: list[str]) -> str:
    return ", ".join(cells[:5]) + (f" and {len(cells) - 5} more" if len(cells) > 5 else "")


def _error_cells(values: Any) -> list[str]:
    """A warning per sheet with Excel error values (#DIV/0!, #REF!): figures the report failed to compute."""
    warnings = []
    for sheet in values.worksheets:
        bad = [
            c.coordinate
            for row in sheet.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.value.strip() in _EXCEL_ERRORS
        ]
        if bad:
            warnings.append(f"sheet {sheet.title}: {len(bad)} cell(s) show an Excel error instead of a figure ({_listed(bad)})")
    return warnings


def _hidden(values: Any) -> list[str]:
    """Hidden sheets, rows and columns are read like the rest; a warning says the vendor hid them."""
    warnings = []
    for sheet in values.worksheets:
        if sheet.sheet_state != "visible":
            warnings.append(f"sheet {sheet.title} is hidden in the workbook; its figures were read too")
            continue
        rows = [str(i) for i, d in sorted(sheet.row_dimensions.items()) if d.hidden]
        cols = [k for k, d in sorted(sheet.column_dimensions.items()) if d.hidden]
        if rows or cols:
            parts = ([f"row(s) {_listed(rows)}"] if rows else []) + ([f"column(s) {_listed(cols)}"] if cols else [])
            warnings.append(f"sheet {sheet.title}: hidden {' and '.join(parts)}; their figures were read too")
    return warnings


def _display(value: object, number_format: str) -> str:
    """The text Excel would show, near enough to quote it."""
    if isinstance(value, dt.datetime):
        if "d" not in number_format.lower() and number_format != "General":
            return f"{value.year:04d}-{value.month:02d}"  # a month header formatted yyyy-mm
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    found = number_from_cell(value, number_format)
    if found is not None:
        return found[1]
    return str(value).strip()
