"""Excel (.xlsx) vendor reports read as label/value rows: a label cell, then its figure to the right.

Rows that name a campaign (``外呼任务: A``) or a period (``统计周期 2026-10``) set
the scope of the figures below them. Every figure keeps ``sheet!cell``.
Tables with metrics as columns are the table reader's job (reports/tables).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils.exceptions import InvalidFileException

from auditor.errors import ReportParseError
from auditor.location import SourceRef
from auditor.reports.claims import make_claim, number_from_cell
from auditor.reports.labels import normalise_label
from auditor.reports.model import ClaimedFigure, ReportExtraction, UnmatchedFigure
from auditor.reports.periods import parse_period
from auditor.scope import Scope

CAMPAIGN_MARKERS = re.compile(r"^(外呼任务|任务名称|任务|项目名称|项目|活动|campaign|project|кампания|проект)$", re.I)
OVERALL_MARKERS = re.compile(r"^(整体|总体|合计|总计|汇总|全部|overall|total|all campaigns|итого|всего|общий)$", re.I)
PERIOD_MARKERS = re.compile(r"(统计周期|报告期|报告期间|统计时间|统计区间|周期|期间|月份|period|reporting period|month|период|отчетный период|месяц)", re.I)


class ExcelLabelValueReader:
    name = "xlsx-label-value"
    suffixes = (".xlsx", ".xlsm")

    def sniff(self, path: Path, head: bytes) -> float:
        return 0.5 if path.suffix.lower() in self.suffixes and head.startswith(b"PK") else 0.0

    def read(self, path: Path) -> ReportExtraction:
        try:
            workbook = load_workbook(path, data_only=True, read_only=False)
        except (InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise ReportParseError(
                f"cannot open the workbook: {exc}", location=SourceRef(file=str(path)),
                hint="check the file is an .xlsx workbook and not password-protected; re-save it from Excel",
            ) from None
        except Exception as exc:  # zipfile.BadZipFile and friends from damaged files
            raise ReportParseError(
                f"the workbook is damaged ({type(exc).__name__})", location=SourceRef(file=str(path)),
                hint="ask the vendor for a fresh copy, or re-save it from Excel",
            ) from None
        claims: list[ClaimedFigure] = []
        unmatched: list[UnmatchedFigure] = []
        period: str | None = None
        for sheet in workbook.worksheets:
            campaign: str | None = None
            for row in sheet.iter_rows():
                cells = [c for c in row if c.value is not None and str(c.value).strip() != ""]
                if not cells:
                    continue
                context = _context(cells)
                if context is not None:
                    kind, value = context
                    if kind == "campaign":
                        campaign = value
                    elif kind == "period":
                        period = value
                    continue
                for label_cell, value_cell in _pairs(cells):
                    found = number_from_cell(value_cell.value, value_cell.number_format)
                    if found is None:
                        continue
                    number, raw = found
                    source = SourceRef(
                        file=str(path), sheet=sheet.title, cell=value_cell.coordinate,
                        text=f"{str(label_cell.value).strip()} {raw}",
                    )
                    result = make_claim(str(label_cell.value), number, raw, source, Scope(campaign=campaign, period=period))
                    (claims if isinstance(result, ClaimedFigure) else unmatched).append(result)  # type: ignore[arg-type]
        return ReportExtraction(path=str(path), claims=tuple(claims), unmatched=tuple(unmatched), reader=self.name)


def _context(cells: list[Cell]) -> tuple[str, str | None] | None:
    """A row that sets the campaign or the period for the figures below it."""
    first = normalise_label(str(cells[0].value))
    if CAMPAIGN_MARKERS.match(first) and len(cells) >= 2:
        value = str(cells[1].value).strip()
        return ("campaign", None if OVERALL_MARKERS.match(normalise_label(value)) else value)
    if OVERALL_MARKERS.match(first) and len(cells) == 1:
        return ("campaign", None)
    text = " ".join(str(c.value) for c in cells)
    if PERIOD_MARKERS.search(str(cells[0].value)) or len(cells) == 1:
        period = parse_period(text)
        if period is not None:
            return ("period", period)
    return None


def _pairs(cells: list[Cell]) -> list[tuple[Cell, Cell]]:
    """(label, value) pairs along a row: each text cell with the next cell that holds a figure."""
    pairs = []
    for i, cell in enumerate(cells[:-1]):
        if not _is_label(cell.value):
            continue
        nxt = cells[i + 1]
        if not _is_label(nxt.value) or number_from_cell(nxt.value, nxt.number_format) is not None:
            pairs.append((cell, nxt))
    return pairs


def _is_label(value: Any) -> bool:
    return isinstance(value, str) and re.search(r"[^\W\d_]", value) is not None and number_from_cell(value) is None
