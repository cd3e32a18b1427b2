"""The review workbook (XLSX), the CSV and the JSON plan sidecar of a drawn sample.

The Sample sheet has one row per call with a dropdown (yes / no / unclear) in each
label column, the Plan sheet the parameters, seed and fingerprint (and the plan as JSON
so ``auditor verify`` can read it back), and the Instructions sheet what reviewers do.
Phone numbers are masked unless asked otherwise. Files are written whole or not at all.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from auditor.atomic import write_all
from auditor.privacy import mask_phone
from auditor.sampling.draw import REVIEW_COLUMNS, Sample
from auditor.sampling.settings import LABELS

ANSWERS = ("yes", "no", "unclear")
PLAN_SHEET, SAMPLE_SHEET, INSTRUCTIONS_SHEET = "Plan", "Sample", "Instructions"
PLAN_JSON_KEY = "plan_json"
_CELL_LIMIT = 32_000
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
_REVIEW_FILL = PatternFill("solid", fgColor="FFF4CC")

INSTRUCTIONS = (
    "How to review (复核说明)",
    "",
    "1. Listen to each recording in the Sample sheet (recording_id; call time, agent and campaign help find it).",
    "2. For each yellow column answer yes, no or unclear from the dropdown; leave it empty if not reviewed.",
    "   effective  = a real conversation with the target person (有效沟通)",
    "   intent     = the person showed clear interest (有意向)",
    "   converted  = the business goal was reached on this call: order, contract, payment, confirmed action (成交)",
    "   compliant  = no script, disclosure or consent breach heard (合规)",
    "   complaint  = the person complained or asked to complain (投诉)",
    "3. Put your name or id in 'reviewer' and anything notable in 'note'. Do not change call_id.",
    "4. With two reviewers, each fills a copy; `auditor verify` measures their agreement and lists disagreements.",
    "5. Keep the Plan sheet: it records the seed and the population fingerprint that make this sample reproducible.",
    "",
    "Then run: auditor verify --sample <this workbook> --reviews <filled workbook(s) or CSV> --report <vendor report>",
)


def sample_table(sample: Sample, mask_phones: bool = True) -> pd.DataFrame:
    """The sample with empty reviewer columns; phones masked unless ``mask_phones`` is False."""
    table = sample.frame.copy()
    if mask_phones:
        table["phone"] = table["phone"].map(lambda v: v if pd.isna(v) else mask_phone(v))
    for column in REVIEW_COLUMNS:
        table[column] = ""
    return table


def csv_bytes(sample: Sample, mask_phones: bool = True) -> bytes:
    """UTF-8 with BOM so spreadsheet programs open Chinese text correctly."""
    return sample_table(sample, mask_phones).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(sample: Sample, mask_phones: bool = True) -> bytes:
    table = sample_table(sample, mask_phones)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SAMPLE_SHEET
    columns = list(table.columns)
    ws.append(columns)
    for row in table.itertuples(index=False):
        ws.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row])
    n = len(table)
    for i, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = _REVIEW_FILL if name in REVIEW_COLUMNS else _HEADER_FILL
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(30, len(name) + 4))
    if n:
        check = DataValidation(
            type="list",
            formula1='"' + ",".join(ANSWERS) + '"',
            allow_blank=True,
            errorTitle="yes / no / unclear",
            error="Choose yes, no or unclear (or leave empty).",
        )
        check.showErrorMessage = True
        ws.add_data_validation(check)
        for name in LABELS:
            letter = get_column_letter(columns.index(name) + 1)
            check.add(f"{letter}2:{letter}{n + 1}")
            for r in range(2, n + 2):
                ws[f"{letter}{r}"].fill = _REVIEW_FILL
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"

    plan_ws = wb.create_sheet(PLAN_SHEET)
    plan = sample.plan
    rows: list[tuple[str, object]] = [
        ("population", plan.settings.population),
        ("population size", plan.population_size),
        ("sample size", plan.sample_size),
        ("confidence", plan.settings.confidence),
        ("tolerable deviation rate", plan.settings.tolerable),
        ("expected deviation rate", plan.settings.expected),
        ("size method", plan.size.method),
        ("allowed deviations", plan.size.allowed_deviations),
        ("strata", ", ".join(plan.settings.strata) or "(none)"),
        ("allocation", plan.settings.allocation),
        ("seed", str(plan.seed)),
        ("population fingerprint (sha256)", plan.fingerprint),
        ("drawn at (UTC)", plan.created),
        ("auditor version", plan.version),
    ]
    plan_ws.append(["key", "value"])
    for key, value in rows:
        plan_ws.append([key, value])
    plan_ws.append([])
    plan_ws.append(["stratum", "population", "sample"])
    for s in plan.strata:
        plan_ws.append([s.stratum, s.population, s.sample])
    plan_ws.append([])
    text = json.dumps(plan.to_dict(), ensure_ascii=False)
    for i in range(0, len(text), _CELL_LIMIT):
        plan_ws.append([PLAN_JSON_KEY, text[i : i + _CELL_LIMIT]])
    plan_ws.column_dimensions["A"].width = 34
    plan_ws.column_dimensions["B"].width = 70
    for cell in plan_ws[1]:
        cell.font = Font(bold=True)

    info = wb.create_sheet(INSTRUCTIONS_SHEET)
    for line in INSTRUCTIONS:
        info.append([line])
    info["A1"].font = Font(bold=True)
    info.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_sample(sample: Sample, dest: Path, *, stem: str = "sample", mask_phones: bool = True) -> list[Path]:
    """Write ``<stem>.xlsx``, ``<stem>.csv`` and ``<stem>.plan.json`` into folder ``dest``; all or nothing."""
    files = {
        dest / f"{stem}.xlsx": xlsx_bytes(sample, mask_phones),
        dest / f"{stem}.csv": csv_bytes(sample, mask_phones),
        dest / f"{stem}.plan.json": sample.plan.to_json().encode("utf-8"),
    }
    return write_all(list(files.items()))
