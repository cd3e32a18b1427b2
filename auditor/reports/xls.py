"""Legacy Excel (.xls, BIFF) vendor reports through xlrd: every sheet becomes a grid.

xlrd reads values and, with ``formatting_info``, number formats and merged ranges;
it does not keep formulas, so ``is_formula`` is always False for .xls cells.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from auditor.errors import ReportParseError
from auditor.location import SourceRef
from auditor.reports.claims import number_from_cell
from auditor.reports.collect import extraction_from_grids
from auditor.reports.excel import OLE_MAGIC
from auditor.reports.grid import Grid, GridCell, rectangular
from auditor.reports.model import ReportExtraction


class XlsReader:
    name = "xls"
    suffixes = (".xls",)

    def sniff(self, path: Path, head: bytes) -> float:
        return 0.8 if head.startswith(OLE_MAGIC) and path.suffix.lower() == ".xls" else 0.0

    def read(self, path: Path) -> ReportExtraction:
        try:
            import xlrd  # type: ignore[import-untyped]
        except ImportError:
            raise ReportParseError(
                "reading legacy .xls workbooks needs the xlrd package",
                location=SourceRef(file=str(path)),
                hint="pip install xlrd, or re-save the workbook as .xlsx",
            ) from None
        log = io.StringIO()  # xlrd writes its complaints to stdout unless given a log file
        try:
            book = xlrd.open_workbook(str(path), formatting_info=True, logfile=log)
        except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error... on bad files
            encrypted = "encrypt" in str(exc).lower() or "password" in str(exc).lower()
            raise ReportParseError(
                "the workbook is encrypted (password-protected)"
                if encrypted
                else f"cannot open the .xls workbook ({type(exc).__name__}: {exc})",
                location=SourceRef(file=str(path)),
                hint="remove the password in Excel and save as .xlsx"
                if encrypted
                else "ask the vendor for a fresh copy, or re-save it from Excel as .xlsx",
            ) from None
        grids = [_sheet_grid(str(path), book, sheet) for sheet in book.sheets()]
        complaints = sorted({line.strip(" *") for line in log.getvalue().splitlines() if line.startswith("WARNING")})
        warnings = [f"the workbook may be damaged, figures may be missing (xlrd: {c})" for c in complaints]
        return extraction_from_grids(str(path), grids, reader=self.name, warnings=warnings)


def _sheet_grid(file: str, book: Any, sheet: Any) -> Grid:
    import xlrd

    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, r1, c0, c1 in sheet.merged_cells:
        for r in range(r0, r1):
            for c in range(c0, c1):
                if (r, c) != (r0, c0):
                    merged[(r, c)] = (r0, c0)
    rows: list[list[GridCell | None]] = []
    for r in range(sheet.nrows):
        out: list[GridCell | None] = []
        for c in range(sheet.ncols):
            origin = merged.get((r, c))
            if origin is not None:
                top = sheet.cell(*origin)
                if top.ctype == xlrd.XL_CELL_TEXT and top.value.strip():
                    ref = SourceRef(file=file, sheet=sheet.name, cell=xlrd.cellname(*origin))
                    out.append(GridCell(text=top.value.strip(), source=ref, value=top.value, is_merged_copy=True))
                else:
                    out.append(None)
                continue
            cell = sheet.cell(r, c)
            ref = SourceRef(file=file, sheet=sheet.name, cell=xlrd.cellname(r, c))
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK) or (
                cell.ctype == xlrd.XL_CELL_TEXT and not cell.value.strip()
            ):
                out.append(None)
            elif cell.ctype == xlrd.XL_CELL_TEXT:
                out.append(GridCell(text=cell.value.strip(), source=ref, value=cell.value))
            elif cell.ctype == xlrd.XL_CELL_NUMBER:
                fmt = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
                found = number_from_cell(cell.value, fmt)
                out.append(GridCell(text=found[1] if found else str(cell.value), source=ref, value=cell.value, number_format=fmt))
            elif cell.ctype == xlrd.XL_CELL_DATE:
                value = xlrd.xldate_as_datetime(cell.value, book.datemode)
                if cell.value < 1:  # a time of day: a duration such as 00:02:30
                    out.append(GridCell(text=value.time().isoformat(), source=ref, value=value.time()))
                else:
                    out.append(
                        GridCell(text=value.date().isoformat(), source=ref, value=dt.datetime.combine(value.date(), value.time()))
                    )
            else:
                out.append(None)
        rows.append(out)
    return Grid(file=file, rows=rectangular(rows), origin=f"sheet {sheet.name}")
