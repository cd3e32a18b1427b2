"""Rule kind ``unmatched_figures``: labelled figures in a report that match no catalogue metric.

What it checks:
    Numbers printed next to a label no zh/en/ru synonym of the catalogue
    matches. They are listed, never dropped, so a reader can see what the
    audit did not interpret.

Why it matters:
    A vendor may use its own wording for a standard metric; the auditor can
    then add the label to the catalogue and re-run.

Parameters:
    max_listed: how many figures to show in the evidence.

Example:
    ``神秘指标 42`` on 汇总!B7 is listed as one unmatched figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding


@dataclass(frozen=True, slots=True)
class Params:
    max_listed: int = field(default=50, metadata={"help": "how many unmatched figures the evidence lists"})


@register_kind("unmatched_figures", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Report figures whose label matches no catalogue metric."""
    for report in ctx.reports:
        if not report.unmatched:
            continue
        listed = report.unmatched[: rule.params.max_listed]
        labels = ", ".join(f"'{u.label}'" for u in listed[:5])
        more = f" and {len(report.unmatched) - 5} more" if len(report.unmatched) > 5 else ""
        yield rule.finding(
            f"{len(report.unmatched)} figure(s) in {report.path} have labels auditor does not know ({labels}{more}); "
            "they were not checked.",
            evidence={"count": len(report.unmatched), "figures": [u.to_dict() for u in listed]},
            sources=tuple(u.source for u in listed[:10]),
        )
