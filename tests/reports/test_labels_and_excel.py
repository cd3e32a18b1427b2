"""Label matching across languages and the XLSX label/value reader on the end-to-end fixture."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from auditor.errors import ReportParseError, UnknownFormatError
from auditor.metrics.catalogue import load_catalogue
from auditor.reports import parse_report
from auditor.reports.labels import match_label, normalise_label
from auditor.scope import Scope
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("label", "metric", "definition"),
    [
        ("接通率(%)", "connect_rate", None),
        ("本月外呼接通率", "connect_rate", None),
        ("有效接通率", "effective_connect_rate", None),
        ("意向转化率", "intent_rate", None),
        ("平均通话时长（秒）", "avg_effective_talk_s", "talk_s/connected"),
        ("平均有效通话时长", "avg_effective_talk_s", None),
        ("Contact rate", "connect_rate", None),
        ("Average talk time, s", "avg_effective_talk_s", "talk_s/connected"),
        ("Доля дозвонов", "connect_rate", None),
        ("Конверсия, %", "conversion_rate", None),
        ("Среднее время разговора", "avg_effective_talk_s", "talk_s/connected"),
        ("1. 转化率：", "conversion_rate", None),
        ("ＣＳＡＴ", "csat", None),
        ("Cost per acquisition", "cost_per_lead", "total_cost/conversions"),
        ("Целевое значение доли дозвонов", "connect_rate", None),
        ("Avg. talk time", "avg_effective_talk_s", "talk_s/connected"),
        ("本月共外呼", "total_dials", None),
        ("Кол-во звонков", "total_dials", None),
    ],
)
def test_labels_match_their_metric(label: str, metric: str, definition: str | None) -> None:
    match = match_label(label)
    assert match is not None and match.metric == metric and match.definition == definition


@pytest.mark.parametrize("label", ["备注", "率", "Name", "Итого", ""])
def test_unrelated_labels_match_nothing(label: str) -> None:
    assert match_label(label) is None


def test_every_catalogue_label_matches_its_own_metric() -> None:
    for metric in load_catalogue():
        for label in metric.labels:
            match = match_label(label.text)
            assert match is not None and match.metric == metric.id, (label.text, metric.id, match)


def test_rates_have_labels_in_three_languages() -> None:
    for rate in load_catalogue().rates:
        assert {label.language for label in rate.labels} == {"zh", "en", "ru"}, rate.id


def test_normalisation_folds_width_case_brackets_and_colons() -> None:
    assert normalise_label(" 接 通 率（％）： ") == "接通率"
    assert normalise_label("Connect_Rate (%)") == "connect rate"


def test_end_to_end_report_claims_with_sources() -> None:
    extraction = parse_report(FIXTURES / "e2e" / "hand" / "report.xlsx")
    got = {(c.metric, c.source.cell): c for c in extraction.claims}
    assert set(got) == {
        ("total_dials", "B3"),
        ("connect_rate", "B4"),
        ("effective_connect_rate", "B5"),
        ("conversion_rate", "B6"),
        ("avg_effective_talk_s", "B7"),
        ("uptime", "B8"),
    }
    connect = got[("connect_rate", "B4")]
    assert connect.value == Decimal("0.625") and connect.half_width == Decimal("0.0005")
    assert connect.raw_text == "62.5%" and connect.source.sheet == "Summary"
    assert connect.scope == Scope(period="2026-10")
    assert got[("avg_effective_talk_s", "B7")].definition_hint == "talk_s/connected"


def test_unknown_labels_are_kept_as_unmatched(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["坐席出勤率", "98%"])
    wb.active.append(["接通率", "45.6%"])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    extraction = parse_report(path)
    assert [c.metric for c in extraction.claims] == ["connect_rate"]
    assert [(u.label, u.raw_text, u.source.cell) for u in extraction.unmatched] == [("坐席出勤率", "98%", "B1")]


def test_campaign_rows_set_the_scope(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for row in (["接通率", "40%"], ["外呼任务", "信用卡"], ["接通率", "48%"], ["合计"], ["接通率", "41%"]):
        ws.append(row)
    path = tmp_path / "r.xlsx"
    wb.save(path)
    scopes = [c.scope.campaign for c in parse_report(path).claims]
    assert scopes == [None, "信用卡", None]


def test_damaged_and_unknown_files_are_clear_errors(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReportParseError) as err:
        parse_report(bad)
    assert err.value.location.file == str(bad)
    other = tmp_path / "report.docx2"
    other.write_text("hello")
    with pytest.raises(UnknownFormatError):
        parse_report(other)
    with pytest.raises(ReportParseError):
        parse_report(tmp_path / "missing.xlsx")


@pytest.mark.parametrize(
    ("value", "number_format", "shown", "parsed"),
    [
        (0.4225, "0.0%", "42.3%", "42.3"),  # half away from zero, as Excel shows it (float formatting gave 42.2%)
        (0.4235, "0.0%", "42.4%", "42.4"),
        (0.456, "0.0%", "45.6%", "45.6"),
        (2.5, "0", "3", "3"),
        (-2.5, "0", "-3", "-3"),
        (1234.5, "#,##0", "1,235", "1235"),
        (0.125, "0.00", "0.13", "0.13"),
    ],
)
def test_cells_read_as_excel_displays_them(value: float, number_format: str, shown: str, parsed: str) -> None:
    from auditor.reports.claims import number_from_cell

    found = number_from_cell(value, number_format)
    assert found is not None
    number, text = found
    assert text == shown
    assert number.value == Decimal(parsed)
