"""What a spot-check samples and how: the engagement's ``sampling:`` section, with defaults.

Populations are sets of calls the records mark in a given way (``converted``: the calls
the vendor's records call conversions); labels are what a reviewer verifies on each
recording. Both map onto the catalogue's building blocks so claims can be tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor.errors import ConfigError
from auditor.sampling.size import check_rates

#: Population name -> (row-frame indicator column, catalogue block it counts).
POPULATIONS: dict[str, tuple[str, str]] = {
    "dials": ("is_dial", "total_dials"),
    "valid": ("is_valid", "valid_dials"),
    "connected": ("is_connected", "connected"),
    "effective": ("is_effective", "effective_contacts"),
    "intent": ("is_intent", "intents"),
    "converted": ("is_conversion", "conversions"),
    "complaint": ("is_complaint", "complaints"),
}
#: Funnel order: a population "covers" a label when it is the label's own population or wider.
FUNNEL = ("dials", "valid", "connected", "effective", "intent", "converted")

#: Verified label -> (the population the records mark with it, catalogue block it counts).
LABELS: dict[str, tuple[str, str]] = {
    "effective": ("effective", "effective_contacts"),
    "intent": ("intent", "intents"),
    "converted": ("converted", "conversions"),
    "compliant": ("valid", "compliant_calls"),
    "complaint": ("complaint", "complaints"),
}

#: Stratum keys -> canonical column.
STRATA: dict[str, str] = {"campaign": "campaign", "agent": "agent_id", "outcome": "outcome", "day": "day"}
ALLOCATIONS = ("proportional", "equal", "per_stratum")


@dataclass(frozen=True, slots=True)
class SamplingSettings:
    """Defaults for ``auditor sample`` (each can be overridden on the command line).

    Attributes:
        confidence: 1 - risk of over-reliance (0.95).
        tolerable: deviation rate the auditor can accept (0.05 = 5 % of the population may be wrong).
        expected: deviation rate the auditor expects (0.01); must be below ``tolerable``.
        population: which calls to sample, one of :data:`POPULATIONS` (``connected``).
        strata: stratum keys from :data:`STRATA` (none: one stratum).
        allocation: ``proportional`` (the plan's n shared by stratum size), ``equal``, or
            ``per_stratum`` (each stratum sized on its own, for conclusions per stratum).
        min_per_stratum: floor per stratum under proportional/equal allocation (capped by the stratum's size).
        seed: random seed; None draws a fresh one (always recorded in the plan).
    """

    confidence: float = 0.95
    tolerable: float = 0.05
    expected: float = 0.01
    population: str = "connected"
    strata: tuple[str, ...] = ()
    allocation: str = "proportional"
    min_per_stratum: int = 2
    seed: int | None = None

    def __post_init__(self) -> None:
        check_rates(self.confidence, self.tolerable, self.expected)
        if self.population not in POPULATIONS:
            raise ConfigError(f"unknown population '{self.population}'", hint=f"choose one of {', '.join(POPULATIONS)}")
        unknown = [s for s in self.strata if s not in STRATA]
        if unknown:
            raise ConfigError(f"unknown stratum key {', '.join(unknown)}", hint=f"choose from {', '.join(STRATA)}")
        if self.allocation not in ALLOCATIONS:
            raise ConfigError(f"unknown allocation '{self.allocation}'", hint=f"choose one of {', '.join(ALLOCATIONS)}")
        if self.min_per_stratum < 0:
            raise ConfigError("min_per_stratum must be >= 0")
        if self.seed is not None and self.seed < 0:
            raise ConfigError("seed must be a non-negative integer")

    def to_dict(self) -> dict[str, Any]:
        return {
            "confidence": self.confidence,
            "tolerable": self.tolerable,
            "expected": self.expected,
            "population": self.population,
            "strata": list(self.strata),
            "allocation": self.allocation,
            "min_per_stratum": self.min_per_stratum,
            "seed": self.seed,
        }
