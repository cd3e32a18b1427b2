"""Regenerate the generated docs: docs/metrics.md (from the catalogue), docs/dispositions.md (from the value tables)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.ingest.dispositions_doc import dispositions_markdown  # noqa: E402
from auditor.metrics.docs import catalogue_markdown  # noqa: E402

if __name__ == "__main__":
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "metrics.md").write_text(catalogue_markdown(), encoding="utf-8")
    print("docs/metrics.md")
    (ROOT / "docs" / "dispositions.md").write_text(dispositions_markdown(), encoding="utf-8")
    print("docs/dispositions.md")
