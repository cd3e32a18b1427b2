"""``sampling`` findings: claims the reviewed sample does not support, deviation rates above the
tolerable rate, and the review's own problems (unknown call ids, disagreement, gaps)."""

from __future__ import annotations

from typing import Any

from auditor.findings import Category, Finding, Severity
from auditor.location import SourceRef
from auditor.reports.model import ClaimedFigure

RULE_CLAIM = "sample-does-not-support-claim"
RULE_SUPPORTED = "sample-supports-claim"
RULE_DEVIATION = "sample-deviation-above-tolerable"
RULE_REVIEW = "sample-review-quality"


def _pct(x: float) -> str:
    return f"{x:.1%}"


def claim_finding(claim: ClaimedFigure, label: str, text: str, p_value: float, alpha: float, evidence: dict[str, Any]) -> Finding:
    """High when p < 0.01, medium when p < alpha; an info note when the sample supports the claim."""
    if p_value < alpha:
        severity = Severity.HIGH if p_value < 0.01 else Severity.MEDIUM
        rule = RULE_CLAIM
    else:
        severity, rule = Severity.INFO, RULE_SUPPORTED
    return Finding(
        rule=rule,
        category=Category.SAMPLING,
        severity=severity,
        message=text,
        metric=claim.metric,
        scope=claim.scope,
        claimed=float(claim.value),
        recomputed=evidence.get("verified_point"),
        evidence={"label": label, "p_value": p_value, "alpha": alpha, **evidence},
        sources=(claim.source,),
    )


def deviation_finding(
    label: str,
    population: str,
    deviations: int,
    reviewed: int,
    upper: float,
    tolerable: float,
    confidence: float,
    examples: list[str],
) -> Finding | None:
    """The attribute-sampling conclusion: the upper deviation limit against the tolerable rate."""
    if upper <= tolerable:
        return None
    rate = deviations / reviewed
    severity = Severity.HIGH if rate > tolerable else Severity.MEDIUM
    return Finding(
        rule=RULE_DEVIATION,
        category=Category.SAMPLING,
        severity=severity,
        metric=None,
        message=(
            f"Reviewers found {deviations} of {reviewed} sampled '{population}' calls not {label} ({_pct(rate)}); "
            f"at {confidence:.0%} confidence up to {_pct(upper)} of the population may deviate, "
            f"above the tolerable {_pct(tolerable)}."
        ),
        evidence={
            "label": label,
            "population": population,
            "deviations": deviations,
            "reviewed": reviewed,
            "deviation_rate": rate,
            "upper_deviation_limit": upper,
            "tolerable": tolerable,
            "confidence": confidence,
            "call_ids": examples,
        },
    )


def review_finding(message: str, severity: Severity, evidence: dict[str, Any], source: str | None = None) -> Finding:
    return Finding(
        rule=RULE_REVIEW,
        category=Category.SAMPLING,
        severity=severity,
        message=message,
        evidence=evidence,
        sources=(SourceRef(file=source),) if source else (),
    )
