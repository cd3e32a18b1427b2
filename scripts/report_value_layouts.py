"""Write the report layouts that test how figures and periods are read, whatever the labels:
fixtures/reports/<layout>/report.{pdf,xlsx,xls} + golden.yaml (the format of scripts/report_fixtures.py).

* en_pdf_eu_marks_prose: an English report printed with European marks (``14.698`` calls, ``46,4 %``),
  an issue date above the title, justified prose whose labels and figures break over lines;
* zh_pdf_prose_justified: Chinese justified prose where ``2分46秒`` and ``约4.08万元`` break over lines,
  the submission date (报送日期) printed before the title;
* en_xlsx_relative_months: "This month / Previous month / Change" columns under a title whose month is
  the report's, with an issue date on the line above it;
* en_xls_us_week_daily: a legacy .xls with a US week range and US day rows that are all ambiguous
  (11/02/2026 .. 11/08/2026): the range makes it a week in November, and each row a day of it.

Deterministic (fixed document dates, no randomness). Needs the test extra (reportlab, xlwt):
python scripts/report_value_layouts.py
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_fixtures import OUT, ROOT, Golden, _fonts, _save_xlsx  # noqa: E402

PAGE_W, PAGE_H, MARGIN = 595.0, 842.0, 50.0
WIDTH = PAGE_W - 2 * MARGIN


def _canvas(path: Path) -> Any:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle("vendor report")
    c.setAuthor("vendor")
    c.setCreator("vendor")
    return c


def _justified(c: Any, lines: list[str], font: str, size: float, y: float) -> float:
    """Draw a paragraph already broken into ``lines``: every line but the last stretched to the right
    margin with a little letter spacing (as a word processor justifies), the last one left as it is."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for i, line in enumerate(lines):
        natural = stringWidth(line, font, size)
        assert natural <= WIDTH, f"line too long ({natural:.0f} > {WIDTH:.0f}): {line}"
        text = c.beginText(MARGIN, y)
        text.setFont(font, size)
        if i < len(lines) - 1:
            spacing = (WIDTH - natural) / max(len(line) - 1, 1)
            assert spacing < 1.0, f"line too short to justify ({natural:.0f} of {WIDTH:.0f}): {line}"
            text.setCharSpace(spacing)
        text.textLine(line)
        c.drawText(text)
        y -= size * 1.5
    return y


def _line(c: Any, text: str, font: str, size: float, y: float, x: float = MARGIN) -> float:
    c.setFont(font, size)
    c.drawString(x, y, text)
    return y - size * 1.8


def _ruled_table(c: Any, rows: list[list[str]], widths: list[float], font: str, size: float, y: float) -> float:
    """A table with every cell ruled; text right-aligned except the first column."""
    height = size * 1.8
    x_edges = [MARGIN]
    for w in widths:
        x_edges.append(x_edges[-1] + w)
    c.setLineWidth(0.5)
    for r, row in enumerate(rows):
        top = y - r * height
        for k, cell in enumerate(row):
            c.rect(x_edges[k], top - height, widths[k], height)
            c.setFont(font, size)
            if k == 0:
                c.drawString(x_edges[k] + 3, top - height + size * 0.55, cell)
            else:
                c.drawRightString(x_edges[k + 1] - 3, top - height + size * 0.55, cell)
    return y - len(rows) * height - size


def layout_en_pdf_eu_marks_prose(folder: Path) -> Golden:
    g = Golden(
        "en_pdf_eu_marks_prose",
        "report.pdf",
        "English report with European marks (14.698 calls, 46,4 %), issue date above the title, justified prose "
        "whose labels and figures break over lines, a ruled campaign table, a generation footer",
    )
    c = _canvas(folder / "report.pdf")
    y = PAGE_H - MARGIN
    y = _line(c, "Issued: 03.11.2026    Vendor: Northlake Contact GmbH", "Helvetica", 9, y)
    y = _line(c, "Monthly report October 2026", "Helvetica-Bold", 14, y - 4)
    y = _justified(
        c,
        [
            "In October the team placed 14.698 calls to the client's leads across both of the campaigns. Live connects:",
            "6.817, a contact rate of 46,4 %. The average talk time was 2 min 41 s and closed sales for the month reached",
            "1.205, with a conversion rate of 17,7 % over the live connects.",
        ],
        "Helvetica",
        10,
        y - 6,
    )
    rows = [
        ["Campaign", "Calls placed", "Live connects", "Contact rate", "Closed sales"],
        ["Retention", "7.312", "3.402", "46,5 %", "612"],
        ["Upsell", "7.386", "3.415", "46,2 %", "593"],
        ["Total", "14.698", "6.817", "46,4 %", "1.205"],
    ]
    y = _ruled_table(c, rows, [130, 90, 90, 90, 90], "Helvetica", 9, y - 10)
    _line(c, "Generated on 04.11.2026 08:15", "Helvetica", 8, MARGIN)
    c.showPage()
    c.save()
    p = "2026-10"
    for metric, value in (
        ("total_dials", "14698"),
        ("connected", "6817"),
        ("connect_rate", "0.464"),
        ("avg_effective_talk_s", "161"),
        ("conversions", "1205"),
        ("conversion_rate", "0.177"),
    ):
        g.claim(metric, value, "p.1", period=p)
    for name, dials, conn, rate, sales in rows[1:3]:
        g.claim("total_dials", dials.replace(".", ""), "p.1", campaign=name, period=p)
        g.claim("connected", conn.replace(".", ""), "p.1", campaign=name, period=p)
        g.claim("connect_rate", str(float(rate.replace(" %", "").replace(",", ".")) / 100), "p.1", campaign=name, period=p)
        g.claim("conversions", sales, "p.1", campaign=name, period=p)
    g.claim("total_dials", "14698", "p.1", period=p, total=True)
    g.claim("connected", "6817", "p.1", period=p, total=True)
    g.claim("connect_rate", "0.464", "p.1", period=p, total=True)
    g.claim("conversions", "1205", "p.1", period=p, total=True)
    return g


def layout_zh_pdf_prose_justified(folder: Path) -> Golden:
    cjk, _ = _fonts()
    g = Golden(
        "zh_pdf_prose_justified",
        "report.pdf",
        "zh justified prose: 2分46秒 and 约4.08万元 broken over lines, the submission date (报送日期) above the title",
    )
    c = _canvas(folder / "report.pdf")
    y = PAGE_H - MARGIN
    y = _line(c, "报送日期：2026年11月3日", cjk, 9, y)
    y = _line(c, "2026年10月外呼服务月报", cjk, 14, y - 4)
    y = _justified(
        c,
        [
            "一、总体情况：本月共外呼11,761通，其中接通4,928通，接通率41.9%，平均通话时长2",
            "分46秒；有效接通率62.4%，转化率8.9%，投诉率0.4%，本月的外呼服务费用合计约",
            "4.08万元。",
        ],
        cjk,
        13,
        y - 6,
    )
    c.showPage()
    c.save()
    p = "2026-10"
    g.claim("total_dials", "11761", "p.1", period=p)
    g.claim("connected", "4928", "p.1", period=p)
    g.claim("connect_rate", "0.419", "p.1", period=p)
    g.claim("avg_effective_talk_s", "166", "p.1", period=p)
    g.claim("effective_connect_rate", "0.624", "p.1", period=p)
    g.claim("conversion_rate", "0.089", "p.1", period=p)
    g.claim("complaint_rate", "0.004", "p.1", period=p)
    g.claim("total_cost", "40800", "p.1", period=p, approximate=True)
    return g


def layout_en_xlsx_relative_months(folder: Path) -> Golden:
    from openpyxl import Workbook

    g = Golden(
        "en_xlsx_relative_months",
        "report.xlsx",
        "This month / Previous month / Change columns; the month from the title, not from the issue date above it",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws["A1"] = "Client: Northbridge Financial    Issued: 03 Dec 2026"
    ws["A2"] = "Outbound performance - November 2026"
    ws.append([])
    ws.append(["Metric", "This month", "Previous month", "Change"])
    rows: list[tuple[str, object, object, str]] = [
        ("Calls placed", 15281, 11248, "+35.9%"),
        ("Live connects", 7778, 4314, "+80.3%"),
        ("Contact rate", "50.9%", "38.4%", "+12.5 pp"),
        ("Closed sales", 323, 251, "+28.7%"),
        ("Complaints", 4, 6, "-2"),
    ]
    for row in rows:
        ws.append(list(row))
    _save_xlsx(wb, folder / "report.xlsx")
    metrics = {
        "Calls placed": "total_dials",
        "Live connects": "connected",
        "Contact rate": "connect_rate",
        "Closed sales": "conversions",
        "Complaints": "complaints",
    }
    for r, (label, this, previous, _) in enumerate(rows, start=5):
        metric = metrics[label]

        def value(v: object) -> str:
            return str(float(v[:-1]) / 100) if isinstance(v, str) else str(v)

        g.claim(metric, value(this), f"Summary!B{r}", period="2026-11")
        g.claim(metric, value(previous), f"Summary!C{r}", period="2026-10")
    g.unmatched += [f"{label} (Change)" for label, *_ in rows if label != "Contact rate"]  # +12.5 pp is no figure
    return g


def layout_en_xls_us_week_daily(folder: Path) -> Golden:
    import xlwt

    g = Golden(
        "en_xls_us_week_daily",
        "report.xls",
        "legacy .xls: a US week range and US day rows that are all ambiguous (11/02/2026 .. 11/08/2026), a print date",
    )
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Daily")
    sheet.write(0, 0, "Daily dialer summary")
    sheet.write(1, 0, "Date range: 11/02/2026 - 11/08/2026")
    sheet.write(2, 0, "Printed 11/09/2026 07:00")
    header = ["Date", "Calls placed", "Live connects", "Contact rate", "Closed sales"]
    for k, text in enumerate(header):
        sheet.write(4, k, text)
    days = [
        ("11/02/2026", 812, 371, 41),
        ("11/03/2026", 790, 352, 38),
        ("11/04/2026", 845, 402, 45),
        ("11/05/2026", 803, 377, 40),
        ("11/06/2026", 768, 333, 35),
        ("11/07/2026", 402, 188, 19),
        ("11/08/2026", 0, 0, 0),
    ]
    week = "2026-11-02..2026-11-08"
    for i, (day, dials, conn, sales) in enumerate(days, start=5):
        rate = f"{conn / dials:.1%}" if dials else "0.0%"
        for k, value in enumerate((day, dials, conn, rate, sales)):
            sheet.write(i, k, value)
        iso = f"2026-11-{day[3:5]}"
        g.claim("total_dials", str(dials), f"Daily!B{i + 1}", period=iso)
        g.claim("connected", str(conn), f"Daily!C{i + 1}", period=iso)
        g.claim("connect_rate", str(round(conn / dials, 3)) if dials else "0", f"Daily!D{i + 1}", period=iso)
        g.claim("conversions", str(sales), f"Daily!E{i + 1}", period=iso)
    total = len(days) + 5
    sums = [sum(d[k] for d in days) for k in (1, 2, 3)]
    for k, value in enumerate(("Total", sums[0], sums[1], f"{sums[1] / sums[0]:.1%}", sums[2])):
        sheet.write(total, k, value)
    g.claim("total_dials", str(sums[0]), f"Daily!B{total + 1}", period=week, total=True)
    g.claim("connected", str(sums[1]), f"Daily!C{total + 1}", period=week, total=True)
    g.claim("connect_rate", str(round(sums[1] / sums[0], 3)), f"Daily!D{total + 1}", period=week, total=True)
    g.claim("conversions", str(sums[2]), f"Daily!E{total + 1}", period=week, total=True)
    book.save(str(folder / "report.xls"))
    return g


LAYOUTS: list[Callable[[Path], Golden]] = [
    layout_en_pdf_eu_marks_prose,
    layout_zh_pdf_prose_justified,
    layout_en_xlsx_relative_months,
    layout_en_xls_us_week_daily,
]


def main() -> int:
    import shutil

    for layout in LAYOUTS:
        name = layout.__name__.removeprefix("layout_")
        folder = OUT / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        golden = layout(folder)
        golden.write(folder)
        print(f"wrote {folder.relative_to(ROOT)} ({len(golden.claims)} claims)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
