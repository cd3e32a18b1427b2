"""Turning a (label, printed value) pair into a ClaimedFigure or an UnmatchedFigure.

Every reader (Excel, PDF, ...) finds pairs its own way and hands them here, so
label matching and unit conversion behave the same whatever the layout.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from auditor.location import SourceRef
from auditor.metrics.catalogue import Catalogue, load_catalogue
from auditor.reports.labels import match_label
from auditor.reports.model import ClaimedFigure, UnmatchedFigure
from auditor.reports.numbers import (
    NumberKind,
    ParsedNumber,
    UnitMismatch,
    decimals_of_float,
    decimals_of_format,
    label_unit,
    parse_number,
    to_metric_unit,
)
from auditor.scope import Scope

#: Metrics whose ratio may exceed 1, so a bare number is a ratio rather than a percentage.
RATIO_ABOVE_ONE = frozenset({"roi"})


def number_from_cell(value: object, number_format: str = "General") -> tuple[ParsedNumber, str] | None:
    """A spreadsheet cell's value as a ParsedNumber, with the text Excel would display."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        shown = decimals_of_format(number_format)
        if shown is not None:
            decimals, is_percent = shown
            exact = Decimal(repr(float(value))) * (100 if is_percent else 1)
            rounded = excel_round(exact, decimals)
            if is_percent:
                return ParsedNumber(rounded, Decimal(1).scaleb(-decimals), NumberKind.PERCENT), f"{rounded:.{decimals}f}%"
            return ParsedNumber(rounded, Decimal(1).scaleb(-decimals), NumberKind.PLAIN), f"{rounded:,.{decimals}f}"
        decimals = decimals_of_float(float(value))
        exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
        return ParsedNumber(exact, Decimal(1).scaleb(-decimals), NumberKind.PLAIN), _general(value)
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return ParsedNumber(Decimal(seconds), Decimal(1), NumberKind.DURATION), value.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta):
        total = Decimal(str(value.total_seconds()))
        return ParsedNumber(total, Decimal(1), NumberKind.DURATION), str(value)
    if isinstance(value, str):
        parsed = parse_number(value)
        return (parsed, value.strip()) if parsed is not None else None
    return None


def excel_round(value: Decimal, decimals: int) -> Decimal:
    """Round as Excel displays a number: half away from zero on the decimal value (0.4225 as 0.0% is 42.3%).

    Python's float formatting rounds the binary value half to even, which reads 42.2% where the
    reader of the report sees 42.3%.
    """
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _general(value: int | float) -> str:
    return str(value) if isinstance(value, int) or not float(value).is_integer() else str(int(value))


def make_claim(
    label: str,
    number: ParsedNumber,
    raw_text: str,
    source: SourceRef,
    scope: Scope,
    catalogue: Catalogue | None = None,
    *,
    is_total: bool = False,
    is_formula: bool = False,
) -> ClaimedFigure | UnmatchedFigure:
    """Match ``label`` to a metric and express ``number`` in its unit.

    A label no catalogue entry knows, or a value that cannot be in the metric's
    unit (a percentage under a count label), gives an :class:`UnmatchedFigure`.
    """
    catalogue = catalogue or load_catalogue()
    match = match_label(label, catalogue)
    if match is None:
        return UnmatchedFigure(label=label.strip(), raw_text=raw_text, source=source)
    metric = catalogue[match.metric]
    try:
        converted = to_metric_unit(
            number, metric.unit, label_hint=label_unit(label), ratio_above_one=metric.id in RATIO_ABOVE_ONE
        )
    except UnitMismatch as exc:
        return UnmatchedFigure(label=f"{label.strip()} ({exc})", raw_text=raw_text, source=source)
    return ClaimedFigure(
        metric=metric.id,
        value=converted.value,
        unit=metric.unit,
        scope=scope,
        raw_text=raw_text,
        source=source,
        label=label.strip(),
        half_width=converted.half_width,
        definition_hint=match.definition,
        is_approximate=number.approximate,
        notes=converted.notes,
        is_total=is_total,
        is_formula=is_formula,
    )
