"""Legacy Excel ``.xls`` (BIFF) exports, read with xlrd, including GBK text under a wrong or missing codepage.

Chinese diallers (the ccms VICIdial front-end among them) write BIFF files whose
CODEPAGE record says 1252, or is missing, while the strings are GBK bytes; xlrd then
returns ``×´Ì¬Âë`` for 状态码. ``auditor.legacy_xls`` (shared by the .xls readers)
decides for the whole workbook whether its text is GBK and gives each string its GBK
reading (counted in a ``mislabelled_encoding`` issue). The grid is then read as a
VICIdial export when its headers say so, else as canonical columns.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from auditor.errors import RecordFormatError
from auditor.ingest.adapters import vicidial
from auditor.ingest.canonical import HEADER_SCAN_ROWS, _canonical_frame
from auditor.ingest.columns import recognise_columns
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.readers import RawRecords, ReadOptions, register_reader
from auditor.legacy_xls import open_xls
from auditor.location import SourceRef

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_grid(path: Path) -> tuple[pd.DataFrame, str, int, str | None]:
    """The first sheet as text cells, the sheet name, how many distinct strings were read as GBK
    and the sentence saying so (None when the text needed nothing)."""
    import xlrd  # type: ignore[import-untyped]  # imported here: only .xls input needs it

    try:
        with open(os.devnull, "w") as quiet:  # xlrd prints OLE2 warnings to its logfile
            opened = open_xls(path, logfile=quiet, on_demand=True)
    except (xlrd.XLRDError, OSError, ValueError, AssertionError) as exc:
        raise RecordFormatError(
            f"cannot open the .xls workbook: {exc}",
            location=SourceRef(file=str(path)),
            hint="open it in Excel and save it as .xlsx or CSV",
        ) from None
    sheet = opened.book.sheet_by_index(0)
    grid = pd.DataFrame([sheet.row_values(r) for r in range(sheet.nrows)], dtype=object)  # xlrd gives rows
    strings = [s for s in pd.unique(grid.to_numpy().ravel()) if isinstance(s, str) and not s.isascii()] if not grid.empty else []
    repaired = len(strings) if opened.note else 0
    if opened.repair is not None and strings:
        grid = grid.replace({s: opened.text(s) for s in strings})
    grid = grid.map(lambda v: (str(int(v)) if float(v).is_integer() else str(v)) if isinstance(v, float) else v)
    return grid, opened.text(sheet.name), repaired, opened.note


class LegacyExcelReader:
    """``xls``: BIFF ``.xls`` call exports (VICIdial or canonical columns)."""

    name = "xls"
    suffixes = (".xls",)

    def sniff(self, path: Path, head: bytes) -> float:
        return 0.9 if head.startswith(_OLE2) and path.suffix.lower() == ".xls" else 0.0

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        grid, sheet, repaired, encoding_note = read_grid(path)
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
        if repaired and encoding_note:
            note = DataQualityIssue(
                code="mislabelled_encoding",
                count=repaired,
                column=None,
                effect="text repaired",
                message=f"{repaired:,} distinct text value(s): {encoding_note}",
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
