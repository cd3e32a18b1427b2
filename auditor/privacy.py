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


#: Phone-like runs in free text: 7-15 digits (optionally +), or +/0-led groups like ``+86 138 0013 8000``, ``010-6552-9988``.
_TEXT_PHONE = re.compile(
    r"(?<![\w.,:/])(?:\+?\d{7,15}|\+\d{1,4}(?:[ \-]\d{2,5}){2,4}|0\d{2,3}[ \-]\d{3,4}[ \-]?\d{4}|1\d{2}[ \-]\d{4}[ \-]\d{4})(?![\w/]|[.,:]\d)"
)
#: Keys whose string values are identifiers or text read from a report, never free text to mask.
_VERBATIM_KEYS = re.compile(r"^(call_id|call_ids|recording_id|sha256|id|rule|metric|definition|path|file|raw_text|text|claimed_text|label|schema)$")


def mask_phone_text(text: str) -> str:
    """Mask phone-like numbers inside free text (messages, notes, warnings).

    Figures the auditor prints carry thousands separators (``12,000``) and dates
    carry dashes in 4-2-2 groups, so neither looks like a phone here.
    """
    return _TEXT_PHONE.sub(lambda m: mask_phone(m.group(0)), text)


def mask_for_humans(data: Any, *, key: str = "") -> Any:
    """Everything :func:`mask_phones_in` masks, plus phone-like numbers in free text and phone-keyed integers.

    The masking every human-facing output (HTML, Excel, Markdown) goes through.
    Identifiers and text copied from a report (``call_id``, ``raw_text``, ...) are left as they are.
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
        if not _VERBATIM_KEYS.match(key):
            return mask_phone_text(data)
    return data
