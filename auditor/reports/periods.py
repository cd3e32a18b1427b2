"""Report periods printed as text -> Scope period strings (pure functions)."""

from __future__ import annotations

import re
from datetime import date

from auditor.reports.numbers import normalise_text

_ISO_DAY = r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
_RU_DAY = r"(\d{1,2})\.(\d{1,2})\.(\d{4})"
_RANGE_SEP = r"\s*(?:至|到|~|～|—|–|-|to|по|до)\s*"
_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?![\d])")
_RU_MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_EN_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def _day(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _days(text: str) -> list[date]:
    found: list[tuple[int, date]] = []
    for m in re.finditer(_ISO_DAY, text):
        if d := _day(m[1], m[2], m[3]):
            found.append((m.start(), d))
    for m in re.finditer(_RU_DAY, text):
        if d := _day(m[3], m[2], m[1]):
            found.append((m.start(), d))
    return [d for _, d in sorted(found)]


def parse_period(text: str) -> str | None:
    """``'2026年10月'`` -> ``'2026-10'``; ``'2026-10-01 至 2026-10-31'`` -> ``'2026-10'``;
    ``'01.10.2026 - 15.10.2026'`` -> ``'2026-10-01..2026-10-15'``; None when no period is printed."""
    body = normalise_text(text).casefold()
    days = _days(body)
    if len(days) >= 2:
        lo, hi = days[0], days[1]
        if lo > hi:
            return None
        if lo.day == 1 and hi.month == lo.month and hi.year == lo.year and _is_month_end(hi):
            return f"{lo.year:04d}-{lo.month:02d}"
        return f"{lo.isoformat()}..{hi.isoformat()}"
    if len(days) == 1 and not _MONTH.fullmatch(body.strip()):
        return days[0].isoformat()
    if (m := _MONTH.search(body)) and 1 <= int(m[2]) <= 12:
        return f"{int(m[1]):04d}-{int(m[2]):02d}"
    for names in (_RU_MONTHS, _EN_MONTHS):
        for stem, month in names.items():
            if y := re.search(rf"\b{stem}\w*\s+(\d{{4}})", body):
                return f"{int(y[1]):04d}-{month:02d}"
    return None


def _is_month_end(d: date) -> bool:
    return date.fromordinal(d.toordinal() + 1).day == 1
