"""Time report extraction on a large per-agent workbook and a long PDF table.

    python bench/report_extract.py [--agents 5000] [--pages 20]

Writes both files to a temporary folder (reportlab needed for the PDF: the dev extra),
then prints seconds and the number of claims for each.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from auditor.reports import parse_report


def workbook(path: Path, agents: int) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["坐席工号", "外呼量", "接通量", "接通率", "平均通话时长（秒）", "意向客户数", "成单数", "投诉数"])
    for i in range(agents):
        dials = 300 + i % 97
        ws.append([f"A{i:05d}", dials, dials // 2, f"{50 + i % 7 / 10:.1f}%", 90 + i % 60, i % 30, i % 11, i % 3])
    ws.append(["合计", f"=SUM(B2:B{agents + 1})", 0, "50.0%", 100, 0, 0, 0])
    wb.save(path)


def pdf(path: Path, pages: int) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    rows = [["Agent", "Total dials", "Connected", "Connect rate"]]
    rows += [
        [f"Agent {i:04d}", f"{400 + i % 50:,}", f"{200 + i % 40:,}", f"{(200 + i % 40) / (400 + i % 50):.1%}"]
        for i in range(pages * 45)
    ]
    table = Table(rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONT", (0, 0), (-1, -1), "Helvetica", 9)]))
    SimpleDocTemplate(str(path), pagesize=A4).build([table])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, build, size in (("agents.xlsx", workbook, args.agents), ("agents.pdf", pdf, args.pages)):
            path = Path(tmp) / name
            build(path, size)
            start = time.perf_counter()
            extraction = parse_report(path)
            took = time.perf_counter() - start
            print(
                f"{name:12} {size:>6} {'rows' if name.endswith('xlsx') else 'pages'}: {took:6.2f} s, "
                f"{len(extraction.claims):,} claims, {len(extraction.unmatched):,} unmatched"
            )


if __name__ == "__main__":
    main()
