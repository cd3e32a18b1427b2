"""Outputs are written whole or not at all, readable like any new file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from auditor.atomic import write_all


def test_files_get_the_umask_mode_not_mkstemps_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        [path] = write_all([(tmp_path / "out" / "findings.json", b"{}")])
    finally:
        os.umask(old)
    assert path.read_bytes() == b"{}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_failure_leaves_no_file_and_no_temporary(tmp_path: Path) -> None:
    existing = tmp_path / "a.md"
    existing.write_text("old")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(OSError):
        write_all([(existing, b"new"), (blocker / "b.md", b"never")])
    assert existing.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "not-a-folder"]
