"""Excel workbook for reviewers: Summary, Findings, Claims, Metrics, Evidence and Charts sheets.

Every table sheet has a frozen, styled header row and an autofilter; numbers are
real numbers with formats by unit (ratios as %, seconds, counts, money), and the
severity and status columns are coloured by conditional formatting, so the colours
follow when a reviewer sorts or edits. Claims carry their source (file, sheet and
cell or page) and metrics their numerators and denominators.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from auditor.render import register_renderer
from auditor.render.view import SEVERITIES, View, build_view, chart_notes, file_name, finding_unit
from auditor.result import AuditResult

FORMATS = {
    "ratio": "0.00%",
    "seconds": '#,##0.0" s"',
    "count": "#,##0",
    "money": "#,##0.00",
}
DELTA_FORMAT = "+0.0%;-0.0%;0.0%"
#: Severity -> (fill colour, font colour) for conditional formatting.
SEVERITY_STYLE = {
    "critical": ("7F1D1D", "FFFFFF"),
    "high": ("FECACA", "7F1D1D"),
    "medium": ("FDE68A", "78350F"),
    "low": ("DBEAFE", "1E3A8A"),
    "info": ("F1F5F9", "334155"),
}
STATUS_STYLE = {
    "matches_none": ("FECACA", "7F1D1D"),
    "matches_variant": ("FDE68A", "78350F"),
    "matches_binding": ("DCFCE7", "14532D"),
    "unverifiable": ("F1F5F9", "334155"),
}
HEADER_FILL = PatternFill("solid", fgColor="1E293B")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def number_format(unit: str | None, value: Any = None) -> str:
    """Excel number format for a value in ``unit`` (counts with decimals keep two)."""
    if unit == "count" and isinstance(value, float) and not value.is_integer():
        return "#,##0.00"
    return FORMATS.get(unit or "", "General")


def _table(
    ws: Worksheet,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: dict[str, float] | None = None,
    wrap: Sequence[str] = (),
    freeze: str = "A2",
    start_row: int = 1,
) -> int:
    """Write a header row and rows; style, freeze and filter them. Returns the last row written."""
    for col, name in enumerate(header, start=1):
        cell = ws.cell(row=start_row, column=col, value=name)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    last = start_row
    for last, row in enumerate(rows, start=start_row + 1):
        for col, value in enumerate(row, start=1):
            ws.cell(row=last, column=col, value=value).alignment = WRAP if header[col - 1] in wrap else TOP
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A{start_row}:{get_column_letter(len(header))}{max(last, start_row + 1)}"
    for col, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(col)].width = (widths or {}).get(name, max(10, min(40, len(name) + 4)))
    return last


def _colour_rows(ws: Worksheet, column: str, last_col: str, first: int, last: int, styles: dict[str, tuple[str, str]]) -> None:
    """Conditional formatting: whole rows coloured by the text in ``column``."""
    if last < first:
        return
    area = f"A{first}:{last_col}{last}"
    for key, (fill, font) in styles.items():
        ws.conditional_formatting.add(
            area,
            FormulaRule(  # type: ignore[no-untyped-call]
                formula=[f'${column}{first}="{key}"'],
                fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                font=Font(color=font),
            ),
        )


def _summary(ws: Worksheet, view: View) -> None:
    ws.title = "Summary"
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 70
    ws["A1"] = f"Audit: {view.title}"
    ws["A1"].font = Font(bold=True, size=16)
    ws["A2"] = "Verdict"
    ws["B2"] = view.verdict
    ws["A2"].font = Font(bold=True)
    level = {"bad": ("FECACA", "7F1D1D"), "warn": ("FDE68A", "78350F"), "ok": ("DCFCE7", "14532D"), "none": ("E2E8F0", "334155")}[
        view.verdict_level
    ]
    ws["B2"].fill = PatternFill("solid", fgColor=level[0])
    ws["B2"].font = Font(bold=True, size=13, color=level[1])
    ws["C2"] = view.verdict_detail
    ws["C2"].alignment = Alignment(wrap_text=True, vertical="top")
    row = 3
    for label, value in view.facts:
        ws.cell(row=row, column=1, value=label).font = Font(color="475569")
        ws.cell(row=row, column=2, value=value)
        row += 1
    row += 1
    first = row + 1
    _table(ws, ["Severity", "Findings"], [(s, view.counts[s]) for s in SEVERITIES], freeze="A1", start_row=row)
    _colour_rows(ws, "A", "B", first, first + len(SEVERITIES) - 1, SEVERITY_STYLE)
    ws.auto_filter.ref = None
    row = first + len(SEVERITIES) + 1
    checks = view.claim_checks
    against = "reviewed sample" if checks.get("against") == "sample" else "call records"
    for label, key in (
        ("Claims read", "extracted"),
        (f"Checked against the {against}", "checked"),
        ("match", "matched"),
        ("only under another definition", "matched_other_definition"),
        ("do not match", "not_matched"),
        ("unverifiable", "unverifiable"),
    ):
        cell = ws.cell(row=row, column=1, value=label)
        if key in ("extracted", "checked"):
            cell.font = Font(bold=True)
        ws.cell(row=row, column=2, value=int(checks.get(key) or 0))
        row += 1
    row -= 1
    row += 2
    ws.cell(row=row, column=1, value="Inputs").font = Font(bold=True)
    for item in view.data["inputs"]:
        row += 1
        ws.cell(row=row, column=1, value=item["kind"])
        ws.cell(row=row, column=2, value=item["path"])
        ws.cell(row=row, column=3, value=f"sha256 {item['sha256']}")
    row += 2
    notes = [
        "Sheets: Findings (one row per finding, coloured by severity), Claims (each figure read from the report, with its file, "
        "sheet and cell or page, and the recomputed value), Metrics (every recomputed figure with numerator and denominator), "
        "Evidence (what backs each finding, item by item), Charts (the data behind the report's charts).",
        "Phone numbers are masked (first 3 and last 2 digits kept)."
        if view.masked
        else "Phone numbers are NOT masked (--no-mask): do not forward this workbook.",
    ]
    for note in notes:
        ws.cell(row=row, column=1, value=note).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        ws.row_dimensions[row].height = 48
        row += 1
    ws.freeze_panes = None


def _findings(ws: Worksheet, view: View) -> None:
    header = [
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
        "Why it matters",
    ]
    rows = []
    for f in view.findings:
        raw = f.raw
        unit = finding_unit(raw)
        delta = None
        if raw.get("claimed") is not None and raw.get("recomputed"):
            delta = (float(raw["claimed"]) - float(raw["recomputed"])) / abs(float(raw["recomputed"]))
        rows.append(
            [
                f.id,
                f.severity,
                f.category,
                f.rule,
                f.metric or "",
                f.scope,
                raw.get("claimed"),
                raw.get("recomputed"),
                delta,
                f.message,
                "\n".join(f.sources),
                f.rationale,
            ]
        )
    last = _table(
        ws,
        header,
        rows,
        widths={
            "ID": 8,
            "Severity": 10,
            "Category": 14,
            "Rule": 26,
            "Metric": 22,
            "Scope": 20,
            "Claimed": 12,
            "Recomputed": 12,
            "Difference": 11,
            "Message": 80,
            "Sources": 30,
            "Why it matters": 60,
        },
        wrap=("Message", "Sources", "Why it matters"),
        freeze="C2",
    )
    for i, f in enumerate(view.findings, start=2):
        unit = finding_unit(f.raw)
        for col in (7, 8):
            cell = ws.cell(row=i, column=col)
            cell.number_format = number_format(unit, cell.value)
        ws.cell(row=i, column=9).number_format = DELTA_FORMAT
    _colour_rows(ws, "B", "L", 2, last, SEVERITY_STYLE)


def _claims(ws: Worksheet, view: View) -> None:
    header = [
        "Figure",
        "Metric",
        "Campaign",
        "Agent",
        "Period",
        "Claimed",
        "Printed as",
        "Unit",
        "Recomputed",
        "Numerator",
        "Denominator",
        "Contract definition",
        "Difference",
        "Status",
        "Matching definitions",
        "Findings",
        "Source file",
        "Sheet",
        "Cell",
        "Page",
        "Source text",
    ]
    rows = []
    for row, c in zip(view.data["comparisons"], view.comparisons, strict=False):  # the view keeps the order of the rows
        scope = row.get("scope") or {}
        source = row.get("source") or {}
        rows.append(
            [
                c.label,
                c.metric,
                scope.get("campaign"),
                scope.get("agent_id"),
                scope.get("period"),
                row.get("claimed"),
                row.get("claimed_text"),
                c.unit,
                row.get("recomputed"),
                row.get("numerator"),
                row.get("denominator"),
                c.definition,
                c.delta_rel,
                c.status,
                c.matching,
                ", ".join(c.findings),
                file_name(source.get("file")),
                source.get("sheet"),
                source.get("cell"),
                source.get("page"),
                source.get("text"),
            ]
        )
    last = _table(
        ws,
        header,
        rows,
        widths={
            "Figure": 24,
            "Metric": 22,
            "Campaign": 14,
            "Period": 10,
            "Claimed": 12,
            "Printed as": 12,
            "Recomputed": 12,
            "Numerator": 12,
            "Denominator": 12,
            "Contract definition": 30,
            "Status": 16,
            "Matching definitions": 30,
            "Source file": 22,
            "Source text": 40,
        },
        wrap=("Source text",),
        freeze="B2",
    )
    for i, c in enumerate(view.comparisons, start=2):
        for col in (6, 9):
            cell = ws.cell(row=i, column=col)
            cell.number_format = number_format(c.unit, cell.value)
        for col in (10, 11):
            ws.cell(row=i, column=col).number_format = "#,##0.##" if c.unit != "money" else "#,##0.00"
        ws.cell(row=i, column=13).number_format = DELTA_FORMAT
    _colour_rows(ws, "N", "U", 2, last, STATUS_STYLE)


def _metrics(ws: Worksheet, view: View) -> None:
    header = [
        "Metric",
        "Definition",
        "Default",
        "Campaign",
        "Agent",
        "Period",
        "Value",
        "Unit",
        "Numerator",
        "Denominator",
        "Note",
    ]
    metrics = view.data["metrics"]
    rows = (
        [
            m["metric"],
            m["definition"],
            "yes" if m.get("is_default") else "no",
            m["scope"].get("campaign"),
            m["scope"].get("agent_id"),
            m["scope"].get("period"),
            m.get("value"),
            m.get("unit"),
            m.get("numerator"),
            m.get("denominator"),
            m.get("note"),
        ]
        for m in metrics
    )
    _table(
        ws,
        header,
        rows,
        widths={
            "Metric": 28,
            "Definition": 36,
            "Campaign": 14,
            "Agent": 10,
            "Period": 12,
            "Value": 14,
            "Numerator": 14,
            "Denominator": 14,
            "Note": 40,
        },
        freeze="C2",
    )
    for i, m in enumerate(metrics, start=2):
        ws.cell(row=i, column=7).number_format = number_format(m.get("unit"), m.get("value"))
        money = m.get("unit") == "money"
        ws.cell(row=i, column=9).number_format = "#,##0.00" if money else "#,##0.##"
        ws.cell(row=i, column=10).number_format = "#,##0.##"


def _evidence(ws: Worksheet, view: View) -> None:
    header = ["Finding", "Severity", "Item", "Detail"]
    rows: list[list[Any]] = []
    for f in view.findings:
        rows.append([f.id, f.severity, "Message", f.message])
        for item in f.evidence:
            if item.text:
                rows.append([f.id, f.severity, item.label, item.text])
            for cells in item.rows:
                detail = "; ".join(f"{h}: {v}" for h, v in zip(item.header, cells, strict=False) if v != "")
                rows.append([f.id, f.severity, item.label, detail])
        for source in f.sources:
            rows.append([f.id, f.severity, "Source", source])
        if f.rationale:
            rows.append([f.id, f.severity, "Why it matters", f.rationale])
    last = _table(
        ws, header, rows, widths={"Finding": 9, "Severity": 10, "Item": 32, "Detail": 110}, wrap=("Detail",), freeze="C2"
    )
    _colour_rows(ws, "B", "D", 2, last, SEVERITY_STYLE)


def _charts(ws: Worksheet, view: View) -> None:
    """The data behind the HTML charts, with native Excel bar charts next to it."""
    charts = view.charts
    notes = chart_notes(view)
    ws.column_dimensions["A"].width = 22
    row = 1
    hist = charts.get("talk_histogram") or {}
    if hist.get("bins"):
        ws.cell(row=row, column=1, value="Talk time of connected calls").font = Font(bold=True, size=13)
        ws.cell(row=row + 1, column=1, value=notes.get("talk", ""))
        start = row + 2
        data: list[tuple[Any, ...]] = [
            (f"{b['lo']:g}–{b['hi']:g} s", b["lo"], b["hi"], b["count"], "yes" if b["lo"] >= hist["threshold_s"] else "no")
            for b in hist["bins"]
        ]
        data.append((f"≥ {hist['overflow']['from_s']:g} s", hist["overflow"]["from_s"], None, hist["overflow"]["count"], "yes"))
        last = _write_block(ws, start, ["Talk time", "From (s)", "To (s)", "Calls", "Effective by talk time"], data)
        _bar_chart(ws, "Connected calls by talk time", "calls", start, last, 4, f"G{start}", width=22)
        row = max(last + 2, start + 18)
    hours = charts.get("calls_by_hour") or {}
    if hours.get("hours"):
        ws.cell(row=row, column=1, value="Dials by local hour").font = Font(bold=True, size=13)
        ws.cell(row=row + 1, column=1, value=notes.get("hours", ""))
        start = row + 2
        data = [(f"{h['hour']:02d}:00", h["hour"], h["dials"], h["connected"], h["outside_window"]) for h in hours["hours"]]
        last = _write_block(ws, start, ["Hour", "Hour (0-23)", "Dials", "Connected", "Outside window"], data)
        _bar_chart(
            ws,
            f"Dials by local hour (window {hours['window']['start']}–{hours['window']['end']})",
            "dials",
            start,
            last,
            3,
            f"G{start}",
            width=22,
            extra_cols=(5,),
        )
        row = max(last + 2, start + 18)
    outliers = charts.get("agent_outliers") or {}
    if outliers.get("figures"):
        ws.cell(row=row, column=1, value="Agents compared with each other").font = Font(bold=True, size=13)
        ws.cell(row=row + 1, column=1, value=notes.get("outliers", ""))
        start = row + 2
        data = []
        units = []
        for fig in outliers["figures"]:
            for v in fig["values"]:
                data.append(
                    (fig["title"], v["agent_id"], v["value"], v["n"], v["z"], "yes" if v["outlier"] else "no", fig["median"])
                )
                units.append(fig.get("unit"))
        last = _write_block(ws, start, ["Figure", "Agent", "Value", "Cases", "Robust z", "Outlier", "Median"], data)
        for i, unit in enumerate(units, start=start + 1):
            ws.cell(row=i, column=3).number_format = number_format(unit)
            ws.cell(row=i, column=7).number_format = number_format(unit)
            ws.cell(row=i, column=5).number_format = "+0.00;-0.00;0.00"
        ws.conditional_formatting.add(
            f"A{start + 1}:G{max(last, start + 1)}",
            FormulaRule(  # type: ignore[no-untyped-call]
                formula=[f'$F{start + 1}="yes"'],
                fill=PatternFill("solid", fgColor="FECACA", bgColor="FECACA"),
                font=Font(color="7F1D1D"),
            ),
        )
    for col in "BCDEFG":
        ws.column_dimensions[col].width = max(ws.column_dimensions[col].width or 0, 14)


def _write_block(ws: Worksheet, start: int, header: list[str], rows: Sequence[Sequence[Any]]) -> int:
    for col, name in enumerate(header, start=1):
        cell = ws.cell(row=start, column=col, value=name)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
    last = start
    for last, row in enumerate(rows, start=start + 1):
        for col, value in enumerate(row, start=1):
            cell = ws.cell(row=last, column=col, value=value)
            if isinstance(value, int) and not isinstance(value, bool):
                cell.number_format = "#,##0"
    return last


def _bar_chart(
    ws: Worksheet,
    title: str,
    y_title: str,
    start: int,
    last: int,
    col: int,
    anchor: str,
    *,
    width: float = 18,
    extra_cols: tuple[int, ...] = (),
) -> None:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.gapWidth = 20
    chart.width = width  # type: ignore[assignment]  # centimetres; the stubs say int
    chart.height = 8
    for c in (col, *extra_cols):
        chart.add_data(Reference(ws, min_col=c, min_row=start, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=last))
    chart.legend = None if not extra_cols else chart.legend
    ws.add_chart(chart, anchor)


def build_workbook(result_view: View) -> Workbook:
    wb = Workbook()
    summary = wb.active
    assert isinstance(summary, Worksheet)
    _summary(summary, result_view)
    _findings(wb.create_sheet("Findings"), result_view)
    _claims(wb.create_sheet("Claims"), result_view)
    _metrics(wb.create_sheet("Metrics"), result_view)
    _evidence(wb.create_sheet("Evidence"), result_view)
    if result_view.charts:
        _charts(wb.create_sheet("Charts"), result_view)
    return wb


@register_renderer("xlsx", ".xlsx")
def render_xlsx(result: AuditResult, mask_phones: bool) -> bytes:
    wb = build_workbook(build_view(result, mask_phones))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


__all__ = ["build_workbook", "number_format", "render_xlsx"]
