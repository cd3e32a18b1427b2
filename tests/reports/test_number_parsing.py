"""Printed numbers -> value and printed precision (fixtures/values/printed_numbers.yaml) plus round-trip properties."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from auditor.reports.numbers import (
    NumberKind,
    UnitMismatch,
    decide_decimal_mark,
    decimal_mark,
    decimals_of_float,
    decimals_of_format,
    label_unit,
    mark_evidence,
    parse_decimal,
    parse_number,
    to_metric_unit,
)
from auditor.units import Unit
from tests.conftest import FIXTURES

DATA = yaml.safe_load((FIXTURES / "values" / "printed_numbers.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: c["text"])
def test_printed_figure_parses_to_value_and_step(case: dict[str, str]) -> None:
    parsed = parse_number(case["text"])
    assert parsed is not None
    assert parsed.value == Decimal(case["value"])
    assert parsed.step == Decimal(case["step"])
    assert parsed.kind is NumberKind(case["kind"])
    assert parsed.approximate is bool(case.get("approximate", False))


@pytest.mark.parametrize("text", DATA["not_figures"])
def test_text_that_is_not_one_figure_is_rejected(text: str) -> None:
    assert parse_number(text) is None


decimals = st.decimals(min_value=Decimal("-999999"), max_value=Decimal("999999"), places=2, allow_nan=False, allow_infinity=False)


@given(decimals, st.sampled_from([",", " ", "\u00a0", ""]))
def test_thousands_separators_round_trip(value: Decimal, sep: str) -> None:
    text = f"{value:,.2f}".replace(",", sep)
    parsed = parse_number(text)
    assert parsed is not None and parsed.value == value and parsed.step == Decimal("0.01")


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=1, allow_nan=False))
def test_percent_round_trip_and_ratio_interval(value: Decimal) -> None:
    parsed = parse_number(f"{value}%")
    assert parsed is not None
    converted = to_metric_unit(parsed, Unit.RATIO)
    assert converted.value == value / 100
    assert converted.half_width == Decimal("0.0005")


@given(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59))
def test_durations_round_trip(h: int, m: int, s: int) -> None:
    total = h * 3600 + m * 60 + s
    for text in (f"{h:02d}:{m:02d}:{s:02d}", f"{h}小时{m}分{s}秒" if h else f"{m}分{s}秒"):
        parsed = parse_number(text)
        assert parsed is not None and parsed.value == total, text


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999"), places=2, allow_nan=False))
def test_accounting_negative_is_the_negative(value: Decimal) -> None:
    a, b = parse_number(f"({value})"), parse_number(f"-{value}")
    assert a is not None and b is not None and a.value == b.value == -value


@pytest.mark.parametrize(
    ("text", "unit", "hint", "value", "half"),
    [
        ("45.6%", Unit.RATIO, None, "0.456", "0.0005"),
        ("0.456", Unit.RATIO, None, "0.456", "0.0005"),
        ("45.6", Unit.RATIO, None, "0.456", "0.0005"),  # no % sign: read as percent, noted
        ("45.6", Unit.RATIO, "percent", "0.456", "0.0005"),
        ("2.5", Unit.SECONDS, "minutes", "150", "3"),
        ("150", Unit.SECONDS, None, "150", "0.5"),
        ("2分30秒", Unit.SECONDS, None, "150", "0.5"),
        ("1.2", Unit.COUNT, "wan", "12000", "500"),
        ("¥1,234.50", Unit.MONEY, None, "1234.5", "0.005"),
    ],
)
def test_figures_convert_to_the_metric_unit(text: str, unit: Unit, hint: str | None, value: str, half: str) -> None:
    converted = to_metric_unit(parse_number(text), unit, label_hint=hint)  # type: ignore[arg-type]
    assert converted.value == Decimal(value)
    assert converted.half_width == Decimal(half)


def test_bare_number_read_as_percent_is_noted() -> None:
    converted = to_metric_unit(parse_number("45.6"), Unit.RATIO)  # type: ignore[arg-type]
    assert any("%" in n for n in converted.notes)


@pytest.mark.parametrize(("text", "unit"), [("45%", Unit.COUNT), ("2分30秒", Unit.RATIO), ("45%", Unit.SECONDS)])
def test_impossible_units_are_refused(text: str, unit: Unit) -> None:
    with pytest.raises(UnitMismatch):
        to_metric_unit(parse_number(text), unit)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("平均通话时长(分钟)", "minutes"),
        ("接通率(%)", "percent"),
        ("费用（万元）", "wan"),
        ("ATT (sec)", "seconds"),
        ("Конверсия, %", "percent"),
        ("接通率", None),
    ],
)
def test_units_declared_by_labels(label: str, unit: str | None) -> None:
    assert label_unit(label) == unit


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("0.0%", (1, True)), ("0%", (0, True)), ("#,##0.00", (2, False)), ("General", None), ('0.00"s"', (2, False))],
)
def test_excel_number_formats(fmt: str, expected: tuple[int, bool] | None) -> None:
    assert decimals_of_format(fmt) == expected


@given(st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=4, allow_nan=False))
def test_decimals_of_float_matches_the_shortest_repr(value: Decimal) -> None:
    normalised = value.normalize()
    expected = max(0, -normalised.as_tuple().exponent)  # type: ignore[operator]
    assert decimals_of_float(float(value)) == expected


# --- the report's decimal mark ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", DATA["under_mark"], ids=lambda c: f"{c['text']} under {c['mark']}")
def test_figure_reads_under_the_reports_decimal_mark(case: dict[str, str]) -> None:
    with decimal_mark(case["mark"]):
        parsed = parse_number(case["text"])
    assert parsed is not None
    assert (parsed.value, parsed.step) == (Decimal(case["value"]), Decimal(case["step"]))
    if (explicit := parse_decimal(case["text"], case["mark"])) is not None:  # a bare figure: the mark can also be passed
        assert explicit[0] == parsed.value


@pytest.mark.parametrize("case", DATA["documents"], ids=lambda c: " | ".join(c["texts"])[:40])
def test_the_reports_unambiguous_figures_decide_its_decimal_mark(case: dict[str, Any]) -> None:
    assert decide_decimal_mark(case["texts"]) == case["mark"]


def test_the_mark_is_scoped_to_its_block() -> None:
    with decimal_mark(","):
        inside = parse_number("14.698")
    assert inside is not None and inside.value == 14698
    outside = parse_number("14.698")
    assert outside is not None and outside.value == Decimal("14.698")


#: How locales print numbers: (grouping mark, decimal mark).
LOCALES = {
    "en": (",", "."),
    "de_es_pt": (".", ","),
    "ru_fr": ("\u00a0", ","),
    "fr_narrow": ("\u202f", ","),
    "ru_space": (" ", ","),
    "ch": ("'", "."),
    "zh_plain": ("", "."),
}


def _print(value: Decimal, places: int, locale: str) -> str:
    group, mark = LOCALES[locale]
    text = f"{abs(value):,.{places}f}"
    whole, _, frac = text.partition(".")
    out = whole.replace(",", group) + (mark + frac if places else "")
    return ("-" if value < 0 else "") + out


@given(st.integers(min_value=-(10**9), max_value=10**9), st.sampled_from(sorted(LOCALES)), st.integers(0, 3))
def test_any_figure_printed_in_a_locale_parses_back_under_its_mark(n: int, locale: str, places: int) -> None:
    value = Decimal(n).scaleb(-places)
    text = _print(value, places, locale)
    with decimal_mark(LOCALES[locale][1]):
        parsed = parse_number(text)
    assert parsed is not None, text
    assert parsed.value == value, text
    assert parsed.step == Decimal(1).scaleb(-places), text


@given(
    st.lists(st.tuples(st.integers(0, 10**8), st.integers(0, 3)), min_size=1, max_size=12),
    st.sampled_from(sorted(LOCALES)),
)
def test_a_report_is_never_read_at_another_magnitude_than_printed(figures: list[tuple[int, int]], locale: str) -> None:
    """The mark decided from a report's own figures is never the wrong one; once one figure tells it, every
    figure reads back exactly. (With none telling, ``1.234`` stays a decimal: its reading is then flagged.)"""
    printed = [(Decimal(n).scaleb(-places), places, _print(Decimal(n).scaleb(-places), places, locale)) for n, places in figures]
    decided = decide_decimal_mark(text for _, _, text in printed)
    assert decided in (None, LOCALES[locale][1])
    telling = [text for _, _, text in printed if sum(mark_evidence(text)) > 0]
    if telling:
        assert decided == LOCALES[locale][1]
        with decimal_mark(decided):
            for value, _, text in printed:
                parsed = parse_number(text)
                assert parsed is not None and parsed.value == value, text
