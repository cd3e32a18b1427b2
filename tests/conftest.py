"""Shared paths and builders for the tests."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from auditor.engine.cases import calls_from_rows
from auditor.ingest.table import CallTable

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
# ../shared sits next to the repository; AUDITOR_SHARED points elsewhere (e.g. from a git worktree).
SHARED = Path(os.environ.get("AUDITOR_SHARED") or ROOT.parent / "shared")
REAL = SHARED / "real"


def real_path(*parts: str) -> Path:
    """A file of ../shared/real, or skip the test with the reason."""
    path = REAL.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"real data not available: {path} "
            "(../shared/real is not checked out next to the repo; set AUDITOR_SHARED to its folder)"
        )
    return path


def make_calls(rows: list[dict[str, Any]] | pd.DataFrame, timezone: str = "UTC") -> CallTable:
    """A CallTable from canonical-named rows; missing required columns get harmless defaults (as in rule cases)."""
    return calls_from_rows(rows, timezone=timezone, source="<frame>")


@pytest.fixture
def demo_files() -> dict[str, Path]:
    from auditor.demo import bundled_data

    return bundled_data()
