"""Helpers shared by the export adapters: tolerant CSV reading, provenance, date order, issues.

Everything here works on whole columns (no per-row Python), so an adapter can be fed
a file block by block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auditor.errors import RecordFormatError
from auditor.ingest.canonical import detect_delimiter, detect_encoding
from auditor.ingest.columns import normalise_header
from auditor.ingest.quality import MAX_EXAMPLES, DataQualityIssue
from auditor.ingest.readers import SNIFF_BYTES
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW
from auditor.location import SourceRef
from auditor.privacy import mask_phone

#: ``24/08/17 09:32``, ``1/9/2017 16:33:01``, ``08.24.2017``: three numeric date fields, the year last.
_YEAR_LAST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\b(.*)$")


def head_bytes(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SNIFF_BYTES)


def head_text(head: bytes) -> str:
    return head.decode(detect_encoding(head), errors="replace").lstrip("\ufeff")


def first_lines(head: bytes, n: int = 5) -> list[str]:
    """The first ``n`` lines of the sniffed bytes, splitting on LF, CRLF or bare CR."""
    return [line for line in re.split(r"\r\n|\r|\n", head_text(head)) if line.strip()][:n]


def header_roles(columns: Sequence[object], headers: Mapping[str, str]) -> dict[object, str]:
    """Source column -> role by an adapter's header table (normalised names).

    When several columns name one role, the name listed first in ``headers`` wins (VICIdial's
    ``campaign_id`` over ``list_id``), then the first such column.
    """
    preference = {name: rank for rank, name in enumerate(headers)}
    named = sorted(
        (
            (preference[key], position, column)
            for position, column in enumerate(columns)
            if (key := normalise_header(column)) in headers
        ),
        key=lambda found: found[:2],
    )
    out: dict[object, str] = {}
    for _, _, column in named:
        role = headers[normalise_header(column)]
        if role not in out.values():
            out[column] = role
    return out


def first_row_roles(head: bytes, headers: Mapping[str, str]) -> set[str]:
    """The roles the header line of a CSV's first bytes names, for sniffing."""
    lines = first_lines(head, 1)
    return set(header_roles([h.strip().strip('"') for h in lines[0].split(",")], headers).values()) if lines else set()


def read_csv(path: Path, *, header: bool, encoding: str | None = None, delimiter: str | None = None) -> pd.DataFrame:
    """A CSV export as text columns, tolerant of what real diallers write.

    Stray non-UTF-8 bytes are replaced (and nothing else changes), CR-only line ends
    and spaces around quoted fields are accepted, ``NULL`` stays a value here (the
    adapters blank it). Unreadable files raise :class:`RecordFormatError`.
    """
    head = head_bytes(path)
    encoding = encoding or detect_encoding(head)
    lines = first_lines(head, 1)
    delimiter = delimiter or (detect_delimiter(lines[0]) if lines else ",")
    text_head = head.decode(encoding, errors="replace")
    cr_only = "\r" in text_head and "\n" not in text_head
    try:
        return pd.read_csv(
            path,
            header=0 if header else None,
            sep=delimiter,
            encoding=encoding,
            encoding_errors="replace",
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skipinitialspace=True,
            lineterminator="\r" if cr_only else None,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise RecordFormatError(
            f"cannot read as {encoding} CSV with delimiter {delimiter!r}: {exc}".splitlines()[0],
            location=SourceRef(file=str(path)),
            hint="check that the file is a complete export; or describe it in a mapping file (--mapping)",
        ) from None


def read_named(path: Path, has_header: bool, names_of: Callable[[Path, list[str], bool], list[str]]) -> pd.DataFrame:
    """A whole CSV whose columns an adapter names (``names_of(path, fields, has_header)``), with provenance."""
    raw = read_csv(path, header=has_header)
    raw.columns = names_of(path, [str(col) for col in raw.columns], has_header)
    return with_provenance(raw, path, first_row=2 if has_header else 1)


def with_provenance(frame: pd.DataFrame, path: Path, first_row: int) -> pd.DataFrame:
    """Add ``source_file`` and 1-based ``source_row`` (the file line of each record)."""
    out = frame.reset_index(drop=True)
    out[SOURCE_FILE] = pd.Categorical([str(path)] * len(out))
    out[SOURCE_ROW] = pd.RangeIndex(first_row, first_row + len(out)).to_numpy()
    return out


def map_unique(values: pd.Series, fn: Callable[[Any], Hashable | None]) -> pd.Series:
    """``values.map(fn)`` calling ``fn`` once per distinct value (value tables, key folding), not once per row."""
    lookup = {v: fn(v) for v in pd.unique(values.dropna())}
    if not lookup:  # no value (a block of blanks): pandas would guess a numeric type for the result
        return pd.Series(None, index=values.index, dtype=object)
    return values.map(lookup)


def row_ids(frame: pd.DataFrame) -> pd.Series:
    """Stand-in call ids ``<file name>:<row>`` for exports that have none."""
    names = map_unique(frame[SOURCE_FILE].astype("string"), lambda f: Path(f).name)
    return (names + ":" + frame[SOURCE_ROW].astype("string")).astype("string")


def blank_nulls(frame: pd.DataFrame, words: Sequence[str] = ("NULL", "null", "\\N")) -> pd.DataFrame:
    """SQL dumps write missing values as ``NULL``; make them blank."""
    return frame.mask(frame.isin(list(words)))


def infer_date_order(text: pd.Series) -> tuple[str, bool]:
    """``(order, ambiguous)``: ``dmy``, ``mdy`` or ``ymd`` for the dates in ``text``.

    Year-last dates whose first field exceeds 12 anywhere are day-first; whose second
    field exceeds 12 are month-first. Otherwise the column is ambiguous and taken as
    day-first when the separator is ``.``, month-first otherwise; callers should then
    use a tie-breaker (an epoch in the same row) or the ``date_order`` option.
    """
    parts = text.astype("string").str.extract(_YEAR_LAST)
    if parts[0].isna().all():
        return "ymd", False
    first = pd.to_numeric(parts[0], errors="coerce")
    second = pd.to_numeric(parts[1], errors="coerce")
    if (first > 12).any():
        return "dmy", False
    if (second > 12).any():
        return "mdy", False
    dotted = text.astype("string").str.contains(r"^\s*\d{1,2}\.\d{1,2}\.", regex=True).any()
    return ("dmy" if dotted else "mdy"), True


def order_by_epoch(text: pd.Series, epoch: pd.Series) -> str | None:
    """The date order (``dmy``/``mdy``) under which ``text`` agrees with Unix ``epoch`` seconds, if either does."""
    best: tuple[float, str] | None = None
    for order in ("dmy", "mdy"):
        parsed = pd.to_datetime(to_iso_dates(text, order), errors="coerce", format="mixed")
        gap = (parsed - pd.to_datetime(epoch, unit="s", errors="coerce")).abs().dt.total_seconds().median()
        if pd.notna(gap) and gap < 2 * 86400 and (best is None or gap < best[0]):
            best = (float(gap), order)
    return best[1] if best else None


def to_iso_dates(text: pd.Series, order: str) -> pd.Series:
    """Rewrite year-last dates (``24/08/17 09:32``) as ISO text in the given order; other values unchanged."""
    if order not in ("dmy", "mdy"):
        return text
    parts = text.astype("string").str.extract(_YEAR_LAST)
    hit = parts[0].notna()
    if not hit.any():
        return text
    day, month = (parts[0], parts[1]) if order == "dmy" else (parts[1], parts[0])
    year = parts[2].where(parts[2].str.len() == 4, "20" + parts[2])
    iso = year + "-" + month.str.zfill(2) + "-" + day.str.zfill(2) + parts[3].fillna("")
    return text.astype("string").where(~hit, iso)


def iso_timestamps(text: pd.Series, pattern: str) -> pd.Series:
    """Timestamps written as ``pattern`` (strptime) rewritten as ``YYYY-MM-DD HH:MM:SS``; other values unchanged.

    The table builder parses that form with pyarrow; other forms go through pandas one value at a time.
    """
    values = pa.array(text.astype("string[pyarrow]").array)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    parsed = pc.strptime(values, format=pattern, unit="s", error_is_null=True)
    if not pc.any(pc.is_valid(parsed)).as_py():
        return text
    rewritten = pc.if_else(pc.is_valid(parsed), pc.strftime(parsed, format="%Y-%m-%d %H:%M:%S"), values)
    return pd.Series(rewritten.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get), index=text.index)


def seconds(values: pd.Series) -> pd.Series:
    """Numeric seconds from text (blank or non-numeric -> NaN; the table reports them)."""
    return pd.to_numeric(values.astype("string").str.strip(), errors="coerce").astype("float64")


def issue(
    frame: pd.DataFrame,
    mask: pd.Series,
    code: str,
    message: str,
    *,
    column: str | None = None,
    values: pd.Series | None = None,
    effect: str = "kept",
    details: dict[str, object] | None = None,
) -> DataQualityIssue | None:
    """A :class:`DataQualityIssue` for the rows under ``mask`` (None when there are none); phones masked."""
    mask = mask.fillna(False).astype(bool)
    count = int(mask.sum())
    if count == 0:
        return None
    rows = frame.loc[mask, [SOURCE_FILE, SOURCE_ROW]].head(MAX_EXAMPLES)
    examples = []
    for idx, (file, row) in rows.iterrows():  # at most MAX_EXAMPLES rows
        shown = ""
        if values is not None:
            value = values.loc[idx]  # type: ignore[call-overload]
            if column in ("phone", "caller") and not pd.isna(value):
                value = mask_phone(value)
            shown = f": {value!r}"
        examples.append(f"{file} row {row:,}{shown}")
    return DataQualityIssue(
        code=code,
        message=message.format(n=f"{count:,}"),
        count=count,
        column=column,
        examples=tuple(examples),
        effect=effect,
        details=details or {},
        template=message,
    )
