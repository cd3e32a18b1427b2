"""Gather what the readers found in one report into a ReportExtraction: interpret, merge, dedupe."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from auditor.metrics.catalogue import load_catalogue
from auditor.reports.grid import Grid
from auditor.reports.model import ClaimedFigure, ReportExtraction, TargetFigure, UnmatchedFigure
from auditor.reports.numbers import decide_decimal_mark, decimal_mark
from auditor.reports.periods import decide_day_first, parse_period, period_conventions
from auditor.reports.tables import Interpretation, interpret

T = TypeVar("T", ClaimedFigure, TargetFigure, UnmatchedFigure)


def report_period(lines: Iterable[str]) -> str | None:
    """The first period printed in the report's opening lines (its title), if any.

    Only a period the line states whole counts (a month, a day, a dated range): a date the line
    gives as the document's own (issued, generated, ``акт от``) is not the period."""
    with period_conventions(None, None):
        for line in lines:
            found = parse_period(line)
            if found is not None:
                return found
    return None


def title_lines(grid: Grid, limit: int = 6) -> list[str]:
    """The grid's context and the one-cell text rows above its first figure (a sheet's title, period line)."""
    out = list(grid.context)
    for row in grid.rows[:limit]:
        cells = [c for c in row if c is not None and not c.is_merged_copy]
        if any(c.value is not None and not isinstance(c.value, str) for c in cells):
            break
        if len(cells) == 1:
            out.append(cells[0].text)
    return out


def printed_texts(grid: Grid) -> list[str]:
    """The text the grid prints as text: its context lines and its text cells (not typed workbook numbers,
    whose displayed form is the reader's rendering, not the vendor's)."""
    return [*grid.context, *(cell.text for _, _, cell in grid.cells() if cell.value is None or isinstance(cell.value, str))]


@dataclass(frozen=True, slots=True)
class Conventions:
    """How one report prints figures and dates, decided once from all of its text.

    Attributes:
        mark: decimal mark of its unambiguous figures ("." or ","), None when they do not tell.
        day_first: whether its numeric dates print the day first, None when they do not tell.
        period: the report's period, from its title (never from an issue or signature date).
    """

    mark: str | None = None
    day_first: bool | None = None
    period: str | None = None


def file_conventions(grids: Iterable[Grid], other_texts: Iterable[str] = (), period: str | None = None) -> Conventions:
    """The :class:`Conventions` of a report made of ``grids`` and other text (prose); ``period`` when the reader knows it."""
    grids = list(grids)
    texts = [*(t for grid in grids for t in printed_texts(grid)), *other_texts]
    if period is None:
        period = report_period(line for grid in grids for line in title_lines(grid))
    return Conventions(decide_decimal_mark(texts), decide_day_first(texts), period)


@contextmanager
def reading(conventions: Conventions, grid: Grid | None = None) -> Iterator[None]:
    """Parse figures and periods under the report's conventions (a grid's own figures and title first)."""
    mark = (decide_decimal_mark(printed_texts(grid)) if grid is not None else None) or conventions.mark
    period = (report_period(title_lines(grid)) if grid is not None else None) or conventions.period
    with decimal_mark(mark), period_conventions(period, conventions.day_first):
        yield


def extraction_from_grids(
    file: str,
    grids: Iterable[Grid],
    reader: str,
    extra: Interpretation | None = None,
    warnings: Iterable[str] = (),
    period: str | None = None,
    conventions: Conventions | None = None,
) -> ReportExtraction:
    """Interpret every grid (in order) plus figures found otherwise (prose), deduplicated.

    Each grid is read under the report's :class:`Conventions` (decided here from the grids
    unless given): ``14.698`` in a table that also prints ``45,6 %`` reads 14698, ``01-07 Oct``
    takes the year of the report's title, and a grid with no period line of its own has the
    report's period.
    """
    catalogue = load_catalogue()
    found = Interpretation()
    grids = list(grids)
    conventions = conventions or file_conventions(grids, period=period)
    for grid in grids:
        with reading(conventions, grid):
            found.extend(interpret(grid, catalogue, period=period or conventions.period))
    if extra is not None:
        found.extend(extra)
    return ReportExtraction(
        path=file,
        claims=tuple(_dedupe(found.claims)),
        unmatched=tuple(_dedupe(found.unmatched)),
        targets=tuple(_dedupe(found.targets)),
        warnings=tuple(warnings),
        reader=reader,
    )


def _dedupe(items: list[T]) -> list[T]:
    """Drop a figure read twice from the same place (the same cell or bbox)."""
    seen: set[object] = set()
    out = []
    for item in items:
        src = item.source
        key = (type(item).__name__, getattr(item, "metric", None), src.page, src.sheet, src.cell, src.bbox, item.raw_text)
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out
