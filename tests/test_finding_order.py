"""Regression: findings whose scopes mix None and text must sort (the bench's 200k-dial audit crashed here)."""

from __future__ import annotations

from auditor.findings import Category, Finding, Severity, number_findings
from auditor.scope import Scope


def mismatch(scope: Scope) -> Finding:
    return Finding(
        rule="claim-mismatch",
        category=Category.DISCREPANCY,
        severity=Severity.HIGH,
        message="m",
        metric="connect_rate",
        scope=scope,
    )


def test_findings_with_none_and_text_scopes_sort_deterministically() -> None:
    findings = [
        mismatch(Scope(campaign="电商大促", period="2026-10")),
        mismatch(Scope(period="2026-10")),
        mismatch(Scope(campaign="保险续保")),
    ]
    ordered = number_findings(findings)
    expected = [Scope(period="2026-10"), Scope(campaign="保险续保"), Scope(campaign="电商大促", period="2026-10")]
    assert [f.scope for f in ordered] == expected
    assert number_findings(list(reversed(findings))) == ordered
