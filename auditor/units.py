"""Units every figure is stored in: ratios 0-1 (never percent), seconds, counts, money."""

from __future__ import annotations

import enum


class Unit(enum.Enum):
    RATIO = "ratio"
    SECONDS = "seconds"
    COUNT = "count"
    MONEY = "money"

    def format(self, value: float | None, *, currency: str = "") -> str:
        """Human form: ``45.6 %``, ``61.2 s``, ``12,345``, ``¥1,234.50``."""
        if value is None:
            return "n/a"
        if self is Unit.RATIO:
            return f"{value * 100:.2f} %"
        if self is Unit.SECONDS:
            return f"{value:,.1f} s"
        if self is Unit.COUNT:
            return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        return f"{currency}{value:,.2f}"
