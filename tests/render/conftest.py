"""Results the renderer tests share: the demo audit, and a small hand-built result full of phone numbers."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from auditor.findings import Category, Finding, InputFile, Severity, number_findings
from auditor.location import SourceRef
from auditor.reports.model import ClaimedFigure, UnmatchedFigure
from auditor.result import AuditResult
from auditor.scope import Scope
from auditor.units import Unit

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "render" / "phones.json"


@pytest.fixture(scope="session")
def demo_result() -> AuditResult:
    """The bundled demo audit (a vendor report that inflates some figures), run once per session."""
    from auditor import api
    from auditor.demo import bundled_data

    data = bundled_data()
    return api.audit(calls=data["calls"], reports=[data["report"]], engagement=data["engagement"])


def phone_cases() -> dict[str, Any]:
    """Phone numbers planted in a result, and where (``fixtures/render/phones.json``, from scripts/make_render_fixtures.py)."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture
def phone_result() -> AuditResult:
    """A result whose messages, evidence, sources, warnings and unmatched figures all carry phone numbers."""
    cases = phone_cases()
    phones = cases["phones"]
    src = SourceRef(file="calls.csv", row=12, column="phone", text=phones["mobile"])
    findings = [
        Finding(
            rule="calls-outside-window",
            category=Category.COMPLIANCE,
            severity=Severity.HIGH,
            message=cases["message"].format(**phones),
            evidence={
                "phone": phones["mobile"],
                "numbers": [phones["mobile_2"], phones["international"]],
                "called": int(phones["mobile_3"]),
                "examples": [{"call_id": "c-1", "phone": phones["mobile_4"], "start_time": "2026-10-03 22:10:00+08:00"}],
                "note": cases["note"].format(**phones),
                "count": 5,
            },
            sources=(src,),
        ),
        Finding(
            rule="claim-mismatch",
            category=Category.DISCREPANCY,
            severity=Severity.MEDIUM,
            message="接通率 claimed 58.0% but the call records give 41.00 % (4,100 / 10,000 = connected/total_dials).",
            metric="connect_rate",
            scope=Scope(period="2026-10"),
            claimed=0.58,
            recomputed=0.41,
            evidence={
                "claim": {
                    "label": "接通率",
                    "raw_text": "58.0%",
                    "value": 0.58,
                    "unit": "ratio",
                    "source": {"file": "report.xlsx", "sheet": "汇总", "cell": "B7", "page": None, "text": "接通率 58.0%"},
                },
                "delta": 0.17,
                "delta_rel": 0.4146,
                "favours_vendor": True,
            },
            sources=(SourceRef(file="report.xlsx", sheet="汇总", cell="B7", text="接通率 58.0%"),),
        ),
    ]
    claim = ClaimedFigure(
        metric="connect_rate",
        value=Decimal("0.58"),
        unit=Unit.RATIO,
        scope=Scope(period="2026-10"),
        raw_text="58.0%",
        source=SourceRef(file="report.xlsx", sheet="汇总", cell="B7"),
        label="接通率",
        half_width=Decimal("0.0005"),
    )
    return AuditResult(
        inputs=(InputFile(path="calls.csv", kind="calls", sha256="0" * 64),),
        claims=(claim,),
        unmatched=(
            UnmatchedFigure(
                label="客服热线", raw_text=phones["landline"], source=SourceRef(file="report.xlsx", sheet="汇总", cell="B40")
            ),
        ),
        findings=number_findings(findings),
        warnings=(cases["warning"].format(**phones),),
        engagement={
            "name": "phones",
            "scenario": "marketing",
            "timezone": "Asia/Shanghai",
            "period": "2026-10",
            "effective_threshold_s": 30.0,
        },
        calls_count=10_000,
        comparisons=(
            {
                "metric": "connect_rate",
                "label": "接通率",
                "scope": {"campaign": None, "agent_id": None, "period": "2026-10"},
                "claimed": 0.58,
                "claimed_text": "58.0%",
                "unit": "ratio",
                "recomputed": 0.41,
                "numerator": 4100,
                "denominator": 10000,
                "definition": "connected/total_dials",
                "status": "matches_none",
                "matching_definitions": [],
                "reason": None,
                "source": {"file": "report.xlsx", "page": None, "sheet": "汇总", "cell": "B7", "text": "接通率 58.0%"},
            },
        ),
    )
