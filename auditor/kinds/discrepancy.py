"""Rule kind ``discrepancy``: a claimed figure that no definition of its metric reproduces.

What it checks:
    Each claimed figure is compared with the figure recomputed from the call
    records for the same scope, under every definition the catalogue lists. The
    claim agrees with a definition when the recomputed value lies in the claim's
    printed-precision interval (45.6 % covers [45.55 %, 45.65 %)), widened by the
    engagement's tolerance and the rule's ``abs_tol`` / ``rel_tol``. A finding is
    raised when no definition agrees.

Why it matters:
    A figure no definition reproduces is not a matter of wording: the report says
    something the records do not support. Overstated favourable figures (connect
    rate, conversions, talk time) are how vendors inflate invoices and renewals.

Parameters:
    abs_tol: extra absolute slack in the metric's unit.
    rel_tol: extra slack as a fraction of the recomputed value.
    minor_rel_gap: gaps smaller than this fraction of the recomputed value get ``severity_when_minor``.
    severity_when_unfavourable: severity when the claim understates the vendor's own performance.
    severity_when_neutral: severity for figures with no favourable direction (volumes).
    severity_when_minor: severity for gaps under ``minor_rel_gap`` (rounding practice, truncation).

Example:
    The report claims 接通率 58.0 %; records give 4,100 connected of 10,000 dials
    (41.0 %) and 4,100 of 8,200 valid dials (50.0 %): neither definition gives
    58.0 %, so the claim is flagged high.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from auditor.engine.comparison import Status, check_claim, claim_evidence, exact, favours_vendor
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, Severity
from auditor.units import Unit


@dataclass(frozen=True, slots=True)
class Params:
    abs_tol: float = field(default=0.0, metadata={"help": "extra absolute slack, in the metric's unit"})
    rel_tol: float = field(default=0.0, metadata={"help": "extra slack as a fraction of the recomputed value"})
    minor_rel_gap: float = field(default=0.01, metadata={"help": "gaps below this fraction of the recomputed value are minor"})
    severity_when_unfavourable: str = field(default="low", metadata={"help": "severity when the claim understates the vendor"})
    severity_when_neutral: str = field(default="medium", metadata={"help": "severity for metrics with no favourable direction"})
    severity_when_minor: str = field(default="low", metadata={"help": "severity for minor gaps"})

    def __post_init__(self) -> None:
        if self.abs_tol < 0 or self.rel_tol < 0 or self.minor_rel_gap < 0:
            raise ValueError("tolerances must be >= 0")
        for name in ("severity_when_unfavourable", "severity_when_neutral", "severity_when_minor"):
            Severity.parse(getattr(self, name))


def fmt(value: float | None, unit: Unit) -> str:
    return unit.format(value)


@register_kind("discrepancy", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Claimed figure that no definition of its metric reproduces from the call records."""
    p = rule.params
    for claim in ctx.claims:
        result = check_claim(claim, ctx, abs_tol=p.abs_tol, rel_tol=p.rel_tol)
        if result.status is not Status.MATCHES_NONE or result.binding is None:
            continue
        recomputed = exact(result.binding)
        assert recomputed is not None
        claimed = Fraction(claim.value)
        gap = claimed - recomputed
        rel_gap = abs(gap) / abs(recomputed) if recomputed != 0 else None
        favourable = favours_vendor(result, ctx)
        if rel_gap is not None and rel_gap < Fraction(p.minor_rel_gap):
            severity = Severity.parse(p.severity_when_minor)
        elif favourable is None:
            severity = Severity.parse(p.severity_when_neutral)
        elif favourable:
            severity = rule.severity
        else:
            severity = Severity.parse(p.severity_when_unfavourable)
        b = result.binding
        inputs = (
            f" ({b.numerator:,.0f} / {b.denominator:,.0f} = {b.definition})"
            if b.denominator is not None and b.numerator is not None
            else ""
        )
        others = [v for v in result.variants if v is not b and v.value is not None]
        also = ""
        if others:
            also = "; other definitions give " + ", ".join(f"{fmt(v.value, claim.unit)} ({v.definition})" for v in others)
        direction = "overstates" if gap > 0 else "understates"
        scope = "" if claim.scope.is_overall else f" for {claim.scope.describe()}"
        message = (
            f"{claim.label or claim.metric} claimed {claim.raw_text}{scope} but the call records give "
            f"{fmt(b.value, claim.unit)}{inputs}{also}; the claim {direction} it"
            + (f" by {float(rel_gap) * 100:.1f} %" if rel_gap is not None else "")
            + (", in the vendor's favour." if favourable else ".")
        )
        evidence = claim_evidence(result)
        evidence.update(
            {
                "delta": float(gap),
                "delta_rel": None if rel_gap is None else float(rel_gap),
                "favours_vendor": favourable,
                "tolerance": {
                    "abs": ctx.engagement.tolerance_for(claim.metric).abs + p.abs_tol,
                    "rel": ctx.engagement.tolerance_for(claim.metric).rel + p.rel_tol,
                },
            }
        )
        yield rule.finding(
            message,
            severity=severity,
            metric=claim.metric,
            scope=claim.scope,
            claimed=float(claim.value),
            recomputed=b.value,
            evidence=evidence,
            sources=(claim.source,),
        )
