"""Any other export, described by a mapping file (YAML): columns, value tables, time zone, date order.

Example (``docs/ingest.md`` has every key)::

    columns:                 # canonical column: source header (or 1-based position when header: false)
      call_id: 流水号          # a list joins columns with a space: [date, time] or [line, id]
      start_time: 呼叫开始
      phone: 客户号码
      disposition: 结果
      talk_s: 通话秒数
    dispositions: {接通: answered, 空号: invalid_number}
    outcomes: {意向: intent}
    timezone: Asia/Shanghai  # zone of naive times in this file (else the engagement's)
    date_order: dmy          # for year-last dates such as 04/09/17
    date_format: "%y%m%d %H:%M:%S"   # strftime pattern, when the dates are in no usual form
    encoding: gb18030        # else detected
    delimiter: ";"           # else detected
    header: true
    skip_rows: 0             # lines above the header
    sheet: Calls             # for .xlsx; else the first sheet
    duration_unit: s         # s, ms or min for talk_s / ring_s

Block step (:func:`apply_mapping`, vectorised): rename, rescale durations, reorder
year-last dates, attach the time zone. No cross-row step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from auditor.errors import ConfigError, RecordFormatError
from auditor.ingest.adapters import _common as c
from auditor.ingest.canonical import detect_encoding
from auditor.ingest.readers import RawRecords, ReadOptions, register_reader
from auditor.ingest.schema import COLUMN_NAMES, REQUIRED, Disposition, Outcome
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.ingest.vocabulary import normalise_key
from auditor.location import SourceRef
from auditor.yamlfile import line_of, load_yaml

KEYS = (
    "columns",
    "dispositions",
    "outcomes",
    "timezone",
    "date_order",
    "date_format",
    "encoding",
    "delimiter",
    "header",
    "skip_rows",
    "sheet",
    "duration_unit",
    "name",
)
UNITS = {"s": 1.0, "ms": 0.001, "min": 60.0}


@dataclass(frozen=True)
class CallMapping:
    """A parsed, validated mapping file.

    Without ``columns`` it only lays its value tables (and time zone / date order) over
    whichever adapter reads the file; with ``columns`` the ``mapped`` reader is used.
    """

    columns: dict[str, str | int | tuple[str | int, ...]]
    dispositions: dict[str, str] = field(default_factory=dict)
    outcomes: dict[str, str] = field(default_factory=dict)
    timezone: str | None = None
    date_order: str | None = None
    date_format: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    header: bool = True
    skip_rows: int = 0
    sheet: str | None = None
    duration_unit: str = "s"
    path: str = "<mapping>"


def parse_mapping(data: Any, path: str = "<mapping>", lines: Mapping[tuple[Any, ...], int] | None = None) -> CallMapping:
    """Validate a mapping (already parsed YAML); errors name the file, line and key."""
    lines = dict(lines or {})

    def fail(key: tuple[Any, ...], message: str, hint: str | None = None) -> ConfigError:
        return ConfigError(
            f"{'.'.join(map(str, key)) or 'mapping'}: {message}",
            location=SourceRef(file=path, line=line_of(lines, *key)),
            hint=hint,
        )

    if not isinstance(data, dict):
        raise fail((), "a mapping file must be key: value lines", hint="see docs/ingest.md")
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise fail((unknown[0],), "unknown key", hint="known keys: " + ", ".join(KEYS))
    columns = data.get("columns") or {}
    if not isinstance(columns, dict):
        raise fail(
            ("columns",), "must map canonical columns to source headers", hint="e.g. columns: {call_id: ID, phone: Number}"
        )
    for name in columns:
        if name not in COLUMN_NAMES:
            raise fail(("columns", name), "not a canonical column", hint="choose from: " + ", ".join(COLUMN_NAMES))
    missing = [r for r in REQUIRED if r not in columns]
    if columns and missing:
        raise fail(("columns",), f"required column(s) {', '.join(missing)} not mapped")
    tables: dict[str, dict[str, str]] = {}
    for key, enum_type in (("dispositions", Disposition), ("outcomes", Outcome)):
        table = data.get(key) or {}
        if not isinstance(table, dict):
            raise fail((key,), "must map source values to canonical values")
        for source, target in table.items():
            try:
                enum_type(normalise_key(target).replace(" ", "_"))
            except ValueError:
                raise fail(
                    (key, source),
                    f"{target!r} is not a canonical value",
                    hint="choose from: " + ", ".join(e.value for e in enum_type),
                ) from None
        tables[key] = {str(k): str(v) for k, v in table.items()}
    timezone = data.get("timezone")
    if timezone is not None:
        try:
            ZoneInfo(str(timezone))
        except (ZoneInfoNotFoundError, ValueError):
            raise fail(("timezone",), f"unknown time zone {timezone!r}", hint="use an IANA name such as Asia/Shanghai") from None
    date_order = data.get("date_order")
    if date_order is not None and date_order not in ("dmy", "mdy", "ymd"):
        raise fail(("date_order",), "must be dmy, mdy or ymd")
    unit = str(data.get("duration_unit") or "s")
    if unit not in UNITS:
        raise fail(("duration_unit",), "must be s, ms or min")
    header = bool(data.get("header", True))
    sources = [s for v in columns.values() for s in (v if isinstance(v, list) else [v])]
    if not header and not all(isinstance(v, int) for v in sources):
        raise fail(("columns",), "with header: false, give 1-based column numbers")
    return CallMapping(
        columns={str(k): _source(v) for k, v in columns.items()},
        dispositions=tables["dispositions"],
        outcomes=tables["outcomes"],
        timezone=str(timezone) if timezone else None,
        date_order=date_order,
        date_format=str(data["date_format"]) if data.get("date_format") else None,
        encoding=data.get("encoding"),
        delimiter=data.get("delimiter"),
        header=header,
        skip_rows=int(data.get("skip_rows") or 0),
        sheet=data.get("sheet"),
        duration_unit=unit,
        path=path,
    )


def _source(value: Any) -> str | int | tuple[str | int, ...]:
    if isinstance(value, list):
        return tuple(v if isinstance(v, int) else str(v) for v in value)
    return value if isinstance(value, int) else str(value)


def _names(source: str | int | tuple[str | int, ...]) -> tuple[str | int, ...]:
    return source if isinstance(source, tuple) else (source,)


def load_mapping(path: str | Path) -> CallMapping:
    """Read and validate a mapping file (``--mapping FILE``)."""
    data, lines = load_yaml(path, ConfigError)
    return parse_mapping(data, str(path), lines)


def apply_mapping(raw: pd.DataFrame, mapping: CallMapping) -> pd.DataFrame:
    """One block of source rows (provenance columns included) -> canonical-named columns."""
    out = pd.DataFrame(index=raw.index)
    for canonical, source in mapping.columns.items():
        names = [raw.columns[s - 1] if isinstance(s, int) else s for s in _names(source)]
        if len(names) == 1:
            out[canonical] = raw[names[0]]
        else:  # several source columns, joined with a space (date + time, line + id)
            pieces = [raw[n].astype("string").str.strip() for n in names]
            joined = pieces[0]
            for piece in pieces[1:]:
                joined = joined + " " + piece
            out[canonical] = joined
    for name in ("talk_s", "ring_s"):
        if name in out.columns and mapping.duration_unit != "s":
            out[name] = c.seconds(out[name]) * UNITS[mapping.duration_unit]
    for name in ("start_time", "answer_time", "end_time"):
        if name in out.columns:
            text = out[name].astype("string")
            if mapping.date_format:
                parsed = pd.to_datetime(text, format=mapping.date_format, errors="coerce")
                text = parsed.dt.strftime("%Y-%m-%d %H:%M:%S").where(parsed.notna(), text)  # failures stay, to be reported
            else:
                order = mapping.date_order or c.infer_date_order(text.dropna().head(1000))[0]
                text = c.to_iso_dates(text, order)
            if mapping.timezone:
                out[name] = _with_zone(text, mapping.timezone)
            else:
                out[name] = text
    out[SOURCE_FILE] = raw[SOURCE_FILE]
    out[SOURCE_ROW] = raw[SOURCE_ROW]
    return out


def with_zone(frame: pd.DataFrame, zone: str) -> pd.DataFrame:
    """A frame whose naive timestamps are read in ``zone`` (a mapping's ``timezone:`` over an adapter's columns)."""
    out = frame.copy(deep=False)
    for name in ("start_time", "answer_time", "end_time"):
        if name in out.columns:
            values = out[name]
            if pd.api.types.is_datetime64_any_dtype(values):
                if getattr(values.dt, "tz", None) is None:
                    out[name] = values.dt.tz_localize(zone, ambiguous="NaT", nonexistent="shift_forward")
            else:
                out[name] = _with_zone(values.astype("string"), zone)
    return out


def _with_zone(text: pd.Series, zone: str) -> pd.Series:
    """Naive times read in ``zone`` (as UTC ISO text); values that do not parse stay as they were."""
    parsed = pd.to_datetime(text, errors="coerce", format="mixed")
    if getattr(parsed.dt, "tz", None) is not None:
        return text
    local = parsed.dt.tz_localize(zone, ambiguous="NaT", nonexistent="shift_forward")
    # written in UTC, so a DST change inside the file is not mistaken for mixed time zones
    return local.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S+0000").where(local.notna(), text)


class MappedReader:
    """``mapped``: any CSV/XLSX export described by ``--mapping FILE``; chosen whenever a mapping is given."""

    name = "mapped"
    suffixes = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")

    def sniff(self, path: Path, head: bytes) -> float:
        return 0.0  # chosen explicitly (a mapping file was given)

    def read(self, path: Path, options: ReadOptions) -> RawRecords:
        mapping = options.mapping
        if not isinstance(mapping, CallMapping):
            raise ConfigError("the mapped format needs a mapping file", hint="pass --mapping FILE (see docs/ingest.md)")
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            raw = pd.read_excel(
                path,
                sheet_name=mapping.sheet or 0,
                header=0 if mapping.header else None,
                skiprows=mapping.skip_rows,
                dtype=str,
                engine="openpyxl",
            )
        else:
            raw = (
                c.read_csv(path, header=mapping.header, encoding=mapping.encoding, delimiter=mapping.delimiter)
                if not mapping.skip_rows
                else pd.read_csv(
                    path,
                    header=0 if mapping.header else None,
                    skiprows=mapping.skip_rows,
                    dtype=str,
                    encoding=mapping.encoding or detect_encoding(c.head_bytes(path)),
                    sep=mapping.delimiter or ",",
                    keep_default_na=False,
                    na_values=[""],
                )
            )
        absent = [str(s) for v in mapping.columns.values() for s in _names(v) if isinstance(s, str) and s not in raw.columns]
        if absent:
            raise RecordFormatError(
                f"mapping names column(s) {', '.join(absent)} that the file does not have; "
                f"it has: {', '.join(map(str, raw.columns))}",
                location=SourceRef(file=str(path)),
                hint=f"fix 'columns:' in {mapping.path}",
            )
        raw = c.with_provenance(raw, path, first_row=1 + mapping.skip_rows + (1 if mapping.header else 0))
        frame = apply_mapping(raw, mapping)
        dispositions = {
            normalise_key(k): Disposition(normalise_key(v).replace(" ", "_")) for k, v in mapping.dispositions.items()
        }
        outcomes = {normalise_key(k): Outcome(normalise_key(v).replace(" ", "_")) for k, v in mapping.outcomes.items()}
        return RawRecords(frame=frame, format=self.name, dispositions=dispositions, outcomes=outcomes)


register_reader(MappedReader())
