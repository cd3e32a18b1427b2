"""A sample drawn from a big file (split by split, no call table) is the sample the table gives: rows, order and plan."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor import api
from auditor.cli import cli
from auditor.errors import ConfigError
from auditor.sampling.draw import NA_CALL_ID, Sample, population_fingerprint
from auditor.sampling.workbook import PLAN_JSON_KEY
from auditor.streaming.workers import WORKERS_ENV
from tests.conftest import FIXTURES
from tests.ingest.test_blocks import messy_rows, write_rows
from tests.streaming.conftest import demo_sized_parts
from tests.streaming.test_streamed_recompute import INPUTS

CANONICAL = FIXTURES / "records" / "canonical"
#: Every canonical file that has a block reader, read together (the same call ids in several files).
ALL_CANONICAL = sorted(p for p in CANONICAL.iterdir() if p.suffix in (".csv", ".parquet"))
DEMO = FIXTURES / "demo" / "calls.csv"


@pytest.fixture
def streamed_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the streamed draws (so a test knows the big-file path ran)."""
    calls: list[int] = []
    real = api.sample_files

    def spy(*args: Any, **kwargs: Any) -> Sample:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(api, "sample_files", spy)
    return calls


def sample_both(calls: Any, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> tuple[Sample, Sample]:
    """The table path's sample and the streamed one, for the same records and settings."""
    with monkeypatch.context() as patched:
        patched.setattr(api, "STREAMED_AUDIT_ROWS", 10**12)
        table = api.sample(calls, **kwargs)
    monkeypatch.setattr(api, "STREAMED_AUDIT_ROWS", 0)
    return table, api.sample(calls, **kwargs)


def plan_dict(drawn: Sample) -> dict[str, Any]:
    data = drawn.plan.to_dict()
    data.pop("created")
    return data


def assert_same_sample(table: Sample, streamed: Sample) -> None:
    pd.testing.assert_frame_equal(streamed.frame, table.frame)
    assert plan_dict(streamed) == plan_dict(table)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_a_streamed_sample_equals_the_table_sample_on_every_input(
    path: Path, tiny_parts: None, streamed_calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    if path.stat().st_size > 50_000:  # the demo file
        demo_sized_parts(monkeypatch)
    table, big = sample_both(path, monkeypatch, population="dials", strata=["campaign"], seed=11)
    assert streamed_calls == [1]
    assert len(big.frame) > 0
    assert_same_sample(table, big)


#: (population, strata, allocation, workers): every stratum key, allocation and population at least once.
CASES = [
    ("connected", [], "proportional", 1),
    ("connected", ["campaign"], "proportional", 2),
    ("connected", ["agent"], "equal", 1),
    ("connected", ["day"], "per_stratum", 2),
    ("connected", ["campaign", "day"], "proportional", 1),
    ("converted", [], "proportional", 2),
    ("converted", ["campaign"], "equal", 1),
    ("converted", ["agent"], "per_stratum", 1),
    ("converted", ["campaign", "day"], "per_stratum", 2),
    ("dials", ["outcome"], "proportional", 1),
]


@pytest.mark.parametrize("calls", [DEMO, ALL_CANONICAL], ids=["demo", "canonical-files"])
@pytest.mark.parametrize(("population", "strata", "allocation", "workers"), CASES, ids=lambda v: str(v))
def test_a_streamed_sample_equals_the_table_sample_under_every_setting(
    calls: Path | list[Path],
    population: str,
    strata: list[str],
    allocation: str,
    workers: int,
    tiny_parts: None,
    streamed_calls: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if calls == DEMO:
        demo_sized_parts(monkeypatch)
    monkeypatch.setenv(WORKERS_ENV, str(workers))
    table, big = sample_both(calls, monkeypatch, population=population, strata=strata, allocation=allocation, seed=2026)
    assert streamed_calls == [1]
    assert_same_sample(table, big)
    assert big.plan.population_size == sum(s.population for s in big.plan.strata) > 0


@pytest.mark.parametrize("strata", [[], ["campaign"], ["agent"]])
def test_files_of_different_columns_are_sampled_as_the_table_is(
    strata: list[str], tiny_parts: None, streamed_calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One file lacks campaign and agent: their splits hold text beside the other file's categories."""
    mixed = [CANONICAL / "hand.parquet", FIXTURES / "ingest" / "quality" / "dirty_canonical.csv"]
    table, big = sample_both(mixed, monkeypatch, population="dials", strata=strata, seed=7)
    assert streamed_calls == [1]
    assert_same_sample(table, big)
    assert big.plan.population_size == sum(len(api.read_calls(p).frame) for p in mixed)


def test_the_same_call_id_in_several_files_is_ordered_by_file_then_row(tiny_parts: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixtures repeat c01..c20 in every file: the draw order breaks ties by file (reading order), then row."""
    files = list(reversed(ALL_CANONICAL))
    table, big = sample_both(files, monkeypatch, population="dials", seed=5)
    assert_same_sample(table, big)
    assert big.plan.population_size == 20 * len(files)


NA_CSV = """\
call_id,start_time,phone,campaign,agent_id,disposition,talk_s,outcome
c3,2026-10-01 10:00:00,13900000001,A,a1,answered,60,converted
,2026-10-01 10:05:00,13900000002,A,a1,answered,61,converted
c1,2026-10-01 10:10:00,13900000003,B,a2,answered,62,none
,2026-10-02 11:00:00,13900000004,B,a2,answered,63,converted
<NA>,2026-10-02 11:30:00,13900000005,B,a2,answered,64,converted
c2,2026-10-02 12:00:00,13900000001,A,a1,no_answer,0,
"""


@pytest.mark.parametrize("strata", [[], ["campaign"]])
def test_missing_call_ids_are_drawn_and_fingerprinted_as_na_text(
    strata: list[str], tmp_path: Path, tiny_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "na.csv"
    path.write_text(NA_CSV)
    table, big = sample_both(path, monkeypatch, population="connected", strata=strata, seed=3)
    assert_same_sample(table, big)
    ids = sorted(["c3", NA_CALL_ID, "c1", NA_CALL_ID, NA_CALL_ID])
    assert big.plan.fingerprint == hashlib.sha256("\n".join(ids).encode()).hexdigest()
    assert len(big.frame) == 5  # the whole population: every id, missing or not
    assert big.frame["call_id"].isna().sum() == 2


def test_the_fingerprint_of_missing_ids_does_not_raise() -> None:
    ids = pd.Series(["b", None, "a"], dtype="string[pyarrow]")
    assert population_fingerprint(ids) == hashlib.sha256(f"{NA_CALL_ID}\na\nb".encode()).hexdigest()


def test_an_empty_population_is_the_same_config_error(tmp_path: Path, tiny_parts: None, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "unanswered.csv"
    path.write_text("".join(line.replace("answered", "no_answer") for line in NA_CSV.splitlines(keepends=True)))
    messages = []
    for threshold in (10**12, 0):
        monkeypatch.setattr(api, "STREAMED_AUDIT_ROWS", threshold)
        with pytest.raises(ConfigError) as raised:
            api.sample(path, population="connected", strata=["campaign"], seed=1)
        messages.append((raised.value.message, raised.value.hint))
    assert messages[0] == messages[1]
    assert messages[0][0] == "no call of the 6 in the records is in population 'connected'"


def test_an_empty_file_falls_back_to_the_table_and_its_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("call_id,start_time,phone,disposition\n")
    monkeypatch.setattr(api, "STREAMED_AUDIT_ROWS", 0)
    with pytest.raises(ConfigError, match="no call of the 0"):
        api.sample(path, seed=1)


def test_small_inputs_and_other_formats_keep_the_table_path(streamed_calls: list[int]) -> None:
    api.sample(DEMO, seed=1)  # 12,000 rows: below the threshold
    assert streamed_calls == []
    api.sample(CANONICAL / "hand_shuffled_columns_title_rows.xlsx", seed=1, population="dials")
    assert streamed_calls == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=messy_rows(),
    suffix=st.sampled_from([".csv", ".parquet"]),
    strata=st.sampled_from([[], ["campaign"], ["agent", "day"]]),
    allocation=st.sampled_from(["proportional", "equal", "per_stratum"]),
)
def test_a_streamed_sample_equals_the_table_sample_on_generated_records(
    rows: list[dict[str, Any]],
    suffix: str,
    strata: list[str],
    allocation: str,
    tmp_path: Path,
    tiny_parts: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_rows(rows, tmp_path / f"calls{suffix}")
    outcome: list[Sample | str] = []
    for threshold in (10**12, 0):
        monkeypatch.setattr(api, "STREAMED_AUDIT_ROWS", threshold)
        try:
            outcome.append(api.sample(path, population="dials", strata=strata, allocation=allocation, seed=7))
        except ConfigError as exc:  # no dial at all (every row unreadable): both paths say so
            outcome.append(exc.message)
    table, big = outcome
    if isinstance(table, str) or isinstance(big, str):
        assert table == big
    else:
        assert_same_sample(table, big)


def run_sample(calls: list[Path], out: Path) -> dict[str, Any]:
    args = [a for p in calls for a in ("--calls", str(p))]
    result = CliRunner().invoke(
        cli, ["sample", *args, "--strata", "campaign,day", "--seed", "99", "--population", "dials", "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    plan = json.loads((out / "sample.plan.json").read_text())
    plan.pop("created")
    return {"csv": (out / "sample.csv").read_bytes(), "plan": plan, "workbook": _sheets(out / "sample.xlsx")}


def _sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows, but for the time of drawing (its row, and the plan JSON that holds it: compared apart)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    return {
        ws.title: [row for row in ws.iter_rows(values_only=True) if row[0] not in ("drawn at (UTC)", PLAN_JSON_KEY)]
        for ws in book
    }


def test_the_cli_writes_the_same_files_from_a_streamed_input(
    tmp_path: Path, tiny_parts: None, streamed_calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "STREAMED_AUDIT_ROWS", 10**12)
    table = run_sample(ALL_CANONICAL, tmp_path / "table")
    assert streamed_calls == []
    monkeypatch.setattr(api, "STREAMED_AUDIT_ROWS", 0)
    big = run_sample(ALL_CANONICAL, tmp_path / "big")
    assert streamed_calls == [1]
    assert big == table
