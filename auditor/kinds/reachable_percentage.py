"""Rule kind ``reachable_percentage``: a printed percentage no whole count over its printed denominator gives.

What it checks:
    A rate is a count of calls divided by a count of calls. When the report prints a
    rate's denominator as a whole number N (外呼总量 412), only the fractions k / N
    are possible, and at the printed precision some percentages cannot be reached
    by any whole k (the GRIM test of Brown and Heathers, 2016): 412 dials give
    connect rates 41.02 %, 41.26 %, ... but never 41.10 %. The check runs when N is
    small enough for the gaps between k / N to exceed the printing step. Rounding
    to nearest is assumed, plus truncation with ``allow_truncation``.

    With no definition named by the label, every definition whose denominator the
    report prints is tried; a finding needs all of them to fail.

Why it matters:
    An unreachable percentage was not computed from the counts printed next to it:
    it was typed in, or computed from other data.

Parameters:
    allow_truncation: accept percentages cut (not rounded) to the printed precision.
    max_denominator: skip denominators above this (every percentage is reachable long before).

Example:
    外呼总量 412 and 接通率 41.10 %: 169 / 412 = 41.02 % and 170 / 412 = 41.26 %,
    so 41.10 % is not a rate of 412 dials, medium.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.kinds.figures import candidate_definitions, claim_ref, claims_by_scope, describe, report_claims
from auditor.metrics.catalogue import MetricKind
from auditor.metrics.formula import Formula
from auditor.reports.model import ClaimedFigure
from auditor.units import Unit


@dataclass(frozen=True, slots=True)
class Params:
    allow_truncation: bool = field(
        default=True, metadata={"help": "accept percentages cut, not rounded, to the printed precision"}
    )
    max_denominator: int = field(default=100_000, metadata={"help": "skip denominators above this"})


def reachable(claim: ClaimedFigure, n: int, allow_truncation: bool) -> tuple[bool, list[float]]:
    """Whether some whole k in [0, n] gives k / n inside the claim's printed interval; and the nearest k / n."""
    value, half = Fraction(claim.value), Fraction(claim.half_width)
    lo, hi = value - half, value + (2 * half if allow_truncation else half)
    k_lo = max(0, math.ceil(lo * n))
    ok = k_lo <= n and Fraction(k_lo, n) <= hi
    near = max(0, min(n, math.floor(value * n)))
    nearest = sorted({float(Fraction(k, n)) for k in (near, near + 1) if 0 <= k <= n})
    return ok, nearest


@register_kind("reachable_percentage", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """Printed percentages no whole count over the printed denominator gives."""
    p = rule.params
    for report in report_claims(ctx):
        for scope, by_metric in claims_by_scope(report).items():
            counts = {
                m: cs[0]
                for m, cs in by_metric.items()
                if ctx.catalogue[m].kind is MetricKind.BLOCK and ctx.catalogue[m].unit is Unit.COUNT
            }
            for metric, claims in by_metric.items():
                if ctx.catalogue[metric].kind is not MetricKind.RATE or ctx.catalogue[metric].unit is not Unit.RATIO:
                    continue
                for claim in claims:
                    if claim.half_width <= 0:
                        continue
                    formulas, known = candidate_definitions(claim, ctx)
                    tried: list[tuple[Formula, ClaimedFigure, bool, list[float]]] = []
                    for f in formulas:
                        den = f.denominator
                        if not isinstance(den, ast.Name) or den.id not in counts:
                            continue
                        n_claim = counts[den.id]
                        if n_claim.value != int(n_claim.value) or n_claim.half_width > Fraction(1, 2) or n_claim.is_approximate:
                            continue
                        n = int(n_claim.value)
                        if n <= 0 or n > p.max_denominator or Fraction(1, n) <= 2 * Fraction(claim.half_width):
                            tried.append((f, n_claim, True, []))  # every step reachable at this precision
                            continue
                        ok, nearest = reachable(claim, n, p.allow_truncation)
                        tried.append((f, n_claim, ok, nearest))
                    if not tried or any(ok for _, _, ok, _ in tried) or (not known and len(tried) < len(formulas)):
                        continue
                    f, n_claim, _, nearest = tried[0]
                    n = int(n_claim.value)
                    shown = " and ".join(f"{v * 100:.4g} %" for v in nearest)
                    where = "" if scope.is_overall else f" ({scope.describe()})"
                    yield rule.finding(
                        f"{describe(claim)}{where} cannot be a share of {describe(n_claim)}: "
                        f"no whole number of calls out of {n:,} prints as {claim.raw_text} (nearest: {shown}).",
                        metric=metric,
                        scope=scope,
                        claimed=float(claim.value),
                        evidence={
                            "claim": claim_ref(claim),
                            "denominator": claim_ref(n_claim),
                            "definition": f.text,
                            "n": n,
                            "nearest_reachable": nearest,
                            "allow_truncation": p.allow_truncation,
                            "definitions_tried": [t[0].text for t in tried],
                        },
                        sources=(claim.source, n_claim.source),
                    )
