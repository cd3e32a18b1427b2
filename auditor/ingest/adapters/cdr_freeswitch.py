"""FreeSWITCH CDRs: ``mod_cdr_csv`` (default 15-column template or a header row) and ``mod_json_cdr``.

Block step (:func:`to_canonical`, vectorised): a leg with an answer stamp or
``billsec > 0`` is answered whatever its release cause; the other legs map their
``hangup_cause`` through ``tables/q850.yaml`` (or ``sip_term_status`` through
``tables/sip.yaml`` when there is no cause). ``billsec`` is the talk time,
``duration - billsec`` the ring time. FreeSWITCH writes the A-leg per call, so there
is no cross-row step; duplicate uuids are reported, never merged. The CSV reads in
blocks too (:meth:`FreeswitchCsvReader.iter_batches`); JSON is read whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from auditor.errors import RecordFormatError
from auditor.ingest.adapters import _common as c
from auditor.ingest.adapters import _stream
from auditor.ingest.blocks import RawBatch
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.readers import RawRecords, ReadOptions, register_reader
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.ingest.tables import load_table
from auditor.ingest.vocabulary import normalise_key
from auditor.location import SourceRef

#: The ``example`` template of FreeSWITCH's cdr_csv.conf (no header row).
DEFAULT_TEMPLATE = (
    "caller_id_name",
    "caller_id_number",
    "destination_number",
    "context",
    "start_stamp",
    "answer_stamp",
    "end_stamp",
    "duration",
    "billsec",
    "hangup_cause",
    "uuid",
    "bleg_uuid",
    "accountcode",
    "read_codec",
    "write_codec",
)
_CAUSES = frozenset(e.values[1] for e in load_table("q850").entries if len(e.values) > 1)
#: Causes that contradict a connected leg (a leg with billsec > 0 and one of these is reported).
_NOT_CONNECTED = ("invalid_number", "busy", "rejected")


def dispositions() -> dict[str, object]:
    return {**load_table("q850").dispositions(), **load_table("sip").dispositions()}


def date_context(head: pd.DataFrame, date_order: str | None = None) -> dict[str, Any]:
    """The date order of a file, from its first rows (``head``) unless given."""
    return {"date_order": date_order or c.infer_date_order(head["start_stamp"].dropna())[0]}


def to_canonical(raw: pd.DataFrame, context: dict[str, Any]) -> tuple[pd.DataFrame, list[DataQualityIssue]]:
    """One block of named FreeSWITCH variables -> canonical columns, with issues (``context``: :func:`date_context`)."""
    raw = raw.copy()
    for name in ("answer_stamp", "sip_term_status", "hangup_cause", "duration", "billsec", "caller_id_number"):
        if name not in raw.columns:
            raw[name] = pd.Series(pd.NA, index=raw.index, dtype="string")
    start = raw["start_stamp"]
    order = context["date_order"]
    billsec = c.seconds(raw["billsec"])
    duration = c.seconds(raw["duration"])
    answered = (billsec > 0) | c.seconds(raw.get("answer_epoch", pd.Series(np.nan, index=raw.index))).gt(0)
    answered |= raw["answer_stamp"].astype("string").str.strip().fillna("").ne("")
    cause = raw["hangup_cause"].astype("string").str.strip().str.upper()
    sip = raw["sip_term_status"].astype("string").str.strip()
    source = cause.where(cause.notna() & (cause != ""), "SIP " + sip)
    out = pd.DataFrame(index=raw.index)
    out["call_id"] = raw["uuid"]
    out["start_time"] = c.to_iso_dates(start, order)
    out["answer_time"] = c.to_iso_dates(raw["answer_stamp"], order)
    out["end_time"] = c.to_iso_dates(raw["end_stamp"], order)
    out["phone"] = raw["destination_number"]
    out["caller"] = raw["caller_id_number"]
    out["disposition"] = source.where(~answered, "answered")
    out["talk_s"] = billsec
    out["ring_s"] = (duration - billsec).where(duration >= billsec)
    for optional, canonical in (("accountcode", "agent_id"), ("campaign", "campaign")):
        if optional in raw.columns:
            out[canonical] = raw[optional]
    out[SOURCE_FILE] = raw[SOURCE_FILE]
    out[SOURCE_ROW] = raw[SOURCE_ROW]
    table = dispositions()
    mapped = c.map_unique(source, lambda v: getattr(table.get(normalise_key(v)), "value", None))
    contradicts = answered & mapped.isin(_NOT_CONNECTED)
    issues = [
        c.issue(
            out,
            contradicts,
            "cause_contradicts_answer",
            "{n} leg(s) have talk time (billsec > 0) but a release cause of a call that never connected; counted as answered",
            column="disposition",
            values=source + ", billsec " + raw["billsec"].astype("string"),
            effect="counted as answered",
        ),
        c.issue(
            out,
            billsec > duration,
            "talk_longer_than_call",
            "{n} leg(s) have billsec longer than duration; talk kept as given",
            column="talk_s",
        ),
    ]
    return out, [i for i in issues if i]


class FreeswitchCsvReader:
    """``freeswitch-csv``: mod_cdr_csv Master.csv (default template, no header) or a CSV with variable names.

    Read whole (:meth:`read`) or block by block (:meth:`iter_batches`); the date order is the first 1,000 rows'.
    """

    name = "freeswitch-csv"
    suffixes = (".csv",)
    bytes_per_row = 250

    def sniff(self, path: Path, head: bytes) -> float:
        lines = c.first_lines(head, 3)
        if not lines:
            return 0.0
        if "hangup_cause" in lines[0].lower():
            return 0.95
        return 0.85 if all(any(f",{cause}," in line or f'"{cause}"' in line for cause in _CAUSES) for line in lines) else 0.0

    def tables(self) -> tuple[dict[str, object], dict[str, object]]:
        return dispositions(), {}

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        raw = c.read_named(path, _has_header(path), _names)
        records = self.convert(raw, date_context(raw.head(_stream.HEAD_ROWS), options.date_order))
        records.dispositions = dispositions()
        return records

    def iter_batches(self, path: Path) -> Iterator[RawBatch]:
        """The file in blocks of named text columns."""
        head, batches = _stream.head_frame(_stream.named_batches(path, _has_header(path), _names))
        return _stream.tagged(batches, self.name, date_context(head))

    def convert(self, raw: pd.DataFrame, context: dict[str, Any]) -> RawRecords:
        """One block (or the whole file) of named columns -> canonical columns, with issues."""
        frame, issues = to_canonical(raw, context)
        return RawRecords(frame=frame, format=self.name, issues=issues)


def _has_header(path: Path) -> bool:
    return "hangup_cause" in (c.first_lines(c.head_bytes(path), 1) or [""])[0].lower()


def _names(path: Path, fields: list[str], has_header: bool) -> list[str]:
    """The columns' names: the header's, lower-cased, or the default template's."""
    if has_header:
        names = [field.strip().lower() for field in fields]
    elif len(fields) == len(DEFAULT_TEMPLATE):
        names = list(DEFAULT_TEMPLATE)
    else:
        raise RecordFormatError(
            f"FreeSWITCH CSV without a header has {len(fields)} columns; "
            f"only the default {len(DEFAULT_TEMPLATE)}-column template is known",
            location=SourceRef(file=str(path)),
            hint="add a header row with the variable names, or use --mapping",
        )
    missing = [n for n in ("uuid", "start_stamp", "end_stamp", "destination_number", "billsec") if n not in names]
    if missing:
        raise RecordFormatError(
            f"FreeSWITCH CSV lacks {', '.join(missing)}",
            location=SourceRef(file=str(path)),
            hint="export these variables in cdr_csv.conf, or use --mapping",
        )
    return names


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON object hook that keeps repeated keys (FreeSWITCH writes ``callflow`` once per caller profile)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            out[key] = [*(out[key] if isinstance(out[key], list) and key == "callflow" else [out[key]]), value]
        else:
            out[key] = value
    return out


def _records(text: str) -> list[dict[str, Any]]:
    """One CDR object, an array of them, or one object per line."""
    stripped = text.strip()
    if stripped.startswith("["):
        data = json.loads(stripped, object_pairs_hook=_pairs)
        return [d for d in data if isinstance(d, dict)]
    try:
        return [json.loads(stripped, object_pairs_hook=_pairs)]
    except json.JSONDecodeError:
        return [json.loads(line, object_pairs_hook=_pairs) for line in stripped.splitlines() if line.strip()]


def _flatten(cdr: dict[str, Any]) -> dict[str, Any]:
    """The variables of one JSON CDR, plus the destination/caller of its original caller profile.

    FreeSWITCH lists callflows newest first, so the last one holds the number originally dialled
    (a redirect adds a newer profile whose destination is the redirect target).
    """
    row = dict(cdr.get("variables") or {})
    flows = cdr.get("callflow") or []
    for flow in reversed(flows if isinstance(flows, list) else [flows]):
        profile = (flow or {}).get("caller_profile") or {}
        row.setdefault("destination_number", profile.get("destination_number"))
        row.setdefault("caller_id_number", profile.get("caller_id_number"))
    row.setdefault("uuid", (cdr.get("channel_data") or {}).get("uuid") or row.get("call_uuid"))
    return {k: (v if isinstance(v, str) or v is None else json.dumps(v)) for k, v in row.items()}


class FreeswitchJsonReader:
    """``freeswitch-json``: mod_json_cdr files (one CDR, an array, or JSON lines)."""

    name = "freeswitch-json"
    suffixes = (".json", ".jsonl", ".cdr")

    def sniff(self, path: Path, head: bytes) -> float:
        text = head[:4096].decode("utf-8", errors="replace")
        return 0.95 if '"variables"' in text and ('"channel_data"' in text or '"callflow"' in text) else 0.0

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        try:
            cdrs = _records(path.read_text(encoding="utf-8", errors="replace"))
        except json.JSONDecodeError as exc:
            raise RecordFormatError(
                f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
                location=SourceRef(file=str(path), row=exc.lineno),
                hint="check the file is a complete mod_json_cdr record",
            ) from None
        raw = pd.DataFrame([_flatten(cdr) for cdr in cdrs], dtype="string")  # JSON parsing is per record by nature
        if raw.empty or "start_stamp" not in raw.columns:
            raise RecordFormatError(
                "no FreeSWITCH CDR with start_stamp found",
                location=SourceRef(file=str(path)),
                hint="mod_json_cdr must log the variables section",
            )
        raw = c.with_provenance(raw, path, first_row=1)
        frame, issues = to_canonical(raw, date_context(raw.head(_stream.HEAD_ROWS), options.date_order))
        return RawRecords(frame=frame, format=self.name, dispositions=dispositions(), issues=issues)


register_reader(FreeswitchCsvReader())
register_reader(FreeswitchJsonReader())
