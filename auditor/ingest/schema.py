"""The canonical call table (CONTRACT section 1): the single source of truth for columns.

Every reader and adapter produces this table; metrics read only these names.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Disposition(enum.Enum):
    """How a dial attempt ended on the network."""

    ANSWERED = "answered"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    REJECTED = "rejected"
    VOICEMAIL = "voicemail"
    INVALID_NUMBER = "invalid_number"
    FAILED = "failed"
    ABANDONED = "abandoned"


class Outcome(enum.Enum):
    """The most advanced business stage a call reached, in funnel order."""

    NONE = "none"
    EFFECTIVE = "effective"
    INTENT = "intent"
    CONVERTED = "converted"

    @property
    def stage(self) -> int:
        return list(Outcome).index(self)


#: Dispositions that reached a live line and got a network response (valid dials).
VALID_DISPOSITIONS = frozenset(
    {
        Disposition.ANSWERED,
        Disposition.NO_ANSWER,
        Disposition.BUSY,
        Disposition.REJECTED,
        Disposition.VOICEMAIL,
        Disposition.ABANDONED,
    }
)


class ColumnType(enum.Enum):
    STRING = "string"
    TIMESTAMP = "timestamp"
    SECONDS = "seconds"
    NUMBER = "number"
    BOOL = "bool"
    DISPOSITION = "disposition"
    OUTCOME = "outcome"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType
    required: bool
    notes: str


COLUMNS: tuple[Column, ...] = (
    Column("call_id", ColumnType.STRING, True, "unique per dial attempt; duplicates are a finding, never merged"),
    Column("start_time", ColumnType.TIMESTAMP, True, "dial time; naive times take the engagement's time zone"),
    Column("answer_time", ColumnType.TIMESTAMP, False, ""),
    Column("end_time", ColumnType.TIMESTAMP, False, ""),
    Column("phone", ColumnType.STRING, True, "called number, digits only after normalisation; may be masked or hashed"),
    Column("caller", ColumnType.STRING, False, "calling number (extension)"),
    Column("campaign", ColumnType.STRING, False, ""),
    Column("agent_id", ColumnType.STRING, False, ""),
    Column("agent_name", ColumnType.STRING, False, "the agent's name as the records give it, to match report names (extension)"),
    Column(
        "disposition",
        ColumnType.DISPOSITION,
        True,
        "answered, no_answer, busy, rejected, voicemail, invalid_number, failed, abandoned",
    ),
    Column("ring_s", ColumnType.SECONDS, False, "derived from start_time and answer_time when absent"),
    Column("talk_s", ColumnType.SECONDS, False, "required for answered calls; derived from answer_time and end_time when absent"),
    Column("outcome", ColumnType.OUTCOME, False, "none, effective, intent, converted"),
    Column("complaint", ColumnType.BOOL, False, ""),
    Column("opt_out", ColumnType.BOOL, False, ""),
    Column("follow_up", ColumnType.BOOL, False, ""),
    Column("resolved", ColumnType.BOOL, False, ""),
    Column("recontact", ColumnType.BOOL, False, "willing to be contacted again (extension)"),
    Column("csat_score", ColumnType.NUMBER, False, ""),
    Column("revenue", ColumnType.NUMBER, False, ""),
    Column("recording_id", ColumnType.STRING, False, ""),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
FLAG_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.type is ColumnType.BOOL)

#: pandas dtypes of the canonical table (timestamps are tz-aware, see CallTable).
DTYPES: dict[ColumnType, str] = {
    ColumnType.STRING: "string",
    ColumnType.SECONDS: "float64",
    ColumnType.NUMBER: "float64",
    ColumnType.BOOL: "boolean",
    ColumnType.DISPOSITION: "category",
    ColumnType.OUTCOME: "category",
}
