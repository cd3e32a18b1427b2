"""Rule packs: overrides by id (packs, engagement), generated rule docs, `auditor rules check|docs`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.engagement import load_engagement
from auditor.engine.docs import rules_markdown
from auditor.engine.spec import builtin_pack_paths, load_packs, load_rules
from auditor.errors import ConfigError, RulePackError
from auditor.findings import Severity
from tests.conftest import FIXTURES, ROOT


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _by_id(specs: list) -> dict:  # type: ignore[type-arg]
    return {s.id: s for s in specs}


def test_pack_override_changes_severity_params_and_enabled(tmp_path: Path) -> None:
    pack = _write(
        tmp_path,
        "mine.yaml",
        """pack: mine
overrides:
  - id: claim-mismatch
    severity: critical
    params: {rel_tol: 0.02}
  - id: claim-unverifiable
    enabled: false
""",
    )
    specs = _by_id(load_packs([*builtin_pack_paths(), pack]))
    mismatch = specs["claim-mismatch"]
    assert mismatch.severity is Severity.CRITICAL
    assert mismatch.params.rel_tol == 0.02 and mismatch.params.minor_rel_gap == 0.01  # merged over the pack's params
    assert specs["claim-unverifiable"].enabled is False
    assert specs["claim-definition-mismatch"].severity is Severity.MEDIUM  # untouched


def test_override_of_unknown_rule_names_the_line_and_suggests(tmp_path: Path) -> None:
    pack = _write(tmp_path, "mine.yaml", "pack: mine\noverrides:\n  - id: claim-missmatch\n    severity: low\n")
    with pytest.raises(RulePackError) as err:
        load_packs([*builtin_pack_paths(), pack])
    assert err.value.location is not None and err.value.location.line == 3
    assert "claim-mismatch" in (err.value.hint or "")


def test_override_with_bad_param_names_the_param(tmp_path: Path) -> None:
    pack = _write(tmp_path, "mine.yaml", "pack: mine\noverrides:\n  - id: claim-mismatch\n    params: {rel_tol: lots}\n")
    with pytest.raises(RulePackError, match="params.rel_tol"):
        load_packs([*builtin_pack_paths(), pack])


def test_engagement_override_applies_after_packs(tmp_path: Path) -> None:
    eng_file = _write(
        tmp_path,
        "eng.yaml",
        """rules:
  override:
    claim-mismatch: {severity: low, params: {abs_tol: 0.01}}
    claim-definition-mismatch: {enabled: false}
""",
    )
    specs = _by_id(load_rules(load_engagement(eng_file)))
    assert specs["claim-mismatch"].severity is Severity.LOW and specs["claim-mismatch"].params.abs_tol == 0.01
    assert specs["claim-definition-mismatch"].enabled is False


def test_engagement_override_with_unknown_key_is_a_config_error(tmp_path: Path) -> None:
    eng_file = _write(tmp_path, "eng.yaml", "rules:\n  override:\n    claim-mismatch: {severty: low}\n")
    with pytest.raises(ConfigError, match="unknown override key 'severty'"):
        load_engagement(eng_file)


def test_later_pack_replaces_a_rule_with_the_same_id(tmp_path: Path) -> None:
    pack = _write(
        tmp_path,
        "mine.yaml",
        """pack: mine
rules:
  - id: claim-unverifiable
    title: Unverifiable figures matter here
    category: discrepancy
    severity: medium
    kind: unverifiable
    rationale: Our contract pays on uptime.
""",
    )
    spec = _by_id(load_packs([*builtin_pack_paths(), pack]))["claim-unverifiable"]
    assert spec.severity is Severity.MEDIUM and spec.pack == "mine"


def test_rule_docs_are_current() -> None:
    expected = rules_markdown(load_packs(builtin_pack_paths()))
    assert (ROOT / "rules" / "README.md").read_text(encoding="utf-8") == expected, "run: auditor rules docs -o rules/README.md"


def test_rule_docs_cover_every_rule_and_kind_used() -> None:
    specs = load_packs(builtin_pack_paths())
    text = rules_markdown(specs)
    for spec in specs:
        assert f"### {spec.id}" in text and f"### Kind `{spec.kind}`" in text


def test_every_builtin_rule_has_title_rationale_and_source() -> None:
    from auditor.engine.spec import read_pack

    ids = [s.id for path in builtin_pack_paths() for s in read_pack(path).rules]  # per file: load_packs would hide duplicates
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    for spec in load_packs(builtin_pack_paths()):
        assert spec.title and spec.rationale and spec.source, spec.id


def test_kind_docstrings_have_the_four_sections() -> None:
    from auditor.engine.docs import kind_doc
    from auditor.engine.registry import all_kinds

    for name, kind in all_kinds().items():
        doc = kind_doc(kind)
        for section in ("What it checks", "Why it matters", "Parameters", "Example"):
            assert section in doc, f"kind {name}: docstring lacks '{section}'"


def test_cli_rules_check_pack_and_case_file(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["rules", "check", str(ROOT / "rules" / "core.yaml"), str(FIXTURES / "rule_cases" / "discrepancy.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert "core.yaml: ok" in result.output and "discrepancy.yaml: ok" in result.output


def test_cli_rules_check_reports_a_failing_case(tmp_path: Path) -> None:
    cases = _write(
        tmp_path,
        "discrepancy.yaml",
        """kind: discrepancy
cases:
  - name: wrongly_expects_a_finding
    expect: fail
    claims: [{metric: total_dials, raw: "外呼总量 1"}]
    calls: [{disposition: answered, talk_s: 40}]
""",
    )
    result = CliRunner().invoke(cli, ["rules", "check", str(cases), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False and "expected at least one finding" in report["files"][0]["cases"][0]["problems"][0]


def test_cli_rules_check_bad_pack_exits_2_with_line(tmp_path: Path) -> None:
    pack = _write(
        tmp_path,
        "bad.yaml",
        "pack: bad\nrules:\n  - id: x-y\n    title: t\n    category: consistency\n"
        "    severity: high\n    kind: discrepency\n    rationale: r\n",
    )
    result = CliRunner().invoke(cli, ["rules", "check", str(pack)])
    assert result.exit_code == 2 and "bad.yaml" in result.output and "line 7" in result.output and "discrepancy" in result.output


def test_cli_rules_docs_check_detects_stale_file(tmp_path: Path) -> None:
    stale = _write(tmp_path, "README.md", "old\n")
    assert CliRunner().invoke(cli, ["rules", "docs", "-o", str(stale), "--check"]).exit_code == 1
    assert CliRunner().invoke(cli, ["rules", "docs", "-o", str(stale)]).exit_code == 0
    assert CliRunner().invoke(cli, ["rules", "docs", "-o", str(stale), "--check"]).exit_code == 0


def test_audit_applies_rules_packs_and_engagement_overrides(tmp_path: Path) -> None:
    from auditor import api

    hand = FIXTURES / "e2e" / "hand"
    base = api.audit(calls=hand / "calls.csv", reports=[hand / "report.xlsx"], engagement=hand / "engagement.yaml")
    assert any(f.rule == "claim-mismatch" for f in base.findings)
    pack = _write(tmp_path, "quiet.yaml", "pack: quiet\noverrides:\n  - {id: claim-mismatch, enabled: false}\n")
    quiet = api.audit(
        calls=hand / "calls.csv", reports=[hand / "report.xlsx"], engagement=hand / "engagement.yaml", rule_packs=[pack]
    )
    assert not any(f.rule == "claim-mismatch" for f in quiet.findings)
    assert any(i.kind == "rules" and i.path == str(pack) for i in quiet.inputs)


def test_engagement_naming_an_unknown_rule_warns_with_a_suggestion(tmp_path: Path) -> None:
    from auditor import api

    eng = _write(tmp_path, "eng.yaml", "rules:\n  disable: [claim-missmatch]\n  severity: {benchmark-band: info}\n")
    result = api.audit(reports=[FIXTURES / "e2e" / "hand" / "report.xlsx"], engagement=eng)
    warned = [w for w in result.warnings if "names no rule" in w]
    assert len(warned) == 1 and "claim-missmatch" in warned[0] and "did you mean 'claim-mismatch'" in warned[0]
