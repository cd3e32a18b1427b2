"""A full disk under the splits is a clear error naming the folder and what to do, with nothing left behind."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor.cli import EXIT_ERROR, cli
from auditor.errors import ResourceError
from auditor.streaming import spill
from tests.conftest import FIXTURES
from tests.streaming.test_streamed_recompute import streamed

CALLS = FIXTURES / "records" / "canonical" / "hand_utf8_comma.csv"


@pytest.mark.parametrize(
    ("error", "full"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), True),
        (OSError("IOError: [Errno 28] No space left on device. Detail: [errno 28]"), True),  # pyarrow: no errno
        (OSError(errno.EACCES, "Permission denied"), False),
        (OSError(errno.ENOENT, "No such file or directory"), False),
    ],
    ids=["ENOSPC", "EDQUOT", "pyarrow-text", "EACCES", "ENOENT"],
)
def test_disk_full_tells_a_full_disk_from_other_errors(error: OSError, full: bool) -> None:
    assert spill.disk_full(error) is full


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    return tmp_path


def _fail_after(monkeypatch: pytest.MonkeyPatch, error: OSError, writes: int = 1) -> None:
    """The ``writes``-th split write raises ``error`` (the earlier ones land on disk)."""
    real = spill.write_splits
    done = [0]

    def write(*args: Any, **kwargs: Any) -> None:
        done[0] += 1
        if done[0] >= writes:
            raise error
        real(*args, **kwargs)

    monkeypatch.setattr(spill, "write_splits", write)  # the block and split code call spill.write_splits


def test_a_full_disk_is_a_resource_error_and_the_splits_are_removed(private_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_after(monkeypatch, OSError(errno.ENOSPC, "No space left on device"), writes=2)
    with pytest.raises(ResourceError) as caught:
        streamed(CALLS, workers=1)
    assert str(private_tmp) in caught.value.message
    assert caught.value.hint is not None and "TMPDIR" in caught.value.hint
    assert list(private_tmp.iterdir()) == []


def test_other_os_errors_are_not_taken_for_a_full_disk(private_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_after(monkeypatch, OSError(errno.EACCES, "Permission denied"))
    with pytest.raises(PermissionError):
        streamed(CALLS, workers=1)
    assert list(private_tmp.iterdir()) == []


def test_the_cli_reports_a_full_disk_without_a_traceback(private_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_after(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    result = CliRunner().invoke(cli, ["recompute", "--calls", str(CALLS)], catch_exceptions=False)
    assert result.exit_code == EXIT_ERROR, result.output
    assert "Error: the disk of the temporary folder" in result.output
    assert "Hint: set TMPDIR" in result.output
    assert "Traceback" not in result.output
