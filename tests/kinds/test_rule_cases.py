"""Every rule-case file (fixtures/rule_cases/<kind>.yaml): one test id per file::case."""

from __future__ import annotations

import pytest

from auditor.engine.cases import RuleCase, case_files, evaluate_case, load_cases
from auditor.engine.registry import all_kinds
from tests.conftest import FIXTURES

CASES_DIR = FIXTURES / "rule_cases"
CASES: list[RuleCase] = [case for path in case_files(CASES_DIR) for case in load_cases(path)]


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(reason=c.xfail, strict=True)] if c.xfail else []) for c in CASES]
)
def test_rule_case(case: RuleCase) -> None:
    outcome = evaluate_case(case)
    assert outcome.ok, f"{case.where()}: " + "; ".join(outcome.problems)


def test_every_case_file_names_a_registered_kind() -> None:
    kinds = all_kinds()
    for path in case_files(CASES_DIR):
        assert path.stem in kinds, f"{path.name}: no kind '{path.stem}'"
        assert {c.kind for c in load_cases(path)} == {path.stem}


def test_every_kind_has_a_pass_and_a_fail_case() -> None:
    by_kind: dict[str, set[str]] = {}
    for case in CASES:
        by_kind.setdefault(case.kind, set()).add(case.expect)
    missing = [k for k in all_kinds() if by_kind.get(k) != {"pass", "fail"}]
    assert missing == [], f"kinds without both a pass and a fail case in fixtures/rule_cases/: {missing}"
