"""Rule kind ``data_quality``: problems in the call records, with counts and example rows.

What it checks:
    Every data-quality issue the readers found (duplicate call ids, unmapped
    dispositions, unparseable or placeholder timestamps, talk longer than the
    call, negative durations, ...), one finding per issue.

Why it matters:
    Nothing is dropped silently: the reader sees how many rows were odd, what
    the audit did with them, and where to look.

Parameters:
    severity_by_code: severity per issue code; codes not listed take the rule's severity.

Example:
    ``duplicate_call_id``: 24 rows share 12 call ids; all kept and counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, Severity
from auditor.kinds._records import sources


@dataclass(frozen=True, slots=True)
class Params:
    severity_by_code: dict[str, str] = field(default_factory=dict, metadata={"help": "severity per data-quality issue code"})

    def __post_init__(self) -> None:
        for value in self.severity_by_code.values():
            Severity.parse(value)


@register_kind("data_quality", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Problem rows in the call records, counted, with examples."""
    total = ctx.records.rows if ctx.records is not None else 0
    for issue in ctx.data_quality:
        severity = rule.params.severity_by_code.get(issue.code)
        yield rule.finding(
            issue.message,
            severity=Severity.parse(severity) if severity else None,
            evidence={
                "code": issue.code,
                "count": issue.count,
                "rows_total": total,
                "column": issue.column,
                "effect": issue.effect,
                "examples": list(issue.examples),
                **issue.details,
            },
            sources=sources(ctx),
        )
