"""Compare what the readers extract from fixtures/reports/<layout> with its golden.yaml."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from auditor.reports import parse_report
from auditor.reports.model import ClaimedFigure, ReportExtraction

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
BLIND = REPORTS / "blind"  # layouts written without reading the readers (scripts/blind_report_layouts.py)
Key = tuple[str, Decimal, tuple[str | None, str | None, str | None], bool, str]


def layouts(root: Path = REPORTS) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "golden.yaml").is_file())


def load_golden(folder: Path) -> dict[str, Any]:
    return yaml.safe_load((folder / "golden.yaml").read_text(encoding="utf-8"))


def where(claim: ClaimedFigure) -> str:
    src = claim.source
    return f"{src.sheet}!{src.cell}" if src.sheet is not None else f"p.{src.page}"


def claim_key(claim: ClaimedFigure) -> Key:
    s = claim.scope
    return (claim.metric, claim.value.normalize(), (s.campaign, s.agent_id, s.period), claim.is_total, where(claim))


def golden_key(entry: dict[str, Any]) -> Key:
    s = entry["scope"]
    return (
        entry["metric"],
        Decimal(str(entry["value"])).normalize(),
        (s["campaign"], s["agent_id"], s["period"]),
        bool(entry.get("total", False)),
        entry["where"],
    )


@dataclass(frozen=True)
class Score:
    layout: str
    expected: int
    extracted: int
    matched: int
    missing: tuple[Key, ...]
    extra: tuple[Key, ...]

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0


def score(folder: Path) -> tuple[Score, ReportExtraction]:
    golden = load_golden(folder)
    extraction = parse_report(folder / golden["file"])
    want = Counter(golden_key(e) for e in golden["claims"])
    got = Counter(claim_key(c) for c in extraction.claims)
    matched = sum((want & got).values())
    return Score(
        folder.name,
        sum(want.values()),
        sum(got.values()),
        matched,
        tuple(sorted((want - got).elements(), key=str)),
        tuple(sorted((got - want).elements(), key=str)),
    ), extraction
