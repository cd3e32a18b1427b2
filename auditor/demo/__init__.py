"""The bundled demo engagement (calls, engagement file, vendor report) and the synthetic call centre behind it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_data() -> dict[str, Path]:
    """Paths of the demo's files shipped in ``auditor/demo/data``."""
    folder = Path(str(resources.files("auditor.demo").joinpath("data")))
    return {
        "calls": folder / "calls.csv",
        "engagement": folder / "engagement.yaml",
        "report": folder / "vendor_report.xlsx",
    }
