"""Printed figures -> exact values with their printed precision (pure functions).

``parse_number("45.6%")`` gives 45.6 percent with step 0.1; ``"1.2万"`` gives
12000 with step 1000; ``"2分30秒"`` gives 150 s with step 1 s. The step is the
place value of the last printed digit: the true figure lay within half a step.

Whether ``14.698`` is fourteen thousand or fourteen and a bit depends on the report's
decimal mark. One value alone cannot tell; the report's other figures can (``45,6 %`` and
``1.234,5`` print a decimal comma, ``45.6%`` and ``1,234.5`` a decimal point), so the readers
decide the mark once per file or table (:func:`decide_decimal_mark`) and parse under it
(:func:`decimal_mark`); undecided, ``1.234`` is a decimal and ``1,234`` is grouped thousands.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from auditor.units import Unit


class NumberKind(enum.Enum):
    PLAIN = "plain"
    PERCENT = "percent"
    DURATION = "duration"  # value and step in seconds
    MONEY = "money"


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    value: Decimal
    step: Decimal
    kind: NumberKind
    approximate: bool = False
    currency: str | None = None


_APPROX_PREFIX = re.compile(
    r"^(?:约合|大约|约|近|将近|逾|超过|около|примерно|почти|более|about|approx\.?|approximately|circa|ca\.|~|≈|±)\s*", re.I
)
_APPROX_SUFFIX = re.compile(r"\s*(?:左右|上下|余|多)$")
_CURRENCY = re.compile(r"(?:rmb|cny|usd|rub|eur|brl|mxn|r\$|us\$|руб\.?|рублей|р\.|[¥￥$€₽元])", re.I)
_MULTIPLIERS = {
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "千": Decimal(1_000),
    "百万": Decimal(1_000_000),
    "k": Decimal(1_000),
    "m": Decimal(1_000_000),
    "тыс": Decimal(1_000),
    "тыс.": Decimal(1_000),
    "млн": Decimal(1_000_000),
    "млн.": Decimal(1_000_000),
}
_NUMBER = r"[-+−]?\d[\d\s\u00a0\u202f\u2009,.']*"
_PLAIN = re.compile(rf"^({_NUMBER})\s*(百万|万|亿|千|тыс\.?|млн\.?|[kKmM](?![a-zA-Z]))?$")
_PERCENT = re.compile(rf"^({_NUMBER})\s*[%％]$")
_HMS = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2}(?:[.,]\d+)?))?$")
_UNIT_DURATION = re.compile(
    r"^(?:(?P<h>\d+(?:[.,]\d+)?)\s*(?:小时|时|h|hr|hrs|hours?|ч\.?|час(?:а|ов)?)\s*)?"
    r"(?:(?P<m>\d+(?:[.,]\d+)?)\s*(?:分钟|分|m|min|mins|minutes?|мин\.?|минут[ы]?)\s*)?"
    r"(?:(?P<s>\d+(?:[.,]\d+)?)\s*(?:秒钟|秒|s|sec|secs|seconds?|seg|segundos?|с|сек\.?|секунд[ы]?)\s*)?$",
    re.I,
)


def normalise_text(text: str) -> str:
    """NFKC (full-width digits and signs to ASCII), unify minus signs, trim."""
    folded = unicodedata.normalize("NFKC", text).replace("−", "-").replace("，", ",")
    return folded.strip()


#: The decimal mark of the report being read ("." or ","), None while undecided.
_DECIMAL_MARK: ContextVar[str | None] = ContextVar("decimal_mark", default=None)
#: A figure printed with a decimal or grouping mark (spaces split numbers in running text, so none here).
_MARKED = re.compile(r"(?<![0-9A-Za-z.,])\d+(?:[.,]\d+)+(?![0-9A-Za-z]|[.,]\d)")


@contextmanager
def decimal_mark(mark: str | None) -> Iterator[None]:
    """Parse figures under ``mark`` ("." or ",", None: undecided) inside the ``with`` block."""
    token = _DECIMAL_MARK.set(mark)
    try:
        yield
    finally:
        _DECIMAL_MARK.reset(token)


def current_decimal_mark() -> str | None:
    """The decimal mark set by the innermost :func:`decimal_mark` block, None when undecided."""
    return _DECIMAL_MARK.get()


def mark_evidence(text: str) -> tuple[int, int]:
    """How many figures in ``text`` can only be read with a decimal point, and how many only with a decimal comma.

    ``45.6``, ``0.456``, ``1,234.5`` and ``1,234,567`` need a point; ``45,6``, ``0,456``,
    ``1.234,5`` and ``1.234.567`` a comma; ``1.234`` and ``1,234`` could be either and count
    for neither. Dates (``05.11.2026``) have groups of other lengths and count for neither.
    """
    point = comma = 0
    for token in _MARKED.findall(normalise_text(text)):
        found = _mark_of(token)
        point += found == "."
        comma += found == ","
    return point, comma


def _mark_of(token: str) -> str | None:
    """The decimal mark ``token`` can only have been printed with, None when it could be either or neither."""
    if "," in token and "." in token:
        last = "," if token.rfind(",") > token.rfind(".") else "."
        other = "." if last == "," else ","
        head, _, tail = token.rpartition(last)
        groups = head.split(other)
        if token.count(last) == 1 and tail and all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
            return last
        return None
    mark = "," if "," in token else "."
    other = "." if mark == "," else ","
    groups = token.split(mark)
    if len(groups) > 2:  # several marks: grouping, so the decimal mark is the other one
        return other if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3 else None
    head, tail = groups
    if _looks_like_date(head, tail):
        return None
    if len(tail) != 3 or head == "0" or len(head) > 3:
        return mark  # 45,6 / 0,456 / 12,3456: a decimal
    return None  # 1,234 / 14.698: grouping or decimal, the figure alone cannot tell


def _looks_like_date(head: str, tail: str) -> bool:
    """``01.10`` (day.month), ``2026.10`` and ``10.2026`` (a month): no figure prints those."""
    if len(head) == 2 and head.startswith("0"):
        return True
    year, month = (head, tail) if len(head) == 4 else (tail, head)
    return len(year) == 4 and year[:2] in ("19", "20") and month.isdigit() and 1 <= int(month) <= 12 and len(month) <= 2


def decide_decimal_mark(texts: Iterable[str], *, dominance: int = 3) -> str | None:
    """The decimal mark the texts' unambiguous figures use, or None.

    Decided when figures that need one mark outnumber those that need the other
    ``dominance`` times over (a footnote in another style does not flip a report); no
    unambiguous figure, or a real mix, leaves it undecided.
    """
    point = comma = 0
    for text in texts:
        p, c = mark_evidence(text)
        point, comma = point + p, comma + c
    if comma > 0 and comma >= dominance * point:
        return ","
    if point > 0 and point >= dominance * comma:
        return "."
    return None


def parse_decimal(text: str, mark: str | None = None) -> tuple[Decimal, int] | None:
    """``'1,234.5'`` -> (1234.5, 1 decimal). Handles ``1 234``, ``1.234,5``, ``45,6`` and ``(12)``.

    ``mark`` is the report's decimal mark (default: the one set by :func:`decimal_mark`). It
    decides the figures that could be either: under ``","`` ``14.698`` is 14698 and ``1,234``
    is 1.234; under ``"."`` or undecided, ``14.698`` is 14.698 and ``1,234`` is 1234 (a lone
    comma followed by exactly three digits is grouping unless the integer part is 0).
    """
    mark = mark or _DECIMAL_MARK.get()
    body = text.strip()
    negative = False
    if body.startswith("(") and body.endswith(")"):
        negative, body = True, body[1:-1].strip()
    if body[:1] in "+-":
        negative, body = negative ^ (body[0] == "-"), body[1:]
    body = re.sub(r"[\s\u00a0\u202f\u2009']", "", body)
    if not body or not re.fullmatch(r"[\d.,]+", body) or not body[0].isdigit():
        return None
    if "," in body and "." in body:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        body = body.replace(thousands, "").replace(decimal_sep, ".")
    elif "," in body:
        groups = body.split(",")
        is_thousands = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3 and groups[0] != "0"
        if is_thousands and not (mark == "," and len(groups) == 2):
            body = body.replace(",", "")
        elif len(groups) == 2:
            body = body.replace(",", ".")
        else:
            return None
    elif "." in body:
        groups = body.split(".")
        is_thousands = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3 and groups[0] != "0"
        if is_thousands and (len(groups) > 2 or mark == ","):
            body = body.replace(".", "")  # 1.234.567, or 14.698 in a report that prints 45,6 %
        elif len(groups) > 2:
            return None
    try:
        value = Decimal(body)
    except InvalidOperation:
        return None
    decimals = len(body.split(".", 1)[1]) if "." in body else 0
    return (-value if negative else value), decimals


def _step(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def parse_number(text: str) -> ParsedNumber | None:
    """Parse a printed figure; None when the text is not a single figure."""
    body = normalise_text(str(text))
    if not body:
        return None
    approximate = False
    if (stripped := _APPROX_PREFIX.sub("", body)) != body:
        approximate, body = True, stripped
    if (stripped := _APPROX_SUFFIX.sub("", body)) != body:
        approximate, body = True, stripped
    if body.startswith("(") and body.endswith(")"):  # accounting negative: (12)
        inner = parse_number(body[1:-1])
        if inner is None or inner.value < 0:
            return None
        return ParsedNumber(-inner.value, inner.step, inner.kind, approximate or inner.approximate, inner.currency)
    if m := _PERCENT.match(body):
        parsed = parse_decimal(m[1])
        if parsed is None:
            return None
        return ParsedNumber(parsed[0], _step(parsed[1]), NumberKind.PERCENT, approximate)
    if duration := _parse_duration(body):
        return ParsedNumber(duration[0], duration[1], NumberKind.DURATION, approximate)
    currency = None
    if _CURRENCY.search(body):
        currency = _CURRENCY.search(body)[0]  # type: ignore[index]
        body = _CURRENCY.sub("", body).strip()
    m = _PLAIN.match(body)
    if not m:
        return None
    parsed = parse_decimal(m[1])
    if parsed is None:
        return None
    multiplier = _MULTIPLIERS.get((m[2] or "").lower(), Decimal(1)) if m[2] else Decimal(1)
    value, decimals = parsed
    kind = NumberKind.MONEY if currency else NumberKind.PLAIN
    return ParsedNumber(value * multiplier, _step(decimals) * multiplier, kind, approximate, currency)


def _parse_duration(body: str) -> tuple[Decimal, Decimal] | None:
    if m := _HMS.match(body):
        if m[3] is None:  # M:SS
            minutes, seconds = Decimal(m[1]), Decimal(m[2])
            return minutes * 60 + seconds, Decimal(1)
        sec_text = m[3].replace(",", ".")
        decimals = len(sec_text.split(".", 1)[1]) if "." in sec_text else 0
        return Decimal(m[1]) * 3600 + Decimal(m[2]) * 60 + Decimal(sec_text), _step(decimals)
    m = _UNIT_DURATION.match(body)
    if not m or not any(m.group(g) for g in ("h", "m", "s")):
        return None
    total, step = Decimal(0), None
    for group, factor in (("h", 3600), ("m", 60), ("s", 1)):
        part = m.group(group)
        if part:
            text = part.replace(",", ".")
            decimals = len(text.split(".", 1)[1]) if "." in text else 0
            total += Decimal(text) * factor
            step = _step(decimals) * factor  # the smallest unit printed sets the precision
    assert step is not None
    return total, step


# Units a label may carry in brackets or as a suffix: 平均通话时长(分钟), 费用(万元), 接通率(%).
_LABEL_UNITS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[%％]|percent|процент", re.I), "percent"),
    (re.compile(r"万元"), "wan"),
    (re.compile(r"小时|hours?|\bh\b|час", re.I), "hours"),
    (re.compile(r"分钟|\bmin(?:utes?)?\b|мин", re.I), "minutes"),
    (re.compile(r"秒|\bs\b|\bsec(?:onds?)?\b|сек", re.I), "seconds"),
    (re.compile(r"万"), "wan"),
)
_BRACKETED = re.compile(r"[（(\[【]\s*([^)）\]】]+)\s*[)）\]】]")


def label_unit(label: str) -> str | None:
    """The unit a label declares in brackets: ``'平均通话时长(分钟)'`` -> ``'minutes'``."""
    text = normalise_text(label)
    candidates = _BRACKETED.findall(text)
    if "," in text and len(tail := text.rsplit(",", 1)[1].strip()) <= 8:
        candidates.append(tail)  # "Average talk time, s" / "Конверсия, %"
    for inner in candidates:
        for pattern, name in _LABEL_UNITS:
            if pattern.search(inner):
                return name
    return None


@dataclass(frozen=True, slots=True)
class Conversion:
    """A printed figure expressed in a metric's unit."""

    value: Decimal
    half_width: Decimal
    notes: tuple[str, ...] = ()


class UnitMismatch(ValueError):
    """The figure cannot be a value of the metric (a percentage for a count, ...)."""


def to_metric_unit(
    parsed: ParsedNumber, unit: Unit, *, label_hint: str | None = None, ratio_above_one: bool = False
) -> Conversion:
    """Express ``parsed`` in ``unit`` (ratios 0-1, seconds, counts, money).

    Args:
        parsed: the printed figure.
        unit: the catalogue unit of the metric the label matched.
        label_hint: unit the label declares (:func:`label_unit`).
        ratio_above_one: the metric may exceed 1 (ROI), so a bare number is a ratio.
    """
    value, step, notes = parsed.value, parsed.step, []
    if unit is Unit.RATIO:
        if parsed.kind is NumberKind.PERCENT or label_hint == "percent":
            value, step = value / 100, step / 100
        elif parsed.kind is NumberKind.PLAIN:
            if not ratio_above_one and Decimal(1) < abs(value) <= Decimal(100):
                value, step = value / 100, step / 100
                notes.append("no % sign; read as a percentage")
        else:
            raise UnitMismatch(f"a {parsed.kind.value} figure cannot be a ratio")
    elif unit is Unit.SECONDS:
        if parsed.kind is NumberKind.PLAIN:
            factor = {"minutes": 60, "hours": 3600}.get(label_hint or "", 1)
            value, step = value * factor, step * factor
        elif parsed.kind is not NumberKind.DURATION:
            raise UnitMismatch(f"a {parsed.kind.value} figure cannot be a duration")
    elif unit is Unit.COUNT:
        if parsed.kind not in (NumberKind.PLAIN,):
            raise UnitMismatch(f"a {parsed.kind.value} figure cannot be a count")
        if label_hint == "wan":
            value, step = value * 10_000, step * 10_000
    elif unit is Unit.MONEY:
        if parsed.kind not in (NumberKind.PLAIN, NumberKind.MONEY):
            raise UnitMismatch(f"a {parsed.kind.value} figure cannot be money")
        if label_hint == "wan":
            value, step = value * 10_000, step * 10_000
    if parsed.approximate:
        notes.append("printed as approximate")
    return Conversion(value, step / 2, tuple(notes))


def decimals_of_format(number_format: str) -> tuple[int, bool] | None:
    """Decimals shown by an Excel number format, and whether it is a percent format.

    ``'0.0%'`` -> (1, True); ``'#,##0.00'`` -> (2, False); ``'General'`` -> None.
    """
    fmt = number_format.split(";")[0]
    fmt = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt)
    if "0" not in fmt and "#" not in fmt:
        return None
    is_percent = "%" in fmt
    m = re.search(r"\.([0#]+)", fmt)
    return (len(m[1]) if m else 0), is_percent


def decimals_of_float(value: float) -> int:
    """Decimals in the shortest round-trip form of ``value`` (0.456 -> 3)."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        mantissa, exponent = text.lower().split("e")
        decimals = len(mantissa.split(".", 1)[1]) if "." in mantissa else 0
        return max(0, decimals - int(exponent))
    return len(text.split(".", 1)[1].rstrip("0")) if "." in text else 0
