"""Report periods printed as text -> Scope period strings (pure functions, words in ``periods.yaml``).

``parse_period`` reads what a title, a period line, a column header or a row label says:

* a month: ``2026年10月``, ``October 2026``, ``outubro de 2026``, ``за октябрь 2026 г.``, ``10/2026``;
* a day: ``2026-10-05``, ``05.10.2026``, ``5 de outubro de 2026``, ``Oct 5, 2026``;
* a range: ``2026-10-01 至 2026-10-31`` (a whole month reads as the month), ``01.10.2026 - 15.10.2026``,
  ``11/02/2026 - 11/08/2026``, and with the year taken from the report's period
  (``reference``): ``01-07 Oct``, ``01/11-07/11``, ``1 a 7 de outubro``, ``10月1日-10月7日``;
* a month named alone (``October``) or relative to the report's (``上月``, ``previous month``).

A date introduced as the document's own (``Issued: 03 Dec 2026``, ``акт от 05.11.2026``,
``报送日期：2026年11月3日``) is not a period and is ignored. ``11/02/2026`` may be 11 February or
2 November: the file's other dates decide the order (:func:`decide_day_first`); else a range
that only makes sense one way, or the reading inside the report's period; else day first.

The reader of a file sets the report's period and the day order once (:func:`period_conventions`);
``parse_period`` uses them unless given its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar

import yaml

from auditor.reports.numbers import normalise_text
from auditor.scope import period_bounds

T = TypeVar("T")
_REFERENCE: ContextVar[str | None] = ContextVar("report_period", default=None)
_DAY_FIRST: ContextVar[bool | None] = ContextVar("day_first", default=None)


@contextmanager
def period_conventions(reference: str | None, day_first: bool | None) -> Iterator[None]:
    """Read periods against the report's period ``reference`` and day order ``day_first`` inside the block."""
    tokens = (_REFERENCE.set(reference), _DAY_FIRST.set(day_first))
    try:
        yield
    finally:
        _REFERENCE.reset(tokens[0])
        _DAY_FIRST.reset(tokens[1])


@dataclass(frozen=True)
class _Words:
    month: re.Pattern[str]  # one month word
    month_of: dict[str, int]  # month word (or stem) -> month
    stems: tuple[str, ...]  # month stems of 4+ letters, longest first
    relative: tuple[tuple[re.Pattern[str], int], ...]
    numbered: re.Pattern[str]
    document: re.Pattern[str]


@lru_cache(maxsize=1)
def _words() -> _Words:
    data: dict[str, Any] = yaml.safe_load(resources.files("auditor.reports").joinpath("periods.yaml").read_text(encoding="utf-8"))
    month_of: dict[str, int] = {}
    for month, words in data["months"].items():
        for word in words:
            month_of[str(word).casefold()] = int(month)
    alternatives = []
    for word in sorted(month_of, key=len, reverse=True):
        alternatives.append(rf"{re.escape(word)}\w*" if len(word) >= 4 else rf"{re.escape(word)}(?!\w)\.?")
    month = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})", re.I)
    relative = tuple(
        (re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(str(w).casefold()) for w in words)})(?!\w)"), int(offset))
        for offset, words in data["relative_months"].items()
    )
    parts = "|".join(re.escape(str(w).casefold()) for w in sorted(data["numbered_parts"], key=len, reverse=True))
    numbered = re.compile(
        rf"^\s*(?:(?:{parts})\.?\s*[#№]?\s*\d{{1,2}}\s*(?:周|旬)?|\d{{1,2}}\s*(?:st|nd|rd|th|ª|º|-?я)?\s*(?:{parts}))\b",
        re.I,
    )
    document = re.compile(
        rf"(?<!\w)(?:{'|'.join(re.escape(str(w).casefold()) for w in sorted(data['document_dates'], key=len, reverse=True))})"
        r"(?!\w)\s*(?:[:：]|on|em|el|en|of|от|на)?\s*",
        re.I,
    )
    stems = tuple(w for w in sorted(month_of, key=len, reverse=True) if len(w) >= 4)
    return _Words(month, month_of, stems, relative, numbered, document)


def _month_number(word: str) -> int | None:
    word = word.casefold().rstrip(".")
    words = _words()
    if word in words.month_of:
        return words.month_of[word]
    return next((words.month_of[s] for s in words.stems if word.startswith(s)), None)


# --- date atoms --------------------------------------------------------------------------------

_YEAR = r"((?:19|20)\d{2})"
_ISO_DAY = re.compile(rf"{_YEAR}\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?(?!\d)")
_NUM_DAY = re.compile(rf"(?<![\d/.])(\d{{1,2}})([./-])(\d{{1,2}})\2{_YEAR}(?!\d)")
_NUM_MONTH = re.compile(
    rf"(?<![\d/.-]){_YEAR}\s*[-/.年]\s*(\d{{1,2}})\s*月?(?![\d/.-])|(?<![\d/.-])(\d{{1,2}})[/.]{_YEAR}(?![\d/.-])"
)
_CN_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DM = re.compile(r"(?<![\d/.])(\d{1,2})([./])(\d{1,2})(?![\d/.])")
_RANGE_SEP = re.compile(r"^\s*(?:[-–—~～至到]|to|through|thru|till|until|по|до|a|al|até|ate|hasta|au|bis)\s*$", re.I)


@dataclass(frozen=True)
class _Atom:
    """A date or month printed at ``start..end``: the candidate readings of it (day order unknown)."""

    start: int
    end: int
    days: tuple[tuple[int | None, int, int], ...] = ()  # (year or None, month, day) readings, day-first first
    month: tuple[int | None, int] | None = None  # (year or None, month) for a month mention
    ambiguous_order: bool = False
    bare: bool = False  # digits only and no year (01/11): a date only as an end of a range


def _atoms(text: str) -> list[_Atom]:
    """Every date, day-month and month mention, longest first where they overlap, in text order."""
    words = _words()
    month = words.month.pattern
    found: list[_Atom] = []
    year_opt = rf"(?:\s*(?:de|of)?\s*,?\s*{_YEAR})?"
    for m in _ISO_DAY.finditer(text):
        found.append(_Atom(m.start(), m.end(), days=((int(m[1]), int(m[2]), int(m[3])),)))
    for m in _NUM_DAY.finditer(text):
        a, b, y = int(m[1]), int(m[3]), int(m[4])
        if m[2] == ".":  # dotted dates are day first everywhere
            found.append(_Atom(m.start(), m.end(), days=((y, b, a),)))
        else:
            readings: tuple[tuple[int | None, int, int], ...] = tuple(dict.fromkeys(((y, b, a), (y, a, b))))
            found.append(_Atom(m.start(), m.end(), days=readings, ambiguous_order=len(readings) > 1))
    for m in re.finditer(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|º)?\.?\s*(?:de\s+)?({month}){year_opt}", text, re.I):
        if (mo := _month_number(m[2])) is not None and _stands_as_month(m[2], m[3], text[m.end() :]):
            found.append(_Atom(m.start(), m.end(), days=((int(m[3]) if m[3] else None, mo, int(m[1])),)))
    for m in re.finditer(rf"({month})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:\s*,?\s*{_YEAR})?", text, re.I):
        if (mo := _month_number(m[1])) is not None and _stands_as_month(m[1], m[3], text[m.end() :]):
            found.append(_Atom(m.start(), m.end(), days=((int(m[3]) if m[3] else None, mo, int(m[2])),)))
    for m in _CN_DAY.finditer(text):
        found.append(_Atom(m.start(), m.end(), days=((None, int(m[1]), int(m[2])),)))
    for m in _NUM_MONTH.finditer(text):
        year, month_no = (m[1], m[2]) if m[1] else (m[4], m[3])
        found.append(_Atom(m.start(), m.end(), month=(int(year), int(month_no))))
    for m in re.finditer(rf"({month})(?:\s*(?:de|of)?\s*[,/'.-]?\s*{_YEAR})?", text, re.I):
        if (mo := _month_number(m[1])) is not None:
            found.append(_Atom(m.start(), m.end(), month=(int(m[2]) if m[2] else None, mo)))
    for m in _DM.finditer(text):  # 01/11 or 01.10: a day and month only inside a range (else a fraction)
        a, b = int(m[1]), int(m[3])
        bare: tuple[tuple[int | None, int, int], ...] = ((None, b, a),) if m[2] == "." else ((None, b, a), (None, a, b))
        bare = tuple(dict.fromkeys(bare))
        found.append(_Atom(m.start(), m.end(), days=bare, ambiguous_order=len(bare) > 1, bare=True))
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out: list[_Atom] = []
    for atom in found:
        if out and atom.start < out[-1].end:
            continue
        out.append(atom)
    return out


def _stands_as_month(word: str, year: str | None, rest: str) -> bool:
    """Whether a short month word next to a day is the month: ``07 Oct``, ``12 out/2026``, but not
    ``12 out of 40`` or ``3 may be``: with no year, an abbreviation must not run on into a word."""
    if year or len(word.rstrip(".")) > 3:
        return True
    return re.match(r"\s+[^\W\d_]", rest) is None


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` prints a date or a month with its year (so prose does not read ``2026`` or the
    ``03`` of ``03 Dec 2026`` as figures); a bare ``12.5`` or a lone month word is not one."""
    atoms = [
        (a.start, a.end) for a in _atoms(text) if not a.bare and (a.days or (a.month is not None and a.month[0] is not None))
    ]
    return atoms + [(r.start, r.end) for r in _day_ranges(text)]


# --- reading -----------------------------------------------------------------------------------


def _mask_document_dates(text: str) -> str:
    """Blank a date the text introduces as the document's own (issued, generated, signed ...)."""
    out = text
    for m in _words().document.finditer(text):
        atoms = [a for a in _atoms(text[m.end() : m.end() + 40]) if a.start <= 2]
        if atoms:
            end = m.end() + atoms[0].end
            out = out[: m.start()] + " " * (end - m.start()) + out[end:]
    return out


def _reference_bounds(reference: str | None) -> tuple[date, date] | None:
    return period_bounds(reference) if reference else None


def _valid(y: int | None, m: int, d: int, fallback_year: int | None) -> date | None:
    year = y if y is not None else fallback_year
    if year is None:
        return None
    try:
        return date(year, m, d)
    except ValueError:
        return None


def _readings(atom: _Atom, fallback_year: int | None) -> list[tuple[bool, date]]:
    """(day-first?, date) for each valid reading of a day atom."""
    out = []
    for i, (y, m, d) in enumerate(atom.days):
        found = _valid(y, m, d, fallback_year)
        if found is not None:
            out.append((i == 0, found))
    return out


def _choose(options: list[tuple[bool, T]], day_first: bool | None, inside: Callable[[T], bool] | None = None) -> T:
    """Pick a reading: the only one, the file's day order, one inside the report's period, else day first."""
    if len(options) == 1:
        return options[0][1]
    if day_first is not None:
        for first, value in options:
            if first == day_first:
                return value
    if inside is not None:
        fitting = [value for _, value in options if inside(value)]
        if len(fitting) == 1:
            return fitting[0]
    return next((value for first, value in options if first), options[0][1])


def _range(lo_atom: _Atom, hi_atom: _Atom, ref: tuple[date, date] | None, day_first: bool | None) -> tuple[date, date] | None:
    """The two ends of a printed range, read the same way round, the year from whichever end prints it."""
    years = [y for y, _, _ in (*lo_atom.days, *hi_atom.days) if y is not None]
    fallback = years[0] if years else (ref[0].year if ref else None)
    options: list[tuple[bool, tuple[date, date]]] = []
    for first_lo, lo in _readings(lo_atom, fallback):
        for first_hi, hi in _readings(hi_atom, fallback):
            ambiguous = lo_atom.ambiguous_order and hi_atom.ambiguous_order
            if (ambiguous and first_lo != first_hi) or hi < lo:
                continue
            options.append((first_lo if lo_atom.ambiguous_order else first_hi, (lo, hi)))
    if not options:
        return None
    if len(options) > 1 and day_first is None:
        short = [o for o in options if (o[1][1] - o[1][0]).days <= 31]
        if len(short) == 1:
            return short[0][1]
    inside = (lambda pair: ref[0] <= pair[0] and pair[1] <= ref[1]) if ref else None
    return _choose(options, day_first, inside)


def _format_range(lo: date, hi: date) -> str:
    if lo == hi:
        return lo.isoformat()
    if lo.day == 1 and (hi.year, hi.month) == (lo.year, lo.month) and _is_month_end(hi):
        return f"{lo.year:04d}-{lo.month:02d}"
    return f"{lo.isoformat()}..{hi.isoformat()}"


def parse_period(
    text: str, order: str | None = None, *, reference: str | None = None, day_first: bool | None = None
) -> str | None:
    """The period ``text`` prints, as ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-MM-DD..YYYY-MM-DD``; None when it prints none.

    Args:
        text: a title, period line, header or label.
        order: ``"dmy"`` or ``"mdy"`` when the caller knows how its numeric dates are written
            (:func:`slash_order` of a column); the same as ``day_first``.
        reference: the report's period (default: the one set by :func:`period_conventions`); gives
            the year of ``01-07 Oct`` and the month of ``上月`` or ``October`` printed alone.
        day_first: whether ``11/02/2026`` is 11 February (default: the file's order, else decided
            per date as the module docstring says).
    """
    if day_first is None and order:
        day_first = order == "dmy"
    reference = reference or _REFERENCE.get()
    day_first = day_first if day_first is not None else _DAY_FIRST.get()
    return _parse_period(text, reference, day_first)


@lru_cache(maxsize=65536)
def _parse_period(text: str, reference: str | None, day_first: bool | None) -> str | None:
    body = _mask_document_dates(normalise_text(text).casefold())
    ref = _reference_bounds(reference)
    atoms = _atoms(body)
    for left, right in zip(atoms, atoms[1:], strict=False):  # A - B
        if left.days and right.days and _RANGE_SEP.match(body[left.end : right.start]):
            found = _range(left, right, ref, day_first)
            if found is not None:
                return _format_range(*found)
    if (found_range := _day_range_one_month(body, ref)) is not None:
        return _format_range(*found_range)
    months = [a.month for a in atoms if a.month is not None and a.month[0] is not None and 1 <= a.month[1] <= 12]
    if months:  # a month with its year: the title's month, even beside a date of another kind
        year, month = months[0]
        return f"{year:04d}-{month:02d}"
    days = [a for a in atoms if a.days and not a.bare]
    if days:  # one day (its year printed, or the report's)
        inside = (lambda d: ref[0] <= d <= ref[1]) if ref else None
        options = _readings(days[0], ref[0].year if ref else None)
        if options:
            return str(_choose(options, day_first, inside).isoformat())
    if ref is not None:
        stripped = body.strip(" .:：,;-–—()（）")
        for pattern, offset in _words().relative:
            if pattern.fullmatch(stripped) or (pattern.search(stripped) and len(stripped) <= 12):
                index = ref[0].year * 12 + ref[0].month - 1 + offset
                return f"{index // 12:04d}-{index % 12 + 1:02d}"
        if (lone := _lone_month(stripped)) is not None:
            return f"{ref[0].year:04d}-{lone:02d}"
    return None


@dataclass(frozen=True)
class _DayRange:
    start: int
    end: int
    month: int
    first: int
    last: int
    year: int | None


@lru_cache(maxsize=1)
def _day_range_patterns() -> tuple[tuple[re.Pattern[str], tuple[int, int, int, int] | None], ...]:
    month = _words().month.pattern
    sep = r"\s*(?:[-–—~～至到]|to|a|al|até|по|до)\s*"
    return (
        (
            re.compile(
                rf"(?<!\d)(\d{{1,2}}){sep}(\d{{1,2}})(?:st|nd|rd|th)?\.?\s*(?:de\s+)?({month})(?:\s*(?:de|of)?\s*,?\s*{_YEAR})?",
                re.I,
            ),
            (1, 2, 3, 4),
        ),
        (re.compile(rf"({month})\s*(\d{{1,2}}){sep}(\d{{1,2}})(?!\d)(?:\s*,?\s*{_YEAR})?", re.I), (2, 3, 1, 4)),
        (re.compile(rf"(?<!\d)(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日?{sep}(\d{{1,2}})\s*日"), None),
    )


def _day_ranges(body: str) -> list[_DayRange]:
    """``01-07 Oct``, ``1 a 7 de outubro de 2026``, ``Oct 1-7``, ``10月1日-7日``: two days of one month."""
    out = []
    for pattern, groups in _day_range_patterns():
        for m in pattern.finditer(body):
            if groups is None:
                out.append(_DayRange(m.start(), m.end(), int(m[1]), int(m[2]), int(m[3]), None))
                continue
            g1, g2, gm, gy = groups
            found = _month_number(m[gm])
            if found is not None and _stands_as_month(m[gm], m[gy], body[m.end() :]):
                out.append(_DayRange(m.start(), m.end(), found, int(m[g1]), int(m[g2]), int(m[gy]) if m[gy] else None))
    return out


def _day_range_one_month(body: str, ref: tuple[date, date] | None) -> tuple[date, date] | None:
    """The first two-days-of-one-month range printed, its year printed or the report's."""
    for found in _day_ranges(body):
        year = found.year or (ref[0].year if ref else None)
        lo, hi = _valid(year, found.month, found.first, None), _valid(year, found.month, found.last, None)
        if lo is not None and hi is not None and lo <= hi:
            return lo, hi
    return None


def _lone_month(text: str) -> int | None:
    """The month a text names with nothing else of substance (``October``, ``Outubro``, ``окт.``)."""
    m = _words().month.fullmatch(text)
    return _month_number(text) if m else None


def names_period(text: str) -> bool:
    """Whether ``text`` names a period, dated or not: ``Week 1``, ``Semana 2``, ``第3周``, ``上月``, a month, a date."""
    body = normalise_text(text).casefold()
    if _words().numbered.search(body) or any(p.search(body) for p, _ in _words().relative):
        return True
    return parse_period(text, reference="2000-01") is not None


def decide_day_first(texts: Iterable[str]) -> bool | None:
    """Whether the file's numeric dates print the day first (``31/10/2026``), the month first
    (``10/31/2026``), or cannot tell (None): only a part above 12 tells, and the dates must agree."""
    first = second = 0
    for text in texts:
        for m in _NUM_DAY.finditer(normalise_text(text)):
            if m[2] == ".":
                continue
            a, b = int(m[1]), int(m[3])
            first += a > 12 >= b
            second += b > 12 >= a
    if first and not second:
        return True
    if second and not first:
        return False
    return None


def slash_order(texts: list[str]) -> str | None:
    """How a column of ``08/09/2025`` dates is written: ``"dmy"`` or ``"mdy"`` when a part above 12
    tells, or, both readings being valid, when one of them puts the column's days in fewer months
    (consecutive days); None when it cannot tell (the file's order, a range or the report's period decide)."""
    decided = decide_day_first(texts)
    if decided is not None:
        return "dmy" if decided else "mdy"
    pairs = [(int(m[1]), int(m[3])) for t in texts for m in _NUM_DAY.finditer(normalise_text(t)) if m[2] != "."]
    months_if_day_first, months_if_month_first = len({b for _, b in pairs}), len({a for a, _ in pairs})
    if months_if_day_first == months_if_month_first:
        return None
    return "mdy" if months_if_month_first < months_if_day_first else "dmy"


def _is_month_end(d: date) -> bool:
    return date.fromordinal(d.toordinal() + 1).day == 1
