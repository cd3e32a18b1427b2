"""Gather what the readers found in one report into a ReportExtraction: interpret, merge, dedupe."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from auditor.metrics.catalogue import load_catalogue
from auditor.reports.grid import Grid
from auditor.reports.model import ClaimedFigure, ReportExtraction, TargetFigure, UnmatchedFigure
from auditor.reports.periods import parse_period
from auditor.reports.tables import Interpretation, interpret

T = TypeVar("T", ClaimedFigure, TargetFigure, UnmatchedFigure)


def report_period(lines: Iterable[str]) -> str | None:
    """The first period printed in the report's opening lines (its title), if any."""
    for line in lines:
        found = parse_period(line)
        if found is not None:
            return found
    return None


def extraction_from_grids(
    file: str,
    grids: Iterable[Grid],
    reader: str,
    extra: Interpretation | None = None,
    warnings: Iterable[str] = (),
    period: str | None = None,
) -> ReportExtraction:
    """Interpret every grid (in order) plus figures found otherwise (prose), deduplicated."""
    catalogue = load_catalogue()
    found = Interpretation()
    for grid in grids:
        found.extend(interpret(grid, catalogue, period=period))
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
