"""Asterisk CDRs: ``cdr-csv`` Master.csv (no header, several layouts), MySQL/FreePBX table exports.

Block step (:func:`to_canonical`, row-wise, vectorised): name the columns by layout,
``dst`` is the called number, ``billsec`` the talk time, ``duration - billsec`` the
ring time, the leg's ``disposition`` goes through ``tables/asterisk.yaml``.

Cross-row step (:func:`collapse_legs`): Asterisk writes one CDR per *leg*; a ring
group or a failover route gives several legs for one dial. Legs are grouped by
``linkedid`` (or ``uniqueid`` when the export has no linkedid) and one call is kept
per group: the leg with the best disposition (ANSWERED > BUSY > NO ANSWER >
CONGESTION > FAILED > anything else), with the group's earliest start and latest end.
This step needs every leg of a call: read in blocks (:meth:`AsteriskReader.iter_batches`),
a block ends only where no leg of a call among its last :data:`LEG_WINDOW` lines follows
(legs of one call are adjacent in real files; legs further apart count as two calls, which
the duplicate-call-id check then reports). The date order is the first 1,000 rows' either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auditor.errors import RecordFormatError
from auditor.ingest.adapters import _common as c
from auditor.ingest.adapters import _stream
from auditor.ingest.blocks import RawBatch
from auditor.ingest.quality import MAX_EXAMPLES, DataQualityIssue
from auditor.ingest.readers import RawRecords, ReadOptions, register_reader
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.ingest.tables import load_table
from auditor.location import SourceRef

_CLASSIC = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)

#: Header-less layouts by column count (names from Asterisk ``cdr_csv.c`` and FreePBX ``asteriskcdrdb.cdr``).
LAYOUTS: dict[int, tuple[str, ...]] = {
    18: _CLASSIC,
    # Asterisk 18/20 default Master.csv: clid first, accountcode after amaflags, sequence last
    19: (
        "clid",
        "src",
        "dst",
        "dcontext",
        "channel",
        "dstchannel",
        "lastapp",
        "lastdata",
        "start",
        "answer",
        "end",
        "duration",
        "billsec",
        "disposition",
        "amaflags",
        "accountcode",
        "uniqueid",
        "userfield",
        "sequence",
    ),
    # cdr-csv with loguniqueid + loguserfield + peeraccount, linkedid, sequence
    21: (*_CLASSIC, "peeraccount", "linkedid", "sequence"),
    # FreePBX asteriskcdrdb.cdr table dumped without a header (calldate first, no answer/end)
    25: (
        "calldate",
        "clid",
        "src",
        "dst",
        "dcontext",
        "channel",
        "dstchannel",
        "lastapp",
        "lastdata",
        "duration",
        "billsec",
        "disposition",
        "amaflags",
        "accountcode",
        "uniqueid",
        "userfield",
        "did",
        "recordingfile",
        "cnum",
        "cnam",
        "outbound_cnum",
        "outbound_cnam",
        "dst_cnam",
        "extra_1",
        "extra_2",
    ),
}
DISPOSITIONS = ("ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION")
#: Which leg speaks for a multi-leg call: higher is better.
LEG_RANK = {"ANSWERED": 5, "BUSY": 4, "NO ANSWER": 3, "CONGESTION": 2, "FAILED": 1}


def date_context(head: pd.DataFrame, date_order: str | None = None) -> dict[str, Any]:
    """The date order of a file, from its first rows (``head``, named columns, NULLs not yet blank).

    Year-last dates are read day- or month-first as :func:`~auditor.ingest.adapters._common.infer_date_order`
    says; when both read, the ``uniqueid`` epoch of the same rows breaks the tie, else the
    ambiguity is reported (``ambiguous``: the first such date) and the separator decides.
    """
    if date_order:
        return {"date_order": date_order}
    head = c.blank_nulls(head)
    start = head["start" if "start" in head.columns else "calldate"].dropna()
    order, ambiguous = c.infer_date_order(start)
    if not ambiguous:
        return {"date_order": order}
    unique = head.get("uniqueid", pd.Series(pd.NA, index=head.index)).astype("string")
    epoch = pd.to_numeric(unique.str.extract(r"(\d{9,10})\.")[0], errors="coerce")
    by_epoch = c.order_by_epoch(start, epoch.loc[start.index]) if epoch.notna().any() else None
    return {"date_order": by_epoch} if by_epoch else {"date_order": order, "ambiguous": str(start.iloc[0])}


def to_canonical(raw: pd.DataFrame, context: dict[str, Any]) -> tuple[pd.DataFrame, list[DataQualityIssue]]:
    """One block of named Asterisk columns -> canonical columns (one row per leg), with issues.

    ``context``: the file's :func:`date_context`.
    """
    raw = c.blank_nulls(raw)
    start_col = "start" if "start" in raw.columns else "calldate"
    start = raw[start_col]
    issues: list[DataQualityIssue | None] = []
    order = context["date_order"]
    if context.get("ambiguous"):
        issues.append(
            c.issue(
                raw,
                start.notna(),
                "ambiguous_date_order",
                f"{{n}} row(s) have dates like {context['ambiguous']!r} that read both day-first and month-first; "
                f"read as {order} (set date_order: dmy or mdy in the engagement or mapping file to change)",
                column="start_time",
                values=start,
                effect=f"read as {order}",
            )
        )
    duration = c.seconds(raw["duration"]) if "duration" in raw.columns else pd.Series(np.nan, index=raw.index)
    billsec = c.seconds(raw["billsec"])
    out = pd.DataFrame(index=raw.index)
    linked = raw["linkedid"] if "linkedid" in raw.columns else pd.Series(pd.NA, index=raw.index, dtype="string")
    if "uniqueid" in raw.columns:
        out["call_id"] = linked.where(linked.notna(), raw["uniqueid"])
    else:
        out["call_id"] = c.row_ids(raw)
        issues.append(
            c.issue(
                raw,
                out["call_id"].notna(),
                "call_id_generated",
                "{n} row(s) come from an export with no call id; ids made from file name and row",
                column="call_id",
            )
        )
    out["start_time"] = c.to_iso_dates(start, order)
    if "answer" in raw.columns:
        out["answer_time"] = c.to_iso_dates(raw["answer"], order)
    if "end" in raw.columns:
        out["end_time"] = c.to_iso_dates(raw["end"], order)
    out["phone"] = raw["dst"]
    out["caller"] = raw["src"]
    out["disposition"] = raw["disposition"].astype("string").str.strip().str.upper()
    out["talk_s"] = raw["billsec"]
    too_long = billsec > duration
    out["ring_s"] = (duration - billsec).where(~too_long)
    if "recordingfile" in raw.columns:
        out["recording_id"] = raw["recordingfile"]
    out[SOURCE_FILE] = raw[SOURCE_FILE]
    out[SOURCE_ROW] = raw[SOURCE_ROW]
    issues += [
        c.issue(
            out,
            too_long,
            "talk_longer_than_call",
            "{n} CDR leg(s) have billsec longer than duration; talk kept as given, ring time left blank",
            column="talk_s",
            values=raw["billsec"].astype("string") + " > " + raw["duration"].astype("string"),
        )
    ]
    return out, [i for i in issues if i]


def collapse_legs(legs: pd.DataFrame) -> tuple[pd.DataFrame, DataQualityIssue]:
    """Keep one row per call (``call_id`` = linkedid/uniqueid); see the module docstring.

    The note counts legs and calls even when no call had several legs (its count is then 0,
    and it is dropped when the blocks' issues are merged), so that blocks add up.
    """
    shared = legs["call_id"].duplicated(keep=False) & legs["call_id"].notna()
    if not shared.any():
        return legs, _legs_note(len(legs), len(legs), pd.Series(dtype="int64"))
    several = legs.loc[shared]  # only the calls of several legs are sorted and grouped (a few % of the rows)
    rank = several["disposition"].map(LEG_RANK).fillna(0)
    ordered = several.assign(_key=several["call_id"], _rank=rank).sort_values(
        ["_key", "_rank", SOURCE_ROW], ascending=[True, False, True], kind="stable"
    )
    best = ordered.drop_duplicates("_key", keep="first").set_index("_key")
    groups = ordered.groupby("_key", sort=False)
    best["start_time"] = groups["start_time"].min()
    if "end_time" in best.columns:
        best["end_time"] = groups["end_time"].max()
    best["_legs"] = groups.size()
    best = best.sort_values(SOURCE_ROW, kind="stable").reset_index()
    merged = pd.concat([legs.loc[~shared], best.drop(columns=["_key", "_rank", "_legs"])])
    out = merged.sort_values(SOURCE_ROW, kind="stable").reset_index(drop=True)
    return out, _legs_note(len(legs), len(out), best.set_index("_key")["_legs"])


def _legs_note(n_legs: int, n_calls: int, several: pd.Series) -> DataQualityIssue:
    """The ``multi_leg_calls`` note; ``several``: the legs of each call of several, by call id in file order."""
    details = {
        "legs": n_legs,
        "calls": n_calls,
        "calls_with_several_legs": len(several),
        "max_legs_per_call": int(several.max()) if len(several) else min(1, n_legs),
    }
    template = (
        "{legs:,} CDR legs are {calls:,} calls ({calls_with_several_legs:,} calls had several legs); "
        "each call counted once, with its best leg's disposition"
    )
    return DataQualityIssue(
        code="multi_leg_calls",
        message=template.format(**details),
        count=n_legs - n_calls,
        column="call_id",
        examples=tuple(f"call {k}: {v} legs" for k, v in several.head(MAX_EXAMPLES).items()),
        effect="legs merged into calls",
        details=details,
        template=template,
    )


class AsteriskReader:
    """``asterisk``: Master.csv in any of :data:`LAYOUTS`, or a CDR table export with a header.

    Read whole (:meth:`read`) or block by block (:meth:`iter_batches`): the legs of one call
    less than :data:`LEG_WINDOW` lines apart are kept in one block, so they are merged either way.
    """

    name = "asterisk"
    suffixes = (".csv",)
    bytes_per_row = 230  # a 21-field Master.csv line

    def sniff(self, path: Path, head: bytes) -> float:
        lines = c.first_lines(head, 3)
        if not lines:
            return 0.0
        first = lines[0].lower()
        if "disposition" in first and "billsec" in first:
            return 0.95
        hits = sum(any(f'"{d}"' in line or f",{d}," in line for d in DISPOSITIONS) for line in lines)
        return 0.9 if hits == len(lines) else 0.0

    def tables(self) -> tuple[dict[str, object], dict[str, object]]:
        return dict(load_table("asterisk").dispositions()), {}

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        raw = c.read_named(path, _has_header(path), _names)
        records = self.convert(raw, date_context(raw.head(_stream.HEAD_ROWS), options.date_order))
        records.dispositions = self.tables()[0]
        return records

    def iter_batches(self, path: Path) -> Iterator[RawBatch]:
        """The file in blocks of named text columns, each block ending between calls (see :func:`held_back`)."""
        head, batches = _stream.head_frame(_stream.named_batches(path, _has_header(path), _names))
        return _stream.tagged(_stream.held_back(batches, _leg_key, LEG_WINDOW), self.name, date_context(head))

    def convert(self, raw: pd.DataFrame, context: dict[str, Any]) -> RawRecords:
        """One block (or the whole file) of named columns -> one canonical row per call, with issues."""
        legs, issues = to_canonical(raw, context)
        calls, note = collapse_legs(legs)
        return RawRecords(frame=calls, format=self.name, issues=[*issues, note])


#: Lines within which the legs of one call are found when a file is read in blocks (real files write them together).
LEG_WINDOW = 1_000


def _leg_key(table: pa.Table) -> pa.ChunkedArray:
    """What groups a block's legs into calls: linkedid, else uniqueid."""
    names = table.column_names
    unique = table.column("uniqueid") if "uniqueid" in names else pa.chunked_array([pa.nulls(table.num_rows, pa.string())])
    return pc.coalesce(table.column("linkedid"), unique) if "linkedid" in names else unique


def _has_header(path: Path) -> bool:
    return "billsec" in (c.first_lines(c.head_bytes(path), 1) or [""])[0].lower()


def _names(path: Path, fields: list[str], has_header: bool) -> list[str]:
    """The columns' names: the header's, lower-cased, or the layout of a header-less file of that many fields."""
    if has_header:
        names = [field.strip().lower() for field in fields]
        missing = [col for col in ("dst", "src", "billsec", "disposition") if col not in names]
        if missing or not {"start", "calldate"} & set(names):
            raise RecordFormatError(
                f"Asterisk CDR export lacks column(s) {', '.join(missing) or 'calldate/start'}",
                location=SourceRef(file=str(path)),
                hint="export the cdr table with its standard columns, or use --mapping",
            )
        return names
    layout = LAYOUTS.get(len(fields))
    if layout is None:
        raise RecordFormatError(
            f"Asterisk Master.csv with {len(fields)} columns matches no known layout ({', '.join(map(str, LAYOUTS))} columns)",
            location=SourceRef(file=str(path)),
            hint="describe the columns in a mapping file (--mapping)",
        )
    return list(layout)


register_reader(AsteriskReader())
