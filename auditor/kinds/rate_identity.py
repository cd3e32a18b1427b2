"""Rule kind ``rate_identity``: printed rates that contradict each other through an identity.

What it checks:
    Rates over a chain of denominators multiply: connect rate over all dials = valid
    dial rate x connect rate over valid dials; conversions / contacts = conversions /
    intents x intents / contacts. Rates over the same denominator whose numerators add
    up to it sum to 100 % (valid-number rate + invalid-number rate). For every pair
    or triple of rates printed for one scope whose definitions form such an identity,
    the printed values (with their printed precision) must satisfy it.

    A rate's definition is the one its label names, else each of its catalogue
    definitions is tried (the contract's first); when some definition had to be
    assumed the finding gets ``severity_when_assumed``.

Why it matters:
    Rates that cannot all be true at once show that at least one was edited or taken
    from another period or population, even when no call records are supplied.

Parameters:
    rel_tol: extra slack as a fraction of the identity's value.
    severity_when_assumed: severity when a definition was not named by the label.

Example:
    接通率(总) 45.0 %, 号码有效率(按拨打) 80.0 % and 接通率(有效号码) 50.0 %:
    0.80 x 0.50 = 40.0 %, not 45.0 %, high.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, Severity
from auditor.kinds.figures import (
    Interval,
    candidate_definitions,
    claim_interval,
    claim_ref,
    claims_by_scope,
    describe,
    linear_form,
    report_claims,
)
from auditor.metrics.catalogue import MetricKind
from auditor.metrics.formula import Formula
from auditor.reports.model import ClaimedFigure
from auditor.units import Unit

Form = frozenset[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class Params:
    rel_tol: float = field(default=0.0, metadata={"help": "extra slack as a fraction of the identity's value"})
    severity_when_assumed: str = field(
        default="low", metadata={"help": "severity when a definition was assumed, not named by the label"}
    )

    def __post_init__(self) -> None:
        if self.rel_tol < 0:
            raise ValueError("rel_tol must be >= 0")
        Severity.parse(self.severity_when_assumed)


@dataclass(frozen=True)
class Reading:
    """One claim read under one definition."""

    claim: ClaimedFigure
    formula: Formula
    num: Form
    den: Form
    known: bool


def _readings(claim: ClaimedFigure, ctx: AuditContext) -> list[Reading]:
    formulas, known = candidate_definitions(claim, ctx)
    out = []
    for f in formulas:
        num, den = linear_form(f.numerator), linear_form(f.denominator)
        if num is not None and den is not None:
            out.append(Reading(claim, f, frozenset(num.items()), frozenset(den.items()), known))
    return out


def _add(a: Form, b: Form) -> Form:
    total: dict[str, int] = dict(a)
    for k, v in b:
        total[k] = total.get(k, 0) + v
    return frozenset((k, v) for k, v in total.items() if v)


@register_kind("rate_identity", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Printed rates that contradict each other through a product or complement identity."""
    p = rule.params
    for report in report_claims(ctx):
        for scope, by_metric in claims_by_scope(report).items():
            rates = [
                c
                for m, cs in by_metric.items()
                if ctx.catalogue[m].kind is MetricKind.RATE and ctx.catalogue[m].unit is Unit.RATIO
                for c in cs
            ]
            readings = {id(c): _readings(c, ctx) for c in rates}
            every = [r for c in rates for r in readings[id(c)]]
            by_num: dict[Form, list[Reading]] = defaultdict(list)
            by_ratio: dict[tuple[Form, Form], list[Reading]] = defaultdict(list)
            for r in every:
                by_num[r.num].append(r)
                by_ratio[(r.num, r.den)].append(r)
            # product: x = y * z with x.num == y.num, y.den == z.num, z.den == x.den (index lookups, not all triples)
            products: dict[tuple[int, frozenset[int]], list[tuple[Reading, Reading, Reading]]] = defaultdict(list)
            for rx in every:
                for ry in by_num[rx.num]:
                    if ry.claim is rx.claim:
                        continue
                    for rz in by_ratio[(ry.den, rx.den)]:
                        if rz.claim is not rx.claim and rz.claim is not ry.claim:
                            products[(id(rx.claim), frozenset((id(ry.claim), id(rz.claim))))].append((rx, ry, rz))
            for combos in products.values():
                x = combos[0][0].claim
                values = [(c, claim_interval(c[1].claim) * claim_interval(c[2].claim)) for c in combos]
                lhs = claim_interval(x)
                if any(v.widen(rel=p.rel_tol).overlaps(lhs) for _, v in values):
                    continue
                (rx, ry, rz), value = values[0]
                yield _finding(
                    rule, scope, [rx, ry, rz], lhs, value, f"{rx.formula.text} = {ry.formula.text} x {rz.formula.text}"
                )
            # complement: x + y = 1 over one denominator
            for x, y in itertools.combinations(rates, 2):
                pairs = [
                    (rx, ry)
                    for rx in readings[id(x)]
                    for ry in readings[id(y)]
                    if rx.den == ry.den and _add(rx.num, ry.num) == rx.den
                ]
                if not pairs:
                    continue
                total = claim_interval(x) + claim_interval(y)
                if total.widen(rel=p.rel_tol).overlaps(Interval.of(1)):
                    continue
                rx, ry = pairs[0]
                yield _finding(rule, scope, [rx, ry], total, Interval.of(1), f"{rx.formula.text} + {ry.formula.text} = 1")


def _finding(
    rule: RuleSpec[Params], scope: object, readings: list[Reading], printed: Interval, expected: Interval, identity: str
) -> Finding:
    known = all(r.known for r in readings)
    claims = [r.claim for r in readings]
    first = claims[0]
    mid = (expected.lo + expected.hi) / 2
    shown = ", ".join(describe(c) for c in claims)
    if len(readings) == 3:
        message = (
            f"The report's rates contradict each other: {identity} requires {claims[0].label or claims[0].metric} = "
            f"{float(mid) * 100:.2f} % from the other two, but it prints {first.raw_text} ({shown})."
        )
    else:
        total = (printed.lo + printed.hi) / 2
        message = f"The report's rates should add up to 100 % ({identity}) but add up to {float(total) * 100:.2f} % ({shown})."
    return rule.finding(
        message + ("" if known else " (Definitions assumed where the labels do not name them.)"),
        severity=None if known else Severity.parse(rule.params.severity_when_assumed),
        metric=first.metric,
        scope=first.scope,
        claimed=float(first.value),
        recomputed=float(mid) if len(readings) == 3 else None,
        evidence={
            "identity": identity,
            "figures": [
                claim_ref(c) | {"definition": r.formula.text, "definition_known": r.known}
                for c, r in zip(claims, readings, strict=False)
            ],
            "printed_interval": printed.to_list(),
            "identity_interval": expected.to_list(),
            "definitions_known": known,
            "gap": float(printed.gap_to(expected)) if printed.gap_to(expected) else float(Fraction(0)),
        },
        sources=tuple(c.source for c in claims),
    )
