"""Five9 call-log / call-detail report CSV (``CALL ID``, ``TIMESTAMP``, ``DNIS``, ``DISPOSITION``, ...).

Block step (:func:`to_canonical`, vectorised): ``DNIS`` is the number dialled on an
outbound call, ``TALK TIME`` / ``RING TIME`` are ``H:MM:SS`` durations. Custom
dispositions carry campaign suffixes, so ``tables/five9.yaml`` matches the longest
leading run of words (``Left Message-Email-BP O.O.A.`` -> ``Left Message``); the
matched entry's outcome and flags fill ``outcome``, ``opt_out`` and ``follow_up``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from auditor.errors import RecordFormatError
from auditor.ingest.adapters import _common as c
from auditor.ingest.adapters import _stream
from auditor.ingest.blocks import CsvText, RawBatch
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.readers import RawRecords, ReadOptions, register_reader
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.ingest.tables import ValueTable, load_table
from auditor.ingest.vocabulary import normalise_key
from auditor.location import SourceRef

HEADERS = {
    "call id": "call_id",
    "session id": "session",
    "timestamp": "start",
    "date": "date",
    "time": "time",
    "dnis": "phone",
    "number": "number",
    "ani": "caller",
    "disposition": "disposition",
    "campaign": "campaign",
    "agent": "agent_id",
    "agent name": "agent_name",
    "talk time": "talk_s",
    "ring time": "ring_s",
    "call type": "call_type",
}


def roles(columns: list[object]) -> dict[object, str]:
    """Source column -> role for this export's headers."""
    return c.header_roles(columns, HEADERS)


def expanded_tables(values: pd.Series, table: ValueTable) -> tuple[dict[str, object], dict[str, object], set[str], set[str]]:
    """Exact-key tables for the distinct dispositions of this export (prefix matches resolved once per value)."""
    found = table.expand(values.dropna().unique())
    dispositions, outcomes = table.dispositions(), table.outcomes()
    opt_out, follow_up = table.flagged("opt_out"), table.flagged("follow_up")
    return (
        {k: dispositions[v] for k, v in found.items()},
        {k: outcomes[v] for k, v in found.items() if v in outcomes},
        {k for k, v in found.items() if v in opt_out},
        {k for k, v in found.items() if v in follow_up},
    )


def to_canonical(
    raw: pd.DataFrame, table: ValueTable
) -> tuple[pd.DataFrame, list[DataQualityIssue], dict[str, object], dict[str, object]]:
    """One block of Five9 rows -> canonical columns, issues and the value tables it needs."""
    named = raw.rename(columns=roles(list(raw.columns)))
    disposition = named["disposition"].astype("string").str.strip()
    dispositions, outcomes, opt_out, follow_up = expanded_tables(disposition, table)
    keys = c.map_unique(disposition, normalise_key)
    out = pd.DataFrame(index=named.index)
    out["call_id"] = named["call_id"]
    if "start" in named.columns:  # the Call Log's "Mon, 05 Oct 2026 09:00:03", read fast as ISO
        out["start_time"] = c.iso_timestamps(named["start"], "%a, %d %b %Y %H:%M:%S")
    else:
        out["start_time"] = named["date"].astype("string") + " " + named["time"].astype("string")
    out["phone"] = named["phone"] if "phone" in named.columns else named["number"]
    for role in ("caller", "campaign", "agent_id", "talk_s", "ring_s"):
        if role in named.columns:
            out[role] = named[role]
    out["disposition"] = disposition
    out["outcome"] = disposition.where(keys.isin(list(outcomes)))
    out["opt_out"] = keys.isin(list(opt_out))
    out["follow_up"] = keys.isin(list(follow_up))
    out[SOURCE_FILE] = named[SOURCE_FILE]
    out[SOURCE_ROW] = named[SOURCE_ROW]
    call_type = (
        named["call_type"].astype("string").str.lower() if "call_type" in named.columns else pd.Series(pd.NA, index=named.index)
    )
    issues = [
        c.issue(
            out,
            call_type.str.contains("inbound", na=False),
            "inbound_calls",
            "{n} row(s) are inbound calls; kept and counted as dials",
            column="call_id",
            values=named.get("call_type"),
        )
    ]
    return out, [i for i in issues if i], dispositions, outcomes


class Five9Reader:
    """``five9``: Five9 call-log report CSV, read whole (:meth:`read`) or block by block (:meth:`iter_batches`).

    Each block brings the value tables of the dispositions it holds; the engagement's win over them.
    """

    name = "five9"
    suffixes = (".csv",)
    bytes_per_row = 150

    def sniff(self, path: Path, head: bytes) -> float:
        found = c.first_row_roles(head, HEADERS)
        return 0.95 if {"call_id", "disposition"} <= found and ({"phone", "number"} & found) and "talk_s" in found else 0.0

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        raw = c.read_csv(path, header=True)
        _check_roles(path, list(raw.columns))
        return self.convert(c.with_provenance(raw, path, first_row=2), {})

    def iter_batches(self, path: Path) -> Iterator[RawBatch]:
        """The file in blocks of text columns."""
        text = CsvText.open(path)
        fields = text.header()
        _check_roles(path, fields)
        return _stream.tagged(text.batches(fields), self.name, {})

    def convert(self, raw: pd.DataFrame, context: dict[str, object]) -> RawRecords:
        """One block (or the whole file) -> canonical columns, issues, and the value tables of its dispositions."""
        frame, issues, dispositions, outcomes = to_canonical(raw, load_table("five9"))
        return RawRecords(frame=frame, format=self.name, dispositions=dispositions, outcomes=outcomes, issues=issues)


def _check_roles(path: Path, columns: Sequence[object]) -> None:
    found = set(roles(list(columns)).values())
    if not (
        {"call_id", "disposition"} <= found and {"phone", "number"} & found and ({"start"} & found or {"date", "time"} <= found)
    ):
        raise RecordFormatError(
            "Five9 export lacks CALL ID, DISPOSITION, DNIS or TIMESTAMP",
            location=SourceRef(file=str(path)),
            hint="run the Call Log report with these columns, or use --mapping",
        )


register_reader(Five9Reader())
