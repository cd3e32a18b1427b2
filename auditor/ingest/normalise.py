"""Vectorised coercion of raw columns to canonical types; each returns values and a bad-row mask."""

from __future__ import annotations

import re
import warnings
from typing import Callable, Mapping

import numpy as np
import pandas as pd

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
_ZH_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*(?:小时|时|h))?\s*(?:(\d+(?:\.\d+)?)\s*(?:分钟|分|m|min))?\s*(?:(\d+(?:\.\d+)?)\s*(?:秒|s|sec))?\s*$", re.I)


def blank_mask(values: pd.Series) -> pd.Series:
    """True where a raw value is missing or only whitespace."""
    as_text = values.astype("string")
    return as_text.isna() | (as_text.str.strip() == "")


def to_text(values: pd.Series) -> pd.Series:
    """Strip text; blank becomes NA; Excel float artefacts ``123.0`` become ``123``."""
    text = values.astype("string").str.strip()
    text = text.str.replace(_EXCEL_FLOAT, r"\1", regex=True)
    return text.mask(text == "")


def to_phone(values: pd.Series) -> pd.Series:
    """Digits only where the number is numeric; masked or hashed numbers are kept as text."""
    text = to_text(values)
    scientific = text.str.fullmatch(_SCIENTIFIC).fillna(False).astype(bool)
    if scientific.any():  # Excel turned the number into 1.3800138e10
        text = text.where(~scientific, text[scientific].map(lambda v: str(int(float(v)))))
    cleaned = text.str.replace(_PHONE_JUNK, "", regex=True)
    is_digits = cleaned.str.fullmatch(r"\d+").fillna(False).astype(bool)
    return cleaned.where(is_digits, text)


def to_timestamp(values: pd.Series, timezone: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse timestamps into ``timezone``.

    Returns ``(timestamps, unparseable_mask, placeholder_mask)``. Naive values are
    taken to be in ``timezone``; values with an offset are converted to it.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values
        placeholder = pd.Series(False, index=values.index)
        blank = values.isna()
    else:
        text = to_text(values)
        blank = text.isna()
        placeholder = text.str.startswith(PLACEHOLDER_DATES).fillna(False).astype(bool)
        text = text.mask(placeholder)
        parsed = _parse_datetimes(text)
    unparseable = parsed.isna() & ~blank & ~placeholder
    if getattr(parsed.dt, "tz", None) is None:
        parsed = parsed.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="shift_forward")
    else:
        parsed = parsed.dt.tz_convert(timezone)
    placeholder = placeholder | (parsed.dt.year <= 1900).fillna(False).astype(bool)
    parsed = parsed.mask(placeholder).dt.as_unit("ns")
    return parsed, unparseable, placeholder


def _parse_datetimes(text: pd.Series) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pd.to_datetime(text, errors="coerce", format="ISO8601")
        except (ValueError, TypeError):
            pass
        try:
            return pd.to_datetime(text, errors="coerce", format="mixed")
        except (ValueError, TypeError):
            # offsets that differ between rows: go through UTC
            return pd.to_datetime(text, errors="coerce", format="mixed", utc=True)


def to_seconds(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Durations in seconds from numbers, ``H:MM:SS``/``MM:SS`` or ``2分30秒``/``1h2m3s``.

    Returns ``(seconds, unparseable_mask)``.
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        seconds = values.astype("float64")
        return seconds, pd.Series(False, index=values.index)
    if pd.api.types.is_timedelta64_dtype(values):
        return values.dt.total_seconds(), pd.Series(False, index=values.index)
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
    keys = _map_unique(values.astype("string"), normalise_key).astype("string")
    keys = keys.mask(keys == "")  # blank means "not recorded"
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[keys.isin(TRUE_WORDS).fillna(False).astype(bool)] = True
    out[keys.isin(FALSE_WORDS).fillna(False).astype(bool)] = False
    unparseable = out.isna() & keys.notna() & (keys != "")
    return out, unparseable


def to_enum(values: pd.Series, table: Mapping[str, object], categories: list[str]) -> tuple[pd.Series, pd.Series]:
    """Map source labels through ``table``; returns (categorical, unmapped_mask)."""
    raw = values.astype("string")
    raw = raw.mask(raw.str.strip() == "")  # blank means "not recorded", never a value
    uniques = raw.dropna().unique()
    lookup = {}
    for value in uniques:
        hit = table.get(normalise_key(value))
        lookup[value] = getattr(hit, "value", hit)
    mapped = raw.map(lookup, na_action="ignore")
    unmapped = mapped.isna() & raw.notna() & (raw.str.strip() != "")
    return pd.Series(pd.Categorical(mapped, categories=categories), index=values.index), unmapped
