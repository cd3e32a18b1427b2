"""The verdict of an audit: one headline that says how much was checked, and what was found.

Every output (findings JSON ``summary.verdict``, Markdown, HTML, Excel) shows this one
verdict, built once from the result. It never says more than was checked: with no claim
checked against the call records it reads "Nothing verified" (and why); with no call
records, "Report checked for internal consistency only"; findings about the records
alone (compliance, data quality) never read as figures not supported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from auditor.findings import Category, Finding, Severity

#: Categories of findings about the report's figures (the rest are about the records or performance).
FIGURE_CATEGORIES = frozenset(
    {Category.DISCREPANCY, Category.DEFINITION, Category.CONSISTENCY, Category.PLAUSIBILITY, Category.SAMPLING}
)
#: What a record-only problem at high or above adds to the headline, by category.
RECORD_PROBLEMS = {
    Category.COMPLIANCE: "the call records break compliance rules",
    Category.DATA_QUALITY: "the call records have serious data problems",
    Category.THRESHOLD: "performance is outside the contract's bounds",
}

NOTHING_VERIFIED = "Nothing verified"
CONSISTENCY_ONLY = "Report checked for internal consistency only"
NOT_SUPPORTED = "Figures not supported by the records"
NEED_EXPLANATION = "Figures need explanation"
NO_PROBLEMS = "No material problems found"


@dataclass(frozen=True, slots=True)
class ClaimCounts:
    """How the claims fared: read from the reports, checked against the records (or a reviewed sample), and how."""

    extracted: int = 0
    checked: int = 0
    matched: int = 0
    matched_other_definition: int = 0
    not_matched: int = 0
    unverifiable: int = 0
    against: str = "records"  # records | sample

    @classmethod
    def of_comparisons(cls, extracted: int, comparisons: Iterable[Mapping[str, Any]]) -> ClaimCounts:
        status = Counter(str(row.get("status")) for row in comparisons)
        matched = status["matches_binding"] + status["matches_variant"]
        return cls(
            extracted=extracted,
            checked=matched + status["matches_none"],
            matched=matched,
            matched_other_definition=status["matches_variant"],
            not_matched=status["matches_none"],
            unverifiable=status["unverifiable"],
        )

    @classmethod
    def of_sample(cls, extracted: int, tests: Sequence[Mapping[str, Any]], findings: Sequence[Finding]) -> ClaimCounts:
        """Claims tested against a reviewed recording sample (``auditor verify``)."""
        checked = sum(1 for t in tests if not t.get("skipped"))
        not_matched = sum(1 for f in findings if f.category is Category.SAMPLING and f.severity >= Severity.MEDIUM)
        return cls(
            extracted=extracted,
            checked=checked,
            matched=max(checked - not_matched, 0),
            not_matched=min(not_matched, checked),
            unverifiable=extracted - checked,
            against="sample",
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def sentence(self) -> str:
        """``42 of 50 claims checked against the call records: 38 match, 4 do not; 8 unverifiable.``"""
        where = "the reviewed sample" if self.against == "sample" else "the call records"
        if not self.extracted:
            return "No claim was read from a report."
        head = f"{self.checked:,} of {self.extracted:,} claim(s) checked against {where}"
        if not self.checked:
            return head + "."
        parts = [f"{self.matched:,} match"]
        if self.matched_other_definition:
            parts[0] += f" ({self.matched_other_definition:,} only under another definition)"
        parts.append(f"{self.not_matched:,} do not")
        tail = f"; {self.unverifiable:,} unverifiable" if self.unverifiable else ""
        return f"{head}: {', '.join(parts)}{tail}."


@dataclass(frozen=True, slots=True)
class Verdict:
    headline: str
    level: str  # bad | warn | ok | none (nothing was checked, nothing found)
    detail: str
    claims: ClaimCounts

    def to_dict(self) -> dict[str, Any]:
        return {"headline": self.headline, "level": self.level, "detail": self.detail}


def verdict_of(
    findings: Sequence[Finding],
    counts: ClaimCounts,
    *,
    has_records: bool,
    has_reports: bool,
    unverifiable_reasons: Iterable[str] = (),
) -> Verdict:
    """The verdict of an audit from its findings and how its claims fared."""
    worst = max((f.severity for f in findings), default=None)
    level = _level(worst)
    figures = [f for f in findings if f.category in FIGURE_CATEGORIES]
    loud_figures = max((f.severity for f in figures), default=None)
    problems = _record_problems(findings)
    detail = [counts.sentence()]
    if counts.against == "records" and not has_records and not has_reports:
        return Verdict(
            NOTHING_VERIFIED, "none" if worst is None else level, "Neither call records nor a report were given.", counts
        )
    if counts.against == "records" and not has_records:
        detail = [f"{counts.extracted:,} claim(s) read; no call records were given, so none was checked against them."]
        headline = CONSISTENCY_ONLY
        if loud_figures is not None and loud_figures >= Severity.MEDIUM:
            detail.append("The report's figures contradict each other or are implausible (see the findings).")
        return Verdict(headline, level if worst and worst >= Severity.MEDIUM else "none", " ".join(detail), counts)
    if counts.checked == 0:
        headline = "; ".join([NOTHING_VERIFIED, *problems])
        why = _why_nothing(counts, has_reports, unverifiable_reasons)
        return Verdict(headline, level if worst and worst >= Severity.MEDIUM else "none", why, counts)
    if loud_figures is not None and loud_figures >= Severity.HIGH:
        headline = NOT_SUPPORTED
    elif loud_figures is not None and loud_figures >= Severity.MEDIUM:
        headline = NEED_EXPLANATION
    else:
        headline = "; ".join(problems) if problems else NO_PROBLEMS
        headline = headline[0].upper() + headline[1:]
        problems = []
    if problems:
        detail.append("Also, " + "; ".join(problems) + ".")
    return Verdict(headline, level, " ".join(detail), counts)


def _level(worst: Severity | None) -> str:
    if worst is not None and worst >= Severity.HIGH:
        return "bad"
    return "warn" if worst is Severity.MEDIUM else "ok"


def _record_problems(findings: Sequence[Finding]) -> list[str]:
    """What the high-or-worse findings about the records alone add to the headline (in category order)."""
    loud = {f.category for f in findings if f.severity >= Severity.HIGH and f.category not in FIGURE_CATEGORIES}
    return [text for category, text in RECORD_PROBLEMS.items() if category in loud]


def _why_nothing(counts: ClaimCounts, has_reports: bool, reasons: Iterable[str]) -> str:
    if not has_reports:
        return "No vendor report was given: the call records were audited on their own, no claim was checked."
    if not counts.extracted:
        return "No figure was read from the report(s), so no claim was checked against the call records."
    common = Counter(r for r in reasons if r).most_common(3)
    why = "; ".join(f"{reason} ({n:,})" for reason, n in common)
    return f"None of the {counts.extracted:,} claim(s) could be checked against the call records" + (f": {why}." if why else ".")


__all__ = ["ClaimCounts", "Verdict", "verdict_of"]
