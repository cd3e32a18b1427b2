"""Masking personal data (called numbers) before anything reaches a human-facing output."""

from __future__ import annotations

import re
from typing import Any

_DIGITS = re.compile(r"\d")
_PHONE_KEYS = re.compile(r"phone|number|caller|called|callee|dst|src", re.I)
_PHONE_LIKE = re.compile(r"(?<![\w.])\+?\d[\d\s\-]{5,18}\d(?![\w.])")


def mask_phone(value: object) -> str:
    """Keep the first 3 and last 2 digits: ``13800138000`` -> ``138******00``.

    Short values (under 7 digits) keep only the last digit; non-digit characters
    (masks or hashes already applied by the vendor) are kept as they are.
    """
    text = str(value)
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not digits:
        return text
    keep_head, keep_tail = (3, 2) if len(digits) >= 7 else (0, 1)
    hidden = set(digits[keep_head : len(digits) - keep_tail])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(text))


def mask_phones_in(data: Any, *, key: str = "") -> Any:
    """Mask values under phone-like keys anywhere in a JSON-ready structure."""
    if isinstance(data, dict):
        return {k: mask_phones_in(v, key=str(k)) for k, v in data.items()}
    if isinstance(data, list):
        return [mask_phones_in(v, key=key) for v in data]
    if isinstance(data, str) and _PHONE_KEYS.search(key) and _DIGITS.search(data):
        return _PHONE_LIKE.sub(lambda m: mask_phone(m.group(0)), data) if not _PHONE_LIKE.fullmatch(data) else mask_phone(data)
    return data


_EDGE_BEFORE = r"(?<![0-9A-Za-z.,/])"
_EDGE_AFTER = r"(?![0-9A-Za-z/]|[.,:]\d)"
#: Phone-like numbers in free text: 7-15 digit runs (optionally +), ``+86 138 0013 8000``, ``010-6552-9988``, ``138-0013-8000``.
_TEXT_PHONE = re.compile(
    _EDGE_BEFORE
    + r"(?:\+?\d{7,15}|\+\d{1,4}(?:[ \-]\d{2,5}){2,4}|0\d{2,3}[ \-]\d{3,4}[ \-]?\d{4}|1\d{2}[ \-]\d{4}[ \-]\d{4})"
    + _EDGE_AFTER
)
#: Only unmistakable phones, for text copied from a report or a path (where 1234567 may well be a figure):
#: international ``+...``, Chinese mobiles ``1[3-9]xxxxxxxxx`` (plain or grouped 3-4-4), landlines written with a separator.
_STRICT_PHONE = re.compile(
    _EDGE_BEFORE
    + r"(?:\+\d[\d \-]{5,18}\d|1[3-9]\d{9}|1[3-9]\d[ \-]\d{4}[ \-]\d{4}|0\d{2,3}[ \-]\d{7,8}|0\d{2,3}[ \-]\d{3,4}[ \-]\d{4})"
    + _EDGE_AFTER
)
#: Keys whose values are identifiers made by systems (never masked).
_IDENTIFIER_KEYS = re.compile(
    r"^(call_id|call_ids|recording_id|sha256|id|rule|metric|definition|schema|unit|severity|category|status)$"
)
#: Keys whose values are text copied from a report, or paths: only unmistakable phones are masked.
_VERBATIM_KEYS = re.compile(r"^(raw_text|text|claimed_text|label|path|file|source_file)$")


def mask_phone_text(text: str, *, strict: bool = False) -> str:
    """Mask phone-like numbers inside free text (messages, notes, warnings).

    Figures the auditor prints carry thousands separators (``12,000``) and dates
    carry dashes in 4-2-2 groups, so neither looks like a phone here. ``strict``
    masks only unmistakable phones (for text copied from a report, where a plain
    ``1234567`` is more likely a figure).
    """
    pattern = _STRICT_PHONE if strict else _TEXT_PHONE
    return pattern.sub(lambda m: mask_phone(m.group(0)), text)


def mask_for_humans(data: Any, *, key: str = "") -> Any:
    """Everything :func:`mask_phones_in` masks, plus phone-like numbers in free text and phone-keyed integers.

    The masking every human-facing output (HTML, Excel, Markdown) goes through.
    Identifiers (``call_id``, ``sha256``, ...) are left as they are; text copied from
    a report and paths get the strict pattern; any other text the broad one.
    """
    if isinstance(data, dict):
        return {k: mask_for_humans(v, key=str(k)) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [mask_for_humans(v, key=key) for v in data]
    if isinstance(data, bool):
        return data
    if isinstance(data, int) and _PHONE_KEYS.search(key) and len(str(abs(data))) >= 7:
        return mask_phone(data)
    if isinstance(data, str):
        if _PHONE_KEYS.search(key) and _DIGITS.search(data):
            return mask_phones_in(data, key=key)
        if _IDENTIFIER_KEYS.match(key):
            return data
        return mask_phone_text(data, strict=bool(_VERBATIM_KEYS.match(key)))
    return data
