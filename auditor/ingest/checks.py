"""Data-quality checks across rows of the canonical table (vectorised), each returning an issue or None.

The per-column checks (unparseable and placeholder timestamps, negative durations,
talk longer than the call, unmapped dispositions, duplicate call ids) run while the
table is built (:mod:`auditor.ingest.table`); the adapters report format-specific
ones (legs merged, never-dialled leads, label conflicts). These need the whole table
or the audit period:

* :func:`near_duplicates` - the same phone (5+ characters) dialled twice within a few seconds;
* :func:`mixed_offsets` - timestamps written with different UTC offsets (or some with, some without);
* :func:`outside_period` - calls whose local date falls outside the report period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auditor.ingest.adapters._common import issue
from auditor.ingest.normalise import HAS_OFFSET, NAMED_OFFSET, matches
from auditor.ingest.quality import MAX_EXAMPLES, DataQualityIssue
from auditor.ingest.table import SOURCE_ROW, CallTable
from auditor.textkeys import split_of, text_codes

#: Rows compared at a time by the near-duplicate check (bigger tables are split by phone).
PART_ROWS = 2_000_000
#: Two dials of one phone closer than this are likely one dial written twice.
NEAR_DUPLICATE_S = 5.0
#: Shorter "phones" (0, internal extensions) are left out of the near-duplicate check.
MIN_PHONE_CHARS = 5
#: Offset label of a timestamp written without one.
NAIVE = "(none)"


def near_duplicates(table: CallTable, within_s: float = NEAR_DUPLICATE_S) -> DataQualityIssue | None:
    """Rows with the same phone as another row starting within ``within_s`` seconds (different call ids)."""
    return near_duplicate_issue(table.frame, within_s)


def near_duplicate_issue(
    frame: pd.DataFrame, within_s: float = NEAR_DUPLICATE_S, mask: pd.Series | None = None
) -> DataQualityIssue | None:
    """:func:`near_duplicates` on any frame with phone, start_time, call_id and the provenance columns.

    ``mask``: the rows :func:`near_duplicate_rows` gave, when already known.
    """
    mask = near_duplicate_rows(frame, within_s) if mask is None else mask
    if mask is None:
        return None
    return issue(frame, mask, "duplicate_phone_start", _near_message(within_s), column="phone", values=frame["phone"])


def _near_duplicate_rows_in_parts(frame: pd.DataFrame, within_s: float) -> pd.Series | None:
    """:func:`near_duplicate_rows` over parts of the table split by phone (every row of a number in one part)."""
    parts = split_of(frame["phone"], -(-len(frame) // PART_ROWS))
    mask = np.zeros(len(frame), dtype=bool)
    found = False
    for part in range(int(parts.max()) + 1):
        rows = np.flatnonzero(parts == part)
        part_frame = frame.iloc[rows][["phone", "start_time", "call_id"]].reset_index(drop=True)
        flagged = near_duplicate_rows(part_frame, within_s, phone_codes=text_codes(part_frame["phone"]))
        if flagged is not None:
            found = True
            mask[rows] = flagged.to_numpy()
    return pd.Series(mask, index=frame.index) if found else None


def _other_id(first: Any, second: Any) -> bool:
    """Two known, different call ids (a missing one proves nothing)."""
    return not (pd.isna(first) or pd.isna(second)) and bool(first != second)


def near_duplicate_summary(count: int, examples: tuple[str, ...], within_s: float = NEAR_DUPLICATE_S) -> DataQualityIssue:
    """The ``duplicate_phone_start`` issue from its count and examples (a file checked in parts)."""
    return DataQualityIssue(
        code="duplicate_phone_start",
        message=_near_message(within_s).format(n=f"{count:,}"),
        count=count,
        column="phone",
        examples=examples,
    )


def _near_message(within_s: float) -> str:
    return (
        f"{{n}} row(s) dial the same phone within {within_s:g} s of another row (different call ids); "
        "all kept, each counted as a dial"
    )


def near_duplicate_rows(
    frame: pd.DataFrame, within_s: float = NEAR_DUPLICATE_S, phone_codes: np.ndarray | None = None
) -> pd.Series | None:
    """True for rows dialling the same phone as another row within ``within_s`` seconds (None: too few rows to compare).

    Every row of a phone must be in ``frame`` (a file read in parts is split by phone).
    ``phone_codes``: an integer code per row's phone, when already known.
    """
    if phone_codes is None and len(frame) > PART_ROWS:  # a big table: one part of the numbers at a time
        return _near_duplicate_rows_in_parts(frame, within_s)
    # placeholders such as "0" (caller not identified) and short extensions are not compared
    usable = (frame["phone"].notna() & (frame["phone"].str.len() >= MIN_PHONE_CHARS) & frame["start_time"].notna()).to_numpy(bool)
    if usable.sum() < 2:
        return None
    rows = np.flatnonzero(usable)
    phones = (phone_codes if phone_codes is not None else text_codes(frame["phone"]))[rows]  # sort codes, not text
    starts = frame["start_time"].to_numpy(dtype="datetime64[ns]").view("int64")[rows]  # UTC instants
    order = np.lexsort((starts, phones))  # by phone, then start (stable)
    phones, starts, rows = phones[order], starts[order], rows[order]
    del order
    second = np.zeros(len(rows), dtype=bool)
    second[1:] = (phones[1:] == phones[:-1]) & (starts[1:] - starts[:-1] <= within_s * 1e9)
    close = np.flatnonzero(second)  # few: compare their call ids with the previous row's
    if len(close):
        ids = frame["call_id"]
        later, earlier = ids.iloc[rows[close]].tolist(), ids.iloc[rows[close - 1]].tolist()
        second[close] = [_other_id(a, b) for a, b in zip(later, earlier, strict=True)]
    first = np.zeros(len(rows), dtype=bool)
    first[:-1] = second[1:]
    mask = np.zeros(len(frame), dtype=bool)
    mask[rows] = first | second
    return pd.Series(mask, index=frame.index)


def offset_labels(raw: pd.DataFrame, column: str = "start_time") -> pd.Series | None:
    """The UTC offset each raw timestamp is written with (``+0800``, ``(none)`` for naive), blanks left out."""
    if column not in raw.columns or pd.api.types.is_datetime64_any_dtype(raw[column]):
        return None
    text = raw[column].astype("string[pyarrow]").str.strip()
    text = text[text.notna() & (text != "")]
    labels = pd.Series(NAIVE, index=text.index, dtype="string[pyarrow]")
    zoned = matches(text, HAS_OFFSET)
    if zoned.any():
        offsets = pc.struct_field(pc.extract_regex(pa.array(text[zoned].array), pattern=NAMED_OFFSET), [0])
        found = pd.Series(pd.array(offsets, dtype="string[pyarrow]"), index=text[zoned].index)
        found = found.str.replace(":", "", regex=False).str.strip()
        found = found.where(~found.str.fullmatch(r"[+-]\d{2}"), found + "00")  # +08 (PostgreSQL) is +0800
        labels.loc[found.index] = found.replace({"Z": "+0000", "UTC": "+0000", "GMT": "+0000"}).astype("string[pyarrow]")
    return labels


_MIXED = (
    "{column} values are written with {k} different UTC offsets ({shown}); {{n}} row(s) differ from the most common one; "
    "zoned times converted, naive ones read in the records' zone"
)


def mixed_offsets(raw: pd.DataFrame, column: str = "start_time") -> DataQualityIssue | None:
    """Raw timestamps that mix UTC offsets, or mix zoned and naive values (before parsing)."""
    offsets = offset_labels(raw, column)
    if offsets is None:
        return None
    counts = offsets.value_counts()
    if len(counts) < 2:
        return None
    minority = offsets != counts.index[0]
    mask = pd.Series(False, index=raw.index)
    mask.loc[minority.index] = minority.to_numpy()
    return issue(
        raw,
        mask,
        "mixed_timezones",
        _MIXED.format(column=column, k=len(counts), shown=", ".join(map(str, counts.index[:4]))),
        column=column,
        values=raw[column],
        details={"by_offset": {str(k): int(v) for k, v in counts.items()}},
    )


class OffsetTally:
    """Offsets counted block by block (a file read in blocks), with the first example rows of each offset."""

    def __init__(self, column: str = "start_time") -> None:
        self.column = column
        self.counts: dict[str, int] = {}
        self.examples: dict[str, list[str]] = {}

    def add(self, raw: pd.DataFrame) -> None:
        if self._add_naive(raw):
            return
        labels = offset_labels(raw, self.column)
        if labels is None:
            return
        for label, n in labels.value_counts().items():
            key = str(label)
            self.counts[key] = self.counts.get(key, 0) + int(n)
            if len(self.examples.get(key, [])) < MAX_EXAMPLES:
                mask = pd.Series(False, index=raw.index)
                mask.loc[labels.index[labels == label][:MAX_EXAMPLES]] = True
                found = issue(raw, mask, "mixed_timezones", "{n}", column=self.column, values=raw[self.column])
                self.examples.setdefault(key, []).extend(found.examples if found else ())

    def _add_naive(self, raw: pd.DataFrame) -> bool:
        """Count a block whose timestamps carry no offset at all (the usual case) without labelling each row."""
        if self.column not in raw.columns or not isinstance(raw[self.column].dtype, pd.StringDtype):
            return False
        text = pc.utf8_trim_whitespace(pa.array(raw[self.column].array))
        present = pc.fill_null(pc.not_equal(text, ""), False)
        if pc.any(pc.fill_null(pc.match_substring_regex(text, HAS_OFFSET), False)).as_py():
            return False
        count = int(pc.sum(present).as_py() or 0)
        if count:
            self.counts[NAIVE] = self.counts.get(NAIVE, 0) + count
            if len(self.examples.get(NAIVE, [])) < MAX_EXAMPLES:
                mask = pd.Series(present.to_numpy(zero_copy_only=False), index=raw.index)
                mask &= mask.cumsum() <= MAX_EXAMPLES
                found = issue(raw, mask, "mixed_timezones", "{n}", column=self.column, values=raw[self.column])
                self.examples.setdefault(NAIVE, []).extend(found.examples if found else ())
        return True

    def merge(self, other: OffsetTally) -> None:
        """Add the counts and examples of a later part of the file."""
        for key, n in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + n
        for key, found in other.examples.items():
            mine = self.examples.setdefault(key, [])
            mine.extend(found[: MAX_EXAMPLES - len(mine)])

    def issue(self) -> DataQualityIssue | None:
        """The ``mixed_timezones`` issue of the whole file, as :func:`mixed_offsets` gives it."""
        if len(self.counts) < 2:
            return None
        ordered = sorted(self.counts.items(), key=lambda kv: -kv[1])
        n = sum(count for _, count in ordered[1:])
        message = _MIXED.format(column=self.column, k=len(ordered), shown=", ".join(k for k, _ in ordered[:4])).format(n=f"{n:,}")
        examples = tuple(e for key, _ in ordered[1:] for e in self.examples.get(key, []))[:MAX_EXAMPLES]
        return DataQualityIssue(
            code="mixed_timezones",
            message=message,
            count=n,
            column=self.column,
            examples=examples,
            details={"by_offset": dict(ordered)},
        )


def outside_period(table: CallTable, periods: Iterable[tuple[date, date]]) -> DataQualityIssue | None:
    """Calls whose local start date (the table's time zone) is outside every given period (inclusive bounds)."""
    bounds = list(periods)
    frame = table.frame
    if not bounds or not len(frame):
        return None
    mask = outside_period_rows(table, bounds)
    values = frame["start_time"].astype("string")
    return issue(frame, mask, "outside_report_period", _period_message(bounds), column="start_time", values=values)


def outside_period_rows(table: CallTable, bounds: Iterable[tuple[date, date]]) -> pd.Series:
    """True for the calls with a start time whose local date is outside every period."""
    start = table.frame["start_time"]
    day = start.dt.tz_convert(table.timezone).dt.date
    inside = pd.Series(False, index=start.index)
    for first, last in bounds:
        inside |= (day >= first) & (day <= last)
    mask: pd.Series = ~inside & start.notna()
    return mask


def outside_period_summary(count: int, examples: tuple[str, ...], bounds: Iterable[tuple[date, date]]) -> DataQualityIssue:
    """The ``outside_report_period`` issue from its count and examples (a file checked in parts)."""
    return DataQualityIssue(
        code="outside_report_period",
        message=_period_message(list(bounds)).format(n=f"{count:,}"),
        count=count,
        column="start_time",
        examples=examples,
    )


def _period_message(bounds: list[tuple[date, date]]) -> str:
    span = ", ".join(f"{a}..{b}" for a, b in bounds)
    return (
        f"{{n}} call(s) start outside the report period ({span}); kept in the overall figures, "
        "left out of figures scoped to the period"
    )


def run_table_checks(table: CallTable) -> list[DataQualityIssue]:
    found = [near_duplicates(table)]
    return [i for i in found if i is not None]


__all__ = [
    "NEAR_DUPLICATE_S",
    "OffsetTally",
    "mixed_offsets",
    "near_duplicate_issue",
    "near_duplicate_rows",
    "near_duplicate_summary",
    "near_duplicates",
    "outside_period",
    "outside_period_rows",
    "outside_period_summary",
    "run_table_checks",
    "SOURCE_ROW",
]
