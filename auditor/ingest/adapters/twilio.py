"""Twilio call-log CSV (console export or the API's snake_case fields).

Block step (:func:`to_canonical`, vectorised): ``status`` through ``tables/twilio.yaml``;
a completed call answered by a machine or fax (``answered_by``) is voicemail.
``duration`` is the talk time (Twilio leaves it empty for unanswered calls).
Cross-row step (:func:`drop_child_legs`): rows whose ``parent_call_sid`` is another
row of the same export are legs of that call (``<Dial>``); they are left out and
counted (``child_legs``), so one dial is counted once.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from auditor.errors import RecordFormatError
from auditor.ingest.adapters import _common as c
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.readers import RawRecords, ReadOptions, register_reader
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.ingest.tables import load_table
from auditor.location import SourceRef

HEADERS = {
    "sid": "sid",
    "call sid": "sid",
    "callsid": "sid",
    "parent call sid": "parent",
    "parentcallsid": "parent",
    "from": "from",
    "to": "to",
    "status": "status",
    "start time": "start",
    "starttime": "start",
    "end time": "end",
    "endtime": "end",
    "duration": "duration",
    "direction": "direction",
    "answered by": "answered_by",
    "answeredby": "answered_by",
    "date created": "created",
    "datecreated": "created",
}
_MACHINE = ("machine_start", "machine_end_beep", "machine_end_silence", "machine_end_other", "fax")


def roles(columns: list[object]) -> dict[object, str]:
    """Source column -> role for this export's headers."""
    return c.header_roles(columns, HEADERS)


def to_canonical(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[DataQualityIssue]]:
    """One block of Twilio rows (provenance columns included) -> canonical columns."""
    named = raw.rename(columns=roles(list(raw.columns)))
    status = named["status"].astype("string").str.strip().str.lower()
    answered_by = (
        (named["answered_by"] if "answered_by" in named.columns else pd.Series(pd.NA, index=named.index))
        .astype("string")
        .str.strip()
        .str.lower()
    )
    machine = (status == "completed") & answered_by.isin(_MACHINE)
    out = pd.DataFrame(index=named.index)
    out["call_id"] = named["sid"]
    start = named["start"] if "start" in named.columns else named.get("created")
    out["start_time"] = start.astype("string").str.replace(r"\s+UTC$", "+00:00", regex=True) if start is not None else pd.NA
    if "end" in named.columns:
        out["end_time"] = named["end"].astype("string").str.replace(r"\s+UTC$", "+00:00", regex=True)
    out["phone"] = named["to"]
    out["caller"] = named["from"]
    out["disposition"] = status.where(~machine, answered_by)
    out["talk_s"] = c.seconds(named["duration"]).where(status.isin(["completed", "in-progress"]) & ~machine, 0.0)
    out[SOURCE_FILE] = named[SOURCE_FILE]
    out[SOURCE_ROW] = named[SOURCE_ROW]
    direction = (
        named["direction"].astype("string").str.lower() if "direction" in named.columns else pd.Series(pd.NA, index=named.index)
    )
    issues = [
        c.issue(
            out,
            direction == "inbound",
            "inbound_calls",
            "{n} row(s) are inbound calls; kept and counted as dials",
            column="call_id",
        ),
    ]
    if "parent" in named.columns:
        out["_parent"] = named["parent"]
    return out, [i for i in issues if i]


def drop_child_legs(frame: pd.DataFrame) -> tuple[pd.DataFrame, DataQualityIssue | None]:
    """Leave out rows whose parent call is in the same export (see the module docstring)."""
    if "_parent" not in frame.columns:
        return frame, None
    child = frame["_parent"].notna() & frame["_parent"].isin(frame["call_id"])
    note = c.issue(
        frame,
        child,
        "child_legs",
        "{n} row(s) are child legs (<Dial>) of calls in the same export; left out so each dial counts once",
        column="call_id",
        values=frame["_parent"],
        effect="left out (legs of another call)",
    )
    return frame.loc[~child].drop(columns="_parent").reset_index(drop=True), note


class TwilioReader:
    """``twilio``: Twilio call-log CSV."""

    name = "twilio"
    suffixes = (".csv",)

    def sniff(self, path: Path, head: bytes) -> float:
        found = c.first_row_roles(head, HEADERS)
        return 0.95 if {"sid", "status", "to", "from"} <= found else 0.0

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        raw = c.read_csv(path, header=True)
        found = set(roles(list(raw.columns)).values())
        missing = [r for r in ("sid", "status", "to", "from", "duration") if r not in found]
        if missing or not {"start", "created"} & found:
            raise RecordFormatError(
                f"Twilio call log lacks {', '.join(missing) or 'Start Time'}",
                location=SourceRef(file=str(path)),
                hint="export the call log with its standard columns, or use --mapping",
            )
        frame, issues = to_canonical(c.with_provenance(raw, path, first_row=2))
        frame, note = drop_child_legs(frame)
        table = load_table("twilio")
        return RawRecords(
            frame=frame, format=self.name, dispositions=table.dispositions(), issues=[*issues, *([note] if note else [])]
        )


register_reader(TwilioReader())
