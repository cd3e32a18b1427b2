"""Helpers the report-consistency kinds share: claimed figures as exact intervals, by scope and metric.

Not a kind. A printed figure stands for every value that prints the same way
(45.6 % covers [45.55 %, 45.65 %]); arithmetic on claims is done on those
intervals with exact fractions, so rounding alone never raises a finding.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from auditor.engine.context import AuditContext
from auditor.engine.coverage import scope_gap
from auditor.metrics.catalogue import Catalogue, MetricKind
from auditor.metrics.formula import Formula
from auditor.reports.model import ClaimedFigure
from auditor.scope import Scope
from auditor.units import Unit


@dataclass(frozen=True, slots=True)
class Interval:
    """Closed interval ``[lo, hi]`` of exact fractions; supports + and - (and a constant)."""

    lo: Fraction
    hi: Fraction

    @classmethod
    def of(cls, value: Any) -> Interval:
        if isinstance(value, Interval):
            return value
        v = Fraction(value)
        return cls(v, v)

    def __add__(self, other: Any) -> Interval:
        o = Interval.of(other)
        return Interval(self.lo + o.lo, self.hi + o.hi)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Interval:
        o = Interval.of(other)
        return Interval(self.lo - o.hi, self.hi - o.lo)

    def __rsub__(self, other: Any) -> Interval:
        return Interval.of(other) - self

    def __mul__(self, other: Any) -> Interval:
        o = Interval.of(other)
        products = (self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi)
        return Interval(min(products), max(products))

    def divide(self, other: Interval) -> Interval | None:
        """``self / other``; None when ``other`` can be zero or negative (no meaningful ratio)."""
        if other.lo <= 0:
            return None
        quotients = (self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi)
        return Interval(min(quotients), max(quotients))

    def widen(self, rel: float = 0.0, abs_: float = 0.0) -> Interval:
        pad = Fraction(abs_) + Fraction(rel) * max(abs(self.lo), abs(self.hi))
        return Interval(self.lo - pad, self.hi + pad)

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def gap_to(self, other: Interval) -> Fraction:
        """Distance between the intervals (0 when they overlap)."""
        if self.overlaps(other):
            return Fraction(0)
        return other.lo - self.hi if other.lo > self.hi else self.lo - other.hi

    def to_list(self) -> list[float]:
        return [float(self.lo), float(self.hi)]


def claim_interval(claim: ClaimedFigure) -> Interval:
    """Values the printed figure stands for; a whole count printed in full (412, not 约4百) is exact."""
    if (
        claim.unit is Unit.COUNT
        and not claim.is_approximate
        and claim.half_width <= Fraction(1, 2)
        and claim.value == int(claim.value)
    ):
        return Interval.of(Fraction(claim.value))
    lo, hi = claim.interval
    return Interval(Fraction(lo), Fraction(hi))


def report_claims(ctx: AuditContext) -> list[tuple[ClaimedFigure, ...]]:
    """The claims of each report file: a report is checked against itself, never against another report."""
    by_file: dict[str, list[ClaimedFigure]] = defaultdict(list)
    for claim in ctx.claims:
        by_file[claim.source.file].append(claim)
    return [tuple(claims) for claims in by_file.values()]


def claims_by_scope(claims: Iterable[ClaimedFigure]) -> dict[Scope, dict[str, list[ClaimedFigure]]]:
    """Claims grouped by scope, then metric, in report order."""
    out: dict[Scope, dict[str, list[ClaimedFigure]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        out[claim.scope][claim.metric].append(claim)
    return out


def first_claims(claims: Iterable[ClaimedFigure]) -> dict[Scope, dict[str, ClaimedFigure]]:
    """One claim per (scope, metric): the first printed."""
    return {scope: {m: cs[0] for m, cs in metrics.items()} for scope, metrics in claims_by_scope(claims).items()}


def candidate_definitions(claim: ClaimedFigure, ctx: AuditContext) -> tuple[tuple[Formula, ...], bool]:
    """Definitions the claim may use, and whether that is known (label names it, or only one exists).

    A label that names a definition fixes it; otherwise every catalogue definition
    is a candidate, the contract's binding one first.
    """
    metric = ctx.catalogue[claim.metric]
    if claim.definition_hint:
        fixed = tuple(f for f in metric.definitions if f.text == claim.definition_hint.replace(" ", ""))
        if fixed:
            return fixed, True
    binding = ctx.engagement.binding_definition(claim.metric)
    ordered = sorted(metric.definitions, key=lambda f: f.text != binding)
    return tuple(ordered), len(ordered) == 1


def evaluate(formula: Formula, figures: Mapping[str, Interval]) -> Interval | None:
    """The formula on claimed intervals; None when a block is not claimed or the denominator may be 0."""
    if not formula.names <= set(figures):
        return None
    num, den = formula.evaluate(figures)
    return Interval.of(num).divide(Interval.of(den))


def linear_form(node: ast.expr) -> dict[str, int] | None:
    """``a + b - c`` as ``{a: 1, b: 1, c: -1}`` (constants give None: not a pure block combination)."""
    if isinstance(node, ast.Name):
        return {node.id: 1}
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        left, right = linear_form(node.left), linear_form(node.right)
        if left is None or right is None:
            return None
        sign = 1 if isinstance(node.op, ast.Add) else -1
        out = dict(left)
        for k, v in right.items():
            out[k] = out.get(k, 0) + sign * v
        return {k: v for k, v in out.items() if v}
    return None


def additive_metrics(catalogue: Catalogue) -> list[str]:
    """Blocks that add up across rows (counts and sums); distinct counts do not."""
    not_additive = {
        "unique_numbers",
        "valid_numbers",
        "agents",
        "agent_days",
        "agent_months",
        "total_cost",
        "lead_list_numbers",
        "lead_list_dialled",
    }
    return [m.id for m in catalogue.of_kind(MetricKind.BLOCK) if m.id not in not_additive]


def claim_ref(claim: ClaimedFigure) -> dict[str, Any]:
    """How a claim appears in evidence: label, printed text, value, interval, source."""
    return {
        "metric": claim.metric,
        "label": claim.label,
        "raw_text": claim.raw_text,
        "value": float(claim.value),
        "printed_interval": [float(claim.interval[0]), float(claim.interval[1])],
        "scope": claim.scope.to_dict(),
        "source": claim.source.to_dict(),
    }


def describe(claim: ClaimedFigure) -> str:
    """``接通量 4,100 (report.xlsx 汇总!B6)``."""
    return f"{claim.label or claim.metric} {claim.raw_text} ({claim.source.describe()})"


def sources(claims: Iterable[ClaimedFigure]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(c.source for c in claims))


@dataclass(frozen=True, slots=True)
class Figure:
    """A metric's value for a scope: the report's (claimed) or the records' (recomputed, binding definition)."""

    metric: str
    value: float
    origin: str  # claimed | recomputed
    claim: ClaimedFigure | None = None
    definition: str | None = None

    def describe(self, unit_format: Any = None) -> str:
        text = self.claim.raw_text if self.claim is not None else (unit_format(self.value) if unit_format else f"{self.value:g}")
        where = (
            f", {self.claim.source.describe()}"
            if self.claim is not None
            else (f", records: {self.definition}" if self.definition else ", records")
        )
        return f"{text} ({self.origin}{where})"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"metric": self.metric, "value": self.value, "origin": self.origin, "definition": self.definition}
        if self.claim is not None:
            out["claim"] = claim_ref(self.claim)
        return out


def figure(ctx: AuditContext, metric: str, scope: Scope, use: str = "either") -> Figure | None:
    """The value of ``metric`` for ``scope``: ``claimed``, ``recomputed`` or ``either`` (claimed first)."""
    if use in ("claimed", "either"):
        for claim in ctx.claims:
            if claim.metric == metric and claim.scope == scope:
                return Figure(metric, float(claim.value), "claimed", claim=claim)
    if use in ("recomputed", "either") and ctx.has_calls and scope_gap(scope, ctx) is None:
        binding = ctx.engagement.binding_definition(metric)
        value = ctx.metrics.get(metric, scope, binding)
        if (value is None or value.value is None) and scope == Scope(period=ctx.engagement.period):
            value = ctx.metrics.get(metric, Scope(), binding)  # the records cover the engagement's period
        if value is not None and value.value is not None:
            return Figure(metric, float(value.value), "recomputed", definition=value.definition)
    return None


def audit_scopes(ctx: AuditContext) -> list[Scope]:
    """Scopes a whole-operation check looks at: overall, or the engagement's period, plus those the report prints."""
    base = Scope(period=ctx.engagement.period) if ctx.engagement.period else Scope()
    scopes = [base]
    scopes += [s for s in dict.fromkeys(c.scope for c in ctx.claims) if s not in scopes]
    return scopes
