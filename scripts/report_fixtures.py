"""Write the vendor-report fixtures: fixtures/reports/<layout>/report.{xlsx,xls,pdf} + golden.yaml.

Every layout writes its report and the claims a careful reader would take from it
(golden.yaml: metric, value, scope, total flag and where it is printed), plus the
targets and the labels that must come out unmatched. Deterministic: no randomness,
fixed document dates, so re-running gives the same files.

Needs the dev extra (reportlab for PDFs, xlwt for .xls):  python scripts/report_fixtures.py
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fixtures" / "reports"


@dataclass
class Golden:
    layout: str
    file: str
    description: str
    claims: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def claim(
        self,
        metric: str,
        value: str,
        where: str,
        *,
        campaign: str | None = None,
        agent: str | None = None,
        period: str | None = None,
        total: bool = False,
        approximate: bool = False,
        note: str | None = None,
    ) -> None:
        entry: dict[str, Any] = {
            "metric": metric,
            "value": value,
            "where": where,
            "scope": {"campaign": campaign, "agent_id": agent, "period": period},
        }
        if total:
            entry["total"] = True
        if approximate:
            entry["approximate"] = True
        if note:
            entry["note"] = note
        self.claims.append(entry)

    def target(self, metric: str, value: str, comparator: str = ">=") -> None:
        self.targets.append({"metric": metric, "value": value, "comparator": comparator})

    def write(self, folder: Path) -> None:
        data = {
            "layout": self.layout,
            "file": self.file,
            "description": self.description,
            "claims": self.claims,
            "targets": self.targets,
            "unmatched": self.unmatched,
        }
        (folder / "golden.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# ---------------------------------------------------------------- xlsx helpers


def _fixed_props(wb: Any) -> None:
    when = dt.datetime(2026, 11, 2, 9, 0, 0)
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "vendor"


def _save_xlsx(wb: Any, path: Path, cached: dict[str, dict[str, object]] | None = None) -> None:
    """Save, then write Excel's cached results into formula cells (openpyxl writes formulas only)
    and pin the zip timestamps so the file is byte-for-byte reproducible."""
    _fixed_props(wb)
    wb.save(path)
    cached = cached or {}
    names = {ws.title: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb.worksheets, start=1)}
    with zipfile.ZipFile(path) as src:
        items = [(info, src.read(info.filename)) for info in src.infolist()]
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in items:
            for sheet, values in cached.items():
                if info.filename == names[sheet]:
                    text = data.decode("utf-8")
                    for ref, value in values.items():
                        text = re.sub(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(</v>)?', rf"\1\2<v>{value}</v>", text)
                    data = text.encode("utf-8")
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2026-11-02T09:00:00Z", data)
            info.date_time = (2026, 11, 2, 9, 0, 0)
            dst.writestr(info, data)
    tmp.replace(path)


def layout_zh_xlsx_label_value(folder: Path) -> Golden:
    from openpyxl import Workbook

    g = Golden(
        "zh_xlsx_label_value",
        "report.xlsx",
        "zh label/value rows: merged title, period row, % as number and as text, 万, 分秒, ¥, campaign section, unknown label",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws["A1"] = "外呼服务月度报告"
    ws.merge_cells("A1:C1")
    ws["A3"], ws["B3"] = "统计周期", "2026-10-01 至 2026-10-31"
    rows: list[tuple[str, object, str | None]] = [
        ("外呼总量", 12345, "#,##0"),
        ("接通率", 0.456, "0.0%"),
        ("有效接通率", "38.2%", None),
        ("平均通话时长（秒）", 95, "0"),
        ("平均有效通话时长", "2分30秒", None),
        ("意向客户数", "1.2万", None),
        ("服务费用（元）", "¥ 40,800", None),
        ("坐席出勤率", "98%", None),
    ]
    for i, (label, value, fmt) in enumerate(rows, start=4):
        ws.cell(i, 1, label)
        cell = ws.cell(i, 2, value)
        if fmt:
            cell.number_format = fmt
    p = "2026-10"
    g.claim("total_dials", "12345", "汇总!B4", period=p)
    g.claim("connect_rate", "0.456", "汇总!B5", period=p)
    g.claim("effective_connect_rate", "0.382", "汇总!B6", period=p)
    g.claim("avg_effective_talk_s", "95", "汇总!B7", period=p)
    g.claim("avg_effective_talk_s", "150", "汇总!B8", period=p)
    g.claim("intents", "12000", "汇总!B9", period=p)
    g.claim("total_cost", "40800", "汇总!B10", period=p)
    g.unmatched.append("坐席出勤率")
    ws["A13"], ws["B13"] = "外呼任务", "信用卡"
    ws["A14"], ws["B14"] = "外呼量", "5,000"
    ws["A15"], ws["B15"] = "接通率", "48.0%"
    g.claim("total_dials", "5000", "汇总!B14", campaign="信用卡", period=p)
    g.claim("connect_rate", "0.48", "汇总!B15", campaign="信用卡", period=p)
    _save_xlsx(wb, folder / "report.xlsx")
    return g


def layout_en_xlsx_metrics_columns(folder: Path) -> Golden:
    from openpyxl import Workbook

    g = Golden(
        "en_xlsx_metrics_columns",
        "report.xlsx",
        "en metrics as columns, campaigns as rows, header at row 5, SUM formulas with cached values, "
        "a total typed as a constant, time-formatted talk time, a text-only second sheet",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "By campaign"
    ws["A1"] = "Outbound calling report - October 2026"
    ws["A2"] = "Prepared by Example Contact Ltd"
    header = ["Campaign", "Dials", "Connected", "Connect rate", "Avg talk time", "Conversions"]
    for c, text in enumerate(header, start=1):
        ws.cell(5, c, text)
    data = [
        ("Credit cards", 4000, 1800, 0.45, dt.time(0, 2, 30), 120),
        ("Loans", 3000, 1200, 0.4, dt.time(0, 2, 0), 60),
        ("Insurance", 2000, 1000, 0.5, dt.time(0, 3, 0), 90),
    ]
    p = "2026-10"
    for r, (name, dials, conn, rate, talk, conv) in enumerate(data, start=6):
        for c, value in enumerate((name, dials, conn, rate, talk, conv), start=1):
            cell = ws.cell(r, c, value)
            cell.number_format = {2: "#,##0", 3: "#,##0", 4: "0.0%", 5: "hh:mm:ss", 6: "0"}.get(c, "General")
        g.claim("total_dials", str(dials), f"By campaign!B{r}", campaign=name, period=p)
        g.claim("connected", str(conn), f"By campaign!C{r}", campaign=name, period=p)
        g.claim("connect_rate", str(rate), f"By campaign!D{r}", campaign=name, period=p)
        g.claim("avg_effective_talk_s", str(talk.minute * 60 + talk.second), f"By campaign!E{r}", campaign=name, period=p)
        g.claim("conversions", str(conv), f"By campaign!F{r}", campaign=name, period=p)
    ws["A9"] = "Total"
    ws["B9"], ws["C9"], ws["D9"], ws["F9"] = "=SUM(B6:B8)", "=SUM(C6:C8)", "=C9/B9", "=SUM(F6:F8)"
    ws["E9"] = dt.time(0, 2, 27)  # typed in, where the neighbours are formulas
    for ref, fmt in (("B9", "#,##0"), ("C9", "#,##0"), ("D9", "0.0%"), ("E9", "hh:mm:ss"), ("F9", "0")):
        ws[ref].number_format = fmt
    g.claim("total_dials", "9000", "By campaign!B9", period=p, total=True)
    g.claim("connected", "4000", "By campaign!C9", period=p, total=True)
    g.claim("connect_rate", "0.444", "By campaign!D9", period=p, total=True)
    g.claim(
        "avg_effective_talk_s",
        "147",
        "By campaign!E9",
        period=p,
        total=True,
        note="typed as a constant where its neighbours are formulas",
    )
    g.claim("conversions", "270", "By campaign!F9", period=p, total=True)
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Figures are preliminary until the invoice is issued."
    _save_xlsx(wb, folder / "report.xlsx", {"By campaign": {"B9": 9000, "C9": 4000, "D9": 0.4444444444444444, "F9": 270}})
    return g


def layout_ru_xlsx_agents(folder: Path) -> Golden:
    from openpyxl import Workbook

    g = Golden(
        "ru_xlsx_agents",
        "report.xlsx",
        "ru per-agent table with a two-row merged header, comma decimals as text, Итого row; "
        "a second sheet of label/value pairs with a target",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Операторы"
    ws["A1"] = "Отчёт по операторам за октябрь 2026"
    ws.merge_cells("A1:E1")
    ws["A3"], ws["B3"], ws["D3"] = "Оператор", "Звонки", "Результат"
    ws.merge_cells("B3:C3")
    ws.merge_cells("D3:E3")
    for c, text in enumerate(["", "Всего звонков", "Дозвонов", "Лидов", "Конверсия, %"], start=1):
        if text:
            ws.cell(4, c, text)
    agents = [("Иванова А.", 820, 410, 41, "12,5"), ("Петров Б.", 760, 300, 25, "10,0"), ("Сидорова В.", 905, 452, 50, "13,3")]
    p = "2026-10"
    for r, (name, dials, conn, leads, conv) in enumerate(agents, start=5):
        for c, value in enumerate((name, dials, conn, leads, conv), start=1):
            ws.cell(r, c, value)
        g.claim("total_dials", str(dials), f"Операторы!B{r}", agent=name, period=p)
        g.claim("connected", str(conn), f"Операторы!C{r}", agent=name, period=p)
        g.claim("intents", str(leads), f"Операторы!D{r}", agent=name, period=p)
        g.claim("conversion_rate", str(float(conv.replace(",", ".")) / 100), f"Операторы!E{r}", agent=name, period=p)
    for c, value in enumerate(("Итого", 2485, 1162, 116, "12,0"), start=1):
        ws.cell(8, c, value)
    g.claim("total_dials", "2485", "Операторы!B8", period=p, total=True)
    g.claim("connected", "1162", "Операторы!C8", period=p, total=True)
    g.claim("intents", "116", "Операторы!D8", period=p, total=True)
    g.claim("conversion_rate", "0.12", "Операторы!E8", period=p, total=True)
    summary = wb.create_sheet("Сводка")
    summary["A1"] = "Период: октябрь 2026"
    for r, (label, value) in enumerate(
        [
            ("Доля дозвонов", "46,8 %"),
            ("Среднее время разговора", "2,5 мин"),
            ("Целевая доля дозвонов", "≥ 40 %"),
            ("Уровень удовлетворенности", "91 %"),
            ("Смен отработано", "1 250"),
        ],
        start=3,
    ):
        summary.cell(r, 1, label)
        summary.cell(r, 2, value)
    g.claim("connect_rate", "0.468", "Сводка!B3", period=p)
    g.claim("avg_effective_talk_s", "150", "Сводка!B4", period=p)
    g.target("connect_rate", "0.40")
    g.claim("csat", "0.91", "Сводка!B6", period=p)
    g.unmatched.append("Смен отработано")
    _save_xlsx(wb, folder / "report.xlsx")
    return g


def layout_en_xlsx_metrics_rows(folder: Path) -> Golden:
    from openpyxl import Workbook

    g = Golden(
        "en_xlsx_metrics_rows",
        "report.xlsx",
        "en metrics as rows, months as columns (dates formatted yyyy-mm), a Target column, a MoM change column, header at row 4",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "KPIs"
    ws["A1"] = "Monthly KPI summary"
    months = [dt.datetime(2026, 8, 1), dt.datetime(2026, 9, 1), dt.datetime(2026, 10, 1)]
    ws["A4"] = "Metric"
    for c, m in enumerate(months, start=2):
        ws.cell(4, c, m).number_format = "yyyy-mm"
    ws["E4"], ws["F4"] = "Target", "MoM change"
    rows: list[tuple[str, list[object], str, object, str]] = [
        ("Total dials", [10000, 11000, 12000], "#,##0", None, "+9.1%"),
        ("Connect rate", [0.41, 0.43, 0.452], "0.0%", "≥ 40%", "+2.2 pp"),
        ("Conversion rate", ["3.1%", "3.4%", "3.0%"], "General", "3%", "-0.4 pp"),
        ("Average talk time (s)", [140, 150, 155], "0", None, "+5"),
        ("Complaint rate", [0.004, 0.005, 0.003], "0.0%", "≤ 1%", "-0.2 pp"),
    ]
    ids = {
        "Total dials": "total_dials",
        "Connect rate": "connect_rate",
        "Conversion rate": "conversion_rate",
        "Average talk time (s)": "avg_effective_talk_s",
        "Complaint rate": "complaint_rate",
    }
    for r, (label, values, fmt, target, change) in enumerate(rows, start=5):
        ws.cell(r, 1, label)
        for c, value in enumerate(values, start=2):
            ws.cell(r, c, value).number_format = fmt
            shown = value
            if isinstance(value, str):
                shown = str(round(float(value.rstrip("%")) / 100, 6))
            elif fmt == "0.0%":
                shown = str(round(float(value) * 1000) / 1000)  # type: ignore[arg-type]
            g.claim(ids[label], str(shown), f"KPIs!{'BCD'[c - 2]}{r}", period=months[c - 2].strftime("%Y-%m"))
        if target is not None:
            ws.cell(r, 5, target)
            cmp = ">=" if str(target).startswith("≥") else "<=" if str(target).startswith("≤") else "="
            g.target(ids[label], {"≥ 40%": "0.40", "3%": "0.03", "≤ 1%": "0.01"}[str(target)], cmp)
        ws.cell(r, 6, change)
    g.unmatched += ["Total dials (MoM change)"]
    _save_xlsx(wb, folder / "report.xlsx")
    return g


def layout_zh_xls_legacy(folder: Path) -> Golden:
    import xlwt

    g = Golden(
        "zh_xls_legacy",
        "report.xls",
        "legacy .xls: label/value block, then a per-campaign table with a 合计 row, % number formats",
    )
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("报表")
    pct = xlwt.easyxf(num_format_str="0.0%")
    thousands = xlwt.easyxf(num_format_str="#,##0")
    ws.write(0, 0, "统计周期：2026年10月")
    ws.write(2, 0, "外呼总量")
    ws.write(2, 1, 20000, thousands)
    ws.write(3, 0, "接通率")
    ws.write(3, 1, 0.427, pct)
    ws.write(4, 0, "投诉率")
    ws.write(4, 1, "0.3%")
    p = "2026-10"
    g.claim("total_dials", "20000", "报表!B3", period=p)
    g.claim("connect_rate", "0.427", "报表!B4", period=p)
    g.claim("complaint_rate", "0.003", "报表!B5", period=p)
    for c, text in enumerate(["外呼任务", "外呼量", "接通量", "成单数"]):
        ws.write(7, c, text)
    data = [("保险续保", 8000, 3500, 100), ("电商大促", 12000, 5040, 260)]
    for r, (name, dials, conn, conv) in enumerate(data, start=8):
        ws.write(r, 0, name)
        ws.write(r, 1, dials, thousands)
        ws.write(r, 2, conn, thousands)
        ws.write(r, 3, conv)
        g.claim("total_dials", str(dials), f"报表!B{r + 1}", campaign=name, period=p)
        g.claim("connected", str(conn), f"报表!C{r + 1}", campaign=name, period=p)
        g.claim("conversions", str(conv), f"报表!D{r + 1}", campaign=name, period=p)
    for c, value in enumerate(["合计", 20000, 8540, 360]):
        ws.write(10, c, value)
    g.claim("total_dials", "20000", "报表!B11", period=p, total=True)
    g.claim("connected", "8540", "报表!C11", period=p, total=True)
    g.claim("conversions", "360", "报表!D11", period=p, total=True)
    book.save(str(folder / "report.xls"))
    return g


# ---------------------------------------------------------------- PDF helpers


def _pdf_doc(path: Path, story: list[Any], **kw: Any) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        topMargin=50,
        bottomMargin=50,
        leftMargin=50,
        rightMargin=50,
        title="vendor report",
        author="vendor",
        creator="vendor",
        **kw,
    )
    doc.build(story, canvasmaker=_fixed_canvas())


def _fixed_canvas() -> Any:
    from reportlab.pdfgen import canvas

    class Fixed(canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)

    return Fixed


def _fonts() -> tuple[str, str]:
    """A CJK font (built-in CID font, no files needed) and a font with Cyrillic (DejaVu when present)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cyr = "STSong-Light"
    for candidate in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf"):
        if Path(candidate).exists():
            pdfmetrics.registerFont(TTFont("DejaVu", candidate))
            cyr = "DejaVu"
            break
    return "STSong-Light", cyr


def _para(text: str, font: str, size: int = 10) -> Any:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    return Paragraph(text, ParagraphStyle("p", fontName=font, fontSize=size, leading=size + 6))


def _ruled(
    data: list[list[str]], font: str, spans: list[tuple[tuple[int, int], tuple[int, int]]] = (), widths: list[float] | None = None
) -> Any:  # type: ignore[assignment]
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(data, colWidths=widths, repeatRows=0)
    style = [
        ("FONT", (0, 0), (-1, -1), font, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ]
    style += [("SPAN", a, b) for a, b in spans]
    table.setStyle(TableStyle(style))
    return table


def _unruled(data: list[list[str]], font: str, widths: list[float]) -> Any:
    from reportlab.platypus import Table, TableStyle

    table = Table(data, colWidths=widths)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 9), ("ALIGN", (1, 0), (-1, -1), "RIGHT")]))
    return table


def layout_zh_pdf_ruled(folder: Path) -> Golden:
    from reportlab.platypus import Spacer

    cjk, _ = _fonts()
    g = Golden(
        "zh_pdf_ruled",
        "report.pdf",
        "zh PDF: title with period, a prose sentence, a ruled metrics-as-columns table per campaign with 合计, a target sentence",
    )
    p = "2026-10"
    story = [
        _para("外呼服务月度报告（2026年10月）", cjk, 14),
        Spacer(1, 12),
        _para("本月共外呼 12,345 次，接通率 45.6%，平均通话时长 2分30秒。", cjk),
        Spacer(1, 12),
        _ruled(
            [
                ["外呼任务", "外呼量", "接通量", "接通率", "意向客户数"],
                ["信用卡", "6,000", "2,800", "46.7%", "300"],
                ["保险", "6,345", "2,829", "44.6%", "210"],
                ["合计", "12,345", "5,629", "45.6%", "510"],
            ],
            cjk,
        ),
        Spacer(1, 12),
        _para("接通率目标不低于 40%。", cjk),
    ]
    g.claim("total_dials", "12345", "p.1", period=p)
    g.claim("connect_rate", "0.456", "p.1", period=p)
    g.claim("avg_effective_talk_s", "150", "p.1", period=p)
    for name, dials, conn, rate, intents in (
        ("信用卡", "6000", "2800", "0.467", "300"),
        ("保险", "6345", "2829", "0.446", "210"),
    ):
        g.claim("total_dials", dials, "p.1", campaign=name, period=p)
        g.claim("connected", conn, "p.1", campaign=name, period=p)
        g.claim("connect_rate", rate, "p.1", campaign=name, period=p)
        g.claim("intents", intents, "p.1", campaign=name, period=p)
    g.claim("total_dials", "12345", "p.1", period=p, total=True)
    g.claim("connected", "5629", "p.1", period=p, total=True)
    g.claim("connect_rate", "0.456", "p.1", period=p, total=True)
    g.claim("intents", "510", "p.1", period=p, total=True)
    g.target("connect_rate", "0.40")
    _pdf_doc(folder / "report.pdf", story)
    return g


def layout_en_pdf_unruled(folder: Path) -> Golden:
    from reportlab.platypus import Spacer

    g = Golden(
        "en_pdf_unruled",
        "report.pdf",
        "en PDF without rules: aligned label/value lines, an unruled per-period table, a prose sentence",
    )
    font = "Helvetica"
    story = [
        _para("Vendor performance report - October 2026", font, 14),
        Spacer(1, 10),
        _unruled(
            [
                ["Dial attempts", "12,000"],
                ["Contact rate", "45.2 %"],
                ["Average talk time", "2.5 min"],
                ["Cost per lead", "$ 3.20"],
                ["Agent utilisation", "87%"],
            ],
            font,
            [200, 100],
        ),
        Spacer(1, 16),
        _unruled(
            [["Period", "Dials", "Connect rate"], ["2026-09", "11,500", "43.0%"], ["2026-10", "12,000", "45.2%"]],
            font,
            [120, 100, 100],
        ),
        Spacer(1, 16),
        _para("We placed 12,000 calls and the conversion rate was 3.5% this month.", font),
    ]
    p = "2026-10"
    g.claim("total_dials", "12000", "p.1", period=p)
    g.claim("connect_rate", "0.452", "p.1", period=p)
    g.claim("avg_effective_talk_s", "150", "p.1", period=p)
    g.claim("cost_per_lead", "3.20", "p.1", period=p)
    g.unmatched.append("Agent utilisation")
    g.claim("total_dials", "11500", "p.1", period="2026-09")
    g.claim("connect_rate", "0.43", "p.1", period="2026-09")
    g.claim("total_dials", "12000", "p.1", period="2026-10")
    g.claim("connect_rate", "0.452", "p.1", period="2026-10")
    g.claim("total_dials", "12000", "p.1", period=p)
    g.claim("conversion_rate", "0.035", "p.1", period=p)
    _pdf_doc(folder / "report.pdf", story)
    return g


def layout_ru_pdf_multipage(folder: Path) -> Golden:
    from reportlab.platypus import Spacer

    _, cyr = _fonts()
    g = Golden(
        "ru_pdf_multipage",
        "report.pdf",
        "ru PDF: a ruled per-agent table that runs over two pages (header on page 1 only) and ends with Итого",
    )
    p = "2026-10"
    rows = [["Оператор", "Всего звонков", "Дозвонов", "Доля дозвонов"]]
    total_d = total_c = 0
    for i in range(1, 61):
        dials, conn = 100 + i * 3, 40 + i
        total_d, total_c = total_d + dials, total_c + conn
        rate = f"{conn / dials * 100:.1f}".replace(".", ",") + " %"
        rows.append([f"Оператор {i:02d}", f"{dials}", f"{conn}", rate])
        page = "p.1" if i <= 40 else "p.2"
        g.claim("total_dials", str(dials), page, agent=f"Оператор {i:02d}", period=p)
        g.claim("connected", str(conn), page, agent=f"Оператор {i:02d}", period=p)
        g.claim("connect_rate", str(round(conn / dials, 3)), page, agent=f"Оператор {i:02d}", period=p)
    rate = f"{total_c / total_d * 100:.1f}".replace(".", ",") + " %"
    rows.append(["Итого", f"{total_d:,}".replace(",", " "), f"{total_c:,}".replace(",", " "), rate])
    g.claim("total_dials", str(total_d), "p.2", period=p, total=True)
    g.claim("connected", str(total_c), "p.2", period=p, total=True)
    g.claim("connect_rate", str(round(total_c / total_d, 3)), "p.2", period=p, total=True)
    story = [_para("Отчёт по операторам за октябрь 2026", cyr, 14), Spacer(1, 10), _ruled(rows, cyr, widths=[150, 100, 100, 100])]
    _pdf_doc(folder / "report.pdf", story)
    return g


def layout_zh_pdf_prose(folder: Path) -> Golden:
    from reportlab.platypus import Spacer

    cjk, _ = _fonts()
    g = Golden("zh_pdf_prose", "report.pdf", "zh PDF of sentences only: counts, %, 万, approximate (约), seconds, mm:ss, money")
    p = "2026-10"
    lines = [
        "外呼服务总结 2026年10月",
        "一、本月共外呼 4.08万 次，其中接通 1.7万 次，接通率 41.7%。",
        "二、有效接通率为 62.3%，平均通话时长 150s，平均有效通话时长 00:03:05。",
        "三、意向客户数 约 2,100 人，转化率 5.6%，投诉率 0.4%。",
        "四、本月服务费用约 4.08万元。",
        "第 1 页",
    ]
    story: list[Any] = []
    for line in lines:
        story += [_para(line, cjk, 12 if line.startswith("外呼") else 10), Spacer(1, 6)]
    g.claim("total_dials", "40800", "p.1", period=p)
    g.claim("connected", "17000", "p.1", period=p)
    g.claim("connect_rate", "0.417", "p.1", period=p)
    g.claim("effective_connect_rate", "0.623", "p.1", period=p)
    g.claim("avg_effective_talk_s", "150", "p.1", period=p)
    g.claim("avg_effective_talk_s", "185", "p.1", period=p)
    g.claim("intents", "2100", "p.1", period=p, approximate=True)
    g.claim("conversion_rate", "0.056", "p.1", period=p)
    g.claim("complaint_rate", "0.004", "p.1", period=p)
    g.claim("total_cost", "40800", "p.1", period=p, approximate=True)
    _pdf_doc(folder / "report.pdf", story)
    return g


def layout_en_pdf_merged_header(folder: Path) -> Golden:
    from reportlab.platypus import Spacer

    g = Golden(
        "en_pdf_merged_header",
        "report.pdf",
        "en PDF: ruled metrics-as-rows table with a merged two-row header (campaign over Actual | Target), "
        "multi-line label cells",
    )
    font = "Helvetica"
    data = [
        ["Metric", "Retail", "", "Telecom", ""],
        ["", "Actual", "Target", "Actual", "Target"],
        ["Connect rate", "44.1%", ">= 40%", "39.5%", ">= 40%"],
        ["Effective\nconnect rate", "31.0%", "", "28.4%", ""],
        ["Conversion rate", "4.2%", "3.0%", "2.9%", "3.0%"],
        ["Calls made", "9 800", "", "7 450", ""],
    ]
    story = [
        _para("Campaign results, reporting period 2026-10-01 to 2026-10-31", font, 12),
        Spacer(1, 10),
        _ruled(data, font, spans=[((1, 0), (2, 0)), ((3, 0), (4, 0)), ((0, 0), (0, 1))]),
    ]
    p = "2026-10"
    for camp in ("Retail", "Telecom"):
        g.claim("connect_rate", {"Retail": "0.441", "Telecom": "0.395"}[camp], "p.1", campaign=camp, period=p)
        g.claim("effective_connect_rate", {"Retail": "0.31", "Telecom": "0.284"}[camp], "p.1", campaign=camp, period=p)
        g.claim("conversion_rate", {"Retail": "0.042", "Telecom": "0.029"}[camp], "p.1", campaign=camp, period=p)
        g.claim("total_dials", {"Retail": "9800", "Telecom": "7450"}[camp], "p.1", campaign=camp, period=p)
        g.target("connect_rate", "0.40")
        g.target("conversion_rate", "0.03", "=")
    _pdf_doc(folder / "report.pdf", story)
    return g


def layout_ru_pdf_label_value(folder: Path) -> Golden:
    from reportlab.platypus import Spacer

    _, cyr = _fonts()
    g = Golden(
        "ru_pdf_label_value",
        "report.pdf",
        "ru PDF: 'label: value' lines, a sentence with space-grouped thousands and comma decimals, roubles, an unknown label",
    )
    p = "2026-10"
    lines = [
        "Отчёт об оказании услуг за октябрь 2026",
        "Всего звонков: 15 230",
        "Доля дозвонов: 38,9 %",
        "Конверсия: 2,7 %",
        "Среднее время разговора: 1 мин 45 сек",
        "Стоимость лида: 410,50 ₽",
        "Смен отработано: 14",
        "За месяц совершено 15 230 звонков, количество жалоб составило 3.",
    ]
    story: list[Any] = []
    for line in lines:
        story += [_para(line, cyr, 12 if line.startswith("Отчёт") else 10), Spacer(1, 4)]
    g.claim("total_dials", "15230", "p.1", period=p)
    g.claim("connect_rate", "0.389", "p.1", period=p)
    g.claim("conversion_rate", "0.027", "p.1", period=p)
    g.claim("avg_effective_talk_s", "105", "p.1", period=p)
    g.claim("cost_per_lead", "410.50", "p.1", period=p)
    g.unmatched.append("Смен отработано")
    g.claim("total_dials", "15230", "p.1", period=p)
    g.claim("complaints", "3", "p.1", period=p)
    _pdf_doc(folder / "report.pdf", story)
    return g


def layout_zh_xlsx_daily(folder: Path) -> Golden:
    from openpyxl import Workbook

    g = Golden(
        "zh_xlsx_daily", "report.xlsx", "zh per-day rows (Excel dates), units in headers (分钟, %), a 目标 row and a 合计 row"
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "日报"
    ws["A1"] = "外呼日报汇总"
    header = ["日期", "外呼量", "接通率(%)", "平均通话时长(分钟)", "成单数"]
    for c, text in enumerate(header, start=1):
        ws.cell(3, c, text)
    days = [(dt.datetime(2026, 10, d), 500 + d * 10, 40 + d / 10, 2.5 + d / 10, d) for d in (1, 2, 3)]
    for r, (day, dials, rate, talk, conv) in enumerate(days, start=4):
        for c, value in enumerate((day, dials, round(rate, 1), round(talk, 1), conv), start=1):
            ws.cell(r, c, value).number_format = "yyyy-mm-dd" if c == 1 else "General"
        period = day.strftime("%Y-%m-%d")
        g.claim("total_dials", str(dials), f"日报!B{r}", period=period)
        g.claim("connect_rate", str(round(round(rate, 1) / 100, 4)), f"日报!C{r}", period=period)
        g.claim("avg_effective_talk_s", str(round(round(talk, 1) * 60, 1)), f"日报!D{r}", period=period)
        g.claim("conversions", str(conv), f"日报!E{r}", period=period)
    for c, value in enumerate(("合计", 1560, 40.2, 2.7, 6), start=1):
        ws.cell(7, c, value)
    g.claim("total_dials", "1560", "日报!B7", total=True)
    g.claim("connect_rate", "0.402", "日报!C7", total=True)
    g.claim("avg_effective_talk_s", "162", "日报!D7", total=True)
    g.claim("conversions", "6", "日报!E7", total=True)
    for c, value in enumerate(("目标", None, 40, None, None), start=1):
        if value is not None:
            ws.cell(8, c, value)
    g.target("connect_rate", "0.40", "=")
    _save_xlsx(wb, folder / "report.xlsx")
    return g


def layout_ru_xlsx_campaign_columns(folder: Path) -> Golden:
    from openpyxl import Workbook

    g = Golden(
        "ru_xlsx_campaign_columns",
        "report.xlsx",
        "ru metrics as rows, campaigns as columns, an Итого column and a План column, numbered metric labels",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Кампании"
    ws["A1"] = "Отчёт за сентябрь 2026"
    for c, text in enumerate(["Показатель", "Кредиты", "Страхование", "Итого", "План"], start=1):
        ws.cell(2, c, text)
    rows = [
        ("1. Всего звонков", [1200, 800, 2000], None),
        ("2. Дозвонов", [540, 360, 900], None),
        ("3. Доля дозвонов, %", ["45,0", "45,0", "45,0"], "40,0"),
        ("4. Конверсия, %", ["5,5", "4,0", "4,9"], "5,0"),
    ]
    ids = {
        "1. Всего звонков": "total_dials",
        "2. Дозвонов": "connected",
        "3. Доля дозвонов, %": "connect_rate",
        "4. Конверсия, %": "conversion_rate",
    }
    p = "2026-09"
    for r, (label, values, plan) in enumerate(rows, start=3):
        ws.cell(r, 1, label)
        for c, value in enumerate(values, start=2):
            ws.cell(r, c, value)
            shown = str(value) if isinstance(value, int) else str(round(float(value.replace(",", ".")) / 100, 4))
            campaign = {2: "Кредиты", 3: "Страхование", 4: None}[c]
            g.claim(ids[label], shown, f"Кампании!{'BCD'[c - 2]}{r}", campaign=campaign, period=p, total=c == 4)
        if plan is not None:
            ws.cell(r, 5, plan)
            g.target(ids[label], str(round(float(plan.replace(",", ".")) / 100, 4)), "=")
    _save_xlsx(wb, folder / "report.xlsx")
    return g


def layout_en_pdf_campaign_sections(folder: Path) -> Golden:
    from reportlab.platypus import Spacer

    g = Golden(
        "en_pdf_campaign_sections",
        "report.pdf",
        "en PDF: 'Campaign: X' headings each followed by a two-column ruled table of label/value rows; a footer",
    )
    font = "Helvetica"
    p = "2026-10"
    story: list[Any] = [_para("Monthly service report, October 2026", font, 14), Spacer(1, 10)]
    for name, dials, rate, aht in (("Retail", "5,400", "47.5%", "00:02:10"), ("Telecom", "3,100", "38.0%", "00:03:05")):
        story += [
            _para(f"Campaign: {name}", font, 11),
            Spacer(1, 4),
            _ruled([["Total calls", dials], ["Contact rate", rate], ["Average handle time", aht]], font, widths=[200, 100]),
            Spacer(1, 12),
        ]
        g.claim("total_dials", dials.replace(",", ""), "p.1", campaign=name, period=p)
        g.claim("connect_rate", str(float(rate.rstrip("%")) / 100), "p.1", campaign=name, period=p)
        h, m, sec = (int(x) for x in aht.split(":"))
        g.claim("avg_effective_talk_s", str(h * 3600 + m * 60 + sec), "p.1", campaign=name, period=p)
    story += [_para("Page 1 of 1", font, 8)]
    _pdf_doc(folder / "report.pdf", story)
    return g


# ---------------------------------------------------------------- files that must be refused


def bad_files(folder: Path) -> None:
    """Scanned (no text layer), encrypted and damaged reports, each refused with a clear message."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    folder.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(folder / "scanned.pdf"), pagesize=A4, invariant=1)
    for i in range(30):  # grey bars where a scan would have its text, but no text objects
        c.setFillGray(0.2 + (i % 3) * 0.1)
        c.rect(60, 780 - i * 20, 300 + (i * 37) % 150, 9, stroke=0, fill=1)
    c.showPage()
    c.save()
    c = canvas.Canvas(str(folder / "encrypted.pdf"), pagesize=A4, invariant=1, encrypt="vendor-secret")
    c.drawString(72, 760, "Connect rate 45.6%")
    c.showPage()
    c.save()
    whole = (ROOT / "fixtures" / "reports" / "zh_pdf_ruled" / "report.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    (folder / "not_a_zip.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 64 + b"damaged workbook")
    # an Office-encrypted workbook is an OLE compound file, not a zip: the header is what readers see
    (folder / "encrypted.xlsx").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504)


LAYOUTS: list[Callable[[Path], Golden]] = [
    layout_zh_xlsx_label_value,
    layout_en_xlsx_metrics_columns,
    layout_ru_xlsx_agents,
    layout_en_xlsx_metrics_rows,
    layout_zh_xls_legacy,
    layout_zh_pdf_ruled,
    layout_en_pdf_unruled,
    layout_ru_pdf_multipage,
    layout_zh_pdf_prose,
    layout_en_pdf_merged_header,
    layout_ru_pdf_label_value,
    # written after the reader, to see how it does on layouts it was not built against
    layout_zh_xlsx_daily,
    layout_ru_xlsx_campaign_columns,
    layout_en_pdf_campaign_sections,
]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for layout in LAYOUTS:
        name = layout.__name__.removeprefix("layout_")
        folder = OUT / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        golden = layout(folder)
        golden.write(folder)
        print(f"wrote {folder.relative_to(ROOT)} ({len(golden.claims)} claims)")
    bad_files(OUT / "bad")
    print(f"wrote {(OUT / 'bad').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
