"""Rule kind ``abandoned_rate``: predictive-dialler drops above the cap.

What it checks:
    The recomputed ``abandoned_rate`` (abandoned / (abandoned + connected)),
    overall and per campaign, against the cap (default: the engagement's
    ``abandoned_rate_cap``, 3 %). A scope above the cap is a finding; the
    evidence adds a one-sided exact binomial p-value for "the true rate exceeds
    the cap", so a reader can tell a marginal breach from a clear one.

Why it matters:
    A dialler that rings more numbers than it has free agents drops the calls it
    cannot serve: the called party answers to silence. Regulators cap the drop
    rate (3 % is the common cap); above it the client is exposed.

Parameters:
    max_rate: the cap as a ratio (default the engagement's abandoned_rate_cap).
    min_denominator: scopes with fewer abandoned + connected calls are not judged.

Example:
    abandoned_rate 0.052 (287 of 5,530) above the 0.03 cap; binomial p = 3e-15.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor import stats
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.kinds._records import overall_and_campaigns, p_value, rounded, sources


@dataclass(frozen=True, slots=True)
class Params:
    max_rate: float | None = field(default=None, metadata={"help": "cap as a ratio; default the engagement's abandoned_rate_cap"})
    min_denominator: int = field(default=30, metadata={"help": "scopes with fewer abandoned + connected calls are not judged"})

    def __post_init__(self) -> None:
        if (self.max_rate is not None and not 0 <= self.max_rate <= 1) or self.min_denominator < 1:
            raise ValueError("0 <= max_rate <= 1 and min_denominator >= 1")


@register_kind("abandoned_rate", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Abandoned (dropped) calls above the cap, overall and per campaign."""
    cap = ctx.engagement.compliance.max_abandoned_rate if rule.params.max_rate is None else rule.params.max_rate
    for value in overall_and_campaigns(ctx, "abandoned_rate"):
        n, k = int(value.denominator or 0), int(value.numerator or 0)
        if n < rule.params.min_denominator or (value.value or 0.0) <= cap:
            continue
        p_val = stats.binomial_excess_p(k, n, cap)
        where = value.scope.describe()
        yield rule.finding(
            f"abandoned_rate {value.value:.3f} ({k} of {n}) above the {cap:g} cap for {where} (binomial p = {p_val:.2g})",
            metric="abandoned_rate",
            scope=value.scope,
            recomputed=value.value,
            evidence={
                "test": "one-sided exact binomial: true rate > cap",
                "scope": value.scope.to_dict(),
                "abandoned": k,
                "abandoned_plus_connected": n,
                "rate": rounded(value.value or 0.0),
                "cap": cap,
                "statistic": k,
                "p_value": p_value(p_val),
            },
            sources=sources(ctx),
        )
