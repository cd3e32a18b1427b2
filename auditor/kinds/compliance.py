"""Rule kind ``compliance``: dials that broke the engagement's calling rules.

What it checks:
    Every dial against the engagement's compliance settings, through the same
    per-dial flags that give ``compliant_calls`` (so the findings and
    ``compliant_call_rate`` always agree): the calling window in the called
    party's zone (default 08:00-21:00, weekdays listed), the do-not-call list,
    redials after the number opted out, and the daily and weekly frequency caps
    per number (the dials beyond the cap). One finding per rule broken, with the
    count, numbers affected, the recomputed compliant_call_rate and masked examples.

Why it matters:
    Calls at night, to do-not-call numbers, after an opt-out or beyond the cap
    break telemarketing regulation and the contract; the client carries the
    legal and reputational risk, and complaints follow.

Parameters:
    checks: which of outside_window, do_not_call, after_opt_out, over_daily_cap, over_weekly_cap to report.
    severity_by_check: severity per check; checks not listed take the rule's severity.
    min_calls: fewest offending dials that make a finding.

Example:
    45 dials (0.4 %) outside the calling window 08:00-21:00 (Asia/Shanghai) to 45
    numbers; e.g. C11010000812 to 139******21 at 2026-10-03 21:14:08.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, Severity
from auditor.ingest.table import CallTable
from auditor.kinds._records import RowCounts, add_by_key, examples_of, rounded, sources
from auditor.metrics.definitions.compliance import VIOLATIONS, local_start, violations

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

DESCRIBE = {
    "outside_window": "outside the calling window",
    "do_not_call": "to numbers on the do-not-call list",
    "after_opt_out": "to numbers that had opted out on an earlier dial",
    "over_daily_cap": "beyond the daily frequency cap per number",
    "over_weekly_cap": "beyond the weekly frequency cap per number",
}


@dataclass(frozen=True, slots=True)
class Params:
    checks: tuple[str, ...] = field(default=VIOLATIONS, metadata={"help": f"checks to report: {', '.join(VIOLATIONS)}"})
    severity_by_check: dict[str, str] = field(default_factory=dict, metadata={"help": "severity per check"})
    min_calls: int = field(default=1, metadata={"help": "fewest offending dials that make a finding"})

    def __post_init__(self) -> None:
        object.__setattr__(self, "checks", tuple(self.checks))
        unknown = [c for c in (*self.checks, *self.severity_by_check) if c not in VIOLATIONS]
        if unknown:
            raise ValueError(f"unknown checks {unknown}; choose from {', '.join(VIOLATIONS)}")
        for value in self.severity_by_check.values():
            Severity.parse(value)
        if self.min_calls < 1:
            raise ValueError("min_calls must be >= 1")


def _settings_evidence(check: str, ctx: AuditContext) -> Any:
    """The engagement setting a check applies, and for the checks on local time the zone it was read in and how it was known."""
    rules = ctx.engagement.compliance
    zone = ctx.zone.for_dials(rules.called_party_timezone).evidence()  # timezone, timezone_source, ..., assumptions
    return {
        "outside_window": {
            "window": f"{rules.window_start:%H:%M}-{rules.window_end:%H:%M}",
            **zone,
            "weekdays": [WEEKDAYS[d] for d in sorted(rules.allowed_weekdays)],
        },
        "do_not_call": {"do_not_call_numbers": len(rules.do_not_call)},
        "after_opt_out": {},
        "over_daily_cap": {"cap_per_day": rules.max_calls_per_day, **zone},
        "over_weekly_cap": {"cap_per_week": rules.max_calls_per_week, **zone},
    }[check]


def _setting_text(check: str, setting: dict[str, Any], ctx: AuditContext) -> str:
    """The engagement setting the dials broke, for the message: `` 08:00-21:00 (Asia/Shanghai, the engagement's timezone)``."""
    zone = ctx.zone.for_dials(ctx.engagement.compliance.called_party_timezone).describe()
    if check == "outside_window":
        return f" {setting['window']} ({zone})"
    if check == "over_daily_cap":
        return f" ({setting['cap_per_day']} a day, local days in {zone})"
    if check == "over_weekly_cap":
        return f" ({setting['cap_per_week']} a week, local weeks in {zone})"
    return ""


@dataclass(frozen=True)
class Breaches:
    """Dials checked, and per check the offending dials, the numbers they went to and the first ones."""

    dials: int
    found: dict[str, RowCounts]

    def __add__(self, other: Breaches) -> Breaches:
        return Breaches(self.dials + other.dials, add_by_key(self.found, other.found))


def summarise(rule: RuleSpec[Params], calls: CallTable, engagement: Engagement) -> Breaches | None:
    """The dials of ``calls`` that broke each check (every dial of a number must be in the part)."""
    if len(calls) == 0:
        return None
    settings = engagement.metric_settings()
    flags = violations(calls, settings)
    frame = calls.frame
    local = local_start(calls, settings)  # formatted only for the examples
    found = {}
    for name in rule.params.checks:
        broke = flags[name]
        numbers = float(frame.loc[broke, "phone"].nunique())  # parts hold different numbers: the counts add up
        found[name] = RowCounts(int(broke.sum()), numbers, examples_of(calls, broke, {"recipient_local_time": local}))
    return Breaches(len(frame), found)


@register_kind("compliance", params=Params, summarise=summarise)
def check(rule: RuleSpec[Params], ctx: AuditContext, summary: Breaches) -> Iterator[Finding]:
    """Dials outside the calling window, to do-not-call or opted-out numbers, or beyond the frequency caps."""
    rate = ctx.metrics.get("compliant_call_rate")
    dials = summary.dials
    for name in rule.params.checks:
        found = summary.found[name]
        count = found.count
        if count < rule.params.min_calls:
            continue
        severity = rule.params.severity_by_check.get(name)
        setting = _settings_evidence(name, ctx)
        broke = f"{DESCRIBE[name]}{_setting_text(name, setting, ctx)}"
        yield rule.finding(
            f"{count} dials ({count / dials:.1%}) {broke}, to {int(found.total)} numbers",
            severity=Severity.parse(severity) if severity else None,
            metric="compliant_call_rate",
            recomputed=None if rate is None else rate.value,
            evidence={
                "check": name,
                "count": count,
                "dials": dials,
                "share": rounded(count / dials),
                "numbers": int(found.total),
                **setting,
                "compliant_call_rate": None if rate is None else rate.to_dict(),
                "examples": found.examples.to_list(),
            },
            sources=sources(ctx),
        )
