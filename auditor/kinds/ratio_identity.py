"""Rule kind ``ratio_identity``: a printed rate or average that its own printed counts do not give.

What it checks:
    For each rate or average the report prints (connect rate, average effective talk
    time, average order value, ...), and each definition it may use, when the report
    also prints every count or sum in that definition for the same scope, the figure
    must equal numerator / denominator of those printed figures: average x count =
    total, rate x denominator = numerator. Printed precision is honoured on every
    figure. A finding needs the definition to be known (the label names it, or the
    metric has one definition) or every possible definition to be computable and
    none to agree.

Why it matters:
    Headline rates and averages are often edited separately from the counts beneath
    them. When 接通量 / 外呼总量 does not give the printed 接通率, one of the three
    figures was not produced from the same data.

Parameters:
    rel_tol: extra slack as a fraction of the printed figure.

Example:
    平均有效通话时长 95.0 s, 有效通话数 2,000 and 有效通话总时长 150,000 s:
    150,000 / 2,000 = 75.0 s, not 95.0 s, high.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.kinds.figures import (
    candidate_definitions,
    claim_interval,
    claim_ref,
    claims_by_scope,
    describe,
    evaluate,
    report_claims,
)
from auditor.metrics.catalogue import MetricKind


@dataclass(frozen=True, slots=True)
class Params:
    rel_tol: float = field(default=0.0, metadata={"help": "extra slack as a fraction of the printed figure"})

    def __post_init__(self) -> None:
        if self.rel_tol < 0:
            raise ValueError("rel_tol must be >= 0")


@register_kind("ratio_identity", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Printed rates and averages that their printed counts do not give."""
    for report in report_claims(ctx):
        for scope, by_metric in claims_by_scope(report).items():
            blocks = {m: claim_interval(cs[0]) for m, cs in by_metric.items() if ctx.catalogue[m].kind is MetricKind.BLOCK}
            for metric, claims in by_metric.items():
                if ctx.catalogue[metric].kind is not MetricKind.RATE:
                    continue
                for claim in claims:
                    formulas, known = candidate_definitions(claim, ctx)
                    results = [(f, evaluate(f, blocks)) for f in formulas]
                    computable = [(f, v) for f, v in results if v is not None]
                    if not computable or (not known and len(computable) < len(formulas)):
                        continue
                    printed = claim_interval(claim).widen(rel=rule.params.rel_tol)
                    if any(v.overlaps(printed) for _, v in computable):
                        continue
                    formula, value = computable[0]
                    used = [by_metric[name][0] for name in sorted(formula.names)]
                    mid = float((value.lo + value.hi) / 2)
                    where = "" if scope.is_overall else f" ({scope.describe()})"
                    yield rule.finding(
                        f"The report prints {describe(claim)}{where}, but its own figures give {formula.text} = "
                        f"{claim.unit.format(mid)} (" + ", ".join(describe(u) for u in used) + ").",
                        metric=metric,
                        scope=scope,
                        claimed=float(claim.value),
                        recomputed=mid,
                        evidence={
                            "claim": claim_ref(claim),
                            "definition": formula.text,
                            "definition_known": known,
                            "from_printed_figures": value.to_list(),
                            "printed_interval": printed.to_list(),
                            "figures": [claim_ref(u) for u in used],
                            "other_definitions": {f.text: (v.to_list() if v else None) for f, v in results[1:]},
                        },
                        sources=(claim.source, *[u.source for u in used]),
                    )
