"""Claims against recomputed figures: printed precision, tolerance, definitions, direction, unverifiable."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.engagement import Engagement, Tolerance
from auditor.engine.comparison import Status, check_claim, claim_interval, within
from auditor.engine.context import AuditContext
from auditor.engine.runner import run
from auditor.engine.spec import builtin_pack_paths, load_packs
from auditor.findings import Severity
from auditor.location import SourceRef
from auditor.metrics.compute import recompute
from auditor.reports.claims import make_claim
from auditor.reports.model import ClaimedFigure
from auditor.reports.numbers import parse_number
from auditor.scope import Scope
from tests.conftest import make_calls


def claim(label: str, text: str, scope: Scope = Scope()) -> ClaimedFigure:
    made = make_claim(label, parse_number(text), text, SourceRef(file="r.xlsx", sheet="S", cell="B2"), scope)  # type: ignore[arg-type]
    assert isinstance(made, ClaimedFigure)
    return made


def context(
    claims: list[ClaimedFigure],
    connected: int = 4100,
    valid: int = 8200,
    total: int = 10000,
    engagement: Engagement | None = None,
) -> AuditContext:
    rows = (
        [{"disposition": "answered", "talk_s": 60}] * connected
        + [{"disposition": "no_answer"}] * (valid - connected)
        + [{"disposition": "invalid_number"}] * (total - valid)
    )
    calls = make_calls(rows)
    eng = engagement or Engagement()
    return AuditContext(claims=tuple(claims), metrics=recompute(calls, eng.metric_settings()), calls=calls, engagement=eng)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("41.0%", Status.MATCHES_BINDING),
        ("41%", Status.MATCHES_BINDING),
        ("0.41", Status.MATCHES_BINDING),
        ("50.0%", Status.MATCHES_VARIANT),
        ("58.0%", Status.MATCHES_NONE),
        ("41.1%", Status.MATCHES_NONE),
    ],
)
def test_connect_rate_claims(text: str, status: Status) -> None:
    ctx = context([claim("接通率", text)])
    assert check_claim(ctx.claims[0], ctx).status is status


def test_precision_interval_is_half_open() -> None:
    c = claim("接通率", "45.6%")
    interval = claim_interval(c, None, Tolerance())
    assert interval == (Fraction(4555, 10000), Fraction(4565, 10000))
    assert within(Fraction(4555, 10000), interval)
    assert not within(Fraction(4565, 10000), interval)
    assert within(Fraction(45649999, 100000000), interval)


@given(st.integers(1, 10_000), st.integers(1, 10_000))
def test_a_correctly_rounded_percentage_always_matches(num: int, extra: int) -> None:
    den = num + extra
    exact = Fraction(num, den) * 100
    printed = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
    c = claim("接通率", f"{printed}%")
    assert within(Fraction(num, den), claim_interval(c, Fraction(num, den), Tolerance()))


_SMALL = context([], connected=41, valid=82, total=100)


@settings(deadline=None, max_examples=50)
@given(st.floats(0, 0.05), st.floats(0, 0.05))
def test_wider_tolerance_never_adds_findings(narrow: float, extra: float) -> None:
    from dataclasses import replace

    claims = (claim("接通率", "41.3%"), claim("接通率", "50.4%"), claim("接通率", "43%"), claim("外呼总量", "103"))
    specs = [s for s in load_packs(builtin_pack_paths()) if s.kind in ("discrepancy", "definition")]
    count = []
    for abs_tol in (narrow, narrow + extra):
        eng = Engagement(tolerance=Tolerance(abs=abs_tol))
        findings, errors = run(specs, replace(_SMALL, claims=claims, engagement=eng))
        assert not errors
        count.append(len(findings))
    assert count[1] <= count[0]


def _findings(claims: list[ClaimedFigure], **kwargs: object):  # type: ignore[no-untyped-def]
    """Findings of the core (claims) pack: the record packs would react to these uniform synthetic calls."""
    findings, errors = run(load_packs([p for p in builtin_pack_paths() if p.stem == "core"]), context(claims, **kwargs))  # type: ignore[arg-type]
    assert not errors
    return findings


def test_inflated_claim_is_a_high_discrepancy_with_its_inputs() -> None:
    (finding,) = [f for f in _findings([claim("接通率", "58.0%")]) if f.rule == "claim-mismatch"]
    assert finding.severity is Severity.HIGH and finding.category.value == "discrepancy"
    assert finding.claimed == 0.58 and finding.recomputed == 0.41
    assert "4,100 / 10,000" in finding.message
    assert finding.evidence["claim"]["source"]["cell"] == "B2"
    assert {v["definition"] for v in finding.evidence["recomputed"]} == {"connected/total_dials", "connected/valid_dials"}


def test_understated_favourable_claim_is_low() -> None:
    (finding,) = [f for f in _findings([claim("接通率", "30.0%")]) if f.rule == "claim-mismatch"]
    assert finding.severity is Severity.LOW


def test_tiny_gap_is_minor() -> None:
    (finding,) = [f for f in _findings([claim("接通率", "41.2%")]) if f.rule == "claim-mismatch"]
    assert finding.severity is Severity.LOW


def test_variant_definition_is_a_definition_finding() -> None:
    findings = _findings([claim("接通率", "50.0%")])
    assert [f.rule for f in findings] == ["claim-definition-mismatch"]
    assert findings[0].severity is Severity.MEDIUM and findings[0].evidence["definition_used"] == "connected/valid_dials"


def test_contract_binding_the_variant_makes_it_a_match() -> None:
    eng = Engagement(definitions={"connect_rate": "connected/valid_dials"})
    assert _findings([claim("接通率", "50.0%")], engagement=eng) == []


def test_variant_named_by_the_label_is_only_info() -> None:
    # average talk time over all connected calls, labelled as plain average talk time
    findings = _findings([claim("平均通话时长", "60s")])
    assert [(f.rule, f.severity) for f in findings] == [("claim-definition-mismatch", Severity.INFO)] or findings == []


def test_claimed_only_figures_are_unverifiable_info() -> None:
    findings = _findings([claim("系统可用率", "99.9%"), claim("投诉率", "0.5%")])
    assert sorted(f.metric for f in findings) == ["complaint_rate", "uptime"]
    assert all(f.rule == "claim-unverifiable" and f.severity is Severity.INFO for f in findings)
    complaint = next(f for f in findings if f.metric == "complaint_rate")
    assert "complaint" in complaint.message  # says the column is missing


def test_claim_for_a_scope_is_compared_with_that_scope() -> None:
    rows = (
        [{"campaign": "A", "disposition": "answered"}] * 3
        + [{"campaign": "A", "disposition": "busy"}]
        + [{"campaign": "B", "disposition": "busy"}] * 4
    )
    calls = make_calls(rows)
    c = claim("接通率", "75%", Scope(campaign="A"))
    ctx = AuditContext(claims=(c,), metrics=recompute(calls, scopes=[c.scope]), calls=calls)
    assert check_claim(c, ctx).status is Status.MATCHES_BINDING


def test_approximate_claims_get_extra_slack() -> None:
    rows = [{"disposition": "answered"}] * 1000
    calls = make_calls(rows)
    exact, approx = claim("外呼总量", "1,010"), claim("外呼总量", "约1,010")
    ctx = AuditContext(claims=(exact, approx), metrics=recompute(calls), calls=calls)
    assert check_claim(exact, ctx).status is Status.MATCHES_NONE
    assert check_claim(approx, ctx).status is Status.MATCHES_BINDING
