"""Printed periods -> Scope periods (fixtures/values/printed_periods.yaml) plus properties: every way a
day or month is printed reads back, and a date the document gives as its own is never its period."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from auditor.reports.collect import report_period
from auditor.reports.periods import decide_day_first, names_period, parse_period, period_conventions, slash_order
from tests.conftest import FIXTURES

DATA = yaml.safe_load((FIXTURES / "values" / "printed_periods.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: f"{c['text'][:40]} @{c.get('reference')}")
def test_printed_period_reads_as_its_scope_period(case: dict[str, Any]) -> None:
    got = parse_period(case["text"], reference=case.get("reference"), day_first=case.get("day_first"))
    assert got == case["period"]


@pytest.mark.parametrize("case", DATA["cases"], ids=lambda c: f"{c['text'][:40]} @{c.get('reference')}")
def test_the_files_conventions_apply_when_none_is_given(case: dict[str, Any]) -> None:
    with period_conventions(case.get("reference"), case.get("day_first")):
        assert parse_period(case["text"]) == case["period"]


@pytest.mark.parametrize("text", DATA["names_period"])
def test_texts_that_name_a_period(text: str) -> None:
    assert names_period(text)


@pytest.mark.parametrize("text", DATA["not_period"])
def test_texts_that_name_no_period(text: str) -> None:
    assert not names_period(text)


@pytest.mark.parametrize("case", DATA["day_order"], ids=lambda c: " | ".join(c["texts"]))
def test_a_files_dates_decide_its_day_order(case: dict[str, Any]) -> None:
    assert decide_day_first(case["texts"]) is case["day_first"]


def test_the_report_period_comes_from_the_title_not_the_issue_date() -> None:
    lines = ["Client: Northbridge    Issued: 03 Dec 2026", "Outbound Performance Report - November 2026"]
    assert report_period(lines) == "2026-11"
    assert report_period(["Отчёт об оказании услуг", "за октябрь 2026 г. (приложение № 2 к акту от 05.11.2026)"]) == "2026-10"


MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "pt": [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
    "ru_nom": [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ],
}
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2039, 12, 31))


def _printed_days(d: date) -> list[tuple[str, bool | None]]:
    """Ways a day is printed, with the day order a reader needs for each."""
    return [
        (d.isoformat(), None),
        (f"{d.year}年{d.month}月{d.day}日", None),
        (f"{d.day:02d}.{d.month:02d}.{d.year}", None),
        (f"{d.day:02d}/{d.month:02d}/{d.year}", True),
        (f"{d.month:02d}/{d.day:02d}/{d.year}", False),
        (f"{d.day} {MONTHS['en'][d.month - 1]} {d.year}", None),
        (f"{MONTHS['en'][d.month - 1]} {d.day}, {d.year}", None),
        (f"{d.day} de {MONTHS['es'][d.month - 1]} de {d.year}", None),
        (f"{d.day} de {MONTHS['pt'][d.month - 1]} de {d.year}", None),
        (f"{d.day} {MONTHS['ru'][d.month - 1]} {d.year} г.", None),
    ]


@given(days)
def test_every_printed_day_reads_back(d: date) -> None:
    for text, day_first in _printed_days(d):
        assert parse_period(text, day_first=day_first) == d.isoformat(), text


@given(days, st.sampled_from(sorted(MONTHS)))
def test_every_printed_month_reads_back(d: date, language: str) -> None:
    name = MONTHS[language][d.month - 1]
    expected = f"{d.year:04d}-{d.month:02d}"
    for text in (
        f"{name} {d.year}",
        f"Report: {name.capitalize()} {d.year}",
        f"{d.year}年{d.month}月",
        f"{d.month:02d}/{d.year}",
    ):
        assert parse_period(text) == expected, text
    assert parse_period(name.capitalize(), reference=expected) == expected


@given(
    days,
    days,
    st.sampled_from(["Issued: {}", "Generated on {}", "акт от {}", "Emitido em {}", "报送日期：{}", "Сформировано {}"]),
)
def test_a_documents_own_date_is_never_its_period(period_day: date, issued: date, phrase: str) -> None:
    printed = f"{issued.day:02d}.{issued.month:02d}.{issued.year}"
    assert parse_period(phrase.format(printed)) is None
    title = f"Monthly report {MONTHS['en'][period_day.month - 1]} {period_day.year}"
    assert parse_period(f"{title} ({phrase.format(printed)})") == f"{period_day.year:04d}-{period_day.month:02d}"


@given(days, st.integers(0, 30))
def test_a_range_reads_as_its_days_or_its_month(start: date, length: int) -> None:
    end = date.fromordinal(start.toordinal() + length)
    text = f"{start.isoformat()} - {end.isoformat()}"
    got = parse_period(text)
    whole_month = (
        start.day == 1
        and (end.year, end.month) == (start.year, start.month)
        and end.month != date.fromordinal(end.toordinal() + 1).month
    )
    if length == 0:
        assert got == start.isoformat()
    elif whole_month:
        assert got == f"{start.year:04d}-{start.month:02d}"
    else:
        assert got == f"{start.isoformat()}..{end.isoformat()}"


@pytest.mark.parametrize(
    "case", [c for c in DATA["day_order"] if c["day_first"] is not None], ids=lambda c: " | ".join(c["texts"])
)
def test_a_column_of_dates_tells_its_order_as_the_file_does(case: dict[str, Any]) -> None:
    assert slash_order(case["texts"]) == ("dmy" if case["day_first"] else "mdy")


def test_consecutive_days_tell_the_order_when_no_part_is_above_12() -> None:
    assert slash_order(["11/02/2026", "11/03/2026", "11/04/2026"]) == "mdy"  # one month (November), not three
    assert slash_order(["02/11/2026", "03/11/2026", "04/11/2026"]) == "dmy"
    assert parse_period("11/03/2026", slash_order(["11/02/2026", "11/03/2026"])) == "2026-11-03"
