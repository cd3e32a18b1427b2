"""Generators for fixtures/: the hand-computed table in every canonical file shape, and an end-to-end case.

Called by scripts/make_fixtures.py. Deterministic: same input, same files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml
from openpyxl import Workbook

from auditor.demo.build import DISPOSITION_ZH

ZH = {
    "call_id": "通话ID",
    "start_time": "开始时间",
    "phone": "被叫号码",
    "campaign": "外呼任务",
    "agent_id": "坐席工号",
    "disposition": "呼叫结果",
    "talk_s": "通话时长(秒)",
    "outcome": "业务结果",
    "complaint": "是否投诉",
    "opt_out": "是否退订",
    "follow_up": "是否跟进",
    "resolved": "是否解决",
    "csat_score": "满意度",
    "revenue": "成交金额",
}


def hand_table(root: Path) -> pd.DataFrame:
    case = yaml.safe_load((root / "metrics" / "hand_computed.yaml").read_text(encoding="utf-8"))["cases"][
        "twenty_calls_two_campaigns"
    ]
    return pd.DataFrame(case["rows"], columns=case["columns"]).astype(str)


def canonical_variants(root: Path) -> list[Path]:
    """The same 20 calls as UTF-8, UTF-8-BOM ';', GB18030 tab with Chinese headers, XLSX with a title block, Parquet."""
    frame = hand_table(root)
    folder = root / "records" / "canonical"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    path = folder / "hand_utf8_comma.csv"
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    written.append(path)
    path = folder / "hand_utf8bom_semicolon.csv"
    frame.to_csv(path, index=False, sep=";", encoding="utf-8-sig", lineterminator="\r\n")
    written.append(path)
    path = folder / "hand_gb18030_tab_chinese_headers.csv"
    zh = frame.rename(columns=ZH)
    zh["呼叫结果"] = zh["呼叫结果"].map(DISPOSITION_ZH)
    zh.to_csv(path, index=False, sep="\t", encoding="gb18030", lineterminator="\n")
    written.append(path)
    path = folder / "hand_shuffled_columns_title_rows.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "话单"
    ws.append(["外呼话单导出"])
    ws.append(["导出时间", "2026-11-01 08:00"])
    ws.append([])
    shuffled = frame[list(reversed(frame.columns))]
    ws.append(list(shuffled.columns))
    for row in shuffled.itertuples(index=False):
        ws.append(list(row))
    wb.save(path)
    written.append(path)
    path = folder / "hand.parquet"
    frame.to_parquet(path, index=False)
    written.append(path)
    return written


def end_to_end(root: Path) -> list[Path]:
    """fixtures/e2e/hand: the 20 calls plus a report whose conversion rate is inflated and connect rate uses valid dials."""
    folder = root / "e2e" / "hand"
    folder.mkdir(parents=True, exist_ok=True)
    calls = folder / "calls.csv"
    hand_table(root).to_csv(calls, index=False, encoding="utf-8", lineterminator="\n")
    report = folder / "report.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    ws.append(["Vendor monthly report", None])
    ws.append(["Reporting period", "2026-10-01 to 2026-10-31"])
    rows = [
        ("Total dials", 20, "#,##0"),  # honest: 20
        ("Connect rate", 0.625, "0.0%"),  # 10/16: over valid dials, the contract binds 10/20
        ("Effective connect rate", 0.7, "0.0%"),  # honest: 7/10
        ("Conversion rate", 0.4, "0.0%"),  # inflated: records give 2/7 = 28.6 %
        ("Average talk time", "67.9 s", None),  # plain ATT 679/10, labelled as such
        ("Uptime", "99.9%", None),  # claimed-only
    ]
    for label, value, number_format in rows:
        ws.append([label, value])
        if number_format:
            ws.cell(row=ws.max_row, column=2).number_format = number_format
    wb.save(report)
    engagement = folder / "engagement.yaml"
    engagement.write_text("name: hand-computed example\ntimezone: Asia/Shanghai\nperiod: 2026-10\n", encoding="utf-8")
    return [calls, report, engagement]


def generate_all(root: Path) -> list[Path]:
    return [*canonical_variants(root), *end_to_end(root)]
