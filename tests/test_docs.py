"""Docs that must not drift: README commands, generated catalogue docs, the spec's metric ids."""

from __future__ import annotations

import re

import pytest

from auditor.cli import cli
from auditor.metrics.catalogue import load_catalogue
from auditor.metrics.docs import catalogue_markdown
from tests.conftest import ROOT, SHARED

SPEC = SHARED / "spec" / "METRICS.md"


def test_readme_mentions_every_command_and_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"auditor {name}" in readme, name
    assert "make demo" in readme and "make test" in readme


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_generated_metric_docs_are_current() -> None:
    assert (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8") == catalogue_markdown(), "run: python scripts/make_docs.py"


def test_catalogue_carries_every_metric_of_the_spec() -> None:
    if not SPEC.exists():
        pytest.skip(f"spec not available at {SPEC}")
    text = SPEC.read_text(encoding="utf-8")
    sections = text.split("## 3.")[0]
    ids = set(re.findall(r"^\| `([a-z_]+)`", sections, flags=re.M))
    ids |= set(re.findall(r"`(uptime|dial_latency_s|crm_sync_latency_s|data_leak_incidents)`", text))
    catalogue = load_catalogue()
    assert len(ids) >= 40
    assert sorted(i for i in ids if i not in catalogue) == []


def test_spec_definitions_are_in_the_catalogue() -> None:
    if not SPEC.exists():
        pytest.skip(f"spec not available at {SPEC}")
    catalogue = load_catalogue()
    assert catalogue["connect_rate"].default_definition == "connected/total_dials"
    assert catalogue["conversion_rate"].default_definition == "conversions/effective_contacts"
    assert [f.text for f in catalogue["conversion_rate"].definitions[1:]] == [
        "conversions/connected",
        "conversions/intents",
        "conversions/total_dials",
    ]
    assert catalogue["abandoned_rate"].default_definition == "abandoned/(abandoned+connected)"
