"""The Excel workbook read back: sheets, headers, values with their number formats, frozen panes, filters, colours."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from auditor.render import render
from auditor.render.excel import number_format
from auditor.result import AuditResult


@pytest.fixture(scope="module")
def workbook(demo_result: AuditResult) -> Workbook:
    return load_workbook(io.BytesIO(render(demo_result, "xlsx")))


def header(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for c in ws[1] if c.value is not None]


def rows(ws) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    names = header(ws)
    return [dict(zip(names, (c.value for c in row), strict=False)) for row in ws.iter_rows(min_row=2)]


def test_sheets_in_reading_order(workbook: Workbook) -> None:
    assert workbook.sheetnames == ["Summary", "Findings", "Claims", "Metrics", "Evidence", "Charts"]


def test_summary_states_verdict_and_counts(workbook: Workbook, demo_result: AuditResult) -> None:
    ws = workbook["Summary"]
    assert ws["B2"].value == "Figures not supported by the records"
    cells = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, ws.max_row + 1)}
    for severity, count in demo_result.by_severity.items():
        assert cells[severity] == count


@pytest.mark.parametrize(
    ("sheet", "columns", "freeze"),
    [
        (
            "Findings",
            [
                "ID",
                "Severity",
                "Category",
                "Rule",
                "Metric",
                "Scope",
                "Claimed",
                "Recomputed",
                "Difference",
                "Message",
                "Sources",
            ],
            "C2",
        ),
        (
            "Claims",
            [
                "Figure",
                "Metric",
                "Claimed",
                "Printed as",
                "Recomputed",
                "Numerator",
                "Denominator",
                "Status",
                "Source file",
                "Sheet",
                "Cell",
                "Page",
            ],
            "B2",
        ),
        ("Metrics", ["Metric", "Definition", "Value", "Unit", "Numerator", "Denominator"], "C2"),
        ("Evidence", ["Finding", "Severity", "Item", "Detail"], "C2"),
    ],
)
def test_table_sheets_have_headers_frozen_panes_and_filters(
    workbook: Workbook, sheet: str, columns: list[str], freeze: str
) -> None:
    ws = workbook[sheet]
    names = header(ws)
    assert set(columns) <= set(names)
    assert ws.freeze_panes == freeze
    last_col = ws.cell(row=1, column=len(names)).column_letter
    assert ws.auto_filter.ref == f"A1:{last_col}{ws.max_row}"
    assert ws["A1"].font.bold


def test_claims_keep_their_source_cell_and_unit_formats(workbook: Workbook) -> None:
    claims = {(r["Metric"], r["Cell"]): r for r in rows(workbook["Claims"])}
    talk = claims[("avg_effective_talk_s", "B9")]
    assert talk["Claimed"] == pytest.approx(132.0)
    assert talk["Sheet"] == "汇总" and talk["Source file"] == "vendor_report.xlsx"
    assert talk["Status"] == "matches_none"
    ws = workbook["Claims"]
    names = header(ws)
    row = next(i for i, r in enumerate(rows(ws), start=2) if (r["Metric"], r["Cell"]) == ("connect_rate", "B7"))
    claimed = ws.cell(row=row, column=names.index("Claimed") + 1)
    assert claimed.value == pytest.approx(0.508) and claimed.number_format == "0.00%"
    recomputed = ws.cell(row=row, column=names.index("Recomputed") + 1)
    assert recomputed.value == pytest.approx(5243 / 12000) and recomputed.number_format == "0.00%"
    assert ws.cell(row=row, column=names.index("Numerator") + 1).value == 5243
    assert ws.cell(row=row, column=names.index("Denominator") + 1).value == 12000


def test_metrics_have_numerators_denominators_and_formats_by_unit(workbook: Workbook) -> None:
    ws = workbook["Metrics"]
    names = header(ws)
    seen = set()
    for row in ws.iter_rows(min_row=2):
        values = {n: c for n, c in zip(names, row, strict=False)}
        unit = values["Unit"].value
        if unit in seen:
            continue
        seen.add(unit)
        assert values["Value"].number_format == number_format(unit, values["Value"].value)
    assert {"ratio", "seconds", "count", "money"} <= seen
    connect = next(
        r
        for r in rows(ws)
        if r["Metric"] == "connect_rate"
        and r["Definition"] == "connected/total_dials"
        and r["Period"] == "2026-10"
        and not r["Campaign"]
        and not r["Agent"]
    )
    assert (connect["Numerator"], connect["Denominator"]) == (5243, 12000)


def test_number_formats_by_unit() -> None:
    assert number_format("ratio") == "0.00%"
    assert number_format("seconds") == '#,##0.0" s"'
    assert number_format("count", 12.0) == "#,##0"
    assert number_format("count", 2.5) == "#,##0.00"
    assert number_format("money") == "#,##0.00"


@pytest.mark.parametrize("sheet", ["Findings", "Evidence"])
def test_rows_are_coloured_by_severity_with_conditional_formatting(workbook: Workbook, sheet: str) -> None:
    ws = workbook[sheet]
    rules = [(str(cf.sqref), rule.formula[0], rule.dxf.fill.fgColor.rgb) for cf in ws.conditional_formatting for rule in cf.rules]
    formulas = {formula: fill for _, formula, fill in rules}
    column = "B"
    for severity in ("critical", "high", "medium", "low", "info"):
        assert f'${column}2="{severity}"' in formulas
    assert formulas[f'${column}2="high"'] != formulas[f'${column}2="info"']
    assert all(ref.startswith("A2:") for ref, _, _ in rules)


def test_claims_status_is_coloured(workbook: Workbook) -> None:
    formulas = [rule.formula[0] for cf in workbook["Claims"].conditional_formatting for rule in cf.rules]
    assert '$N2="matches_none"' in formulas and '$N2="matches_variant"' in formulas


def test_findings_sheet_lists_every_finding_in_order(workbook: Workbook, demo_result: AuditResult) -> None:
    found = rows(workbook["Findings"])
    assert [r["ID"] for r in found] == [f.id for f in demo_result.findings]
    high = next(r for r in found if r["Severity"] == "high")
    assert "vendor_report.xlsx" in str(high["Sources"])


def test_evidence_sheet_is_readable_not_json(workbook: Workbook) -> None:
    details = [r["Detail"] for r in rows(workbook["Evidence"])]
    assert any("381,148 / 3,407" in str(d) for d in details)
    assert not any(str(d).lstrip().startswith("{") for d in details)


def test_charts_sheet_has_native_charts_and_outlier_table(workbook: Workbook) -> None:
    ws = workbook["Charts"]
    assert len(ws._charts) == 2  # talk-time histogram and dials by hour
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Robust z" in texts and "Outside window" in texts
