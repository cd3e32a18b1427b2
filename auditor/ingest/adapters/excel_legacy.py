"""Legacy Excel ``.xls`` (BIFF) exports, read with xlrd, including GBK text mislabelled as cp1252.

Chinese diallers (the ccms VICIdial front-end among them) write BIFF files whose
CODEPAGE record says 1252 while the strings are GBK bytes; xlrd then returns
``×´Ì¬Âë`` for 状态码. Every distinct string is repaired with
``s.encode('cp1252').decode('gbk')`` when the workbook claims cp1252 and the repair
yields CJK text (counted in a ``mislabelled_encoding`` issue). The grid is then read
as a VICIdial export when its headers say so, else as canonical columns.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from auditor.errors import RecordFormatError
from auditor.ingest.adapters import vicidial
from auditor.ingest.canonical import HEADER_SCAN_ROWS, _canonical_frame
from auditor.ingest.columns import recognise_columns
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.readers import RawRecords, ReadOptions, register_reader
from auditor.location import SourceRef

_CJK = re.compile(r"[\u4e00-\u9fff]")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def repair_gbk(text: str) -> str | None:
    """The GBK reading of a string xlrd decoded as cp1252, or None when that is not what happened."""
    try:
        fixed = text.encode("cp1252").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if _CJK.search(fixed) else None


def read_grid(path: Path) -> tuple[pd.DataFrame, str, int]:
    """The first sheet as text cells, the sheet name and how many distinct strings were repaired."""
    import xlrd  # type: ignore[import-untyped]  # imported here: only .xls input needs it

    try:
        with open("/dev/null", "w") as quiet:  # xlrd prints OLE2 warnings to its logfile
            book = xlrd.open_workbook(str(path), logfile=quiet, on_demand=True)
    except (xlrd.XLRDError, OSError, ValueError, AssertionError) as exc:
        raise RecordFormatError(
            f"cannot open the .xls workbook: {exc}",
            location=SourceRef(file=str(path)),
            hint="open it in Excel and save it as .xlsx or CSV",
        ) from None
    sheet = book.sheet_by_index(0)
    grid = pd.DataFrame([sheet.row_values(r) for r in range(sheet.nrows)], dtype=object)  # xlrd gives rows
    repaired = 0
    if book.encoding in ("cp1252", "1252") and not grid.empty:
        strings = pd.unique(grid.to_numpy().ravel())
        fixes = {s: f for s in strings if isinstance(s, str) and s and (f := repair_gbk(s)) is not None}
        if fixes:
            grid = grid.replace(fixes)
            repaired = len(fixes)
    grid = grid.map(lambda v: (str(int(v)) if float(v).is_integer() else str(v)) if isinstance(v, float) else v)
    name = (repair_gbk(sheet.name) if repaired else None) or sheet.name
    return grid, name, repaired


class LegacyExcelReader:
    """``xls``: BIFF ``.xls`` call exports (VICIdial or canonical columns)."""

    name = "xls"
    suffixes = (".xls",)

    def sniff(self, path: Path, head: bytes) -> float:
        return 0.9 if head.startswith(_OLE2) and path.suffix.lower() == ".xls" else 0.0

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        grid, sheet, repaired = read_grid(path)
        header_row = 0
        for row in range(min(HEADER_SCAN_ROWS, len(grid))):
            cells = grid.iloc[row].tolist()
            if vicidial.is_vicidial(cells) or len(recognise_columns(cells)) >= 3:
                header_row = row
                break
        frame = grid.iloc[header_row + 1 :].copy()
        frame.columns = [str(col).strip() for col in grid.iloc[header_row].tolist()]
        frame = frame.replace("", pd.NA).dropna(how="all")
        note = None
        if repaired:
            note = DataQualityIssue(
                code="mislabelled_encoding",
                count=repaired,
                column=None,
                effect="text repaired",
                message=f"{repaired:,} distinct text value(s) were GBK bytes in a workbook labelled cp1252; read as GBK",
                examples=(f"{path} sheet {sheet!r}",),
            )
        if vicidial.is_vicidial(list(frame.columns)):
            records = vicidial.records(frame, path, first_row=header_row + 2, format_name=self.name)
        else:
            records = _canonical_frame(frame, path, first_data_row=header_row + 2, format_name=self.name)
        if note:
            records.issues.insert(0, note)
        return records


register_reader(LegacyExcelReader())
