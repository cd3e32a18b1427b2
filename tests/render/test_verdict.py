"""The verdict says how much was checked, and every output shows the same one (fixtures/verdicts/cases.yaml)."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from auditor.engine.cases import case_claim
from auditor.findings import Category, Finding, InputFile, Severity, number_findings
from auditor.render import render
from auditor.result import AuditResult

CASES_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "verdicts" / "cases.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))["cases"]


def result_of(case: dict[str, Any]) -> AuditResult:
    """A result with the case's claims, comparison statuses, call count, report input and findings."""
    claims = tuple(case_claim({"metric": "total_dials", "value": 100 + i}, "report.xlsx", i) for i in range(case["claims"]))
    statuses = [status for status, n in case["statuses"].items() for _ in range(n)]
    assert len(statuses) == len(claims), f"{case['name']}: statuses must cover every claim"
    reasons = case.get("reasons") or [""]
    comparisons = tuple(
        {
            "metric": c.metric,
            "label": c.label,
            "scope": c.scope.to_dict(),
            "claimed": float(c.value),
            "claimed_text": c.raw_text,
            "unit": c.unit.value,
            "recomputed": None,
            "status": status,
            "matching_definitions": [],
            "reason": reasons[i % len(reasons)] if status == "unverifiable" else None,
            "source": c.source.to_dict(),
        }
        for i, (c, status) in enumerate(zip(claims, statuses, strict=True))
    )
    findings = number_findings(
        [
            Finding(rule=f"r-{category}", category=Category(category), severity=Severity(severity), message=f"{category} {i}")
            for i, (category, severity) in enumerate(case["findings"])
        ]
    )
    reports = case.get("reports", bool(claims))
    inputs = (InputFile(path="report.xlsx", kind="report", sha256="0" * 64),) if reports else ()
    return AuditResult(inputs=inputs, claims=claims, findings=findings, calls_count=case["calls"], comparisons=comparisons)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_verdict_of_each_case(case: dict[str, Any]) -> None:
    verdict = result_of(case).verdict
    expect = case["expect"]
    assert verdict.headline == expect["headline"]
    assert verdict.level == expect["level"]
    if "detail" in expect:
        assert verdict.detail == expect["detail"]
    if "detail_contains" in expect:
        assert expect["detail_contains"] in verdict.detail


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_output_shows_the_same_verdict(case: dict[str, Any]) -> None:
    result = result_of(case)
    verdict = result.verdict
    data = json.loads(render(result, "json"))
    assert data["summary"]["verdict"] == {"headline": verdict.headline, "level": verdict.level, "detail": verdict.detail}
    assert data["summary"]["claim_checks"]["extracted"] == case["claims"]
    statuses = case["statuses"]
    checked = sum(statuses.get(s, 0) for s in ("matches_binding", "matches_variant", "matches_none"))
    assert data["summary"]["claim_checks"]["checked"] == checked
    assert data["summary"]["claim_checks"]["unverifiable"] == statuses.get("unverifiable", 0)
    markdown = render(result, "md").decode("utf-8")
    assert f"**Verdict: {verdict.headline}.**" in markdown
    assert verdict.detail in markdown
    page = html.unescape(render(result, "html").decode("utf-8"))
    assert f'<div class="text">{verdict.headline}</div>' in page
    assert verdict.detail in page
    assert f'data-verdict="{verdict.level}"' in page
    summary = load_workbook(io.BytesIO(render(result, "xlsx")))["Summary"]
    assert (summary["B2"].value, summary["C2"].value) == (verdict.headline, verdict.detail)
    rows = {summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value for r in range(1, summary.max_row + 1)}
    assert rows["Claims read"] == case["claims"]
    assert rows["Checked against the call records"] == checked


def test_nothing_checked_never_reads_as_no_problems_or_not_supported() -> None:
    for case in CASES:
        verdict = result_of(case).verdict
        if verdict.claims.checked == 0:
            assert "No material problems" not in verdict.headline, case["name"]
            assert "not supported" not in verdict.headline, case["name"]
