"""Comparing one claimed figure with the recomputed figures of its metric, under every definition."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from auditor.engagement import Tolerance
from auditor.engine.context import AuditContext
from auditor.engine.coverage import ScopeGap, scope_gap
from auditor.metrics.catalogue import Better, MetricKind
from auditor.metrics.model import MetricValue
from auditor.reports.model import ClaimedFigure


class Status(enum.Enum):
    MATCHES_BINDING = "matches_binding"
    MATCHES_VARIANT = "matches_variant"
    MATCHES_NONE = "matches_none"
    UNVERIFIABLE = "unverifiable"


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    claim: ClaimedFigure
    status: Status
    binding: MetricValue | None
    variants: tuple[MetricValue, ...]
    matching: tuple[MetricValue, ...]
    interval: tuple[Fraction, Fraction]
    reason: str = ""
    gap: ScopeGap | None = None  # set when the records hold no call for the claim's scope


def _decimal_fraction(number: float) -> Fraction:
    """A float as the decimal it prints as (140340.46, not 140340.459999...): sums of money and seconds are decimals."""
    return Fraction(repr(float(number)))


def exact(value: MetricValue) -> Fraction | None:
    """The recomputed value as an exact fraction of its numerator and denominator."""
    if value.value is None:
        return None
    if value.denominator is None:
        return _decimal_fraction(value.numerator if value.numerator is not None else value.value)
    if value.numerator is None or value.denominator == 0:
        return None
    return _decimal_fraction(value.numerator) / _decimal_fraction(value.denominator)


def claim_interval(
    claim: ClaimedFigure, recomputed: Fraction | None, tolerance: Tolerance, extra_abs: float = 0.0, extra_rel: float = 0.0
) -> tuple[Fraction, Fraction]:
    """Values consistent with the printed claim: its precision interval widened by the tolerances."""
    lo, hi = (Fraction(v) for v in claim.interval)
    widen = Fraction(tolerance.abs + extra_abs)
    base = abs(recomputed) if recomputed is not None else abs(Fraction(claim.value))
    widen += Fraction(tolerance.rel + extra_rel) * base
    if claim.is_approximate:
        widen += Fraction(tolerance.approximate_rel) * abs(Fraction(claim.value))
    return lo - widen, hi + widen


def within(value: Fraction, interval: tuple[Fraction, Fraction]) -> bool:
    lo, hi = interval
    return lo <= value < hi if lo != hi else value == lo


def check_claim(claim: ClaimedFigure, ctx: AuditContext, *, abs_tol: float = 0.0, rel_tol: float = 0.0) -> ClaimCheck:
    """Which recomputed definitions of the claim's metric (for its scope) the claim agrees with."""
    metric = ctx.catalogue[claim.metric]
    tolerance = ctx.engagement.tolerance_for(claim.metric)
    empty = (Fraction(claim.value), Fraction(claim.value))
    if metric.kind is MetricKind.UNVERIFIABLE or not metric.recomputable:
        return ClaimCheck(claim, Status.UNVERIFIABLE, None, (), (), empty, "call records cannot give this figure")
    if not ctx.has_calls:
        return ClaimCheck(claim, Status.UNVERIFIABLE, None, (), (), empty, "no call records were supplied")
    gap = scope_gap(claim.scope, ctx)
    if gap is not None and not (claim.value == 0 and gap.named):  # nothing to judge it against: never a mismatch with 0
        return ClaimCheck(claim, Status.UNVERIFIABLE, None, (), (), empty, gap.reason, gap)
    variants = tuple(ctx.metrics.variants(claim.metric, claim.scope))
    binding_text = ctx.engagement.binding_definition(claim.metric) or metric.default_definition or metric.id
    binding = next((v for v in variants if v.definition == binding_text), None)
    usable = tuple(v for v in variants if exact(v) is not None)
    if binding is None or exact(binding) is None:
        reason = (
            binding.note
            if binding is not None and binding.note
            else f"{claim.metric} was not recomputed for {claim.scope.describe()}"
        )
        if not usable:
            return ClaimCheck(claim, Status.UNVERIFIABLE, binding, variants, (), empty, reason or "")
    reference = exact(binding) if binding is not None else None
    interval = claim_interval(claim, reference, tolerance, abs_tol, rel_tol)
    matching = tuple(v for v in usable if within(exact(v), claim_interval(claim, exact(v), tolerance, abs_tol, rel_tol)))  # type: ignore[arg-type]
    if binding is not None and binding in matching:
        status = Status.MATCHES_BINDING
    elif matching:
        status = Status.MATCHES_VARIANT
    elif binding is None or exact(binding) is None:
        return ClaimCheck(
            claim, Status.UNVERIFIABLE, binding, variants, (), interval, binding.note if binding and binding.note else ""
        )
    else:
        status = Status.MATCHES_NONE
    return ClaimCheck(claim, status, binding, variants, matching, interval)


def favours_vendor(check: ClaimCheck, ctx: AuditContext) -> bool | None:
    """True if the claim flatters the vendor versus the binding figure; None when direction is neutral."""
    better = ctx.catalogue[check.claim.metric].better
    if better is Better.NONE or check.binding is None or check.binding.value is None:
        return None
    higher = Fraction(check.claim.value) > exact(check.binding)  # type: ignore[operator]
    return higher if better is Better.HIGHER else not higher


def claim_evidence(check: ClaimCheck) -> dict[str, Any]:
    """What a reader needs to redo the comparison by hand."""
    claim = check.claim
    lo, hi = check.interval
    return {
        "claim": {
            "label": claim.label,
            "raw_text": claim.raw_text,
            "value": float(claim.value),
            "unit": claim.unit.value,
            "printed_interval": [float(claim.interval[0]), float(claim.interval[1])],
            "approximate": claim.is_approximate,
            "source": claim.source.to_dict(),
            "definition_named_by_label": claim.definition_hint,
            "notes": list(claim.notes),
        },
        "accepted_interval": [float(lo), float(hi)],
        "binding_definition": check.binding.definition if check.binding else None,
        "recomputed": [v.to_dict() for v in check.variants],
        "matching_definitions": [v.definition for v in check.matching],
    }


def as_float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def comparison_row(check: ClaimCheck) -> dict[str, Any]:
    """One row of the claimed-vs-recomputed table every renderer shows."""
    claim = check.claim
    binding = check.binding
    return {
        "metric": claim.metric,
        "label": claim.label,
        "scope": claim.scope.to_dict(),
        "claimed": float(claim.value),
        "claimed_text": claim.raw_text,
        "unit": claim.unit.value,
        "recomputed": binding.value if binding is not None else None,
        "numerator": binding.numerator if binding is not None else None,
        "denominator": binding.denominator if binding is not None else None,
        "definition": binding.definition if binding is not None else None,
        "status": check.status.value,
        "matching_definitions": [v.definition for v in check.matching],
        "reason": check.reason or None,
        "source": claim.source.to_dict(),
    }
