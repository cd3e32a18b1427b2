"""Honest data gives no finding at medium or above outside the threshold category (issue 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import api
from auditor.findings import Category, Severity
from tests.honest import HONEST_CASES, HonestCase, build_honest


@pytest.mark.parametrize("case", HONEST_CASES, ids=lambda c: c.name)
def test_honest_audit_has_no_medium_or_worse_finding(case: HonestCase, tmp_path: Path) -> None:
    files = build_honest(case, tmp_path)
    result = api.audit(calls=files["calls"], reports=[files["report"]], engagement=files["engagement"])
    assert result.rule_errors == ()
    assert len(result.claims) > 40  # the report was read: summary, campaigns and days
    loud = [
        f"[{f.severity.value}] {f.rule}: {f.message}"
        for f in result.findings
        if f.severity >= Severity.MEDIUM and f.category is not Category.THRESHOLD
    ]
    assert loud == []


@pytest.mark.parametrize("case", HONEST_CASES[:2], ids=lambda c: c.name)
def test_honest_report_alone_is_consistent(case: HonestCase, tmp_path: Path) -> None:
    files = build_honest(case, tmp_path)
    result = api.audit(reports=[files["report"]], engagement=files["engagement"])
    loud = [f"[{f.severity.value}] {f.rule}: {f.message}" for f in result.findings if f.severity >= Severity.MEDIUM]
    assert loud == []


def test_an_edited_total_is_caught_by_the_report_consistency_rules(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    files = build_honest(HONEST_CASES[0], tmp_path)
    wb = load_workbook(files["report"])
    ws = wb["汇总"]
    for row in ws.iter_rows(min_row=1, max_row=30):
        if row[0].value == "外呼总量":
            row[1].value = round(row[1].value * 1.05)  # the headline dial count inflated by 5 %
            break
    wb.save(files["report"])
    result = api.audit(reports=[files["report"]], engagement=files["engagement"])
    rules = {f.rule for f in result.findings if f.severity >= Severity.MEDIUM}
    assert {"report-total-not-sum-of-rows", "report-rate-not-from-its-counts"} <= rules
    rollup = [f for f in result.findings if f.rule == "report-total-not-sum-of-rows"]
    assert {f.evidence["by"] for f in rollup} == {"campaign", "day"}
    assert all(f.sources for f in rollup)
