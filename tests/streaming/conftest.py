"""Shared by the streamed audit and sample tests: parts small enough that the fixtures span many."""

from __future__ import annotations

import pytest

from auditor import api
from auditor.ingest import blocks
from auditor.streaming import recompute as streaming


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few rows and splits of a few rows, so that small files span many of both."""
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 700)
    monkeypatch.setattr(blocks, "READ_BYTES", 700)
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 3)
    monkeypatch.setattr(streaming, "SPLIT_ROWS", 4)


@pytest.fixture
def tiny_parts(small_parts: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every input is read as a big file (audit, sample), in small parts, every column split by 4 rows."""
    monkeypatch.setattr(api, "STREAMED_AUDIT_ROWS", 0)
    monkeypatch.setattr(streaming, "AUDIT_SPLIT_ROWS", 4)


def demo_sized_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts for the demo file (12,000 rows): blocks of some hundred rows, splits of some thousand."""
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 32_000)
    monkeypatch.setattr(blocks, "READ_BYTES", 32_000)
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 300)
    monkeypatch.setattr(streaming, "AUDIT_SPLIT_ROWS", 1_500)
