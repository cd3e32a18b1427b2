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
