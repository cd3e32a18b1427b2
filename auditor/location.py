"""Where a figure or a record came from: the one provenance type every stage uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A place in an input file.

    Attributes:
        file: path as the user gave it.
        page: 1-based PDF page.
        sheet: workbook sheet name.
        cell: ``A1``-style cell in ``sheet``.
        table: 1-based table index on a PDF page.
        row: 1-based row (table row, or data row of a record file counting the header as row 1).
        column: column name or 1-based index.
        line: 1-based line in a text file (YAML, CSV).
        bbox: PDF bounding box ``(x0, top, x1, bottom)`` in points.
        text: the raw text the figure was read from.
    """

    file: str
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None
    table: int | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    bbox: tuple[float, float, float, float] | None = field(default=None)
    text: str | None = None

    def describe(self) -> str:
        """Short human form: ``report.xlsx 汇总!B4`` or ``report.pdf p.2 table 1 row 3``."""
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        elif self.cell is not None:
            parts.append(self.cell)
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row:,}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON form used in findings: always has file, page, sheet, cell and text."""
        out: dict[str, Any] = {
            "file": self.file,
            "page": self.page,
            "sheet": self.sheet,
            "cell": self.cell,
            "text": self.text,
        }
        for key in ("table", "row", "column", "line"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        return out
