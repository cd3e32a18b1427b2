"""Rule kind ``unverifiable``: claimed figures the call records cannot check, listed so none is silently dropped.

What it checks:
    Claims of metrics the records cannot recompute: claimed-only figures
    (uptime, dial latency, CRM sync latency, data-leak incidents), figures that
    need a column the records lack (complaints without a complaint flag), a
    price model or lead list the engagement does not give, or a zero denominator.

Why it matters:
    An auditor must know which figures rest on the vendor's word alone, and what
    evidence to request (system logs, CRM exports, invoices).

    Without call records, the figures they would check are listed in one finding
    (the report was checked for internal consistency only).

Parameters:
    max_listed: figures listed in that one finding.

Example:
    系统可用率 99.95 % is claimed; call records carry no uptime data, so the
    figure is listed as unverifiable (info).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engine.comparison import Status, check_claim, claim_evidence
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.kinds.figures import claim_ref
from auditor.reports.model import ClaimedFigure


@dataclass(frozen=True, slots=True)
class Params:
    max_listed: int = field(
        default=20, metadata={"help": "figures listed in the one finding made when no call records were given"}
    )

    def __post_init__(self) -> None:
        if self.max_listed < 1:
            raise ValueError("max_listed must be >= 1")


@register_kind("unverifiable", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Claimed figure the call records cannot check."""
    without_records: list[ClaimedFigure] = []
    for claim in ctx.claims:
        result = check_claim(claim, ctx)
        if result.status is not Status.UNVERIFIABLE or result.gap is not None:
            continue  # a scope the records lack is one finding of its own (kind scope_gap), not one per figure
        if not ctx.has_calls and ctx.catalogue[claim.metric].recomputable:
            without_records.append(claim)  # one finding for them all: records would check them
            continue
        scope = "" if claim.scope.is_overall else f" for {claim.scope.describe()}"
        yield rule.finding(
            f"{claim.label or claim.metric} {claim.raw_text}{scope} cannot be checked against the call records: {result.reason}.",
            metric=claim.metric,
            scope=claim.scope,
            claimed=float(claim.value),
            evidence={**claim_evidence(result), "reason": result.reason},
            sources=(claim.source,),
        )
    if without_records:
        listed = without_records[: rule.params.max_listed]
        yield rule.finding(
            f"No call records were given: {len(without_records)} figure(s) the records would check were checked "
            "for internal consistency only.",
            evidence={
                "figures": len(without_records),
                "claims": [claim_ref(c) for c in listed],
                "reason": "no call records were supplied",
            },
            sources=tuple(c.source for c in listed[:10]),
        )
