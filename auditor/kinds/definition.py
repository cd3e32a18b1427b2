"""Rule kind ``definition``: a claim reproduced only by a definition the contract does not bind.

What it checks:
    The claimed figure matches one of the metric's variant definitions (for
    example connected / valid dials) but not the binding one (the engagement's
    ``definitions:`` entry, else the catalogue default, connected / total dials).

Why it matters:
    Choosing the denominator that flatters is the commonest inflation: connect
    rate over valid dials presented as over all dials, conversion over intents
    presented as over contacts. The figure is arithmetically right and still
    misleading.

Parameters:
    severity_when_labelled: severity when the report's own label names the
        variant it used (``平均通话时长`` for plain average talk time), which is
        honest wording rather than a substitution.

Example:
    接通率 50.0 % matches connected / valid_dials (4,100 / 8,200) but the
    contract binds connected / total_dials (41.0 %): a definition finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engine.comparison import Status, check_claim, claim_evidence
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, Severity


@dataclass(frozen=True, slots=True)
class Params:
    severity_when_labelled: str = field(
        default="info", metadata={"help": "severity when the label itself names the variant used"}
    )

    def __post_init__(self) -> None:
        Severity.parse(self.severity_when_labelled)


@register_kind("definition", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Claim that matches only a definition of its metric the contract does not bind."""
    for claim in ctx.claims:
        result = check_claim(claim, ctx)
        if result.status is not Status.MATCHES_VARIANT:
            continue
        used = result.matching[0]
        labelled = claim.definition_hint is not None and claim.definition_hint == used.definition
        binding = result.binding
        scope = "" if claim.scope.is_overall else f" for {claim.scope.describe()}"
        bound = (
            f"{binding.definition} gives {claim.unit.format(binding.value)}"
            if binding and binding.value is not None
            else "the binding definition cannot be computed"
        )
        if labelled:
            message = (
                f"{claim.label} {claim.raw_text}{scope} is {used.definition} as its label says, not the audited "
                f"{claim.metric} ({bound})."
            )
        else:
            message = (
                f"{claim.label or claim.metric} {claim.raw_text}{scope} is reproduced only by {used.definition} "
                f"({used.numerator:,.0f} / {used.denominator:,.0f}); the contract's definition {bound}."
            )
        yield rule.finding(
            message,
            severity=Severity.parse(rule.params.severity_when_labelled) if labelled else None,
            metric=claim.metric,
            scope=claim.scope,
            claimed=float(claim.value),
            recomputed=binding.value if binding else None,
            evidence={**claim_evidence(result), "definition_used": used.definition, "labelled_as_variant": labelled},
            sources=(claim.source,),
        )
