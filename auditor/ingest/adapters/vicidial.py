"""VICIdial exports: call logs (``vicidial_log``) and lead lists (``vicidial_list``), English or Chinese headers.

Block step (:func:`to_canonical`, vectorised): the status code goes through
``tables/vicidial.yaml`` (its flags set ``outcome``, ``opt_out`` and ``follow_up``); a
blank status falls back to the exported label (呼叫结果) through
``tables/chinese_labels.yaml``. Leads never dialled (``NEW``, ``QUEUE``) are not
dial attempts: they are left out and counted in a ``not_dialled`` issue. When the
status and the vendor's label disagree (VICIdial ``B`` = busy exported as 关机 =
handset off), the status wins and the disagreement is counted (``status_label_conflict``).
A lead list holds one row per lead (its last call), which the ``lead_list_rows`` issue says.
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
from auditor.ingest.tables import load_table
from auditor.ingest.vocabulary import normalise_key
from auditor.location import SourceRef

#: Source header (normalised) -> role. English names are VICIdial's column names.
HEADERS: dict[str, str] = {
    "uniqueid": "call_id",
    "lead id": "lead_id",
    "号码id": "lead_id",
    "phone number": "phone",
    "号码": "phone",
    "status": "status",
    "状态码": "status",
    "呼叫结果": "label",
    "status name": "label",
    "call date": "start_time",
    "last local call time": "start_time",
    "呼叫时间": "start_time",
    "user": "agent_id",
    "呼叫人": "agent_id",
    "campaign id": "campaign",
    "list id": "campaign",  # a lead list's id, when the export has no campaign
    "length in sec": "talk_s",
    "called count": "called_count",
    "呼叫次数": "called_count",
}
NOT_DIALLED = ("NEW", "QUEUE")


def roles(columns: list[object]) -> dict[object, str]:
    """Source column -> role for this export's headers."""
    return c.header_roles(columns, HEADERS)


def is_vicidial(columns: list[object]) -> bool:
    found = set(roles(columns).values())
    return {"status", "phone"} <= found and bool({"lead_id", "call_id"} & found)


def tables() -> tuple[dict[str, object], dict[str, object]]:
    vici, labels = load_table("vicidial"), load_table("chinese_labels")
    return {**labels.dispositions(), **vici.dispositions()}, {**vici.outcomes()}


def to_canonical(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[DataQualityIssue]]:
    """One block of a VICIdial export (provenance columns included) -> canonical columns, with issues."""
    named = raw.rename(columns=roles(list(raw.columns)))
    status = named["status"].astype("string").str.strip()
    label = (
        named["label"].astype("string").str.strip()
        if "label" in named.columns
        else pd.Series(pd.NA, index=raw.index, dtype="string")
    )
    not_dialled = status.str.upper().isin(NOT_DIALLED)
    issues: list[DataQualityIssue | None] = [
        c.issue(
            raw,
            not_dialled,
            "not_dialled",
            "{n} lead(s) were never dialled (status NEW or QUEUE); left out of the call table",
            column="disposition",
            values=status,
            effect="left out (not dial attempts)",
        ),
    ]
    keep = ~not_dialled
    named, status, label = named[keep], status[keep], label[keep]
    vici = load_table("vicidial")
    labels = load_table("chinese_labels").dispositions()
    known = vici.dispositions()
    by_status = c.map_unique(status, lambda v: getattr(known.get(normalise_key(v)), "value", None))
    by_label = c.map_unique(label, lambda v: getattr(labels.get(normalise_key(v)), "value", None))
    conflict = by_status.notna() & by_label.notna() & (by_status != by_label)
    pairs = (status + " → " + label)[conflict].value_counts()
    out = pd.DataFrame(index=named.index)
    is_call_log = "call_id" in named.columns
    out["call_id"] = named["call_id"] if is_call_log else named["lead_id"]
    out["phone"] = named["phone"]
    out["start_time"] = named["start_time"] if "start_time" in named.columns else pd.NA
    out["disposition"] = status.where(status.notna() & (status != ""), label)
    for role in ("agent_id", "campaign", "talk_s"):
        if role in named.columns:
            out[role] = named[role]
    keys = c.map_unique(status, normalise_key)
    if vici.outcomes():
        out["outcome"] = status.where(keys.isin(list(vici.outcomes())))
    out["opt_out"] = keys.isin(list(vici.flagged("opt_out")))
    out["follow_up"] = keys.isin(list(vici.flagged("follow_up")))
    out[SOURCE_FILE] = named[SOURCE_FILE]
    out[SOURCE_ROW] = named[SOURCE_ROW]
    issues.append(
        c.issue(
            out,
            conflict,
            "status_label_conflict",
            "{n} row(s) have a VICIdial status whose exported label means something else (status used)",
            column="disposition",
            values=status + " → " + label,
            effect="status used",
            details={"by_value": {str(k): int(v) for k, v in pairs.items()}},
        )
    )
    if not is_call_log:
        issues.append(
            c.issue(
                out,
                pd.Series(True, index=out.index),
                "lead_list_rows",
                "{n} row(s) come from a lead list: one row per lead with its last call, not one per dial attempt",
                column="call_id",
                effect="each lead counted as one dial",
            )
        )
    return out.reset_index(drop=True), [i for i in issues if i]


class VicidialCsvReader:
    """``vicidial``: VICIdial call-log or lead-list CSV (any encoding the canonical reader detects).

    Read whole (:meth:`read`) or block by block (:meth:`iter_batches`).
    """

    name = "vicidial"
    suffixes = (".csv", ".txt", ".tsv")
    bytes_per_row = 100

    def sniff(self, path: Path, head: bytes) -> float:
        lines = c.first_lines(head, 1)
        if not lines:
            return 0.0
        from auditor.ingest.canonical import detect_delimiter

        headers = lines[0].split(detect_delimiter(lines[0]))
        return 0.95 if is_vicidial([h.strip().strip('"') for h in headers]) else 0.0

    def tables(self) -> tuple[dict[str, object], dict[str, object]]:
        return tables()

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        raw = c.read_csv(path, header=True)
        raw = raw.loc[:, [col for col in raw.columns if not str(col).startswith("Unnamed:")]]  # trailing commas
        return records(raw, path, first_row=2, format_name=self.name)

    def iter_batches(self, path: Path) -> Iterator[RawBatch]:
        """The file in blocks of text columns (unnamed ones, from trailing delimiters, left out)."""
        text = CsvText.open(path)
        fields = text.header()
        named = [f for f in fields if f.strip()]
        _check_columns(path, named)
        return _stream.tagged(text.batches(fields, include=named, rename={f: f.lstrip() for f in named}), self.name, {})

    def convert(self, raw: pd.DataFrame, context: dict[str, object]) -> RawRecords:
        """One block of a VICIdial export -> canonical columns, with issues."""
        frame, issues = to_canonical(raw)
        return RawRecords(frame=frame, format=self.name, issues=issues)


def _check_columns(path: Path, columns: Sequence[object]) -> None:
    if not is_vicidial(list(columns)):
        raise RecordFormatError(
            "not a VICIdial export: no status and phone columns",
            location=SourceRef(file=str(path)),
            hint="choose another --calls-format, or use --mapping",
        )


def records(raw: pd.DataFrame, path: Path, *, first_row: int, format_name: str) -> RawRecords:
    """A whole VICIdial export read into a frame (CSV, or a legacy workbook's sheet) -> canonical records."""
    _check_columns(path, list(raw.columns))
    raw = c.with_provenance(raw, path, first_row=first_row)
    frame, issues = to_canonical(raw)
    dispositions, outcomes = tables()
    return RawRecords(frame=frame, format=format_name, dispositions=dispositions, outcomes=outcomes, issues=issues)


register_reader(VicidialCsvReader())
