"""An audit of a big file (read split by split, no call table) gives exactly the audit of the table, on any input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from auditor import api
from auditor.engine.cases import case_context, cases_for_kind
from auditor.engine.registry import BY_AGENT, all_kinds
from auditor.ingest.schema import COLUMN_NAMES
from auditor.kinds import _records
from auditor.result import AuditResult
from tests.conftest import FIXTURES
from tests.streaming.conftest import demo_sized_parts
from tests.streaming.test_streamed_recompute import INPUTS, assert_same_values

KINDS_DIR = Path(_records.__file__).parent
#: The rule cases' planted-fraud files: padded and rounded talk, invented revenue, inflated agents.
PLANTED = [
    FIXTURES / "rule_cases" / "data" / f"{name}.csv"
    for name in ("talk_padded", "talk_rounded", "revenue_invented", "agents_inflated")
]
AUDITED = [*INPUTS, *PLANTED]

#: Settings under which every record rule of the built-in packs has something to find in the fixtures.
ENGAGEMENT = """\
timezone: Asia/Shanghai
period: 2026-10
effective_threshold_s: 30
shift_hours: 0.05
calling_window: {start: "09:00", end: "18:00"}
frequency_cap: {per_day: 1, per_week: 2}
do_not_call: ["13900000001"]
"""


def comparable(result: AuditResult) -> dict[str, Any]:
    """The findings JSON without what legitimately differs between the two paths (metric sums compared apart)."""
    data = json.loads(json.dumps(result.to_dict(), default=str))
    data.pop("metrics", None)
    data.pop("generated", None)
    data.pop("comparisons", None)
    return data


def audit_both(
    calls: Path | list[Path], engagement: Path, monkeypatch: pytest.MonkeyPatch, **kwargs: Any
) -> tuple[AuditResult, AuditResult]:
    with monkeypatch.context() as patched:
        patched.setattr(api, "STREAMED_AUDIT_ROWS", 10**12)
        usual = api.audit(calls=calls, engagement=engagement, **kwargs)
    big = api.audit(calls=calls, engagement=engagement, **kwargs)
    return usual, big


@pytest.mark.parametrize("path", AUDITED, ids=lambda p: p.name)
def test_a_streamed_audit_equals_the_table_audit(
    path: Path, tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if path.stat().st_size > 50_000:  # the demo file
        demo_sized_parts(monkeypatch)
    engagement = tmp_path / "engagement.yaml"
    engagement.write_text(ENGAGEMENT, encoding="utf-8")
    usual, big = audit_both(path, engagement, monkeypatch)
    assert big.calls_count == usual.calls_count
    assert_same_values(big.metrics, usual.metrics)
    assert comparable(big) == comparable(usual)


def test_the_demo_audit_streamed_equals_the_table_audit(
    demo_files: dict[str, Path], tiny_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo with its report: every record rule that fires on the demo fires identically, charts and all."""
    demo_sized_parts(monkeypatch)
    usual, big = audit_both(demo_files["calls"], demo_files["engagement"], monkeypatch, reports=[demo_files["report"]])
    assert_same_values(big.metrics, usual.metrics)
    assert comparable(big) == comparable(usual)
    assert big.comparisons == usual.comparisons


def talk_beyond_answer(folder: Path) -> Path:
    """The failing cases of ``talk_exceeds_answer`` as one canonical CSV (no fixture file has such calls)."""
    tables = [case_context(c).calls for c in cases_for_kind("talk_exceeds_answer") if c.expect == "fail"]
    frame = pd.concat([t.frame[list(COLUMN_NAMES)] for t in tables if t is not None], ignore_index=True)
    path = folder / "talk_beyond_answer.csv"
    frame.assign(call_id=[f"X{i}" for i in range(len(frame))]).to_csv(path, index=False)
    return path


def test_talk_beyond_answer_streamed_equals_the_table_audit(
    tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engagement = tmp_path / "engagement.yaml"
    engagement.write_text(ENGAGEMENT, encoding="utf-8")
    usual, big = audit_both(talk_beyond_answer(tmp_path), engagement, monkeypatch)
    assert "talk-longer-than-answered" in {f.rule for f in usual.findings}
    assert comparable(big) == comparable(usual)


def test_the_equality_means_something(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Across the inputs above, every record kind of the built-in packs makes at least one finding."""
    engagement = tmp_path / "engagement.yaml"
    engagement.write_text(ENGAGEMENT, encoding="utf-8")
    fired = set()
    for path in [*AUDITED, talk_beyond_answer(tmp_path)]:
        fired |= {f.rule for f in api.audit(calls=path, engagement=engagement).findings}
    demo = FIXTURES / "demo"
    fired |= {f.rule for f in api.audit(calls=demo / "calls.csv", engagement=demo / "engagement.yaml").findings}
    from auditor.engagement import load_engagement
    from auditor.engine.spec import load_rules

    record_rules = {s.id: s.kind for s in load_rules(load_engagement(engagement), []) if all_kinds()[s.kind].reads_records}
    silent = {rid: kind for rid, kind in record_rules.items() if rid not in fired}
    kinds_silent = set(silent.values()) - {record_rules[r] for r in fired if r in record_rules}
    assert not kinds_silent, f"record kinds that never fire on the fixtures: {sorted(kinds_silent)}"


def test_no_kind_reads_the_call_table_outside_its_summary() -> None:
    """A kind that read ``ctx.calls`` in its check would see nothing on a big file: only ``summarise`` gets a table."""
    offenders = [p.name for p in KINDS_DIR.glob("*.py") if "ctx.calls" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_record_kinds_declare_their_split() -> None:
    kinds = all_kinds()
    assert kinds["agent_overlap"].split == BY_AGENT
    assert {name for name, k in kinds.items() if k.reads_records} >= {
        "threshold_bunching",
        "duration_heaping",
        "density_discontinuity",
        "benford",
        "talk_exceeds_answer",
        "agent_overlap",
        "agent_capacity",
        "compliance",
        "compliant_call_rate",
        "group_outliers",
    }


#: Files of different columns audited together: one lacks campaign, agent and outcome (the spilled splits mix them).
MIXED = [
    FIXTURES / "records" / "canonical" / "hand.parquet",
    FIXTURES / "ingest" / "quality" / "dirty_canonical.csv",
    FIXTURES / "demo" / "calls.csv",
]


@pytest.mark.parametrize("files", [MIXED[:2], MIXED[1:], MIXED], ids=["parquet+csv", "csv+csv", "three"])
def test_files_of_different_columns_streamed_equal_the_table_audit(
    files: list[Path], tiny_parts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_sized_parts(monkeypatch)
    engagement = tmp_path / "engagement.yaml"
    engagement.write_text(ENGAGEMENT, encoding="utf-8")
    usual, big = audit_both(files, engagement, monkeypatch)
    assert big.calls_count == usual.calls_count == sum(len(api.read_calls(f).frame) for f in files)
    assert_same_values(big.metrics, usual.metrics)
    assert comparable(big) == comparable(usual)
