"""What the recompute needs besides the records: thresholds, price model, lists, compliance limits."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import time


class PriceBasis(enum.Enum):
    """What the vendor bills for."""

    PER_MINUTE = "per_minute"  # talk minutes, rounded up per call to the billing increment
    PER_DIAL = "per_dial"
    PER_CONNECTED = "per_connected"
    PER_SEAT_MONTH = "per_seat_month"
    PER_LEAD = "per_lead"  # per intent
    PER_CONVERSION = "per_conversion"


@dataclass(frozen=True, slots=True)
class PriceModel:
    basis: PriceBasis
    rate: float
    billing_increment_s: float = 60.0
    fixed_fee: float = 0.0
    seats: int | None = None  # per_seat_month: contracted seats; None = agent-months seen in the records
    currency: str = ""

    def __post_init__(self) -> None:
        if self.rate < 0 or self.fixed_fee < 0:
            raise ValueError("price rate and fixed_fee must be >= 0")
        if self.billing_increment_s <= 0:
            raise ValueError("billing_increment_s must be > 0")


@dataclass(frozen=True, slots=True)
class ComplianceSettings:
    """Limits the compliance checks apply to each dial (in the called party's local time)."""

    window_start: time = time(8, 0)
    window_end: time = time(21, 0)
    allowed_weekdays: frozenset[int] = frozenset(range(7))  # Monday = 0
    max_calls_per_day: int | None = 3
    max_calls_per_week: int | None = 10
    do_not_call: frozenset[str] = frozenset()
    called_party_timezone: str | None = None  # None = the records' zone (auditor.ingest.zone)
    max_abandoned_rate: float = 0.03  # cap on abandoned / (abandoned + connected)
    min_compliant_call_rate: float = 0.95  # floor on compliant_calls / valid_dials

    def __post_init__(self) -> None:
        if self.window_end <= self.window_start:
            raise ValueError("calling window end must be after its start")
        for name in ("max_calls_per_day", "max_calls_per_week"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise ValueError(f"{name} must be >= 1")
        for name in ("max_abandoned_rate", "min_compliant_call_rate"):
            if not 0 <= getattr(self, name) <= 1:
                raise ValueError(f"{name} must be a ratio between 0 and 1")


@dataclass(frozen=True, slots=True)
class MetricSettings:
    """Parameters of the recompute. Defaults follow spec/METRICS.md."""

    effective_threshold_s: float = 30.0
    completion_threshold_s: float = 30.0
    satisfied_min_score: float = 4.0
    price: PriceModel | None = None
    lead_list: frozenset[str] | None = None
    compliance: ComplianceSettings = field(default_factory=ComplianceSettings)

    def __post_init__(self) -> None:
        if self.effective_threshold_s < 0 or self.completion_threshold_s < 0:
            raise ValueError("talk thresholds must be >= 0 seconds")
