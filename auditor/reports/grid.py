"""Every report source as a grid of cells: the one shape the table interpreter reads.

A workbook sheet, a ruled PDF table and a block of aligned PDF text lines all
become a :class:`Grid`: rows of :class:`GridCell` (or ``None`` for an empty
position). Each cell keeps where it was printed (``SourceRef`` with sheet!A1 or
page + bbox), its displayed text, the typed value when the source has one
(a workbook number), the number format, whether it was a formula, and whether
its text was spread over it from a merged cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.location import SourceRef


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a grid.

    Attributes:
        text: the text as displayed (a workbook number is rendered through its format).
        source: where the cell was printed (``sheet`` + ``cell``, or ``page`` + ``bbox``).
        value: the typed value (int, float, time, str) when the source has one; None for PDF text.
        number_format: the workbook number format (``0.0%``), ``General`` otherwise.
        is_formula: the workbook cell holds a formula (``value`` is its cached result).
        is_merged_copy: the text was copied from the top-left of a merged range.
    """

    text: str
    source: SourceRef
    value: object = None
    number_format: str = "General"
    is_formula: bool = False
    is_merged_copy: bool = False


@dataclass(frozen=True)
class Grid:
    """A rectangular block of cells from one sheet, one PDF table or one block of text lines.

    Attributes:
        file: the report path.
        rows: the cells, row by row, all rows the same length; ``None`` is an empty position.
        context: text printed above the block (title, period line); read for the period.
        origin: short description for warnings (``sheet 汇总``, ``p.2 table 1``).
    """

    file: str
    rows: tuple[tuple[GridCell | None, ...], ...]
    context: tuple[str, ...] = field(default=())
    origin: str = ""

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def cells(self) -> Iterator[tuple[int, int, GridCell]]:
        """``(row, column, cell)`` of every non-empty cell, row by row."""
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                if cell is not None:
                    yield r, c, cell


def rectangular(rows: list[list[GridCell | None]]) -> tuple[tuple[GridCell | None, ...], ...]:
    """Pad ragged rows with ``None`` so every row has the same length; drop trailing empty rows."""
    while rows and all(c is None for c in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    return tuple(tuple(r) + (None,) * (width - len(r)) for r in rows)
