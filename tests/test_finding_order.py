"""Regression: findings whose scopes mix None and text must sort (the bench's 200k-dial audit crashed here)."""

from __future__ import annotations

from auditor.findings import Category, Finding, Severity, number_findings
from auditor.scope import Scope


def test_findings_with_none_and_text_scopes_sort_deterministically() -> None:
    make = lambda scope: Finding(rule="claim-mismatch", category=Category.DISCREPANCY, severity=Severity.HIGH,  # noqa: E731
                                 message="m", metric="connect_rate", scope=scope)
    findings = [make(Scope(campaign="电商大促", period="2026-10")), make(Scope(period="2026-10")), make(Scope(campaign="保险续保"))]
    ordered = number_findings(findings)
    assert [f.scope for f in ordered] == [Scope(period="2026-10"), Scope(campaign="保险续保"), Scope(campaign="电商大促", period="2026-10")]
    assert number_findings(list(reversed(findings))) == ordered
