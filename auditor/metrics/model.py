"""Recomputed figures: each value keeps its numerator, denominator and definition."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from auditor.scope import Scope
from auditor.units import Unit


@dataclass(frozen=True, slots=True)
class MetricValue:
    """One metric under one definition for one scope.

    For building blocks ``definition`` is the block id and ``numerator`` the value.
    ``value`` is None when the records cannot give it (zero denominator, column
    never supplied, no price model); ``note`` then says why.
    """

    metric: str
    definition: str
    scope: Scope
    value: float | None
    unit: Unit
    numerator: float | None = None
    denominator: float | None = None
    is_default: bool = True
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "definition": self.definition,
            "scope": self.scope.to_dict(),
            "value": _json_number(self.value),
            "unit": self.unit.value,
            "numerator": _json_number(self.numerator),
            "denominator": _json_number(self.denominator),
            "is_default": self.is_default,
            "note": self.note,
        }


def _json_number(value: float | None) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if float(value).is_integer() and abs(value) < 2**53:
        return int(value)
    return round(float(value), 10)


@dataclass(frozen=True)
class MetricSet:
    """All recomputed values, indexed by (metric, scope, definition)."""

    values: tuple[MetricValue, ...] = ()
    _index: dict[tuple[str, Scope, str], MetricValue] = field(default_factory=dict, repr=False, compare=False)
    _by_scope: dict[tuple[str, Scope], list[MetricValue]] = field(default_factory=dict, repr=False, compare=False)
    _days: list[tuple[str, str] | None] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        for value in self.values:
            self._index[(value.metric, value.scope, value.definition)] = value
        for value in self._index.values():  # the last value given for a key wins, as in the index
            self._by_scope.setdefault((value.metric, value.scope), []).append(value)

    def __iter__(self) -> Iterator[MetricValue]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def get(self, metric: str, scope: Scope = Scope(), definition: str | None = None) -> MetricValue | None:
        """The value under ``definition`` (default definition when None)."""
        if definition is not None:
            return self._index.get((metric, scope, definition.replace(" ", "")))
        for value in self.variants(metric, scope):
            if value.is_default:
                return value
        return None

    def variants(self, metric: str, scope: Scope = Scope()) -> list[MetricValue]:
        """Every definition of ``metric`` for ``scope``, default first."""
        return sorted(self._by_scope.get((metric, scope), ()), key=lambda v: not v.is_default)

    def day_span(self) -> tuple[str, str] | None:
        """First and last day (``YYYY-MM-DD``) of the per-day figures with a dial; None without per-day figures."""
        if not self._days:
            days = sorted(
                v.scope.period
                for v in self.values
                if v.metric == "total_dials"
                and v.scope.period is not None
                and len(v.scope.period) == 10
                and v.scope.campaign is None
                and v.scope.agent_id is None
                and (v.value or 0) > 0
            )
            self._days.append((days[0], days[-1]) if days else None)
        return self._days[0]

    def scopes(self) -> list[Scope]:
        return sorted({v.scope for v in self.values}, key=lambda s: (s.campaign or "", s.agent_id or "", s.period or ""))

    def merged(self, others: Iterable[MetricValue]) -> MetricSet:
        combined = {(v.metric, v.scope, v.definition): v for v in self.values}
        for value in others:
            combined[(value.metric, value.scope, value.definition)] = value
        return MetricSet(tuple(combined.values()))
