"""The metric catalogue (spec/METRICS.md) loaded from ``catalogue.yaml`` into MetricDef objects."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from auditor.metrics.formula import Formula, parse_formula
from auditor.units import Unit

LANGUAGES = ("zh", "en", "ru")


class MetricKind(enum.Enum):
    BLOCK = "block"  # count or sum recomputed from records
    RATE = "rate"  # ratio or average of blocks
    UNVERIFIABLE = "unverifiable"  # claimed only; records cannot recompute it


class Better(enum.Enum):
    """Which direction of a figure flatters the vendor."""

    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Label:
    """A vendor wording of a metric; ``definition`` is set when the wording names a variant."""

    text: str
    language: str
    definition: str | None = None


@dataclass(frozen=True, slots=True)
class Band:
    """A normal/alarm band: ``min <= value < max`` earns ``verdict``."""

    verdict: str
    min: float | None = None
    max: float | None = None
    scenario: str | None = None
    note: str | None = None

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value < self.max)

    def describe(self) -> str:
        if self.min is not None and self.max is not None:
            return f"[{self.min:g}, {self.max:g})"
        if self.min is not None:
            return f">= {self.min:g}"
        return f"< {self.max:g}"


@dataclass(frozen=True, slots=True)
class MetricDef:
    """One catalogue entry. For rates, ``definitions[0]`` is the default."""

    id: str
    kind: MetricKind
    unit: Unit
    better: Better
    labels: tuple[Label, ...]
    definitions: tuple[Formula, ...] = ()
    meaning: str = ""
    from_records: str = ""
    normal: str = ""
    bands: tuple[Band, ...] = ()
    source: tuple[str, ...] = ()
    recomputable: bool = True

    @property
    def default_definition(self) -> str | None:
        return self.definitions[0].text if self.definitions else None

    def definition(self, text: str) -> Formula:
        compact = text.replace(" ", "")
        for formula in self.definitions:
            if formula.text == compact:
                return formula
        known = ", ".join(f.text for f in self.definitions)
        raise KeyError(f"{self.id} has no definition {text!r}; known: {known}")

    def labels_in(self, language: str) -> tuple[Label, ...]:
        return tuple(label for label in self.labels if label.language == language)


@dataclass(frozen=True, eq=False)
class Catalogue:
    """All metric definitions, by id, in catalogue order."""

    metrics: dict[str, MetricDef] = field(default_factory=dict)

    def __getitem__(self, metric_id: str) -> MetricDef:
        try:
            return self.metrics[metric_id]
        except KeyError:
            raise KeyError(f"unknown metric {metric_id!r}") from None

    def __contains__(self, metric_id: object) -> bool:
        return metric_id in self.metrics

    def __iter__(self) -> Iterator[MetricDef]:
        return iter(self.metrics.values())

    def of_kind(self, kind: MetricKind) -> list[MetricDef]:
        return [m for m in self.metrics.values() if m.kind is kind]

    @property
    def blocks(self) -> list[MetricDef]:
        return self.of_kind(MetricKind.BLOCK)

    @property
    def rates(self) -> list[MetricDef]:
        return self.of_kind(MetricKind.RATE)


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The bundled catalogue; validated so that every formula names known blocks."""
    text = resources.files("auditor.metrics").joinpath("catalogue.yaml").read_text(encoding="utf-8")
    return parse_catalogue(yaml.safe_load(text))


def parse_catalogue(data: dict[str, Any]) -> Catalogue:
    metrics: dict[str, MetricDef] = {}
    for section, kind in (("blocks", MetricKind.BLOCK), ("rates", MetricKind.RATE), ("unverifiable", MetricKind.UNVERIFIABLE)):
        for entry in data.get(section, []):
            metric = _parse_entry(entry, kind)
            if metric.id in metrics:
                raise ValueError(f"catalogue: metric {metric.id!r} defined twice")
            metrics[metric.id] = metric
    block_ids = {m.id for m in metrics.values() if m.kind is MetricKind.BLOCK}
    for metric in metrics.values():
        if not metric.recomputable:
            continue
        for formula in metric.definitions:
            unknown = formula.names - block_ids
            if unknown:
                raise ValueError(f"catalogue: {metric.id} definition {formula.text} uses unknown blocks {sorted(unknown)}")
        for label in metric.labels:
            if label.definition is not None:
                metric.definition(label.definition)  # raises if the label names an unknown variant
    return Catalogue(metrics)


def _parse_entry(entry: dict[str, Any], kind: MetricKind) -> MetricDef:
    labels: list[Label] = []
    for language in LANGUAGES:
        for item in entry.get("labels", {}).get(language, []) or []:
            if isinstance(item, dict):
                labels.append(Label(str(item["text"]), language, str(item["definition"]).replace(" ", "")))
            else:
                labels.append(Label(str(item), language))
    definitions = tuple(parse_formula(str(d)) for d in entry.get("definitions", []))
    bands = tuple(
        Band(
            verdict=str(b["verdict"]),
            min=_opt_float(b.get("min")),
            max=_opt_float(b.get("max")),
            scenario=b.get("scenario"),
            note=b.get("note"),
        )
        for b in entry.get("bands", []) or []
    )
    return MetricDef(
        id=str(entry["id"]),
        kind=kind,
        unit=Unit(entry["unit"]),
        better=Better(entry.get("better", "none")),
        labels=tuple(labels),
        definitions=definitions,
        meaning=str(entry.get("meaning", "")),
        from_records=str(entry.get("from_records", "")),
        normal=str(entry.get("normal", "")),
        bands=bands,
        source=tuple(f"{s:03d}" if isinstance(s, int) else str(s) for s in entry.get("source", []) or []),
        recomputable=bool(entry.get("recomputable", kind is not MetricKind.UNVERIFIABLE)),
    )


def _opt_float(value: Any) -> float | None:
    return None if value is None else float(value)
