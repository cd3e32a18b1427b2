"""Asterisk CDRs: ``cdr-csv`` Master.csv (no header, several layouts), MySQL/FreePBX table exports.

Block step (:func:`to_canonical`, row-wise, vectorised): name the columns by layout,
``dst`` is the called number, ``billsec`` the talk time, ``duration - billsec`` the
ring time, the leg's ``disposition`` goes through ``tables/asterisk.yaml``.

Cross-row step (:func:`collapse_legs`): Asterisk writes one CDR per *leg*; a ring
group or a failover route gives several legs for one dial. Legs are grouped by
``linkedid`` (or ``uniqueid`` when the export has no linkedid) and one call is kept
per group: the leg with the best disposition (ANSWERED > BUSY > NO ANSWER >
CONGESTION > FAILED > anything else), with the group's earliest start and latest end.
This step needs every leg of a call, so a streaming reader must keep a group's rows
together (legs of one call are adjacent in real files).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from auditor.errors import RecordFormatError
from auditor.ingest.adapters import _common as c
from auditor.ingest.quality import DataQualityIssue
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


def to_canonical(raw: pd.DataFrame, *, date_order: str | None = None) -> tuple[pd.DataFrame, list[DataQualityIssue]]:
    """One block of named Asterisk columns -> canonical columns (plus ``leg_key``), with issues."""
    raw = c.blank_nulls(raw)
    start_col = "start" if "start" in raw.columns else "calldate"
    start = raw[start_col]
    issues: list[DataQualityIssue | None] = []
    order, ambiguous = c.infer_date_order(start.dropna().head(1000))
    if date_order:
        order = date_order
    elif ambiguous:
        epoch = pd.to_numeric(
            raw.get("uniqueid", pd.Series(pd.NA, index=raw.index)).astype("string").str.extract(r"(\d{9,10})\.")[0],
            errors="coerce",
        )
        by_epoch = c.order_by_epoch(start, epoch) if epoch.notna().any() else None
        if by_epoch:
            order = by_epoch
        else:
            issues.append(
                c.issue(
                    raw,
                    start.notna(),
                    "ambiguous_date_order",
                    f"{{n}} row(s) have dates like {start.dropna().iloc[0]!r} that read both day-first and month-first; "
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


def collapse_legs(legs: pd.DataFrame) -> tuple[pd.DataFrame, DataQualityIssue | None]:
    """Keep one row per call (``call_id`` = linkedid/uniqueid); see the module docstring."""
    if legs["call_id"].isna().all() or not legs["call_id"].duplicated().any():
        return legs, None
    key = legs["call_id"].fillna("row " + legs[SOURCE_ROW].astype(str))
    rank = legs["disposition"].map(LEG_RANK).fillna(0)
    ordered = legs.assign(_key=key, _rank=rank).sort_values(
        ["_key", "_rank", SOURCE_ROW], ascending=[True, False, True], kind="stable"
    )
    best = ordered.drop_duplicates("_key", keep="first").set_index("_key")
    groups = ordered.groupby("_key", sort=False)
    best["start_time"] = groups["start_time"].min()
    if "end_time" in best.columns:
        best["end_time"] = groups["end_time"].max()
    sizes = groups.size()
    out = best.sort_values(SOURCE_ROW, kind="stable").reset_index(drop=True)
    multi = sizes[sizes > 1]
    n_legs, n_calls = len(legs), len(out)
    examples = tuple(f"call {k}: {v} legs" for k, v in multi.head(5).items())
    note = DataQualityIssue(
        code="multi_leg_calls",
        message=f"{n_legs:,} CDR legs are {n_calls:,} calls ({len(multi):,} calls had several legs); "
        "each call counted once, with its best leg's disposition",
        count=n_legs - n_calls,
        column="call_id",
        examples=examples,
        effect="legs merged into calls",
        details={"legs": n_legs, "calls": n_calls, "max_legs_per_call": int(sizes.max())},
    )
    return out.drop(columns="_rank"), note


class AsteriskReader:
    """``asterisk``: Master.csv in any of :data:`LAYOUTS`, or a CDR table export with a header."""

    name = "asterisk"
    suffixes = (".csv",)

    def sniff(self, path: Path, head: bytes) -> float:
        lines = c.first_lines(head, 3)
        if not lines:
            return 0.0
        first = lines[0].lower()
        if "disposition" in first and "billsec" in first:
            return 0.95
        hits = sum(any(f'"{d}"' in line or f",{d}," in line for d in DISPOSITIONS) for line in lines)
        return 0.9 if hits == len(lines) else 0.0

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        head = c.head_bytes(path)
        has_header = "billsec" in (c.first_lines(head, 1) or [""])[0].lower()
        raw = c.read_csv(path, header=has_header)
        if has_header:
            raw.columns = [str(col).strip().lower() for col in raw.columns]
            missing = [col for col in ("dst", "src", "billsec", "disposition") if col not in raw.columns]
            if missing or not {"start", "calldate"} & set(raw.columns):
                raise RecordFormatError(
                    f"Asterisk CDR export lacks column(s) {', '.join(missing) or 'calldate/start'}",
                    location=SourceRef(file=str(path)),
                    hint="export the cdr table with its standard columns, or use --mapping",
                )
        else:
            layout = LAYOUTS.get(raw.shape[1])
            if layout is None:
                raise RecordFormatError(
                    f"Asterisk Master.csv with {raw.shape[1]} columns matches no known layout "
                    f"({', '.join(map(str, LAYOUTS))} columns)",
                    location=SourceRef(file=str(path)),
                    hint="describe the columns in a mapping file (--mapping)",
                )
            raw.columns = list(layout)
        raw = c.with_provenance(raw, path, first_row=2 if has_header else 1)
        legs, issues = to_canonical(raw, date_order=options.date_order)
        calls, note = collapse_legs(legs)
        table = load_table("asterisk")
        return RawRecords(
            frame=calls, format=self.name, dispositions=table.dispositions(), issues=[*issues, *([note] if note else [])]
        )


register_reader(AsteriskReader())
