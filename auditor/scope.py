"""What part of the operation a figure describes: overall, a campaign, an agent, a period."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True, slots=True, order=True)
class Scope:
    """Scope of a claimed or recomputed figure. ``None`` means "all".

    ``period`` is ``YYYY-MM`` (a month), ``YYYY-MM-DD`` (a day) or
    ``YYYY-MM-DD..YYYY-MM-DD`` (inclusive range), in the records' zone (docs/engagement.md, Time zone).
    """

    campaign: str | None = None
    agent_id: str | None = None
    period: str | None = None

    def __post_init__(self) -> None:
        if self.period is not None and period_bounds(self.period) is None:
            raise ValueError(f"period {self.period!r} is not YYYY-MM, YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD")

    @property
    def is_overall(self) -> bool:
        return self.campaign is None and self.agent_id is None and self.period is None

    def describe(self) -> str:
        parts = []
        if self.campaign is not None:
            parts.append(f"campaign {self.campaign}")
        if self.agent_id is not None:
            parts.append(f"agent {self.agent_id}")
        if self.period is not None:
            parts.append(f"period {self.period}")
        return ", ".join(parts) or "overall"

    def parts(self) -> tuple[Scope, ...]:
        """Each named dimension alone (campaign, agent, period), when the scope names two or more; else ()."""
        parts = tuple(
            Scope(**{name: value})
            for name, value in (("campaign", self.campaign), ("agent_id", self.agent_id), ("period", self.period))
            if value is not None
        )
        return parts if len(parts) > 1 else ()

    def to_dict(self) -> dict[str, Any]:
        return {"campaign": self.campaign, "agent_id": self.agent_id, "period": self.period}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Scope:
        data = data or {}
        return cls(
            campaign=_opt_str(data.get("campaign")),
            agent_id=_opt_str(data.get("agent_id")),
            period=_opt_str(data.get("period")),
        )


OVERALL = Scope()


def with_parts(scopes: Iterable[Scope]) -> list[Scope]:
    """The scopes, each followed by its single-dimension parts (once each): what tells which part the records lack."""
    return list(dict.fromkeys(s for scope in scopes for s in (scope, *scope.parts())))


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def period_bounds(period: str) -> tuple[date, date] | None:
    """Inclusive first and last local date of a period string, or None if malformed."""
    try:
        if m := _DAY.match(period):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.match(period):
            first = date(int(m[1]), int(m[2]), 1)
            nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
            return first, date.fromordinal(nxt.toordinal() - 1)
        if m := _RANGE.match(period):
            lo, hi = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            return (lo, hi) if lo <= hi else None
    except ValueError:
        return None
    return None
