"""What a vendor report claims: figures with their unit, scope, printed precision and source."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditor.location import SourceRef
from auditor.scope import Scope
from auditor.units import Unit


@dataclass(frozen=True, slots=True)
class ClaimedFigure:
    """One figure a report states.

    Attributes:
        metric: catalogue id, e.g. ``connect_rate``.
        value: in the catalogue unit (ratios 0-1, seconds, counts, money).
        unit: the catalogue unit of ``metric``.
        scope: what the figure covers.
        raw_text: the text as printed (``45.6%``, ``2分30秒``).
        source: where it was printed.
        label: the printed label (``外呼接通率``).
        half_width: half the printed precision step in ``unit``: 45.6% -> 0.0005,
            so the true value lay in [value - half_width, value + half_width).
        definition_hint: the definition the label itself names, if any
            (``平均通话时长`` names ``talk_s/connected``).
        is_approximate: printed as approximate (``约 4.08万``).
        notes: reading caveats (``percent sign missing; read as percent``).
        is_total: printed on a total row or column (合计, Итого, Total).
        is_formula: a workbook cell computed by a formula (the value is Excel's cached result).
    """

    metric: str
    value: Decimal
    unit: Unit
    scope: Scope
    raw_text: str
    source: SourceRef
    label: str = ""
    half_width: Decimal = Decimal(0)
    definition_hint: str | None = None
    is_approximate: bool = False
    notes: tuple[str, ...] = ()
    is_total: bool = False
    is_formula: bool = False

    @property
    def interval(self) -> tuple[Decimal, Decimal]:
        """Values consistent with the printed figure: ``[value - half_width, value + half_width)``."""
        return self.value - self.half_width, self.value + self.half_width

    def to_dict(self) -> dict[str, Any]:
        source = self.source.to_dict()
        if source.get("text") is None:
            source["text"] = self.raw_text
        return {
            "metric": self.metric,
            "value": float(self.value),
            "unit": self.unit.value,
            "scope": self.scope.to_dict(),
            "source": source,
            "label": self.label,
            "raw_text": self.raw_text,
            "precision": float(self.half_width * 2),
            "definition_hint": self.definition_hint,
            "approximate": self.is_approximate,
            "notes": list(self.notes),
            "is_total": self.is_total,
            "is_formula": self.is_formula,
        }


@dataclass(frozen=True, slots=True)
class TargetFigure:
    """A target or SLA the report states (目标值 ≥ 40%): context for the reader, never a claim.

    Attributes:
        metric: catalogue id.
        value: in the catalogue unit.
        comparator: ``>=``, ``<=``, ``>``, ``<`` or ``=`` as printed (``=`` when none was).
    """

    metric: str
    value: Decimal
    unit: Unit
    comparator: str
    scope: Scope
    raw_text: str
    source: SourceRef
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "value": float(self.value),
            "unit": self.unit.value,
            "comparator": self.comparator,
            "scope": self.scope.to_dict(),
            "raw_text": self.raw_text,
            "label": self.label,
            "source": self.source.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class UnmatchedFigure:
    """A labelled number no catalogue label matched: listed, never dropped."""

    label: str
    raw_text: str
    source: SourceRef

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "raw_text": self.raw_text, "source": self.source.to_dict()}


@dataclass(frozen=True)
class ReportExtraction:
    """Everything read from one report."""

    path: str
    claims: tuple[ClaimedFigure, ...] = ()
    unmatched: tuple[UnmatchedFigure, ...] = ()
    targets: tuple[TargetFigure, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    reader: str = ""
