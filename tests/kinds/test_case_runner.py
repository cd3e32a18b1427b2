"""The rule-case runner itself: file format errors, calls files, evidence checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.engine.cases import check_evidence, evaluate_case, load_cases
from auditor.errors import RulePackError


def _write(tmp_path: Path, text: str, name: str = "discrepancy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_calls_file_is_read_relative_to_the_case_file(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "calls.csv").write_text(
        "call_id,start_time,phone,disposition,talk_s\n"
        "a1,2026-10-01 10:00:00,13900000001,answered,40\n"
        "a2,2026-10-01 10:05:00,13900000002,no_answer,0\n",
        encoding="utf-8",
    )
    path = _write(
        tmp_path,
        """kind: discrepancy
cases:
  - name: claim_matches_file
    expect: pass
    calls_file: data/calls.csv
    claims: [{metric: total_dials, raw: "外呼总量 2"}]
  - name: claim_overstates_file
    expect: fail
    severity: medium
    calls_file: data/calls.csv
    claims: [{metric: total_dials, raw: "外呼总量 3"}]
""",
    )
    outcomes = [evaluate_case(c) for c in load_cases(path)]
    assert [o.ok for o in outcomes] == [True, True], [o.problems for o in outcomes]
    assert len(outcomes[1].findings) == 1


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("kind: discrepency\ncases: []\n", "did you mean 'discrepancy'", 1),
        ("kind: discrepancy\ncases:\n  - name: a\n    expect: maybe\n", "expect must be 'pass' or 'fail'", 4),
        ("kind: discrepancy\ncases:\n  - name: a\n    expect: pass\n  - name: a\n    expect: fail\n", "appears twice", 5),
        ("kind: discrepancy\ncases:\n  - name: a\n    expect: pass\n    clams: []\n", "unknown case key 'clams'", 5),
        ("kind: discrepancy\ncases:\n  - name: a\n    expect: fail\n    severity: huge\n", "unknown severity", 5),
    ],
)
def test_malformed_case_files_name_the_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    with pytest.raises(RulePackError) as err:
        load_cases(_write(tmp_path, text))
    assert message in str(err.value) + (err.value.hint or "")
    assert err.value.location is not None and err.value.location.line == line


def test_bad_params_and_claims_are_reported_as_problems_not_crashes(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """kind: discrepancy
cases:
  - name: bad_param
    expect: pass
    params: {rel_tol: lots}
  - name: bad_metric
    expect: pass
    claims: [{metric: conect_rate, value: 0.4}]
""",
    )
    outcomes = [evaluate_case(c) for c in load_cases(path)]
    assert "params.rel_tol" in outcomes[0].problems[0]
    assert "unknown metric 'conect_rate'" in outcomes[1].problems[0]


@pytest.mark.parametrize(
    ("checks", "problems"),
    [
        ({"p_value": {"lt": 0.01}}, 0),
        ({"p_value": {"gt": 0.01}}, 1),
        ({"nested.count": 3}, 0),
        ({"nested.items.1": "b"}, 0),
        ({"nested.items": {"len": 2}}, 0),
        ({"ratio": {"approx": 0.3333, "rel": 0.001}}, 0),
        ({"ratio": {"approx": 0.3}}, 1),
        ({"missing": 1}, 1),
        ({"p_value": {"between": 1}}, 1),
    ],
)
def test_evidence_checks(checks: dict, problems: int) -> None:  # type: ignore[type-arg]
    evidence = {"p_value": 0.001, "ratio": 1 / 3, "nested": {"count": 3, "items": ["a", "b"]}}
    assert len(check_evidence(evidence, checks)) == problems
