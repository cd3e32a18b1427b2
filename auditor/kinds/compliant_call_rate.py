"""Rule kind ``compliant_call_rate``: the share of valid dials that broke no rule is below the floor.

What it checks:
    The ``compliant_call_rate`` recomputed from the records (valid dials with no
    calling-window, do-not-call, opt-out-redial or frequency-cap violation, over
    valid dials) against the floor (default: the engagement's
    ``compliant_call_rate_min``, 95 %), overall and per campaign. The evidence
    breaks the non-compliant valid dials down by rule, and gives a one-sided
    exact binomial p-value for "the true rate is below the floor".

Why it matters:
    Vendors report a compliance rate from their own QA sample; the records give
    the rate over every dial. A recomputed rate under the floor is a compliance
    risk whatever the report claims (claims themselves are compared by the
    discrepancy rule).

Parameters:
    min_rate: floor as a ratio (default the engagement's compliant_call_rate_min).
    min_denominator: scopes with fewer valid dials are not judged.

Example:
    compliant_call_rate 0.912 (9,420 of 10,329 valid dials) below the 0.95 floor:
    620 after opt-out, 289 outside the window; binomial p = 4e-60.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from auditor import stats
from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import ASSUMPTIONS, Finding
from auditor.ingest.table import CallTable
from auditor.ingest.zone import TableZone
from auditor.kinds._records import campaign_labels, overall_and_campaigns, p_value, rounded, sources
from auditor.metrics.definitions.compliance import LOCAL_TIME_CHECKS, VIOLATIONS, violations
from auditor.metrics.definitions.reach import row_columns as reach_columns

#: Row label of the whole records in :class:`ByCampaign` (no campaign can be named so).
OVERALL = "\x00overall"


@dataclass(frozen=True, slots=True)
class Params:
    min_rate: float | None = field(default=None, metadata={"help": "floor as a ratio; default: compliant_call_rate_min"})
    min_denominator: int = field(default=30, metadata={"help": "scopes with fewer valid dials are not judged"})

    def __post_init__(self) -> None:
        if (self.min_rate is not None and not 0 <= self.min_rate <= 1) or self.min_denominator < 1:
            raise ValueError("0 <= min_rate <= 1 and min_denominator >= 1")


@dataclass(frozen=True)
class ByCampaign:
    """Valid dials that broke each check (columns), per campaign label and overall (``None``)."""

    table: pd.DataFrame

    def __add__(self, other: ByCampaign) -> ByCampaign:
        return ByCampaign(self.table.add(other.table, fill_value=0).astype("int64"))

    def breakdown(self, campaign: str | None) -> dict[str, int]:
        key = OVERALL if campaign is None else campaign
        if key not in self.table.index:
            return dict.fromkeys(VIOLATIONS, 0)
        row = self.table.loc[key].to_numpy(dtype="int64")
        return {name: int(count) for name, count in zip(self.table.columns, row, strict=True)}


def summarise(rule: RuleSpec[Params], calls: CallTable, engagement: Engagement) -> ByCampaign:
    """Valid dials of ``calls`` breaking each check, per campaign (every dial of a number must be in the part)."""
    settings = engagement.metric_settings()
    flags = violations(calls, settings)
    valid = reach_columns(calls, settings)["is_valid"]
    broke = flags[list(VIOLATIONS)].astype(bool).mul(valid.astype(bool), axis=0).astype("int64")
    table = broke.groupby(campaign_labels(calls), sort=True).sum()
    table.loc[OVERALL] = broke.sum()
    return ByCampaign(table)


@register_kind("compliant_call_rate", params=Params, summarise=summarise)
def check(rule: RuleSpec[Params], ctx: AuditContext, summary: ByCampaign) -> Iterator[Finding]:
    """Recomputed compliant_call_rate below the engagement's floor, with the violations behind it."""
    floor = ctx.engagement.compliance.min_compliant_call_rate if rule.params.min_rate is None else rule.params.min_rate
    low = [
        v
        for v in overall_and_campaigns(ctx, "compliant_call_rate")
        if (v.value or 0.0) < floor and (v.denominator or 0) >= rule.params.min_denominator
    ]
    zone = ctx.zone.for_dials(ctx.engagement.compliance.called_party_timezone)
    for value in low:
        breakdown = summary.breakdown(value.scope.campaign)
        n, k = int(value.denominator or 0), int(value.numerator or 0)
        p_val = stats.binomial_deficit_p(k, n, floor)
        reasons = ", ".join(f"{c} {name}" for name, c in breakdown.items() if c)
        local = _zone_evidence(zone, breakdown, n, floor)
        yield rule.finding(
            f"compliant_call_rate {value.value:.3f} ({k} of {n} valid dials) below the {floor:g} floor for "
            f"{value.scope.describe()}: {reasons}"
            f"{f' (local times: {zone.describe()})' if local else ''} (binomial p = {p_val:.2g})",
            metric="compliant_call_rate",
            scope=value.scope,
            recomputed=value.value,
            evidence={
                "test": "one-sided exact binomial: true rate < floor",
                "scope": value.scope.to_dict(),
                "compliant": k,
                "valid_dials": n,
                "rate": rounded(value.value or 0.0),
                "floor": floor,
                "violations": breakdown,
                "statistic": k,
                "p_value": p_value(p_val),
                **local,
            },
            sources=sources(ctx),
        )


def _zone_evidence(zone: TableZone, breakdown: dict[str, int], valid: int, floor: float) -> dict[str, Any]:
    """The zone of the local-time checks, when they broke any dial; its assumption only when the rate depends on it.

    The dials breaking a rule that needs no clock (do-not-call, redial after opt-out) are non-compliant
    in any zone: when they alone put the rate below the floor, the finding stands whatever the zone.
    """
    if not any(breakdown.get(name, 0) for name in LOCAL_TIME_CHECKS):
        return {}
    facts = zone.evidence()
    clockless = max((c for name, c in breakdown.items() if name not in LOCAL_TIME_CHECKS), default=0)
    if valid and (valid - clockless) / valid < floor:
        facts.pop(ASSUMPTIONS, None)
    return facts
