"""bench/scale_data.py: each vendor export of the seeded calls is sniffed and reads back to the canonical calls.

The exports are lossy where a vendor cannot say what the canonical records say (see the
module docstring of scale_data.py), so each format lists the overall building blocks it
keeps; those must equal the canonical file's. Legs and child rows are extra lines that
the adapters fold away (``multi_leg_calls``, ``child_legs``), so the calls read back are
always the rows asked for.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from auditor import api
from auditor.ingest import read_calls
from auditor.ingest.readers import detect_reader
from auditor.ingest.table import CallTable
from tests.conftest import ROOT

ROWS = 3_000
SEED = 7

#: Blocks every export keeps: the calls, which connected and their talk, valid (not invalid or failed) dials.
KEPT = ("total_dials", "unique_numbers", "connected", "talk_s", "completed_calls", "effective_contacts", "valid_dials")
#: (format, reader the file is sniffed as, data-quality issue counting the extra lines, blocks kept besides KEPT)
CASES: list[tuple[str, str, str | None, tuple[str, ...]]] = [
    ("asterisk", "asterisk", "multi_leg_calls", ()),
    ("freeswitch", "freeswitch-csv", None, ("invalid_dials", "failed_dials", "agents", "agent_days")),
    ("twilio", "twilio", "child_legs", ()),
    (
        "five9",
        "five9",
        None,
        ("invalid_dials", "failed_dials", "abandoned", "agents", "agent_days", "intents", "conversions"),
    ),
    (
        "vicidial",
        "vicidial",
        None,
        ("invalid_dials", "failed_dials", "abandoned", "agents", "agent_days", "intents", "conversions"),
    ),
]


def _scale_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scale_data", ROOT / "bench" / "scale_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["scale_data"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


scale_data = _scale_data()


def _overall(table: CallTable) -> dict[str, Any]:
    def overall(v: Any) -> bool:
        s = v.scope
        return bool(s.campaign is None and s.agent_id is None and s.period is None and v.definition == v.metric)

    return {v.metric: v.value for v in api.recompute(table) if overall(v)}


@pytest.fixture(scope="module")
def canonical(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = scale_data.write_calls(ROWS, tmp_path_factory.mktemp("canonical") / "calls.csv", SEED)  # the old signature
    table = read_calls(path)
    assert len(table) == ROWS and not table.issues
    return _overall(table)


def test_the_formats_are_the_bench_choices() -> None:
    assert set(scale_data.FORMATS) == {"canonical", *(case[0] for case in CASES)}


@pytest.mark.parametrize(("fmt", "reader", "legs_issue", "kept"), CASES, ids=[case[0] for case in CASES])
def test_export_reads_back_to_the_canonical_calls(
    fmt: str, reader: str, legs_issue: str | None, kept: tuple[str, ...], canonical: dict[str, Any], tmp_path: Path
) -> None:
    written = scale_data.generate(ROWS, tmp_path / f"{fmt}.csv", SEED, fmt)
    assert detect_reader(written.path).name == reader  # sniffed: no format option needed

    table = read_calls(written.path)
    assert len(table) == ROWS
    assert table.frame["call_id"].is_unique
    ours = _overall(table)
    assert {k: ours[k] for k in (*KEPT, *kept)} == {k: canonical[k] for k in (*KEPT, *kept)}
    assert ours["connected"] > 0.3 * ROWS and ours["talk_s"] > 0  # the comparison is not vacuous

    issues = {issue.code: issue for issue in table.issues}
    assert set(issues) == ({legs_issue} if legs_issue else set())  # nothing else looks wrong to the adapter
    if legs_issue is None:
        assert written.lines == ROWS
    else:
        extra = written.lines - ROWS
        assert 0.01 * ROWS < extra < 0.05 * ROWS  # about 3 % ring-group legs (asterisk), 2 % child legs (twilio)
        assert issues[legs_issue].count == extra
    if legs_issue == "multi_leg_calls":
        several = {"calls_with_several_legs": written.lines - ROWS}  # each ring group adds one leg to one call
        assert issues[legs_issue].details == {"legs": written.lines, "calls": ROWS, **several, "max_legs_per_call": 2}


@pytest.mark.parametrize("fmt", scale_data.FORMATS)
def test_the_same_seed_writes_the_same_file(fmt: str, tmp_path: Path) -> None:
    first = scale_data.write_calls(1_000, tmp_path / "a.csv", SEED, format=fmt).read_bytes()
    assert first == scale_data.write_calls(1_000, tmp_path / "b.csv", SEED, format=fmt).read_bytes()
    assert first != scale_data.write_calls(1_000, tmp_path / "c.csv", SEED + 1, format=fmt).read_bytes()
