"""A finding that rests on an assumption (a zone or a direction the records do not state) is at most medium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from auditor.engagement import Engagement, RulesConfig
from auditor.engine.context import AuditContext
from auditor.engine.registry import _KINDS, KindInfo
from auditor.engine.runner import run
from auditor.engine.spec import RuleSpec
from auditor.findings import ASSUMPTIONS, Category, Finding, Severity, capped_for_assumptions


@dataclass(frozen=True, slots=True)
class _Params:
    assumptions: tuple[str, ...] = ()


def _check(rule: RuleSpec[_Params], ctx: AuditContext) -> Iterator[Finding]:
    yield rule.finding("something", evidence={ASSUMPTIONS: list(rule.params.assumptions)} if rule.params.assumptions else {})


@pytest.fixture(autouse=True)
def _assuming_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind that yields one finding listing the rule's assumptions; registered for these tests only."""
    monkeypatch.setitem(_KINDS, "test_assuming", KindInfo(name="test_assuming", check=_check, params=_Params, doc=""))


def _spec(severity: Severity, assumptions: tuple[str, ...]) -> RuleSpec[_Params]:
    return RuleSpec(
        id="assuming-rule",
        title="t",
        category=Category.COMPLIANCE,
        severity=severity,
        kind="test_assuming",
        params=_Params(assumptions),
        rationale="r",
    )


@pytest.mark.parametrize(
    ("severity", "assumptions", "expected"),
    [
        (Severity.CRITICAL, ("time zone assumed",), Severity.MEDIUM),
        (Severity.HIGH, ("direction unknown",), Severity.MEDIUM),
        (Severity.MEDIUM, ("time zone assumed",), Severity.MEDIUM),
        (Severity.LOW, ("time zone assumed",), Severity.LOW),
        (Severity.HIGH, (), Severity.HIGH),
    ],
)
def test_findings_resting_on_assumptions_are_at_most_medium(
    severity: Severity, assumptions: tuple[str, ...], expected: Severity
) -> None:
    findings, errors = run([_spec(severity, assumptions)], AuditContext())
    assert not errors
    assert [f.severity for f in findings] == [expected]
    if expected < severity:
        assert findings[0].evidence["severity_before_cap"] == severity.value


def test_an_engagement_override_does_not_lift_the_cap() -> None:
    engagement = Engagement(rules=RulesConfig(severity={"assuming-rule": "critical"}))
    findings, _ = run([_spec(Severity.LOW, ("time zone assumed",))], AuditContext(engagement=engagement))
    assert [f.severity for f in findings] == [Severity.MEDIUM]


def test_a_finding_without_assumptions_is_unchanged() -> None:
    finding = Finding(rule="r", category=Category.COMPLIANCE, severity=Severity.CRITICAL, message="m")
    assert capped_for_assumptions(finding) is finding
