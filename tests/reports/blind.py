"""Measure the readers and the consistency checks on the blind layouts (fixtures/reports/blind/<layout>).

Each golden.yaml there (written by scripts/blind_report_layouts.py) holds, besides the claims that
tests/reports/golden.py scores, the negated counts that must not be read as their positive and the
report-internal inconsistencies planted in the layout.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from auditor.api import audit
from auditor.reports.model import ReportExtraction
from tests.reports.golden import load_golden, where

#: A finding about the report's own figures: these categories (at any severity) may name a planted inconsistency.
CONSISTENCY_CATEGORIES = ("consistency", "plausibility")
#: Severities that accuse the vendor: such a finding on a figure with no planted inconsistency is a false accusation.
ACCUSING = ("critical", "high", "medium")


@dataclass(frozen=True)
class Misread:
    layout: str
    label: str
    printed: str
    where: str
    read_as: str


def negated_misreads(folder: Path, extraction: ReportExtraction) -> list[Misread]:
    """Negated figures (Unanswered, 呼出未接通, Не дозвонились ...) that the extraction reads as their positive."""
    golden = load_golden(folder)
    got = {(c.metric, c.value.normalize(), where(c)) for c in extraction.claims}
    out = []
    for entry in golden.get("negated", []):
        key = (entry["not_metric"], Decimal(str(entry["value"])).normalize(), entry["where"])
        if key in got:
            out.append(Misread(folder.name, entry["label"], entry["printed"], entry["where"], entry["not_metric"]))
    return out


def report_findings(folder: Path) -> list[dict[str, Any]]:
    """The findings of an audit of the report alone (no call records): what its consistency checks say."""
    golden = load_golden(folder)
    result = audit(reports=[folder / golden["file"]])
    return [d for d in (f.to_dict() for f in result.findings) if d["category"] in CONSISTENCY_CATEGORIES]


def _cells(where_text: str) -> list[str]:
    """'Sheet!H4:H7' -> ['Sheet!H4', ..., 'Sheet!H7']; 'Sheet!G10' -> itself; 'p.1' -> itself."""
    m = re.fullmatch(r"(?P<sheet>.+)!(?P<col>[A-Z]+)(?P<a>\d+):(?P=col)(?P<b>\d+)", where_text)
    if not m:
        return [where_text]
    return [f"{m['sheet']}!{m['col']}{r}" for r in range(int(m["a"]), int(m["b"]) + 1)]


def _mentions(finding: dict[str, Any], entry: dict[str, Any]) -> bool:
    text = json.dumps(finding, ensure_ascii=False)
    if entry["where"].startswith("p."):
        page = entry["where"][2:]
        return f'"page": {page}' in text and entry.get("printed", "\0") in text
    for cell in _cells(entry["where"]):
        sheet, ref = cell.rsplit("!", 1)
        if cell in text or (f'"sheet": "{sheet}"' in text and f'"cell": "{ref}"' in text):
            return True
    return False


@dataclass(frozen=True)
class ConsistencyScore:
    layout: str
    found: tuple[dict[str, Any], ...]
    missed: tuple[dict[str, Any], ...]
    false_accusations: tuple[dict[str, Any], ...]  # medium+ consistency findings that name no planted inconsistency


def consistency_score(folder: Path, findings: list[dict[str, Any]]) -> ConsistencyScore:
    planted = load_golden(folder).get("expected_inconsistencies", [])
    found, missed = [], []
    explained: set[int] = set()
    for entry in planted:
        hits = [i for i, f in enumerate(findings) if _mentions(f, entry)]
        (found if hits else missed).append(entry)
        explained.update(hits)
    false = [f for i, f in enumerate(findings) if i not in explained and f["severity"] in ACCUSING]
    return ConsistencyScore(folder.name, tuple(found), tuple(missed), tuple(false))


def loose_recall(folder: Path, extraction: ReportExtraction) -> tuple[int, int]:
    """(golden claims whose metric, value and place are read, whatever the scope; golden claims): label reading alone."""
    golden = load_golden(folder)
    want = Counter((e["metric"], Decimal(str(e["value"])).normalize(), e["where"]) for e in golden["claims"])
    got = Counter((c.metric, c.value.normalize(), where(c)) for c in extraction.claims)
    return sum((want & got).values()), sum(want.values())
