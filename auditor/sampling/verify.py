"""Verifying claims against a reviewed sample: estimates per label, claim tests, findings.

For each label the reviewers answered, the verified share among decided calls (yes/no)
is estimated per stratum and, with the plan's population sizes, extrapolated to the
population. Each overall claim of the report whose figure counts that label (a count such
as ``conversions``, or a rate whose numerator is that count, such as ``conversion_rate``
over ``effective_contacts``) is turned into a claimed count and tested one-sided against
the sample (see :mod:`.claim_test`). A rate's denominator is the records' count recorded in
the plan at draw time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from scipy import stats

from auditor.findings import Finding, Severity
from auditor.metrics.catalogue import load_catalogue
from auditor.reports.model import ClaimedFigure
from auditor.sampling.claim_test import ClaimTest, count_test
from auditor.sampling.estimate import Interval, PopulationEstimate, StratumCount, clopper_pearson, stratified_estimate, wilson
from auditor.sampling.findings import claim_finding, deviation_finding, review_finding
from auditor.sampling.load import LoadedSample
from auditor.sampling.plan import SamplingPlan
from auditor.sampling.reviews import NO, YES, ReviewSet, agreements, consensus
from auditor.sampling.settings import FUNNEL, LABELS

MAX_EXAMPLES = 10


@dataclass(frozen=True)
class LabelResult:
    """What the reviewers found for one label over the sample."""

    label: str
    sampled: int
    decided: int
    positives: int
    unclear: int
    disputed: int
    unreviewed: int
    clopper_pearson: Interval | None
    wilson: Interval | None
    estimate: PopulationEstimate | None
    disputed_ids: tuple[str, ...] = ()

    def share_if_undecided(self) -> dict[str, float] | None:
        """The sample's verified share if every undecided call (not reviewed, unclear, disputed) were no, or yes."""
        if not self.sampled:
            return None
        undecided = self.sampled - self.decided
        return {"all_no": self.positives / self.sampled, "all_yes": (self.positives + undecided) / self.sampled}

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "sampled": self.sampled,
            "decided": self.decided,
            "positives": self.positives,
            "rate": self.positives / self.decided if self.decided else None,
            "unclear": self.unclear,
            "disputed": self.disputed,
            "unreviewed": self.unreviewed,
            "clopper_pearson": None if self.clopper_pearson is None else self.clopper_pearson.to_dict(),
            "wilson": None if self.wilson is None else self.wilson.to_dict(),
            "population_estimate": None if self.estimate is None else self.estimate.to_dict(),
            "disputed_call_ids": list(self.disputed_ids),
            "share_if_undecided": self.share_if_undecided(),
        }


@dataclass(frozen=True)
class ClaimCheck:
    """One report claim tested against one label (or the reason it could not be)."""

    claim: ClaimedFigure
    label: str
    claimed_count: float | None = None
    denominator: str | None = None
    denominator_count: int | None = None
    test: ClaimTest | None = None
    verified: Interval | None = None
    verified_point: float | None = None
    skipped: str | None = None
    stratum: str | None = None
    population: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.claim.metric,
            "claimed": float(self.claim.value),
            "printed": self.claim.raw_text,
            "source": self.claim.source.to_dict(),
            "label": self.label,
            "claimed_count": self.claimed_count,
            "denominator": self.denominator,
            "denominator_count": self.denominator_count,
            "test": None if self.test is None else self.test.to_dict(),
            "verified": None if self.verified is None else self.verified.to_dict(),
            "verified_point": self.verified_point,
            "skipped": self.skipped,
            "stratum": self.stratum,
            "population": self.population,
        }


@dataclass(frozen=True)
class Verification:
    plan: SamplingPlan | None
    sample_size: int
    labels: tuple[LabelResult, ...]
    checks: tuple[ClaimCheck, ...]
    agreement: tuple[dict[str, Any], ...]
    unknown_ids: int
    unknown_examples: tuple[str, ...]
    unreadable: int
    findings: tuple[Finding, ...]
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": None if self.plan is None else self.plan.to_dict(),
            "sample_size": self.sample_size,
            "labels": [x.to_dict() for x in self.labels],
            "claims": [c.to_dict() for c in self.checks],
            "agreement": list(self.agreement),
            "unknown_call_ids": {"count": self.unknown_ids, "examples": list(self.unknown_examples)},
            "unreadable_answers": self.unreadable,
        }


def covers(population: str, label: str) -> bool:
    """True when sampling ``population`` can estimate every call of the report's count for ``label``."""
    own = LABELS[label][0]
    if population in FUNNEL and own in FUNNEL:
        return FUNNEL.index(population) <= FUNNEL.index(own)
    return (
        population == own
        or population in ("dials", "valid", "connected")
        and own == "complaint"
        or population == "dials"
        and own == "valid"
    )


def verify_sample(
    sample: LoadedSample, reviews: ReviewSet, claims: Sequence[ClaimedFigure], bindings: dict[str, str] | None = None
) -> Verification:
    """Estimates, claim tests and findings for a reviewed sample."""
    plan = sample.plan
    confidence = plan.settings.confidence if plan else 0.95
    alpha = 1 - confidence
    findings: list[Finding] = []
    known = set(sample.calls["call_id"])
    verdicts = reviews.verdicts
    unknown_mask = ~verdicts["call_id"].isin(known)
    unknown = sorted(verdicts.loc[unknown_mask, "call_id"].unique())
    verdicts = verdicts[~unknown_mask]
    if unknown:
        findings.append(
            review_finding(
                f"{len(unknown)} reviewed call id(s) are not in the sample and were left out (e.g. {', '.join(unknown[:3])}).",
                Severity.LOW,
                {"count": len(unknown), "call_ids": unknown[:MAX_EXAMPLES]},
            )
        )
    if reviews.unreadable:
        findings.append(
            review_finding(
                f"{reviews.unreadable} review answer(s) are neither yes, no nor unclear and were left out.",
                Severity.LOW,
                {"count": reviews.unreadable, "examples": list(reviews.unreadable_examples)},
            )
        )
    agree = agreements(verdicts)
    for a in agree:
        if a.both_decided and a.agreed < a.both_decided:
            kappa = "n/a" if a.kappa is None else f"{a.kappa:.2f}"
            findings.append(
                review_finding(
                    f"Reviewers {a.reviewers[0]} and {a.reviewers[1]} disagree on '{a.label}' for {a.both_decided - a.agreed} of "
                    f"{a.both_decided} calls both decided (Cohen's kappa {kappa}); disputed calls are left out until resolved.",
                    Severity.LOW if (a.kappa or 0) >= 0.6 else Severity.MEDIUM,
                    a.to_dict(),
                )
            )
    cons = consensus(verdicts)
    results = []
    for label in reviews.labels:
        result = _label_result(label, sample.calls, cons[cons["label"] == label], plan, confidence)
        results.append(result)
        bounds = result.share_if_undecided()
        if (result.unreviewed or result.unclear or result.disputed) and bounds is not None:
            findings.append(
                review_finding(
                    f"'{label}': {result.decided} of {result.sampled} sampled calls decided ({result.unreviewed} not reviewed, "
                    f"{result.unclear} unclear, {result.disputed} disputed); estimates rest on the decided calls only "
                    f"(were every undecided call a no, the sample's share would be {bounds['all_no']:.1%}; "
                    f"a yes, {bounds['all_yes']:.1%}).",
                    Severity.INFO,
                    {
                        "label": label,
                        "sampled": result.sampled,
                        "decided": result.decided,
                        "unreviewed": result.unreviewed,
                        "unclear": result.unclear,
                        "disputed": result.disputed,
                    },
                )
            )
        if plan and LABELS[label][0] == plan.settings.population and result.decided:
            deviations = result.decided - result.positives
            upper = (
                1.0
                if deviations == result.decided
                else float(stats.beta.ppf(confidence, deviations + 1, result.decided - deviations))
            )
            no_ids = cons[(cons["label"] == label) & (cons["verdict"] == NO)]["call_id"].tolist()[:MAX_EXAMPLES]
            f = deviation_finding(
                label, plan.settings.population, deviations, result.decided, upper, plan.settings.tolerable, confidence, no_ids
            )
            if f:
                findings.append(f)
    checks = [
        _check_claim(c, r, plan, bindings or {})
        for c in claims
        if c.scope.campaign is None or c.scope.agent_id is None
        for r in results
        if _counts_label(c.metric, r.label, bindings or {})
    ]
    for check in checks:
        if check.test is not None:
            findings.append(
                claim_finding(
                    check.claim, check.label, _claim_message(check, plan), check.test.p_value, alpha, _claim_evidence(check)
                )
            )
    return Verification(
        plan,
        len(sample.calls),
        tuple(results),
        tuple(checks),
        tuple(a.to_dict() for a in agree),
        len(unknown),
        tuple(unknown[:MAX_EXAMPLES]),
        reviews.unreadable,
        tuple(findings),
    )


def _label_result(
    label: str, calls: pd.DataFrame, cons: pd.DataFrame, plan: SamplingPlan | None, confidence: float
) -> LabelResult:
    merged = calls.merge(cons[["call_id", "verdict"]], on="call_id", how="left")
    verdict = merged["verdict"].astype("string")
    decided = verdict.isin([YES, NO])
    positive = verdict == YES
    disputed_ids = tuple(merged.loc[(verdict == "disputed").fillna(False).to_numpy(), "call_id"].tolist()[:MAX_EXAMPLES])
    n, k = int(decided.sum()), int(positive.fillna(False).sum())
    estimate = None
    if plan is not None:
        per = merged[decided.fillna(False).to_numpy()].assign(pos=positive[decided.fillna(False).to_numpy()].to_numpy())
        by = per.groupby("stratum").agg(n=("pos", "size"), k=("pos", "sum"))
        strata = [
            StratumCount(s.stratum, s.population, int(by["n"].get(s.stratum, 0)), int(by["k"].get(s.stratum, 0)))
            for s in plan.strata
        ]
        estimate = stratified_estimate(strata, confidence) if n else None
    return LabelResult(
        label,
        len(calls),
        n,
        k,
        int((verdict == "unclear").sum()),
        int((verdict == "disputed").sum()),
        int(verdict.isna().sum()),
        clopper_pearson(k, n, confidence) if n else None,
        wilson(k, n, confidence) if n else None,
        estimate,
        disputed_ids,
    )


def _definition(metric: str, bindings: dict[str, str]) -> tuple[str, str] | None:
    catalogue = load_catalogue()
    if metric not in catalogue:
        return None
    text = bindings.get(metric) or catalogue[metric].default_definition or ""
    parts = text.split("/")
    if len(parts) == 2 and all(p.isidentifier() for p in parts):
        return parts[0], parts[1]
    return None


def _counts_label(metric: str, label: str, bindings: dict[str, str]) -> bool:
    block = LABELS[label][1]
    if metric == block:
        return True
    parts = _definition(metric, bindings)
    return parts is not None and parts[0] == block


def _check_claim(claim: ClaimedFigure, result: LabelResult, plan: SamplingPlan | None, bindings: dict[str, str]) -> ClaimCheck:
    label = result.label
    if plan is None:
        return ClaimCheck(
            claim,
            label,
            skipped="no sample plan: the population size is unknown (pass the workbook or keep sample.plan.json next to the CSV)",
        )
    population = plan.settings.population
    if not covers(population, label):
        return ClaimCheck(
            claim, label, skipped=f"the sample was drawn from '{population}' calls, which do not hold every call the claim counts"
        )
    stratum: str | None = None
    block_counts = plan.block_counts
    scoped = {"campaign": claim.scope.campaign, "agent": claim.scope.agent_id}
    keys = [k for k, v in scoped.items() if v is not None]
    if keys:
        if tuple(keys) != plan.settings.strata:
            return ClaimCheck(
                claim, label, skipped=f"claims per {' and '.join(keys)} need a sample stratified by {', '.join(keys)} alone"
            )
        stratum = str(scoped[keys[0]])
        matching = [s for s in plan.strata if s.stratum == stratum]
        if not matching:
            return ClaimCheck(claim, label, skipped=f"the sample has no stratum '{stratum}'")
        block_counts = matching[0].block_counts
    value = float(claim.value)
    denominator = denominator_count = None
    if claim.metric == LABELS[label][1]:
        claimed = value
    else:
        parts = _definition(claim.metric, bindings)
        assert parts is not None
        denominator = parts[1]
        denominator_count = block_counts.get(denominator)
        if denominator_count is None:
            return ClaimCheck(
                claim,
                label,
                denominator=denominator,
                skipped=f"the records gave no count of {denominator} when the sample was drawn",
            )
        claimed = value * denominator_count
    est = result.estimate
    if stratum is not None and est is not None:
        one = next(s for s in est.strata if s.stratum == stratum)
        est = stratified_estimate([StratumCount(one.stratum, one.population, one.reviewed, one.positives)], est_confidence(est))
    if est is None or est.count is None or est.count_interval is None:
        return ClaimCheck(
            claim,
            label,
            claimed,
            denominator,
            denominator_count,
            skipped="some stratum has no decided review: the population cannot be extrapolated",
        )
    test = count_test(est, claimed)
    scale = float(denominator_count) if denominator_count else 1.0
    verified = Interval(
        est.count_interval.low / scale, est.count_interval.high / scale, est.count_interval.method, est.count_interval.confidence
    )
    return ClaimCheck(
        claim, label, claimed, denominator, denominator_count, test, verified, est.count / scale, None, stratum, est.population
    )


def est_confidence(est: PopulationEstimate) -> float:
    """The confidence the estimate's intervals were built at."""
    for s in est.strata:
        if s.clopper_pearson is not None:
            return s.clopper_pearson.confidence
    return 0.95


def _claim_message(check: ClaimCheck, plan: SamplingPlan | None) -> str:
    assert plan is not None and check.test is not None and check.verified is not None and check.verified_point is not None
    label, pop = check.label, plan.settings.population
    result_word = "real" if label != "compliant" else "compliant"
    ci = check.verified
    p = check.test.p_value
    p_text = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    n_pop = check.population if check.population is not None else plan.population_size
    if check.stratum is not None:
        pop = f"{pop}' calls of '{check.stratum}"
    what = f"{result_word} {LABELS[label][1].replace('_', ' ')}"
    name = check.claim.label or check.claim.metric
    supported = f"{check.verified_point:,.0f} {what} ({ci.confidence:.0%} CI {ci.low:,.0f}-{ci.high:,.0f})"
    if check.test.method == "claim exceeds the population" and check.denominator is None:
        return (
            f"{name} claimed {check.claim.raw_text}, but the records mark only {n_pop:,} '{pop}' calls, "
            f"and the review of a sample of them supports {supported}."
        )
    if check.test.method == "claim exceeds the population":
        return (
            f"{name} claimed {check.claim.raw_text} of {check.denominator_count:,} {check.denominator}, "
            f"that is {check.claimed_count:,.0f} {LABELS[label][1].replace('_', ' ')}, "
            f"but the records mark only {n_pop:,} '{pop}' calls; "
            f"the review supports {check.verified_point:.1%} ({ci.confidence:.0%} CI {ci.low:.1%}-{ci.high:.1%})."
        )
    if check.denominator is None:
        return (
            f"{name} claimed {check.claim.raw_text}; of the {n_pop:,} '{pop}' calls, the review supports {supported} ({p_text})."
        )
    return (
        f"{name} claimed {check.claim.raw_text} of {check.denominator_count:,} {check.denominator}; "
        f"the review of '{pop}' calls supports {check.verified_point:.1%} "
        f"({ci.confidence:.0%} CI {ci.low:.1%}-{ci.high:.1%}) ({p_text})."
    )


def _claim_evidence(check: ClaimCheck) -> dict[str, Any]:
    assert check.test is not None
    return {
        "claimed_count": check.claimed_count,
        "denominator": check.denominator,
        "denominator_count": check.denominator_count,
        "verified_point": check.verified_point,
        "verified_interval": None if check.verified is None else check.verified.to_dict(),
        "test": check.test.method,
    }
