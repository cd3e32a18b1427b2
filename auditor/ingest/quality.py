"""Data-quality issues found while reading call records: counted, with examples, never silent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: How many example rows an issue keeps.
MAX_EXAMPLES = 5
#: The order of the export adapters' issues, as one file's reader finds them.
READER_ISSUE_ORDER = (
    "aggregated_counts",
    "count_view",
    "count_totals_row",
    "mislabelled_encoding",
    "not_dialled",
    "ambiguous_date_order",
    "call_id_generated",
    "cause_contradicts_answer",
    "talk_longer_than_call",
    "inbound_calls",
    "status_label_conflict",
    "lead_list_rows",
    "multi_leg_calls",
    "child_legs",
)


@dataclass(frozen=True, slots=True)
class DataQualityIssue:
    """A problem with some rows of the records; becomes a ``data_quality`` finding.

    Attributes:
        code: stable identifier such as ``duplicate_call_id`` or ``unmapped_disposition``.
        message: one sentence with the count and what was done with the rows.
        count: number of rows affected.
        column: canonical column concerned, if any.
        examples: up to MAX_EXAMPLES examples (``file row N: value``).
        effect: what the audit did (``kept``, ``excluded from rates``, ``set to blank``).
        details: counts by value and other JSON-ready numbers.
        template: the message with ``{n}`` (the count) and ``{name}`` (a number of ``details``) left
            to fill, so that the issues of many blocks add up into one (not in the JSON).
    """

    code: str
    message: str
    count: int
    column: str | None = None
    examples: tuple[str, ...] = ()
    effect: str = "kept"
    details: dict[str, Any] = field(default_factory=dict)
    template: str = field(default="", compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "count": self.count,
            "column": self.column,
            "examples": list(self.examples),
            "effect": self.effect,
            "details": self.details,
        }
