"""Aggregated dialler reports (disposition counts) against the generated truth (scripts/make_count_fixtures.py).

Pivoted and long layouts, totals rows, a filtered view read with its report, refused files,
what stays unknown without times or numbers, and the report's agent names matched to the
records' agents (fixtures/ingest/counts/names.yaml).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.agents import AgentDirectory
from auditor.engagement import Engagement
from auditor.engine.cases import case_claim
from auditor.engine.context import AuditContext
from auditor.engine.runner import run
from auditor.engine.spec import load_rules
from auditor.errors import AuditorError
from auditor.ingest import read_calls
from auditor.ingest.readers import detect_reader
from auditor.metrics.compute import recompute
from auditor.scope import Scope
from tests.conftest import FIXTURES

COUNTS = FIXTURES / "ingest" / "counts"
EXPECTED = yaml.safe_load((COUNTS / "expected.yaml").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = EXPECTED["cases"]
REFUSED: list[dict[str, Any]] = EXPECTED["refused"]
NAMES = yaml.safe_load((COUNTS / "names.yaml").read_text(encoding="utf-8"))


def _ids(case: dict[str, Any]) -> str:
    return "+".join(case["files"])


def _read(files: list[str], **options: Any):  # type: ignore[no-untyped-def]
    return read_calls([COUNTS / f for f in files], **options)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_count_files_are_detected(case: dict[str, Any]) -> None:
    for name in case["files"]:
        assert detect_reader(COUNTS / name).name == case["reader"]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_calls_dispositions_and_notes_match_the_generated_truth(case: dict[str, Any]) -> None:
    table = _read(case["files"])
    assert len(table) == case["calls"]
    counts = table.frame["disposition"].value_counts()
    assert {k: int(v) for k, v in counts.items() if v} == case["dispositions"]
    assert {i.code: i.count for i in table.issues} == case["issues"]


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_dials_conversions_and_contacts_per_agent_match_the_generated_truth(case: dict[str, Any]) -> None:
    table = _read(case["files"])
    metrics = recompute(table, by=("agent",))
    for agent, expected in case["agents"].items():
        for metric, value in expected.items():
            found = metrics.get(metric, Scope(agent_id=agent))
            assert found is not None and found.value == value, (agent, metric)


@pytest.mark.parametrize("case", [c for c in CASES if "names" in c], ids=_ids)
def test_a_report_naming_agents_by_their_full_name_gets_their_figures(case: dict[str, Any]) -> None:
    table = _read(case["files"])
    names = case["names"]
    metrics = recompute(table, scopes=[Scope(agent_id=name) for name in names])
    for name, agent in names.items():
        by_name = metrics.get("total_dials", Scope(agent_id=name))
        assert by_name is not None and by_name.value == case["agents"][agent]["total_dials"]


def test_an_ambiguous_name_is_never_merged_into_one_agent() -> None:
    table = _read(["five9_total_dials.csv"])
    metrics = recompute(table, scopes=[Scope(agent_id="Daniel H"), Scope(agent_id="Daniel Hwang")])
    ambiguous = metrics.get("total_dials", Scope(agent_id="Daniel H"))
    one = metrics.get("total_dials", Scope(agent_id="Daniel Hwang"))
    assert ambiguous is not None and ambiguous.value == 0
    assert one is not None and one.value == CASES[0]["agents"]["dhwang@example.com"]["total_dials"]


def test_figures_that_need_times_or_numbers_are_unknown_and_said_once() -> None:
    table = _read(["five9_total_dials.csv"])
    assert table.absent == {"call_id", "start_time", "phone"}
    assert not table.has("start_time") and not table.has("phone") and table.has("disposition")
    metrics = recompute(table)
    for metric in ("unique_numbers", "valid_numbers", "agent_days", "compliant_calls"):
        value = metrics.get(metric, Scope())
        assert value is not None and value.value is None and value.note, metric
    assert metrics.get("total_dials", Scope()).value == CASES[0]["calls"]  # type: ignore[union-attr]
    codes = [i.code for i in table.issues]
    assert codes == ["aggregated_counts"]  # no missing call id, time, number or talk time per row


@pytest.mark.parametrize("case", REFUSED, ids=_ids)
def test_broken_or_mixed_inputs_are_refused_naming_the_file(case: dict[str, Any]) -> None:
    with pytest.raises(AuditorError) as raised:
        _read(case["files"])
    text = str(raised.value) + str(getattr(raised.value, "location", ""))
    assert case["error"] in text.replace(str(COUNTS) + "/", "")
    assert case["says"] in str(raised.value)


@pytest.mark.parametrize("case", NAMES["cases"], ids=lambda c: c["name"])
def test_report_names_resolve_to_the_records_agents(case: dict[str, Any]) -> None:
    records = pd.DataFrame(NAMES["records"])
    directory = AgentDirectory.of(records["agent_id"], records["agent_name"])
    match = directory.resolve(case["name"])
    assert list(match.ids) == case["agents"]
    assert match.form == case["form"]
    assert match.ambiguous == (len(case["agents"]) > 1)


def test_an_appointment_set_only_contract_makes_sets_above_the_dialler_a_favourable_discrepancy() -> None:
    """With transfers not counted as sets (engagement outcomes), a claim of every set is above the records."""
    outcomes = {"Transferred a NEW lead": "effective"}
    table = _read(["five9_total_dials.csv"], outcomes=outcomes)
    plan = CASES[0]["agents"]["apatch@example.com"]
    dialled = pd.read_csv(COUNTS / "five9_total_dials.csv", dtype=str, keep_default_na=False)
    row = dialled[dialled["AGENT"] == "apatch@example.com"].iloc[0]
    appointments = int(row["Appointment Set / CALLS count"] or 0)
    claims = (
        case_claim({"metric": "conversions", "value": plan["conversions"], "scope": {"agent_id": "Allison P"}}, "r.xlsx", 0),
        case_claim({"metric": "total_dials", "value": plan["total_dials"], "scope": {"agent_id": "Allison P"}}, "r.xlsx", 1),
    )
    eng = Engagement()
    ctx = AuditContext(claims=claims, metrics=recompute(table, scopes={c.scope for c in claims}), calls=table, engagement=eng)
    specs = [s for s in load_rules(eng, []) if s.id in ("claim-mismatch", "report-agent-names")]
    findings, errors = run(specs, ctx)
    assert not errors
    mismatches = [f for f in findings if f.rule == "claim-mismatch"]
    assert [(f.metric, f.claimed, f.recomputed, f.severity.value) for f in mismatches] == [
        ("conversions", plan["conversions"], appointments, "high")
    ]
    assert mismatches[0].evidence["favours_vendor"] is True
    (names,) = [f for f in findings if f.rule == "report-agent-names"]
    assert names.evidence["matched_by_name"][0]["agents"] == ["apatch@example.com"]


def _pivot(counts: list[list[int]], dispositions: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["AGENT", "AGENT FIRST NAME", "AGENT LAST NAME", *(f"{d} / CALLS count" for d in dispositions)])
    for i, row in enumerate(counts):
        writer.writerow([f"a{i}@x.com", f"First{i}", f"Last{i}", *(str(n) if n else "" for n in row)])
    return out.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.lists(st.integers(0, 40), min_size=3, max_size=3), min_size=1, max_size=6),
)
def test_every_counted_call_becomes_one_dial_of_its_agent_and_disposition(tmp_path: Path, counts: list[list[int]]) -> None:
    dispositions = ["No Answer", "Appointment Set", "Dead Air"]
    path = tmp_path / "pivot.csv"
    path.write_text(_pivot(counts, dispositions), encoding="utf-8")
    table = read_calls(path)
    assert len(table) == sum(map(sum, counts))
    found = table.frame.groupby(["agent_id", "disposition"], observed=True).size()
    canonical = ["no_answer", "answered", "answered"]
    for i, row in enumerate(counts):
        for disposition in set(canonical):
            expected = sum(n for n, c in zip(row, canonical, strict=True) if c == disposition)
            assert int(found.get((f"a{i}@x.com", disposition), 0)) == expected


def test_figures_of_an_ambiguous_name_are_unchecked_with_the_agents_it_fits() -> None:
    table = _read(["five9_total_dials.csv"])
    claims = (case_claim({"metric": "total_dials", "value": 1071, "scope": {"agent_id": "Daniel H"}}, "r.xlsx", 0),)
    eng = Engagement()
    ctx = AuditContext(claims=claims, metrics=recompute(table, scopes={c.scope for c in claims}), calls=table, engagement=eng)
    findings, errors = run(load_rules(eng, []), ctx)
    assert not errors
    assert not [f for f in findings if f.rule == "claim-mismatch"]
    (absent,) = [f for f in findings if f.rule == "claim-scope-absent"]
    assert "fits 2 agents of the records (dharris@example.com, dhwang@example.com)" in absent.message
    (names,) = [f for f in findings if f.rule == "report-agent-names"]
    assert names.evidence["ambiguous"][0]["agents"] == ["dharris@example.com", "dhwang@example.com"]


def test_figures_of_a_period_are_unchecked_when_the_counts_carry_no_times() -> None:
    table = _read(["five9_total_dials.csv"])
    claims = (case_claim({"metric": "total_dials", "value": 3106, "scope": {"period": "2022-03"}}, "r.xlsx", 0),)
    eng = Engagement()
    ctx = AuditContext(claims=claims, metrics=recompute(table, scopes={c.scope for c in claims}), calls=table, engagement=eng)
    findings, errors = run(load_rules(eng, []), ctx)
    assert not errors and not [f for f in findings if f.rule == "claim-mismatch"]
    (absent,) = [f for f in findings if f.rule == "claim-scope-absent"]
    assert "counts without call times" in absent.message and absent.severity.value == "info"
