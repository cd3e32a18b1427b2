"""Rule kind ``scope_gap``: the report gives figures for a campaign, agent or period the call records hold no call for.

What it checks:
    Each claimed figure whose scope has no call in the records. Such a figure is
    never compared with 0: it is unverifiable, and one finding per missing scope
    says why -- the report names a campaign (agent, period) the records lack, the
    records carry no campaign (agent) column at all, or they hold no call -- and
    lists the figures it leaves unchecked.

Why it matters:
    Records that lack a scope the report covers are either the wrong or an
    incomplete export (ask the vendor for the rest) or a sign that the reported
    work was not done. Comparing each figure with 0 would accuse the vendor once
    per figure of something the records simply do not show.

Parameters:
    severity_when_not_recorded: severity when the records cannot tell (no such
        column, no call at all) rather than lack a scope they could hold.
    max_listed: how many of the unchecked figures the evidence lists.

Example:
    The report gives 12 figures for campaign ``Renewals``; the records carry
    campaigns ``Wealth`` and ``Cards`` only: one finding, "the report names
    campaign Renewals; the records hold no call for it (12 figures not checked)".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engine.comparison import check_claim
from auditor.engine.context import AuditContext
from auditor.engine.coverage import ScopeGap, record_days
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, Severity
from auditor.kinds.figures import claim_ref
from auditor.reports.model import ClaimedFigure
from auditor.scope import Scope


@dataclass(frozen=True, slots=True)
class Params:
    severity_when_not_recorded: str = field(
        default="info", metadata={"help": "severity when the records carry no such column or no call at all"}
    )
    max_listed: int = field(default=20, metadata={"help": "how many unchecked figures the evidence lists"})

    def __post_init__(self) -> None:
        Severity.parse(self.severity_when_not_recorded)
        if self.max_listed < 1:
            raise ValueError("max_listed must be >= 1")


def gaps(ctx: AuditContext) -> dict[tuple[str, object], list[tuple[ScopeGap, ClaimedFigure]]]:
    """The claims left unchecked because the records hold no call for their scope, grouped by what is missing.

    One group per missing column, per campaign or agent the records lack, and one for every
    period outside the records (in claim order).
    """
    found: dict[tuple[str, object], list[tuple[ScopeGap, ClaimedFigure]]] = {}
    for claim in ctx.claims:
        gap = check_claim(claim, ctx).gap
        if gap is None:
            continue
        key: tuple[str, object] = (
            ("column", gap.column)
            if gap.column is not None
            else ("period", "")
            if gap.missing.period is not None and not gap.missing.parts()
            else ("scope", gap.missing)
        )
        found.setdefault(key, []).append((gap, claim))
    return found


def _reason(key: tuple[str, object], entries: list[tuple[ScopeGap, ClaimedFigure]], ctx: AuditContext) -> str:
    gap = entries[0][0]
    if key[0] == "column" and gap.column == "start_time":  # aggregated counts (auditor.ingest.adapters.counts)
        periods = sorted({str(claim.scope.period) for _, claim in entries})
        return f"the report gives figures per period ({_some(periods)}); the call records are counts without call times"
    if key[0] == "column":
        word = "campaign" if gap.column == "campaign" else "agent"
        names = sorted({str(getattr(claim.scope, str(gap.column))) for _, claim in entries})
        return f"the report gives figures per {word} ({_some(names)}); the call records carry no {word} column"
    if key[0] == "period":
        periods = sorted({str(g.missing.period) for g, _ in entries})
        if len(periods) == 1:
            return gap.reason
        days = record_days(ctx)
        span = f" (they run from {days[0]} to {days[1]})" if days else ""
        return f"the report's periods {_some(periods)} lie outside the records: they hold no call in them{span}"
    return gap.reason


def _some(names: list[str], shown: int = 5) -> str:
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


@register_kind("scope_gap", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Figures for a campaign, agent or period the call records hold no call for: one finding per missing scope."""
    p = rule.params
    for key, entries in gaps(ctx).items():
        gap = entries[0][0]
        claims = [claim for _, claim in entries]
        reason = _reason(key, entries, ctx)
        listed = claims[: p.max_listed]
        days = record_days(ctx)
        missing = gap.missing if key[0] == "scope" or len({g.missing for g, _ in entries}) == 1 else Scope()
        yield rule.finding(
            f"{reason[0].upper()}{reason[1:]}: {len(claims)} figure(s) cannot be checked against the call records.",
            severity=Severity.parse(p.severity_when_not_recorded) if gap.not_recorded else None,
            scope=missing,
            evidence={
                "missing": missing.to_dict(),
                "periods": sorted({str(g.missing.period) for g, _ in entries}) if key[0] == "period" else None,
                "column_absent": gap.column,
                "reason": reason,
                "figures": len(claims),
                "claims": [claim_ref(c) for c in listed],
                "records_days": list(days) if days else None,
            },
            sources=tuple(c.source for c in listed[:10]),
        )
