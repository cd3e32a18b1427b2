"""The record of a drawn sample: everything needed to reproduce it and to extrapolate from it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from auditor.errors import InputError
from auditor.sampling.settings import SamplingSettings
from auditor.sampling.size import SizePlan

PLAN_SCHEMA = "auditor.sample-plan/1"


@dataclass(frozen=True, slots=True)
class StratumPlan:
    """One stratum: its population, its share of the sample, and the records' block counts over all its calls."""

    stratum: str
    population: int
    sample: int
    block_counts: dict[str, int | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stratum": self.stratum,
            "population": self.population,
            "sample": self.sample,
            "block_counts": dict(self.block_counts),
        }


@dataclass(frozen=True, slots=True)
class SamplingPlan:
    """Parameters, seed and population fingerprint of one draw (the Plan sheet and the JSON sidecar).

    ``block_counts`` are the records' building blocks over all calls (connected, effective_contacts,
    conversions, ...), so ``verify`` can turn a claimed rate into a claimed count without the records.
    """

    settings: SamplingSettings
    seed: int
    size: SizePlan
    population_size: int
    strata: tuple[StratumPlan, ...]
    fingerprint: str
    created: str
    timezone: str
    calls: tuple[dict[str, str], ...] = ()
    block_counts: dict[str, int | None] = field(default_factory=dict)
    version: str = ""

    @property
    def sample_size(self) -> int:
        return sum(s.sample for s in self.strata)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": PLAN_SCHEMA,
            "version": self.version,
            "created": self.created,
            "seed": self.seed,
            "settings": {**self.settings.to_dict(), "seed": self.seed},
            "size": self.size.to_dict(),
            "population_size": self.population_size,
            "sample_size": self.sample_size,
            "strata": [s.to_dict() for s in self.strata],
            "fingerprint": self.fingerprint,
            "timezone": self.timezone,
            "calls": list(self.calls),
            "block_counts": dict(self.block_counts),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "<plan>") -> SamplingPlan:
        if not isinstance(data, dict) or data.get("schema") != PLAN_SCHEMA:
            raise InputError(
                f"{source}: not an auditor sample plan (schema {PLAN_SCHEMA})",
                hint="pass the workbook or .plan.json that `auditor sample` wrote",
            )
        try:
            s = data["settings"]
            settings = SamplingSettings(
                confidence=float(s["confidence"]),
                tolerable=float(s["tolerable"]),
                expected=float(s["expected"]),
                population=str(s["population"]),
                strata=tuple(s.get("strata") or ()),
                allocation=str(s["allocation"]),
                min_per_stratum=int(s.get("min_per_stratum", 0)),
                seed=int(data["seed"]),
            )
            z = data["size"]
            size = SizePlan(
                int(z["n"]),
                int(z["allowed_deviations"]),
                str(z["method"]),
                float(z["confidence"]),
                float(z["tolerable"]),
                float(z["expected"]),
                None if z.get("population") is None else int(z["population"]),
                float(z["achieved_risk"]),
            )
            return cls(
                settings=settings,
                seed=int(data["seed"]),
                size=size,
                population_size=int(data["population_size"]),
                strata=tuple(
                    StratumPlan(str(t["stratum"]), int(t["population"]), int(t["sample"]), dict(t.get("block_counts") or {}))
                    for t in data["strata"]
                ),
                fingerprint=str(data["fingerprint"]),
                created=str(data.get("created", "")),
                timezone=str(data.get("timezone", "UTC")),
                calls=tuple(data.get("calls") or ()),
                block_counts=dict(data.get("block_counts") or {}),
                version=str(data.get("version", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"{source}: the sample plan is damaged ({exc})", hint="draw the sample again with the seed it records"
            ) from None
