"""Export adapters: one module per dialler/CDR family, each registering a reader.

Every adapter splits into a *block* step (raw columns -> canonical columns, vectorised,
safe to run on any slice of rows) and, where the format needs one, an isolated
*cross-row* step (Asterisk leg collapsing). See docs/ingest.md.
"""

from __future__ import annotations

from auditor.ingest.adapters import (  # noqa: F401  (each registers its reader)
    cdr_asterisk,
    cdr_freeswitch,
    counts,
    excel_legacy,
    five9,
    mapped,
    twilio,
    vicidial,
)

__all__ = ["cdr_asterisk", "cdr_freeswitch", "counts", "excel_legacy", "five9", "mapped", "twilio", "vicidial"]
