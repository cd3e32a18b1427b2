"""Rule kind ``unverifiable``: claimed figures the call records cannot check, listed so none is silently dropped.

What it checks:
    Claims of metrics the records cannot recompute: claimed-only figures
    (uptime, dial latency, CRM sync latency, data-leak incidents), figures that
    need a column the records lack (complaints without a complaint flag), a
    price model or lead list the engagement does not give, or a zero denominator.

Why it matters:
    An auditor must know which figures rest on the vendor's word alone, and what
    evidence to request (system logs, CRM exports, invoices).

Parameters:
    (none)

Example:
    系统可用率 99.95 % is claimed; call records carry no uptime data, so the
    figure is listed as unverifiable (info).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from auditor.engine.comparison import Status, check_claim, claim_evidence
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding


@dataclass(frozen=True, slots=True)
class Params:
    pass


@register_kind("unverifiable", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Claimed figure the call records cannot check."""
    for claim in ctx.claims:
        result = check_claim(claim, ctx)
        if result.status is not Status.UNVERIFIABLE or result.gap is not None:
            continue  # a scope the records lack is one finding of its own (kind scope_gap), not one per figure
        scope = "" if claim.scope.is_overall else f" for {claim.scope.describe()}"
        yield rule.finding(
            f"{claim.label or claim.metric} {claim.raw_text}{scope} cannot be checked against the call records: {result.reason}.",
            metric=claim.metric,
            scope=claim.scope,
            claimed=float(claim.value),
            evidence={**claim_evidence(result), "reason": result.reason},
            sources=(claim.source,),
        )
