"""The streamed recompute gives the metric values and data-quality issues of the in-memory path, on any input."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor import api
from auditor.engagement import load_engagement
from auditor.errors import RecordFormatError
from auditor.ingest import blocks, read_calls, value_tables
from auditor.metrics.compute import recompute
from auditor.metrics.model import MetricSet
from auditor.metrics.settings import ComplianceSettings, MetricSettings
from auditor.scope import Scope
from auditor.streaming import recompute as streaming
from auditor.streaming import recompute_files
from auditor.streaming.spill import split_of
from auditor.streaming.workers import WORKERS_ENV, default_workers
from tests.conftest import FIXTURES
from tests.ingest.test_blocks import messy_rows, write_rows

CANONICAL = FIXTURES / "records" / "canonical"
INPUTS = sorted(
    p
    for p in [*CANONICAL.iterdir(), FIXTURES / "demo" / "calls.csv", FIXTURES / "ingest" / "quality" / "dirty_canonical.csv"]
    if p.suffix in (".csv", ".parquet")
)
BY = ("campaign", "agent", "day")
SCOPES = [Scope(period="2026-10"), Scope(campaign="A", period="2026-10-02"), Scope(agent_id="a2"), Scope(campaign="A")]
#: Caps low enough that the fixtures break them, a lead list, a do-not-call number: every compliance path runs.
SETTINGS = MetricSettings(
    lead_list=frozenset({"13800138000", "13900000000"}),
    compliance=ComplianceSettings(max_calls_per_day=1, max_calls_per_week=2, do_not_call=frozenset({"13900000001"})),
)


def streamed(path: Path | list[Path], workers: int = 1, **kwargs: Any) -> streaming.StreamedRecompute:
    dispositions, outcomes = value_tables(None, None, None)
    return recompute_files(
        path,
        timezone="Asia/Shanghai",
        dispositions=dispositions,
        outcomes=outcomes,
        settings=SETTINGS,
        by=BY,
        scopes=SCOPES,
        workers=workers,
        **kwargs,
    )


def assert_same_values(got: MetricSet, want: MetricSet) -> None:
    """Equal value for value, in the same order; sums of decimals may differ in the last bits (added block by block)."""
    got_rows, want_rows = [v.to_dict() for v in got], [v.to_dict() for v in want]
    assert [_key(v) for v in got_rows] == [_key(v) for v in want_rows]
    for mine, theirs in zip(got_rows, want_rows, strict=True):
        for field in ("value", "numerator", "denominator"):
            a, b = mine[field], theirs[field]
            assert (a is None) == (b is None), (_key(mine), field, a, b)
            if a is not None:
                assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (_key(mine), field, a, b)
        assert mine["note"] == theirs["note"], _key(mine)


def _key(value: dict[str, Any]) -> tuple[Any, ...]:
    return (
        value["metric"],
        value["definition"],
        value["scope"].get("campaign"),
        value["scope"].get("agent_id"),
        value["scope"].get("period"),
    )


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_streamed_recompute_equals_the_table_recompute(path: Path, small_parts: None, monkeypatch: pytest.MonkeyPatch) -> None:
    if path.stat().st_size > 100_000:  # the demo file: blocks of some hundred rows, splits of some thousand
        monkeypatch.setattr(blocks, "BLOCK_BYTES", 32_000)
        monkeypatch.setattr(blocks, "READ_BYTES", 32_000)
        monkeypatch.setattr(blocks, "BLOCK_ROWS", 300)
        monkeypatch.setattr(streaming, "SPLIT_ROWS", 3_000)
    table = read_calls(path, timezone="Asia/Shanghai")
    result = streamed(path)
    assert result.rows == len(table)
    assert result.splits > 1
    assert result.supplied == table.supplied
    assert list(result.issues) == list(table.issues)
    assert_same_values(result.metrics, recompute(table, SETTINGS, by=BY, scopes=SCOPES))


def test_the_fixtures_exercise_what_the_splits_check() -> None:
    """The equality above means something: the fixtures break caps, redial after opt-outs, and repeat call ids."""
    table = read_calls(FIXTURES / "ingest" / "quality" / "dirty_canonical.csv")
    values = {(v.metric, v.scope): v.value for v in recompute(read_calls(FIXTURES / "demo" / "calls.csv"), SETTINGS)}
    assert values[("compliant_calls", Scope())] < values[("valid_dials", Scope())]
    assert {"duplicate_call_id", "duplicate_phone_start"} <= {i.code for i in table.issues}


def test_worker_processes_give_the_same_result(small_parts: None) -> None:
    path = FIXTURES / "ingest" / "quality" / "dirty_canonical.csv"
    alone, pooled = streamed(path, workers=1), streamed(path, workers=2)
    assert pooled.workers == 2
    assert pooled.issues == alone.issues
    assert_same_values(pooled.metrics, alone.metrics)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=messy_rows(), suffix=st.sampled_from([".csv", ".parquet"]))
def test_streamed_equals_table_on_generated_records(
    rows: list[dict[str, Any]], suffix: str, tmp_path: Path, small_parts: None
) -> None:
    path = write_rows(rows, tmp_path / f"calls{suffix}")
    table = read_calls(path, timezone="Asia/Shanghai")
    result = streamed(path)
    assert list(result.issues) == list(table.issues)
    assert_same_values(result.metrics, recompute(table, SETTINGS, by=BY, scopes=SCOPES))


@given(values=st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=1, max_size=50), splits=st.integers(1, 9))
def test_equal_values_land_in_the_same_split(values: list[str | None], splits: int) -> None:
    series = pd.Series(values, dtype="string")
    parts = split_of(series, splits)
    assert ((parts >= 0) & (parts < splits)).all()
    again = split_of(series.iloc[::-1].reset_index(drop=True), splits)[::-1]  # another block order: the same splits
    assert (parts == again).all()
    for value in set(values):
        mine = parts[series.isna().to_numpy()] if value is None else parts[(series == value).fillna(False).to_numpy()]
        assert len(set(mine.tolist())) == 1


def test_the_split_files_are_removed(small_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    streamed(FIXTURES / "records" / "canonical" / "hand_utf8_comma.csv")
    assert list(tmp_path.iterdir()) == []


def test_api_recompute_streams_canonical_files_and_reads_others_whole(tmp_path: Path) -> None:
    path = FIXTURES / "records" / "canonical" / "hand_utf8_comma.csv"
    engagement = load_engagement(None)
    assert api.recompute_streamed(path, engagement) is not None
    assert api.recompute_streamed(CANONICAL / "hand_shuffled_columns_title_rows.xlsx", engagement) is None
    mapping = tmp_path / "map.yaml"
    mapping.write_text("dispositions:\n  ANSWERED: answered\n")
    assert api.recompute_streamed(path, engagement, mapping=mapping) is None
    demo, demo_engagement = FIXTURES / "demo" / "calls.csv", load_engagement(FIXTURES / "demo" / "engagement.yaml")
    assert demo_engagement.period is not None  # its scope is recomputed on both paths
    assert_same_values(
        api.recompute(demo, demo_engagement, by=BY), api.recompute(api.read_calls(demo, demo_engagement), demo_engagement, by=BY)
    )


def test_a_broken_file_gives_the_whole_file_readers_error(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        "call_id,start_time,phone,disposition\nc1,2026-10-01 10:00:00,13800138000,answered\nc2,2026-10-01,1,answered,x,y\n"
    )
    with pytest.raises(RecordFormatError) as streamed_error:
        api.recompute(path)
    with pytest.raises(RecordFormatError) as whole_error:
        read_calls(path, streamed=False)
    assert streamed_error.value.message == whole_error.value.message


def test_workers_default_to_one_for_small_inputs_and_obey_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(WORKERS_ENV, raising=False)
    assert default_workers(1_000) == 1
    assert default_workers(10_000_000) == max(1, min(4, os.cpu_count() or 1))
    monkeypatch.setenv(WORKERS_ENV, "3")
    assert default_workers(1_000) == 3


def test_an_audit_of_a_big_file_takes_its_metrics_from_the_streamed_recompute(
    demo_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo audited as a big file (metrics streamed) gives the findings and metrics of the usual audit."""
    args = {"calls": demo_files["calls"], "reports": [demo_files["report"]], "engagement": demo_files["engagement"]}
    usual = api.audit(**args)
    assert usual.findings and usual.data_quality is not None
    calls: list[Any] = []
    original = api.recompute_streamed
    monkeypatch.setattr(api, "STREAMED_AUDIT_ROWS", 0)
    monkeypatch.setattr(api, "recompute_streamed", lambda *a, **k: calls.append(a) or original(*a, **k))
    big = api.audit(**args)
    assert len(calls) == 1  # the streamed path ran
    assert_same_values(big.metrics, usual.metrics)
    assert [(f.rule, f.severity, f.message) for f in big.findings] == [(f.rule, f.severity, f.message) for f in usual.findings]
    assert big.data_quality == usual.data_quality and big.calls_count == usual.calls_count


def test_several_files_are_recomputed_as_one_input(small_parts: None) -> None:
    """Row numbers, examples and distinct counts run across files as the in-memory reader's do."""
    paths = [
        FIXTURES / "ingest" / "quality" / "dirty_canonical.csv",
        CANONICAL / "hand.parquet",
        CANONICAL / "hand_utf8_comma.csv",
    ]
    table = read_calls(paths, timezone="Asia/Shanghai")
    result = streamed(paths)
    assert result.rows == len(table) == sum(len(read_calls(p)) for p in paths)
    assert list(result.issues) == list(table.issues)
    assert_same_values(result.metrics, recompute(table, SETTINGS, by=BY, scopes=SCOPES))
