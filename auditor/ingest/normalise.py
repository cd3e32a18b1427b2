"""Vectorised coercion of raw columns to canonical types; each returns values and a bad-row mask."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auditor.ingest.vocabulary import FALSE_WORDS, TRUE_WORDS, normalise_key

#: Timestamps that mean "no value" in real exports.
PLACEHOLDER_DATES = ("0000-00-00", "1900-01-01", "1899-12-30", "1970-01-01")

# Patterns applied to whole columns are plain strings, not compiled: pandas hands a string
# pattern to pyarrow's vectorised regex engine (RE2) and a compiled one to Python row by row
# (25x slower). They use only syntax RE2 and ``re`` read alike (ASCII classes).
_PHONE_JUNK = "[ \t\r\n\f\v\u00a0\u3000().+/-]"
_SCIENTIFIC = r"[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+"
_EXCEL_FLOAT = r"^([0-9]+)\.0+$"
_HMS = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$")
_ZH_DURATION = re.compile(
    r"^\s*(?:(\d+(?:\.\d+)?)\s*(?:小时|时|h))?\s*(?:(\d+(?:\.\d+)?)\s*(?:分钟|分|m|min))?\s*(?:(\d+(?:\.\d+)?)\s*(?:秒|s|sec))?\s*$",
    re.I,
)


def blank_mask(values: pd.Series) -> pd.Series:
    """True where a raw value is missing or only whitespace."""
    as_text = values.astype("string")
    return as_text.isna() | (as_text.str.strip() == "")


def to_text(values: pd.Series) -> pd.Series:
    """Strip text; blank becomes NA; Excel float artefacts ``123.0`` become ``123``."""
    if (arrow := _arrow_text(values)) is not None:  # the same steps in pyarrow, without pandas' copies
        if pc.any(pc.match_substring_regex(arrow, _EXCEL_FLOAT)).as_py():
            arrow = pc.replace_substring_regex(arrow, _EXCEL_FLOAT, r"\1")
        return pd.Series(pd.array(arrow, dtype="string"), index=values.index)
    text = values.astype("string").str.strip()
    text = text.str.replace(_EXCEL_FLOAT, r"\1", regex=True)
    return text.mask(text == "")


def to_phone(values: pd.Series) -> pd.Series:
    """Digits only where the number is numeric; masked or hashed numbers are kept as text."""
    text = to_text(values)
    scientific = matches(text, f"^(?:{_SCIENTIFIC})$")
    if scientific.any():  # Excel turned the number into 1.3800138e10
        text = text.where(~scientific, text[scientific].map(lambda v: str(int(float(v)))))
    cleaned = replaced(text, _PHONE_JUNK, "")
    return cleaned.where(matches(cleaned, r"^\d+$"), text)


def matches(text: pd.Series, pattern: str) -> pd.Series:
    """Where ``text`` has a match of ``pattern`` (False for missing values); pyarrow's RE2 on Arrow text.

    pandas runs Python's ``re`` value by value on some patterns, even on Arrow-backed text (18x slower).
    """
    if (arrow := _arrow_array(text)) is not None:
        found = pc.fill_null(pc.match_substring_regex(arrow, _re2(pattern)), False)
        return pd.Series(found.to_numpy(zero_copy_only=False), index=text.index)
    return text.astype("string").str.contains(pattern, regex=True).fillna(False).astype(bool)


def replaced(text: pd.Series, pattern: str, replacement: str) -> pd.Series:
    """``text`` with every match of ``pattern`` replaced (``\\1`` refers to a group); pyarrow's RE2 on Arrow text."""
    if (arrow := _arrow_array(text)) is not None:
        return pd.Series(
            pd.array(pc.replace_substring_regex(arrow, _re2(pattern), replacement), dtype="string"), index=text.index
        )
    return text.astype("string").str.replace(pattern, replacement, regex=True)


def _re2(pattern: str) -> str:
    """A Python pattern for RE2, whose ``\\s`` is ASCII only: no-break and ideographic spaces match too, as in ``re``.

    Only ``\\s`` outside character classes is rewritten (the patterns here have none inside one).
    """
    return pattern.replace(r"\s", r"(?:\s|\p{Z})")


def _arrow_array(text: pd.Series) -> pa.Array | None:
    if not (isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow"):
        return None
    array = pa.array(text.array)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def to_timestamp(values: pd.Series, timezone: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse timestamps into ``timezone``.

    Returns ``(timestamps, unparseable_mask, placeholder_mask)``. Naive values are
    taken to be in ``timezone``; values with an offset are converted to it.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values
        placeholder = pd.Series(False, index=values.index)
        blank = values.isna()
    elif (fast := _fast_timestamps(values)) is not None:
        parsed, blank, placeholder = fast
    else:
        text = to_text(values)
        blank = text.isna()
        placeholder = text.str.startswith(PLACEHOLDER_DATES).fillna(False).astype(bool)
        text = text.mask(placeholder)
        if matches(text, _GMT_OFFSET).any():
            text = replaced(text, _GMT_OFFSET, r"\1")
        parsed = _parse_mixed_zones(text, timezone)
    unparseable = parsed.isna() & ~blank & ~placeholder
    if getattr(parsed.dt, "tz", None) is None:
        parsed = parsed.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="shift_forward")
    else:
        parsed = parsed.dt.tz_convert(timezone)
    placeholder = placeholder | (parsed.dt.year <= 1900).fillna(False).astype(bool)
    parsed = parsed.mask(placeholder).dt.as_unit("ns")
    return parsed, unparseable, placeholder


def _arrow_text(values: pd.Series) -> pa.Array | None:
    """Text values as a stripped pyarrow array with blanks null; None when not held as text."""
    if not isinstance(values.dtype, pd.StringDtype):
        return None
    array = pa.array(values.array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    text = pc.utf8_trim_whitespace(array)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)


def _fast_timestamps(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series] | None:
    """``YYYY-MM-DD HH:MM:SS`` text parsed by pyarrow (20x faster than pandas); None when any value has another form.

    Returns naive timestamps, the blank mask and the placeholder mask, as the general path does.
    """
    text = _arrow_text(values)
    if text is None:
        return None
    placeholder = pc.fill_null(pc.match_substring_regex(text, "^(" + "|".join(PLACEHOLDER_DATES) + ")"), False)
    candidate = pc.and_(pc.is_valid(text), pc.invert(placeholder))
    parsed = pc.strptime(text, format="%Y-%m-%d %H:%M:%S", unit="ns", error_is_null=True)
    well_formed = pc.and_(pc.equal(pc.utf8_length(text), 19), pc.is_valid(parsed))
    if pc.any(pc.and_(candidate, pc.invert(pc.fill_null(well_formed, False)))).as_py():
        return None
    parsed = pc.if_else(candidate, parsed, pa.scalar(None, parsed.type))
    index = values.index
    naive = pd.Series(parsed.to_numpy(zero_copy_only=False), index=index).astype("datetime64[ns]")
    return (
        naive,
        pd.Series(pc.is_null(text).to_numpy(zero_copy_only=False), index=index),
        pd.Series(placeholder.to_numpy(zero_copy_only=False), index=index),
    )


_PLAIN_NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def _fast_numbers(values: pd.Series) -> pd.Series | None:
    """Plain decimal text (``12``, ``-3.5``, ``1e3``) cast by pyarrow; None when any value needs the general parser."""
    text = _arrow_text(values)
    if text is None:
        return None
    if not pc.all(pc.fill_null(pc.match_substring_regex(text, _PLAIN_NUMBER), True)).as_py():
        return None
    numbers = pc.cast(text, pa.float64())
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=values.index, dtype="float64")


#: What comes before a timestamp's zone: the time (``09:14``, ``09:14:15.123``, ISO basic ``T091415``), a space,
#: and ``GMT``/``UTC`` before an offset (``GMT+0800``, as JavaScript writes it).
_BEFORE_ZONE = r"(?:\d:\d{2}(?::\d{2})?(?:[.,]\d+)?|T\d{4,6})\s?(?:GMT|UTC)?"
#: The zone itself: ``Z``, ``+08:00``/``+0800``/``+08`` (PostgreSQL), or an abbreviation (``UTC``, ``CST``).
_ZONE = r"(Z|[+-]\d{2}(?::?\d{2})?|[A-Z]{3,4})\s*$"
#: The zone a timestamp is written with, captured (group 1); it follows the time of day.
OFFSET = _BEFORE_ZONE + _ZONE
#: The same without a capture group, for ``str.contains``.
HAS_OFFSET = _BEFORE_ZONE + "(?:" + _ZONE[1:]
#: The same with the zone captured as ``offset`` (``pyarrow.compute.extract_regex``).
NAMED_OFFSET = _BEFORE_ZONE + "(?P<offset>" + _ZONE[1:]
#: ``GMT+0800``/``UTC+08:00``: an offset east of UTC (pandas would read the POSIX sign, west).
_GMT_OFFSET = r"(?:GMT|UTC)([+-]\d{2}(?::?\d{2})?)\s*$"


def _parse_mixed_zones(text: pd.Series, timezone: str) -> pd.Series:
    """Timestamps of a column that mixes zoned and naive values: zoned ones converted, naive ones read in ``timezone``.

    Parsed together, pandas would read the naive ones as UTC.
    """
    zoned = matches(text, HAS_OFFSET)
    present = text.notna()
    if not zoned.any() or zoned[present].all():
        return _parse_datetimes(text)
    naive = _parse_datetimes(text.where(~zoned))
    if getattr(naive.dt, "tz", None) is None:
        naive = naive.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="shift_forward")
    aware = _parse_datetimes(text.where(zoned))
    aware = aware.dt.tz_localize("UTC") if getattr(aware.dt, "tz", None) is None else aware
    local: pd.Series = naive.dt.tz_convert(timezone).dt.as_unit("ns")
    return local.where(~zoned, aware.dt.tz_convert(timezone).dt.as_unit("ns"))


def _parse_datetimes(text: pd.Series) -> pd.Series:
    """ISO 8601 first (fast); the values that fail it are parsed one format at a time ("mixed")."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
        except (ValueError, TypeError):
            parsed = None
        todo = text.notna() if parsed is None else (parsed.isna() & text.notna())
        if parsed is not None and not todo.any():
            return parsed
        rest = text[todo]
        try:
            again = pd.to_datetime(rest, errors="coerce", format="mixed")
        except (ValueError, TypeError):
            # offsets that differ between rows: go through UTC
            again = pd.to_datetime(rest, errors="coerce", format="mixed", utc=True)
        if parsed is None or not parsed.notna().any():
            return again.reindex(text.index)
        if getattr(parsed.dt, "tz", None) is not None or getattr(again.dt, "tz", None) is not None:
            parsed = parsed if getattr(parsed.dt, "tz", None) is not None else parsed.dt.tz_localize("UTC")
            again = again if getattr(again.dt, "tz", None) is not None else again.dt.tz_localize("UTC")
            parsed, again = parsed.dt.tz_convert("UTC"), again.dt.tz_convert("UTC")
        merged = parsed.copy()
        merged.loc[todo] = again.astype(parsed.dtype)
        return merged


def to_seconds(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Durations in seconds from numbers, ``H:MM:SS``/``MM:SS`` or ``2分30秒``/``1h2m3s``.

    Returns ``(seconds, unparseable_mask)``.
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        seconds = values.astype("float64")
        return seconds, pd.Series(False, index=values.index)
    if pd.api.types.is_timedelta64_dtype(values):
        return values.dt.total_seconds(), pd.Series(False, index=values.index)
    if (fast := _fast_numbers(values)) is not None:
        return fast, pd.Series(False, index=values.index)
    text = to_text(values)
    seconds = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").astype("float64")
    todo = seconds.isna() & text.notna()
    if todo.any():  # parse each distinct text once: exports repeat the same durations
        seconds.loc[todo] = _map_unique(text[todo], _parse_duration_text).astype("float64")
    unparseable = seconds.isna() & text.notna()
    return seconds, unparseable


def _parse_duration_text(text: str) -> float:
    if m := _HMS.match(text):
        hours = float(m[1]) if m[1] else 0.0
        return hours * 3600 + float(m[2]) * 60 + float(m[3])
    if (m := _ZH_DURATION.match(text)) and any(m.groups()):
        h, mnt, s = (float(g) if g else 0.0 for g in m.groups())
        return h * 3600 + mnt * 60 + s
    return np.nan


def _map_unique(values: pd.Series, fn: Callable[[str], object]) -> pd.Series:
    """``values.map(fn)`` calling ``fn`` once per distinct value (NA stays NA)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([fn(u) for u in uniques] + [None], dtype=object)  # the extra slot is NA's (code -1)
    return pd.Series(mapped[codes], index=values.index)


def to_number(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers with ``,`` thousands or decimal comma and currency signs stripped."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.astype("float64"), pd.Series(False, index=values.index)
    if (fast := _fast_numbers(values)) is not None:
        return fast, pd.Series(False, index=values.index)
    text = to_text(values)
    cleaned = text.str.replace(r"[¥￥$€₽元руб\s]", "", regex=True)
    has_dot = cleaned.str.contains(".", regex=False).fillna(False).astype(bool)
    cleaned = cleaned.where(has_dot, cleaned.str.replace(",", ".", regex=False))
    cleaned = cleaned.str.replace(",", "", regex=False)
    numbers = pd.to_numeric(cleaned, errors="coerce").astype("float64")
    return numbers, numbers.isna() & text.notna()


def to_bool(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Yes/no words in English, Chinese and Russian to nullable booleans."""
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean"), pd.Series(False, index=values.index)
    # each distinct value is looked up once: 1 yes, 0 no, -1 blank (not recorded), -2 not a yes/no word
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    keys = [normalise_key(u) for u in uniques]
    state = np.array(
        [1 if k in TRUE_WORDS else 0 if k in FALSE_WORDS else -1 if k == "" else -2 for k in keys] + [-1], dtype="int8"
    )
    per_row = state[codes]  # code -1 (NA) takes the last slot: blank
    out = pd.Series(pd.arrays.BooleanArray(per_row == 1, per_row < 0), index=values.index)
    return out, pd.Series(per_row == -2, index=values.index)


def to_enum(values: pd.Series, table: Mapping[str, object], categories: list[str]) -> tuple[pd.Series, pd.Series]:
    """Map source labels through ``table``; returns (categorical, unmapped_mask)."""
    # each distinct value is looked up once; -1 blank or not recorded, -2 maps to nothing
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    position = {c: i for i, c in enumerate(categories)}
    target = []
    for value in uniques:
        if str(value).strip() == "":
            target.append(-1)  # blank means "not recorded", never a value
            continue
        hit = table.get(normalise_key(value))
        label = getattr(hit, "value", hit)  # an enum member maps through its value
        target.append(position.get(label, -2) if isinstance(label, str) else -2)
    per_row = np.array([*target, -1], dtype="int16")[codes]
    unmapped = pd.Series(per_row == -2, index=values.index)
    mapped = pd.Categorical.from_codes(np.where(per_row < 0, -1, per_row), categories=pd.Index(categories))
    return pd.Series(mapped, index=values.index), unmapped
