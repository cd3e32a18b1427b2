"""The command line: the contract's commands, exit codes 0/1/2, findings JSON, no tracebacks for bad input."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from auditor.cli import cli
from tests.conftest import FIXTURES

HAND = FIXTURES / "e2e" / "hand"
EXPECTED = yaml.safe_load((FIXTURES / "metrics" / "hand_computed.yaml").read_text(encoding="utf-8"))["cases"][
    "twenty_calls_two_campaigns"
]["expected"]["overall"]


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def hand_audit(*extra: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    code, out, err = invoke(
        "audit",
        "--calls",
        HAND / "calls.csv",
        "--report",
        HAND / "report.xlsx",
        "--engagement",
        HAND / "engagement.yaml",
        "--format",
        "json",
        *extra,
    )
    return code, json.loads(out), err


def test_audit_json_follows_the_contract() -> None:
    code, data, _ = hand_audit()
    assert data["schema"] == "auditor.findings/1"
    assert set(data) >= {"schema", "tool", "inputs", "claims", "metrics", "findings", "summary"}
    assert {i["kind"] for i in data["inputs"]} == {"calls", "report", "engagement"}
    assert all(len(i["sha256"]) == 64 for i in data["inputs"])
    claim = data["claims"][0]
    assert set(claim) >= {"metric", "value", "unit", "scope", "source"}
    assert set(claim["source"]) >= {"file", "page", "sheet", "cell", "text"}
    assert set(claim["scope"]) == {"campaign", "agent_id", "period"}
    metric = data["metrics"][0]
    assert set(metric) >= {"metric", "definition", "scope", "value", "numerator", "denominator"}
    finding = data["findings"][0]
    assert set(finding) >= {
        "id",
        "rule",
        "category",
        "severity",
        "metric",
        "scope",
        "claimed",
        "recomputed",
        "message",
        "evidence",
    }
    assert finding["id"] == "F0001"
    assert set(data["summary"]["by_severity"]) == {"critical", "high", "medium", "low", "info"}
    for c in data["claims"]:
        assert c["unit"] in ("ratio", "seconds", "count", "money")


def test_recomputed_values_equal_the_hand_computation() -> None:
    _, data, _ = hand_audit()
    overall = {(m["metric"], m["definition"]): m["value"] for m in data["metrics"] if not any(m["scope"].values())}
    checked = 0
    for metric, expected in EXPECTED.items():
        cases = expected.items() if isinstance(expected, dict) else [(metric, expected)]
        for definition, value in cases:
            if metric in ("task_completion_rate", "cost_per_lead", "roi", "total_cost", "lead_list_numbers", "lead_list_dialled"):
                continue  # need the price model / lead list of the metrics fixture, not in this engagement
            got = overall[(metric, definition)]
            assert (got is None and value is None) or math.isclose(got, value, rel_tol=1e-9), (metric, definition, got, value)
            checked += 1
    assert checked > 50


def test_the_inflated_claim_is_flagged_and_exit_code_is_1() -> None:
    code, data, _ = hand_audit()
    assert code == 1
    by_metric = {(f["metric"], f["rule"]): f for f in data["findings"]}
    inflated = by_metric[("conversion_rate", "claim-mismatch")]
    assert inflated["severity"] == "high" and inflated["claimed"] == 0.4
    assert math.isclose(inflated["recomputed"], 2 / 7)
    assert inflated["evidence"]["claim"]["source"]["cell"] == "B6"
    assert by_metric[("connect_rate", "claim-definition-mismatch")]["severity"] == "medium"
    assert by_metric[("uptime", "claim-unverifiable")]["severity"] == "info"
    assert ("total_dials", "claim-mismatch") not in by_metric
    assert ("effective_connect_rate", "claim-mismatch") not in by_metric


def test_fail_on_sets_the_exit_code() -> None:
    assert hand_audit("--fail-on", "critical")[0] == 0
    assert hand_audit("--fail-on", "info")[0] == 1


def test_records_only_audit_exits_1_only_for_the_after_hours_call() -> None:
    code, out, _ = invoke(
        "audit", "--calls", HAND / "calls.csv", "--engagement", HAND / "engagement.yaml", "--format", "json", "--quiet"
    )
    result = json.loads(out)
    assert result["claims"] == []
    serious = [(f["rule"], f["evidence"].get("check")) for f in result["findings"] if f["severity"] in ("high", "critical")]
    assert code == 1 and serious == [("dials-break-calling-rules", "outside_window")], out  # c20 at 22:30
    code, _, _ = invoke(
        "audit",
        "--calls",
        HAND / "calls.csv",
        "--engagement",
        HAND / "engagement.yaml",
        "--format",
        "json",
        "--quiet",
        "--fail-on",
        "critical",
    )
    assert code == 0


def test_outputs_go_to_a_folder_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = invoke(
        "audit", "--calls", HAND / "calls.csv", "--report", HAND / "report.xlsx", "--format", "json,md", "--output", out
    )
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["findings.json", "findings.md"]
    assert "Wrote" in err
    md = (out / "findings.md").read_text(encoding="utf-8")
    assert "Conversion rate" in md and "## Findings" in md


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["audit", "--calls", "missing.csv"], "no such file"),
        (["audit", "--report", "missing.xlsx"], "no such report"),
        (["audit", "--calls", str(HAND / "calls.csv"), "--engagement", str(HAND / "calls.csv")], "mapping"),
        (["audit", "--calls", str(HAND / "calls.csv"), "--format", "pdf"], "unknown format"),
        (["audit"], "at least --calls or --report"),
        (["recompute", "--calls", str(HAND / "calls.csv"), "--by", "week"], "unknown grouping"),
        (["rules", "no-such-rule"], "no rule"),
        (["extract", str(HAND / "calls.csv")], "report"),
    ],
)
def test_bad_input_exits_2_without_traceback(args: list[str], needle: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr
    assert needle.lower() in (result.output + result.stderr).lower()


def test_bad_engagement_names_file_and_line(tmp_path: Path) -> None:
    eng = tmp_path / "e.yaml"
    eng.write_text("name: x\nscenario: bingo\n", encoding="utf-8")
    code, _, err = invoke("audit", "--calls", HAND / "calls.csv", "--engagement", eng)
    assert code == 2 and f"{eng} line 2" in err and "Hint:" in err


def test_no_partial_output_when_a_format_fails(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, _ = invoke("audit", "--calls", HAND / "calls.csv", "--format", "json,bogus", "--output", out)
    assert code == 2 and not out.exists()


def test_recompute_by_campaign_prints_numerators_and_denominators() -> None:
    code, out, _ = invoke(
        "recompute",
        "--calls",
        HAND / "calls.csv",
        "--engagement",
        HAND / "engagement.yaml",
        "--by",
        "campaign",
        "--format",
        "json",
    )
    assert code == 0
    rows = json.loads(out)
    a = next(r for r in rows if r["metric"] == "connect_rate" and r["scope"]["campaign"] == "A")
    assert (a["numerator"], a["denominator"], a["value"]) == (5, 10, 0.5)
    assert all(r["is_default"] for r in rows)


def test_recompute_csv_and_table() -> None:
    code, out, _ = invoke("recompute", "--calls", HAND / "calls.csv", "--format", "csv", "--all-definitions")
    assert code == 0
    assert out.splitlines()[0].startswith("metric,definition,campaign")
    assert "connect_rate,connected/valid_dials,,,,0.625,10,16" in out
    code, out, _ = invoke("recompute", "--calls", HAND / "calls.csv")
    assert code == 0 and "connected/total_dials" in out


def test_rules_lists_and_explains() -> None:
    code, out, _ = invoke("rules")
    assert code == 0 and "claim-mismatch" in out and "discrepancy" in out
    code, out, _ = invoke("rules", "claim-mismatch")
    assert code == 0 and "What it checks" in out and "Why:" in out
    code, out, _ = invoke("rules", "--json")
    assert {r["id"] for r in json.loads(out)} >= {"claim-mismatch", "claim-definition-mismatch", "claim-unverifiable"}


def test_extract_lists_claims_with_sources() -> None:
    code, out, _ = invoke("extract", HAND / "report.xlsx")
    assert code == 0 and "Summary!B4" in out and "connect_rate" in out
    code, out, _ = invoke("extract", HAND / "report.xlsx", "--format", "json")
    data = json.loads(out)
    assert data[0]["claims"][1]["source"]["cell"] == "B4"


def test_demo_writes_outputs_and_reports_the_manipulations(tmp_path: Path) -> None:
    code, out, _ = invoke("demo", "--output", tmp_path / "demo")
    assert code == 0
    written = json.loads((tmp_path / "demo" / "findings.json").read_text(encoding="utf-8"))
    assert "Wrote" in out and str(tmp_path / "demo") in out
    from auditor.demo.build import MANIPULATIONS

    caught = {(f["metric"], f["rule"]) for f in written["findings"] if f["scope"]["campaign"] is None}
    for m in MANIPULATIONS:
        if m.expected_rule:
            assert (m.metric, m.expected_rule) in caught, m
        else:
            assert not any(metric == m.metric for metric, _ in caught), m


def test_help_for_every_command_has_an_example() -> None:
    for name, command in cli.commands.items():
        assert command.help and "Example" in command.help, name
