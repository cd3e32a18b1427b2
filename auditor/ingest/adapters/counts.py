"""Aggregated dialler reports: calls counted per agent (or campaign) and disposition, not one row per dial.

Two layouts are read (CSV):

* **pivoted**, as Five9's "Total dials" report: one row per agent, key columns (``AGENT``,
  ``AGENT FIRST NAME``, ``AGENT LAST NAME``, ``CAMPAIGN`` ...) and one column per disposition
  headed ``"<Disposition> / CALLS count"``; a blank cell is 0;
* **long**: one row per agent (or campaign) and disposition, with a count column
  (``Agent, Disposition, Calls``).

The counts are system evidence of how many dials ended how, per agent, but not of when, to
which number, or for how long. They are read as the dials they count: one canonical row per
counted call, with the agent (id and name), the campaign when given and the disposition, and
**no** call id, start time or number (``absent`` in :class:`~auditor.ingest.table.CallTable`).
Figures built on those columns (unique numbers, local days, compliance with the calling window
and caps, talk time) are then unknown, and one ``aggregated_counts`` note says so instead of a
missing-value issue per row. Five9-shaped reports take the Five9 value table, whose entries
match campaign-suffixed dispositions by their leading words.

A totals row (``Total``, ``Grand total``, or no key at all while its counts equal the sum of the
rows) is not dials: left out, and said whether it agrees with the rows. When several count files
are read together, one whose counts equal another's for a subset of its dispositions is a
filtered view of the same calls (Five9's "Total contacts" beside "Total dials"), not more calls:
:func:`fold_views` leaves it out, and a view of answered dispositions that holds some but not
all of the converting ones, or any other answered one, is read as the dialler's definition of
a contact (see docs/ingest.md).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from auditor.errors import InputError, RecordFormatError
from auditor.ingest.adapters import _common as c
from auditor.ingest.adapters.five9 import expanded_tables
from auditor.ingest.canonical import detect_delimiter
from auditor.ingest.columns import normalise_header
from auditor.ingest.quality import MAX_EXAMPLES, DataQualityIssue
from auditor.ingest.readers import RawRecords, ReadOptions, register_reader
from auditor.ingest.schema import Disposition, Outcome
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.ingest.tables import load_table
from auditor.ingest.vocabulary import OUTCOMES, normalise_key
from auditor.location import SourceRef

#: Key columns (normalised header -> role).
KEYS = {
    "agent": "agent_id",
    "agent id": "agent_id",
    "agent login": "agent_id",
    "agent email": "agent_id",
    "agent username": "agent_id",
    "username": "agent_id",
    "user": "agent_id",
    "agent name": "agent_name",
    "agent full name": "agent_name",
    "full name": "agent_name",
    "agent first name": "first_name",
    "first name": "first_name",
    "agent last name": "last_name",
    "last name": "last_name",
    "campaign": "campaign",
    "campaign name": "campaign",
}
#: Long layout: the disposition and the count columns.
LONG = {
    "disposition": "disposition",
    "disposition name": "disposition",
    "call disposition": "disposition",
    "calls count": "count",
    "calls": "count",
    "call count": "count",
    "count": "count",
    "number of calls": "count",
    "total calls": "count",
    "dials": "count",
    "total dials": "count",
}
#: Headers of per-call exports: a file with any of them is not aggregated counts.
PER_CALL = frozenset({"call id", "session id", "timestamp", "start time", "dnis", "ani", "phone", "phone number", "uniqueid"})
#: ``"Appointment Set / CALLS count"``: a disposition's count in a pivoted report (Five9 names the measure CALLS count).
PIVOT = re.compile(r"^(?P<disposition>.+?)\s*/\s*(?P<measure>calls\s+count|count)\s*$", re.IGNORECASE)
#: Key values of a totals row.
TOTAL_WORDS = frozenset({"total", "totals", "grand total", "sum", "summary", "all", "合计", "总计", "итого", "всего"})
#: Most dials a count file may expand to (one canonical row each).
MAX_CALLS = 5_000_000
#: Required canonical columns a count file cannot give.
ABSENT = frozenset({"call_id", "start_time", "phone"})


@dataclass(frozen=True, slots=True)
class CountLayout:
    """How a count file is laid out: its key columns, and its count columns (pivoted) or its pair of columns (long)."""

    keys: dict[str, str]  # source column -> role (KEYS)
    pivot: dict[str, str]  # source column -> disposition, when pivoted
    disposition: str | None = None  # long layout: the disposition column
    count: str | None = None  # long layout: the count column
    ignored: tuple[str, ...] = ()

    @property
    def five9(self) -> bool:
        """Five9's measure naming (``/ CALLS count``): its disposition table applies."""
        measures = [*self.pivot, *([self.count] if self.count else [])]
        return any("calls count" in normalise_header(m) for m in measures)


def layout_of(columns: Sequence[object]) -> CountLayout | None:
    """The layout of a count file's header, or None when the header is not one of aggregated counts."""
    names = [str(col).strip() for col in columns]
    folded = [normalise_header(n) for n in names]
    if PER_CALL & set(folded):
        return None
    keys = {str(k): role for k, role in c.header_roles(names, KEYS).items()}
    pivot = {n: m["disposition"].strip() for n in names if (m := PIVOT.match(n)) and n not in keys}
    if pivot:
        ignored = tuple(n for n in names if n not in keys and n not in pivot)
        return CountLayout(keys=keys, pivot=pivot, ignored=ignored)
    long = {str(k): role for k, role in c.header_roles([n for n in names if n not in keys], LONG).items()}
    roles = {role: column for column, role in long.items()}
    if {"disposition", "count"} <= set(roles) and keys:
        ignored = tuple(n for n in names if n not in keys and n not in long)
        return CountLayout(keys=keys, pivot={}, disposition=roles["disposition"], count=roles["count"], ignored=ignored)
    return None


def parse_counts(text: pd.DataFrame, path: Path, first_row: int) -> np.ndarray:
    """Whole, non-negative counts of the text cells (blank = 0), as int64; anything else raises naming the cell."""
    cells = text.fillna("").astype(str).apply(lambda col: col.str.strip().str.replace(r"[,\s]", "", regex=True))
    cells = cells.apply(lambda col: col.str.replace(r"\.0+$", "", regex=True))
    bad = ~cells.apply(lambda col: col.str.fullmatch(r"\d*")).to_numpy(dtype=bool)
    if bad.any():
        row, col = (int(i) for i in np.argwhere(bad)[0])
        value = text.iloc[row, col]
        raise RecordFormatError(
            f"count {value!r} in column {text.columns[col]!r} is not a whole number of calls",
            location=SourceRef(file=str(path), line=first_row + row),
            hint="a count file holds whole, non-negative numbers of calls (blank = 0); fix or remove that cell",
        )
    counts: np.ndarray = cells.replace("", "0").astype("int64").to_numpy()
    return counts


@dataclass(frozen=True)
class CountTable:
    """A count file in long form: one row per (source row, disposition) with a count of calls."""

    keys: pd.DataFrame  # per source row: agent_id, agent_name, campaign (absent ones all-NA), and source_row
    row: np.ndarray  # position in ``keys`` of each (row, disposition) pair
    disposition: np.ndarray  # source disposition text of each pair
    count: np.ndarray  # calls of each pair


def count_table(raw: pd.DataFrame, layout: CountLayout, path: Path) -> CountTable:
    """The counts of a read file (text columns, first data row on line 2), long, with its agents and campaigns."""
    keys = key_columns(raw, layout)
    if layout.pivot:
        columns = list(layout.pivot)
        matrix = parse_counts(raw[columns], path, first_row=2)
        rows, cols = np.nonzero(matrix)
        dispositions = np.array([layout.pivot[col] for col in columns], dtype=object)
        return CountTable(keys, rows, dispositions[cols], matrix[rows, cols])
    assert layout.disposition is not None and layout.count is not None
    counts = parse_counts(raw[[layout.count]], path, first_row=2)[:, 0]
    disposition = raw[layout.disposition].fillna("").astype(str).str.strip().to_numpy(dtype=object)
    keep = np.flatnonzero(counts > 0)
    return CountTable(keys, keep, disposition[keep], counts[keep])


def key_columns(raw: pd.DataFrame, layout: CountLayout) -> pd.DataFrame:
    """agent_id, agent_name and campaign of each source row (all-NA when not given) and its file line.

    The name is the ``agent_name`` column, else first and last names joined; the id is the agent
    column, else the name.
    """
    blank = pd.Series(pd.NA, index=raw.index, dtype="string")
    roles = {role: _text(raw[column]) for column, role in layout.keys.items()}
    name = roles.get("agent_name")
    if name is None and ("first_name" in roles or "last_name" in roles):
        first, last = roles.get("first_name", blank), roles.get("last_name", blank)
        name = _text(first.fillna("") + " " + last.fillna(""))
    name = name if name is not None else blank
    agent = roles.get("agent_id", blank).fillna(name)
    return pd.DataFrame(
        {
            "agent_id": agent,
            "agent_name": name,
            "campaign": roles.get("campaign", blank),
            SOURCE_ROW: np.arange(2, len(raw) + 2, dtype="int64"),
        }
    )


def _text(values: pd.Series) -> pd.Series:
    """Text stripped, blank as NA."""
    text = values.astype("string").str.strip()
    return text.where(text != "")


def totals_rows(table: CountTable) -> tuple[np.ndarray, list[str]]:
    """Source rows that are totals, and what each says of the rows it sums.

    A totals row names itself (``Total`` as a key), or has no key at all and counts what the
    other rows add up to (else it is calls of no named agent, and kept).
    """
    keys = table.keys[["agent_id", "agent_name", "campaign"]]
    named = keys.apply(lambda col: col.map(lambda v: not pd.isna(v) and normalise_key(v) in TOTAL_WORDS)).any(axis=1)
    candidates = (named | keys.isna().all(axis=1)).to_numpy()
    per_row = _per_row(table).reindex(range(len(keys)), fill_value=0)
    summed = per_row[~candidates].sum(axis=0)
    totals = np.zeros(len(keys), dtype=bool)
    notes: list[str] = []
    for position in np.flatnonzero(candidates):
        own = per_row.iloc[position]
        named_columns = [d for d in own.index if str(d).strip() and own[d]]  # a long Total row may name no disposition
        agrees = int(own.sum()) == int(summed.sum()) and all(own[d] == summed.get(d, 0) for d in named_columns)
        if named.iloc[position] or agrees:
            totals[position] = True
            line = int(table.keys[SOURCE_ROW].iloc[position])
            verdict = "agrees with the rows" if agrees else f"differs from the rows, which sum to {int(summed.sum()):,}"
            notes.append(f"row {line:,} ({int(own.sum()):,} calls) {verdict}")
    return totals, notes


def _per_row(table: CountTable) -> pd.DataFrame:
    """Calls per source row (index: position in ``keys``) and disposition (columns)."""
    frame = pd.DataFrame({"row": table.row, "disposition": table.disposition.astype(str), "count": table.count})
    return frame.groupby(["row", "disposition"])["count"].sum().unstack(fill_value=0)


def expand(table: CountTable, keep: np.ndarray, path: Path) -> pd.DataFrame:
    """One row per counted call of the rows in ``keep``: keys, source disposition text and provenance."""
    pairs = np.flatnonzero(keep[table.row]) if len(table.row) else np.zeros(0, dtype="int64")
    total = int(table.count[pairs].sum()) if len(pairs) else 0
    if total > MAX_CALLS:
        raise RecordFormatError(
            f"the counts add up to {total:,} calls, more than the {MAX_CALLS:,} auditor expands into dial rows",
            location=SourceRef(file=str(path)),
            hint="split the report (by campaign or period) and audit each part",
        )
    repeat = np.repeat(pairs, table.count[pairs]) if len(pairs) else pairs
    rows = table.row[repeat]
    given = [col for col in ("agent_id", "agent_name", "campaign") if table.keys[col].notna().any()]
    out: pd.DataFrame = table.keys.iloc[rows][[*given, SOURCE_ROW]].reset_index(drop=True)
    out["disposition"] = pd.array(table.disposition[repeat], dtype="string")
    out[SOURCE_FILE] = pd.Categorical([str(path)] * len(out))
    return out


def _with_values(frame: pd.DataFrame, five9: bool) -> tuple[pd.DataFrame, dict[str, object], dict[str, object]]:
    """Outcome and flags of each dial from its disposition, and the value tables that give them."""
    disposition = frame["disposition"].astype("string")
    dispositions: dict[str, object] = {}
    outcomes: dict[str, object] = {}
    opt_out: set[str] = set()
    follow_up: set[str] = set()
    if five9:
        dispositions, outcomes, opt_out, follow_up = expanded_tables(disposition, load_table("five9"))
    keys = c.map_unique(disposition, normalise_key)
    known = set(outcomes) | set(OUTCOMES)
    frame["outcome"] = disposition.where(keys.isin(list(known)))
    frame["opt_out"] = keys.isin(list(opt_out)).astype(bool)
    frame["follow_up"] = keys.isin(list(follow_up)).astype(bool)
    return frame, dispositions, outcomes


def read_counts(path: Path) -> RawRecords:
    """A count file as canonical dial rows without call ids, times or numbers, with its notes."""
    raw = c.read_csv(path, header=True)
    _check_header(path)
    if raw.empty:
        raise RecordFormatError(
            "the count report holds no rows", location=SourceRef(file=str(path)), hint="export the report with its counts"
        )
    layout = layout_of(list(raw.columns))
    if layout is None:
        raise RecordFormatError(
            "not a count report: no '<Disposition> / CALLS count' columns, nor agent or campaign, disposition and count columns",
            location=SourceRef(file=str(path)),
            hint="export the report with one column per disposition, or give it as per-call records",
        )
    table = count_table(raw, layout, path)
    totals, said = totals_rows(table)
    frame = expand(table, ~totals, path)
    frame, dispositions, outcomes = _with_values(frame, layout.five9)
    issues = [aggregated_issue(path, table, ~totals, layout)]
    if totals.any():
        template = "{n} totals row(s) left out of the count files: they sum the rows, they are not more dials"
        issues.append(
            DataQualityIssue(
                code="count_totals_row",
                message=template.format(n=f"{int(totals.sum()):,}"),
                count=int(totals.sum()),
                examples=tuple(f"{path} {s}" for s in said[:MAX_EXAMPLES]),
                effect="left out (totals, not dials)",
                template=template,
            )
        )
    return RawRecords(frame=frame, format=READER_NAME, dispositions=dispositions, outcomes=outcomes, issues=issues, absent=ABSENT)


def _check_header(path: Path) -> None:
    """Refuse two columns with one header: their counts would be read twice, or one of them not at all."""
    lines = c.first_lines(c.head_bytes(path), 1)
    header = [h.strip() for h in next(csv.reader(lines[:1], delimiter=detect_delimiter(lines[0])), [])] if lines else []
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise RecordFormatError(
            f"the header names {', '.join(repr(h) for h in repeated)} more than once",
            location=SourceRef(file=str(path), line=1),
            hint="export the report again, or remove the repeated column",
        )


def aggregated_issue(path: Path, table: CountTable, keep: np.ndarray, layout: CountLayout) -> DataQualityIssue:
    """The one note that the dials of this file come from counts: what is unknown, and what was not read."""
    pairs = keep[table.row] if len(table.row) else np.zeros(0, dtype=bool)
    calls = int(table.count[pairs].sum()) if len(pairs) else 0
    details: dict[str, object] = {"rows": int(keep.sum()), "files": 1}
    if layout.ignored:
        details["columns_not_read"] = list(layout.ignored)
    template = (
        "{n} dial(s) read from aggregated disposition counts ({rows:,} count row(s) in {files} file(s)), not one row per call: "
        "no call id, time or number, so the figures that need them (unique numbers, days, talk time) are unknown "
        "and the checks that need them (calling window, caps, repeated dials, timing) do not apply"
    )
    return DataQualityIssue(
        code="aggregated_counts",
        message=template.format(n=f"{calls:,}", **details),
        count=calls,
        examples=(str(path),),
        effect="counted as dials without time or number",
        details=details,
        template=template,
    )


READER_NAME = "disposition-counts"


class CountsReader:
    """``disposition-counts``: per-agent (or per-campaign) disposition counts (:mod:`auditor.ingest.adapters.counts`)."""

    name = READER_NAME
    suffixes = (".csv",)
    bytes_per_row = 100_000  # a row stands for many calls: never read in blocks

    def sniff(self, path: Path, head: bytes) -> float:
        lines = c.first_lines(head, 1)
        if path.suffix.lower() not in self.suffixes or not lines:
            return 0.0
        header = next(csv.reader([lines[0]], delimiter=detect_delimiter(lines[0])), [])
        found = layout_of(header)
        if found is None:
            return 0.0
        return 0.96 if found.pivot else 0.9

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        return read_counts(path)


register_reader(CountsReader())


def fold_views(
    parts: Sequence[RawRecords], dispositions: Mapping[str, object], outcomes: Mapping[str, object]
) -> tuple[list[RawRecords], list[DataQualityIssue]]:
    """Count files that are filtered views of another one read with them: left out, and read as a contact definition.

    A part is a view of another when its dispositions are some of the other's and, for every agent
    and campaign, its count of each of them equals the other's: the same calls, filtered by
    disposition (Five9's "Total contacts" beside its "Total dials"). A view whose dispositions are
    all answered and not all converting is the dialler's definition of a contact: in the part it
    views, dials with those dispositions are effective contacts at least, and other answered dials
    are not (outcome ``none`` unless converting). ``dispositions`` and ``outcomes`` are the final
    value tables (the engagement's included).
    """
    counted = [_counts_of(part) for part in parts]
    views: dict[int, int] = {}
    for i, view in enumerate(counted):
        for j, whole in enumerate(counted):
            if i != j and j not in views and _is_view(view, whole):
                views[i] = j
                break
    out = [part for i, part in enumerate(parts) if i not in views]
    issues: list[DataQualityIssue] = []
    for i, j in sorted(views.items()):
        kept = out.index(parts[j]) if parts[j] in out else None
        keys = sorted(set(counted[i].index.get_level_values("disposition")))
        contact = _contact_definition(keys, dispositions, outcomes)
        if contact and kept is not None:
            out[kept] = replace(out[kept], frame=_as_contacts(out[kept].frame, set(keys), dispositions, outcomes))
        issues.append(_view_issue(parts[i], parts[j], keys, int(counted[i].sum()), contact))
    return out, issues


def _counts_of(part: RawRecords) -> pd.Series:
    """Calls per (agent, campaign, folded disposition) of a count part."""
    frame = part.frame
    blank = pd.Series("", index=frame.index, dtype="string")
    keys = pd.DataFrame(
        {
            "agent": frame["agent_id"].astype("string").fillna("") if "agent_id" in frame else blank,
            "campaign": frame["campaign"].astype("string").fillna("") if "campaign" in frame else blank,
            "disposition": c.map_unique(frame["disposition"].astype("string"), normalise_key).astype("string"),
        }
    )
    return keys.groupby(["agent", "campaign", "disposition"], observed=True).size()


def _is_view(view: pd.Series, whole: pd.Series) -> bool:
    """True when ``view`` counts the same calls as ``whole`` for a strict subset of its dispositions."""
    if view.empty:
        return False
    mine = set(view.index.get_level_values("disposition"))
    theirs = set(whole.index.get_level_values("disposition"))
    if not mine < theirs:
        return False
    filtered = whole[whole.index.get_level_values("disposition").isin(list(mine))]
    return bool(filtered.sort_index().equals(view.sort_index()))


def _contact_definition(keys: Iterable[str], dispositions: Mapping[str, object], outcomes: Mapping[str, object]) -> bool:
    """True when every disposition is answered and not all of them convert: the view counts conversations."""
    keys = list(keys)
    answered = all(_enum(dispositions.get(k)) == Disposition.ANSWERED.value for k in keys)
    converting = [k for k in keys if _enum(outcomes.get(k)) == Outcome.CONVERTED.value]
    return answered and len(converting) < len(keys)


def _enum(value: object) -> object:
    return getattr(value, "value", value)


def _as_contacts(
    frame: pd.DataFrame, contacts: set[str], dispositions: Mapping[str, object], outcomes: Mapping[str, object]
) -> pd.DataFrame:
    """The dials of ``frame`` with outcomes set by a contact definition (see :func:`fold_views`)."""
    keys = c.map_unique(frame["disposition"].astype("string"), normalise_key)
    answered = keys.map(lambda k: _enum(dispositions.get(k)) == Disposition.ANSWERED.value).fillna(False).astype(bool)
    stage = c.map_unique(frame["outcome"].astype("string"), lambda v: _enum(outcomes.get(normalise_key(v))))
    converting = stage == Outcome.CONVERTED.value
    inside = keys.isin(list(contacts)) & answered
    out = frame.copy()
    out["outcome"] = out["outcome"].astype("string")
    out.loc[inside & ~stage.isin([Outcome.INTENT.value, Outcome.CONVERTED.value]), "outcome"] = Outcome.EFFECTIVE.value
    out.loc[answered & ~inside & ~converting, "outcome"] = Outcome.NONE.value
    return out


def _view_issue(view: RawRecords, whole: RawRecords, keys: list[str], calls: int, contact: bool) -> DataQualityIssue:
    name, other = (Path(str(p.frame[SOURCE_FILE].iloc[0])).name if len(p.frame) else "?" for p in (view, whole))
    meaning = (
        "read as the dialler's definition of a contact: dials with these dispositions are effective contacts, "
        "other answered dials are not (unless converting)"
        if contact
        else "not added"
    )
    return DataQualityIssue(
        code="count_view",
        message=(
            f"{name} counts the same {calls:,} calls as {other} for {len(keys)} of its dispositions "
            f"(every count equal): a filtered view, not more dials; {meaning}"
        ),
        count=calls,
        column="disposition",
        examples=tuple(keys[:MAX_EXAMPLES]),
        effect="left out (the same calls as another count file)",
        details={"view": name, "of": other, "dispositions": keys, "contact_definition": contact},
    )


def aggregated_parts(parts: Sequence[RawRecords], files: Sequence[Path]) -> frozenset[str]:
    """The required columns the parts cannot carry; refuses aggregated counts read together with per-call records."""
    absent = {p.absent for p in parts}
    if len(absent) > 1:
        counts = [str(f) for f, p in zip(files, parts, strict=True) if p.absent]
        calls = [str(f) for f, p in zip(files, parts, strict=True) if not p.absent]
        raise InputError(
            f"aggregated counts ({', '.join(counts)}) cannot be audited together with per-call records ({', '.join(calls)})",
            location=SourceRef(file=counts[0]),
            hint="audit the count reports and the call records in separate runs: together the same calls would count twice",
        )
    return next(iter(absent), frozenset())
