"""Record kinds summarise parts of the records: the parts' summaries added up give the findings of the whole table.

Every rule case of a record kind (fixtures/rule_cases) is re-run with its table cut into
parts the way a big file is (every dial of a number, or every answered call of an agent, in
one part; rows in file order within a part), each part summarised alone.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from auditor.engine.cases import RuleCase, case_context, case_files, case_spec, load_cases
from auditor.engine.context import AuditContext, RecordsInfo
from auditor.engine.registry import BY_AGENT, add_summaries, all_kinds
from auditor.engine.runner import run
from auditor.ingest.table import CallTable
from auditor.streaming.audit import agent_rows
from auditor.textkeys import split_of
from tests.conftest import FIXTURES

RECORD_KINDS = {name for name, kind in all_kinds().items() if kind.reads_records}
CASES: list[RuleCase] = [
    case
    for path in case_files(FIXTURES / "rule_cases")
    for case in load_cases(path)
    if case.kind in RECORD_KINDS and (case.calls or case.calls_file)
]


def parts_of(calls: CallTable, split: str, count: int, seed: int) -> list[CallTable]:
    """The table cut into ``count`` parts by number (or agent), parts in a shuffled order."""
    frame = calls.frame
    if split == BY_AGENT:
        frame = frame[agent_rows(frame)]
        keys = frame["agent_id"].astype("string")
    else:
        keys = frame["phone"]
    which = split_of(keys, count) if len(frame) else np.zeros(0, dtype="int64")
    order = np.random.default_rng(seed).permutation(count)
    return [CallTable(frame=frame[which == part], timezone=calls.timezone, supplied=calls.supplied) for part in order]


def findings_json(ctx: AuditContext, case: RuleCase) -> list[dict[str, Any]]:
    findings, errors = run([case_spec(case)], ctx)
    assert not errors, errors
    return [json.loads(json.dumps(f.to_dict(), default=str)) for f in findings]


@pytest.mark.parametrize("count", [1, 2, 5])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_parts_add_up_to_the_whole_table(case: RuleCase, count: int) -> None:
    whole = case_context(case)
    assert whole.calls is not None
    spec = case_spec(case)
    kind = all_kinds()[case.kind]
    assert kind.summarise is not None
    total = None
    for part in parts_of(whole.calls, kind.split, count, seed=count):
        total = add_summaries(total, kind.summarise(spec, part, whole.engagement))
    streamed = AuditContext(
        claims=whole.claims,
        metrics=whole.metrics,
        engagement=whole.engagement,
        reports=whole.reports,
        records=RecordsInfo.of(whole.calls),
        summaries={spec.id: total} if total is not None else {},
    )
    assert findings_json(streamed, case) == findings_json(whole, case)


def test_every_record_kind_has_cases_with_records() -> None:
    assert {c.kind for c in CASES} == RECORD_KINDS
