"""Rule kind ``funnel_order``: reported counts that break the order of the calling funnel.

What it checks:
    Within one scope (overall, a campaign, a period) of the report, each count of the
    funnel chain (total_dials >= valid_dials >= connected >= effective_contacts >=
    intents >= conversions) is compared with the nearest larger stage the report
    prints; each pair in ``bounded`` (complaints <= connected, unique_numbers <=
    total_dials, ...) likewise; and, with ``ratios_at_most_one``, no rate is printed
    above 100 %. Printed precision is honoured (``约 4.1万`` covers 40,500-41,500).

Why it matters:
    A later funnel stage cannot hold more calls than the stage before it. A report
    that shows more connects than dials, or more conversions than intents, was
    assembled from figures that do not describe the same calls.

Parameters:
    chain: the funnel stages, largest first.
    bounded: further pairs ``smaller: larger``.
    ratios_at_most_one: also flag rates printed above 100 % (ROI excepted).

Example:
    外呼总量 1,000 with 接通量 1,200 in the same table: connects exceed dials, high.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.kinds.figures import claim_interval, claim_ref, describe, first_claims, report_claims
from auditor.units import Unit

CHAIN = ("total_dials", "valid_dials", "connected", "effective_contacts", "intents", "conversions")
BOUNDED = {
    "complaints": "connected",
    "opt_outs": "connected",
    "unique_numbers": "total_dials",
    "valid_numbers": "unique_numbers",
    "invalid_dials": "total_dials",
    "follow_ups": "intents",
    "resolved": "effective_contacts",
    "satisfied": "surveyed",
    "completed_calls": "connected",
    "effective_talk_s": "talk_s",
}
RATIOS_ABOVE_ONE = frozenset({"roi"})


@dataclass(frozen=True, slots=True)
class Params:
    chain: tuple[str, ...] = field(default=CHAIN, metadata={"help": "funnel stages, largest first"})
    bounded: dict[str, str] = field(default_factory=lambda: dict(BOUNDED), metadata={"help": "further pairs smaller: larger"})
    ratios_at_most_one: bool = field(default=True, metadata={"help": "flag rates printed above 100 % (ROI excepted)"})


@register_kind("funnel_order", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Reported counts out of funnel order."""
    p = rule.params
    for report in report_claims(ctx):
        for scope, figures in first_claims(report).items():
            pairs: list[tuple[str, str]] = []
            present = [m for m in p.chain if m in figures]
            pairs += list(zip(present[1:], present[:-1], strict=False))  # (smaller, nearest larger printed)
            pairs += [(small, big) for small, big in p.bounded.items() if small in figures and big in figures]
            for small, big in pairs:
                s, b = figures[small], figures[big]
                if claim_interval(s).lo > claim_interval(b).hi:
                    where = "" if scope.is_overall else f" for {scope.describe()}"
                    yield rule.finding(
                        f"The report's {small} ({describe(s)}) exceeds its {big} ({describe(b)}){where}: "
                        f"a later stage of the funnel cannot be larger than the stage before it.",
                        metric=small,
                        scope=scope,
                        claimed=float(s.value),
                        evidence={
                            "smaller_stage": claim_ref(s),
                            "larger_stage": claim_ref(b),
                            "excess": float(s.value - b.value),
                        },
                        sources=(s.source, b.source),
                    )
            if p.ratios_at_most_one:
                for metric, claim in figures.items():
                    if claim.unit is Unit.RATIO and metric not in RATIOS_ABOVE_ONE and claim_interval(claim).lo > 1:
                        yield rule.finding(
                            f"The report prints {describe(claim)}, above 100 %: a share of calls cannot exceed the whole.",
                            metric=metric,
                            scope=scope,
                            claimed=float(claim.value),
                            evidence={"claim": claim_ref(claim)},
                            sources=(claim.source,),
                        )
