"""The call-record kinds beyond their rule cases: honest synth stays quiet, each tampering knob is caught,
the vectorised overlap agrees with a brute-force reference, and compliance findings agree with the rate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import api
from auditor.demo.synth import SynthConfig, generate_calls
from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.runner import run
from auditor.engine.spec import builtin_pack_paths, load_packs
from auditor.findings import Severity
from auditor.ingest.table import CallTable
from auditor.kinds.agent_overlap import overlap_seconds
from auditor.metrics.compute import recompute
from tests.conftest import FIXTURES, ROOT, make_calls

RECORD_PACKS = ("plausibility", "compliance")
ENGAGEMENT = Engagement(timezone="Asia/Shanghai", timezone_given=True)


def _audit(config: SynthConfig) -> list[tuple[str, str, str]]:
    """Findings of the record packs only (the claim packs have no report to read here)."""
    table = CallTable.from_frame(generate_calls(config), timezone="Asia/Shanghai", source="synth.csv")
    metrics = recompute(table, ENGAGEMENT.metric_settings(), by=("campaign",))
    ctx = AuditContext(metrics=metrics, calls=table, engagement=ENGAGEMENT)
    findings, errors = run([s for s in load_packs(builtin_pack_paths()) if s.pack in RECORD_PACKS], ctx)
    assert not errors
    return [(f.rule, f.severity.value, f.category.value) for f in findings]


@pytest.fixture(scope="module")
def honest() -> SynthConfig:
    return SynthConfig(seed=4242, n_dials=40_000, n_agents=60)


def test_honest_synth_gives_no_record_finding_at_medium_or_above(honest: SynthConfig) -> None:
    serious = [f for f in _audit(honest) if Severity(f[1]) >= Severity.MEDIUM]
    assert serious == []


@pytest.mark.parametrize(
    ("knob", "rule"),
    [
        ({"padded_share": 0.4}, "talk-bunched-above-threshold"),
        ({"padded_share": 0.4}, "talk-density-jumps-at-threshold"),
        ({"rounded_share": 0.3}, "talk-heaped-on-whole-minutes"),
        ({"after_hours_share": 0.01}, "dials-break-calling-rules"),
        ({"opt_out_redial_share": 0.3}, "dials-break-calling-rules"),
    ],
)
def test_each_tampering_knob_is_caught(honest: SynthConfig, knob: dict[str, float], rule: str) -> None:
    found = _audit(replace(honest, n_dials=12_000, n_agents=30, **knob))  # type: ignore[arg-type]
    assert rule in {f[0] for f in found}


def _brute_force_overlap(rows: pd.DataFrame) -> list[float]:
    out = []
    for i, row in rows.iterrows():
        worst = 0.0
        for j, other in rows.iterrows():
            earlier = (other["a"], other["e"], j) < (row["a"], row["e"], i)
            if other["agent"] == row["agent"] and earlier and other["a"] <= row["a"]:
                worst = max(worst, min(other["e"], row["e"]) - row["a"])
        out.append(max(worst, 0.0))
    return out


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["A1", "A2"]), st.integers(0, 600), st.integers(0, 300)),
        min_size=1,
        max_size=12,
        unique_by=lambda t: (t[0], t[1]),
    )
)
def test_overlap_matches_a_brute_force_reference(calls: list[tuple[str, int, int]]) -> None:
    base = pd.Timestamp("2026-10-01 10:00:00")
    rows = [
        {
            "agent_id": a,
            "answer_time": str(base + pd.Timedelta(seconds=s)),
            "start_time": str(base + pd.Timedelta(seconds=s)),
            "end_time": str(base + pd.Timedelta(seconds=s + d)),
            "talk_s": d,
        }
        for a, s, d in calls
    ]
    table = make_calls(rows)
    got = overlap_seconds(table.frame).to_numpy()
    ref = pd.DataFrame({"agent": [c[0] for c in calls], "a": [c[1] for c in calls], "e": [c[1] + c[2] for c in calls]})
    assert np.allclose(got, _brute_force_overlap(ref))


def test_compliance_findings_add_up_to_the_compliant_call_rate() -> None:
    config = SynthConfig(seed=7, n_dials=8_000, after_hours_share=0.02, opt_out_redial_share=0.4)
    table = CallTable.from_frame(generate_calls(config), timezone="Asia/Shanghai", source="synth.csv")
    result = api.audit(calls=table, engagement=ENGAGEMENT, by=())
    rate = result.metrics.get("compliant_call_rate")
    assert rate is not None and rate.denominator is not None and rate.numerator is not None
    found = {f.evidence["check"]: f.evidence["count"] for f in result.findings if f.rule == "dials-break-calling-rules"}
    assert set(found) == {"outside_window", "after_opt_out"}
    # each violating dial here breaks one rule; invalid-number dials count as violations but are not valid dials
    assert rate.denominator - rate.numerator <= sum(found.values())
    assert rate.denominator - rate.numerator >= 0.8 * sum(found.values())


def test_rule_case_data_is_what_the_seeded_script_writes(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("rule_case_data", ROOT / "scripts" / "rule_case_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.write_all(tmp_path):
        committed = FIXTURES / "rule_cases" / "data" / path.name
        assert committed.read_bytes() == path.read_bytes(), f"{committed} is stale: run python scripts/rule_case_data.py"


def test_compliance_examples_are_masked_but_their_times_are_not() -> None:
    from auditor.render import render

    hand = FIXTURES / "e2e" / "hand"
    result = api.audit(calls=hand / "calls.csv", engagement=hand / "engagement.yaml")
    text = render(result, "json").decode("utf-8")
    assert "13900000017" not in text and "139******17" in text
    (finding,) = [f for f in result.findings if f.rule == "dials-break-calling-rules"]
    assert finding.evidence["examples"][0]["recipient_local_time"] == "2026-10-02 22:30:00"
    assert '"recipient_local_time": "2026-10-02 22:30:00"' in text


@pytest.mark.parametrize(
    ("kind", "case"),
    [
        ("compliant_call_rate", "fails_below_the_floor_with_the_violations_behind_it"),
        ("abandoned_rate", "fails_above_the_three_percent_cap"),
    ],
)
def test_records_without_campaigns_give_one_overall_finding_not_a_none_campaign_too(kind: str, case: str) -> None:
    from auditor.engine.cases import evaluate_case, load_cases

    (chosen,) = [c for c in load_cases(FIXTURES / "rule_cases" / f"{kind}.yaml") if c.name == case]
    findings = evaluate_case(chosen).findings
    assert [f.scope.campaign for f in findings] == [None]
