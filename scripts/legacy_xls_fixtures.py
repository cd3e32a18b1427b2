"""Write the legacy .xls text cases: fixtures/legacy_xls/<case>.xls and cases.yaml (what each must read as).

Chinese systems write BIFF8 workbooks whose strings are GBK bytes under a CODEPAGE of 1252, or with no
CODEPAGE record at all (the ccms_vicidial_cn exports); Western ones write Latin-1 text under 1252; xlwt
writes proper UTF-16 under 1200. Each case holds a sheet name and a few cells, and cases.yaml says what
the text must read as and whether the reader must say it re-read the text as GBK.
Deterministic. Needs the test extra (xlwt): python scripts/legacy_xls_fixtures.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fixtures" / "legacy_xls"


def _workbook(codepage: int | None) -> Any:
    import xlwt

    class Workbook(xlwt.Workbook):  # type: ignore[misc]
        def _Workbook__codepage_rec(self) -> bytes:  # xlwt writes 1200; a real export may say 1252 or nothing
            return b"" if codepage is None else struct.pack("<HHH", 0x0042, 2, codepage)

    return Workbook(encoding="latin-1") if codepage != 1200 else xlwt.Workbook(encoding="utf-8")


def _as_gbk_bytes(text: str) -> str:
    """Chinese text as GBK bytes in xlwt's 8-bit (compressed) string form, as the Chinese exporters write it."""
    return text.encode("gbk").decode("latin-1")


CASES: list[dict[str, Any]] = [
    {
        "case": "gbk_cp1252",
        "codepage": 1252,
        "gbk": True,
        "sheet": "坐席话务统计",
        "cells": ["坐席话务统计报表", "工号", "呼出总计", "呼出未接通", "平均通话时长", "合计", "8001", "00:02:30", "45%"],
        "read_as_gbk": True,
    },
    {
        "case": "gbk_no_codepage",
        "codepage": None,
        "gbk": True,
        "sheet": "外呼日报",
        "cells": [
            "外呼数据日报汇总（2026年12月上旬）",
            "日期",
            "外呼量",
            "接通量",
            "未接通量",
            "接通率",
            "平均通话时长(秒)",
            "成单",
        ],
        "read_as_gbk": True,
    },
    {
        "case": "latin1_cp1252",
        "codepage": 1252,
        "gbk": False,
        "sheet": "Productividad",
        "cells": ["María García", "José Núñez", "Llamadas", "No contestadas", "% Contacto", "T. medio conversación", "Año", "Sí"],
        "read_as_gbk": False,
    },
    {
        "case": "latin1_no_codepage",
        "codepage": None,
        "gbk": False,
        "sheet": "Relatório",
        "cells": ["Não Atendidas", "Ligações", "Duração média", "Operação", "João Ribeiro", "Conversão"],
        "read_as_gbk": False,
    },
    {
        "case": "utf16_chinese",
        "codepage": 1200,
        "gbk": False,
        "sheet": "坐席绩效",
        "cells": ["坐席绩效报表", "工号", "通话时长", "平均通话时长", "合计"],
        "read_as_gbk": False,
    },
    {
        "case": "ascii_only",
        "codepage": 1252,
        "gbk": False,
        "sheet": "Summary",
        "cells": ["Calls placed", "Connected", "Total"],
        "read_as_gbk": False,
    },
]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        book = _workbook(case["codepage"])
        encode = _as_gbk_bytes if case["gbk"] else str
        sheet = book.add_sheet(encode(case["sheet"]))
        for r, text in enumerate(case["cells"]):
            sheet.write(r, 0, encode(text))
            sheet.write(r, 1, r * 10)
        book.save(str(OUT / f"{case['case']}.xls"))
        print(f"wrote fixtures/legacy_xls/{case['case']}.xls")
    data = [{k: v for k, v in case.items() if k not in ("gbk",)} for case in CASES]
    header = "# Legacy .xls text cases written by scripts/legacy_xls_fixtures.py: what each workbook's text must read as.\n"
    (OUT / "cases.yaml").write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
