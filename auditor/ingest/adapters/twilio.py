"""Twilio call-log CSV (console export or the API's snake_case fields).

Block step (:func:`to_canonical`, vectorised): ``status`` through ``tables/twilio.yaml``;
a completed call answered by a machine or fax (``answered_by``) is voicemail.
``duration`` is the talk time (Twilio leaves it empty for unanswered calls).
Cross-row step (:func:`drop_child_legs`): rows whose ``parent_call_sid`` is another
row of the same export are legs of that call (``<Dial>``); they are left out and
counted (``child_legs``), so one dial is counted once. Read in blocks, a first pass over
the sid columns finds the parents present in the export (64-bit hashes: memory grows
with the child legs, not the rows), and each block marks its child legs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auditor.errors import RecordFormatError
from auditor.ingest.adapters import _common as c
from auditor.ingest.adapters import _stream
from auditor.ingest.blocks import CsvText, RawBatch
from auditor.ingest.normalise import replaced
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
    out["start_time"] = replaced(start.astype("string"), r"\s+UTC$", "+00:00") if start is not None else pd.NA
    if "end" in named.columns:
        out["end_time"] = replaced(named["end"].astype("string"), r"\s+UTC$", "+00:00")
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


def drop_child_legs(frame: pd.DataFrame, child: pd.Series | None = None) -> tuple[pd.DataFrame, DataQualityIssue | None]:
    """Leave out rows whose parent call is in the same export (see the module docstring).

    ``child``: which rows are child legs, when known from the whole file (a block's rows may
    have their parent in another block); else rows whose parent is a row of ``frame``.
    """
    if "_parent" not in frame.columns:
        return frame, None
    if child is None:
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
    """``twilio``: Twilio call-log CSV, read whole (:meth:`read`) or block by block (:meth:`iter_batches`)."""

    name = "twilio"
    suffixes = (".csv",)
    bytes_per_row = 200

    def sniff(self, path: Path, head: bytes) -> float:
        found = c.first_row_roles(head, HEADERS)
        return 0.95 if {"sid", "status", "to", "from"} <= found else 0.0

    def tables(self) -> tuple[dict[str, object], dict[str, object]]:
        return dict(load_table("twilio").dispositions()), {}

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        raw = c.read_csv(path, header=True)
        _check_roles(path, list(raw.columns))
        records = self.convert(c.with_provenance(raw, path, first_row=2), {})
        records.dispositions = self.tables()[0]
        return records

    def iter_batches(self, path: Path) -> Iterator[RawBatch]:
        """The file in blocks of text columns; a child leg whose parent is in another block is marked by a first pass."""
        text = CsvText.open(path)
        fields = text.header()
        by_role = {role: column for column, role in _check_roles(path, fields).items()}
        batches = text.batches(fields)
        if "parent" in by_role:
            parents = _parents_present(text, fields, str(by_role["sid"]), str(by_role["parent"]))
            batches = _marked(batches, str(by_role["parent"]), parents)
        return _stream.tagged(batches, self.name, {})

    def convert(self, raw: pd.DataFrame, context: dict[str, object]) -> RawRecords:
        """One block (or the whole file) -> canonical columns without the child legs, with issues."""
        child = raw.pop(_CHILD).astype(bool) if _CHILD in raw.columns else None
        frame, issues = to_canonical(raw)
        frame, note = drop_child_legs(frame, child)
        return RawRecords(frame=frame, format=self.name, issues=[*issues, *([note] if note else [])])


#: The column a block read by :meth:`TwilioReader.iter_batches` marks its child legs in.
_CHILD = "\x00child_leg"


def _check_roles(path: Path, columns: Sequence[object]) -> dict[object, str]:
    found = roles(list(columns))
    missing = [r for r in ("sid", "status", "to", "from", "duration") if r not in found.values()]
    if missing or not {"start", "created"} & set(found.values()):
        raise RecordFormatError(
            f"Twilio call log lacks {', '.join(missing) or 'Start Time'}",
            location=SourceRef(file=str(path)),
            hint="export the call log with its standard columns, or use --mapping",
        )
    return found


def _hashes(values: pa.ChunkedArray) -> np.ndarray:
    """64-bit hashes of the non-blank values, spaces before them stripped as the whole-file reader does."""
    text = pc.utf8_ltrim(values.drop_null(), characters=" ")
    return pd.util.hash_array(np.asarray(text.to_numpy(zero_copy_only=False), dtype=object))


def _parents_present(text: CsvText, fields: list[str], sid: str, parent: str) -> np.ndarray:
    """The (hashed) parent call sids that are call sids of this export: two passes over two columns, memory by child legs."""
    named = [np.unique(_hashes(raw.batch.column(parent))) for raw in text.batches(fields, include=[parent]) if len(raw)]
    parents = np.unique(np.concatenate(named)) if named else np.array([], dtype="uint64")
    if not len(parents):
        return parents
    present = np.zeros(len(parents), dtype=bool)
    for raw in text.batches(fields, include=[sid]):
        present |= np.isin(parents, _hashes(raw.batch.column(sid)))
    return parents[present]


def _marked(batches: Iterator[RawBatch], parent: str, parents: np.ndarray) -> Iterator[RawBatch]:
    """The blocks with a column saying which rows are child legs (their parent is a call of the export)."""
    for raw in batches:
        column = raw.batch.column(parent)
        valid = pc.is_valid(column).to_numpy(zero_copy_only=False)
        child = np.zeros(len(raw), dtype=bool)
        if len(parents) and valid.any():
            hashes = _hashes(column)
            found = np.isin(hashes, parents, assume_unique=False)
            child[np.flatnonzero(valid)] = found
        raw.batch = raw.batch.append_column(_CHILD, pa.array(child))
        yield raw


register_reader(TwilioReader())
