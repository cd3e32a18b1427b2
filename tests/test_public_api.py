"""The public API: what `import auditor` offers, and a library-level audit."""

from __future__ import annotations

import auditor
from tests.conftest import FIXTURES


def test_all_is_sorted_and_importable() -> None:
    assert auditor.__all__ == sorted(auditor.__all__)
    for name in auditor.__all__:
        assert hasattr(auditor, name), name


def test_library_audit_returns_a_result_object() -> None:
    hand = FIXTURES / "e2e" / "hand"
    result = auditor.audit(calls=hand / "calls.csv", reports=[hand / "report.xlsx"], engagement=hand / "engagement.yaml")
    assert isinstance(result, auditor.AuditResult)
    assert result.exit_code(auditor.Severity.HIGH) == 1
    assert result.metrics.get("connect_rate").value == 0.5
    assert any(f.metric == "conversion_rate" and f.severity is auditor.Severity.HIGH for f in result.findings)
    assert [f.id for f in result.findings] == [f"F{i:04d}" for i in range(1, len(result.findings) + 1)]
    assert list(result.findings) == sorted(result.findings, key=auditor.Finding.sort_key)
