"""Markdown for tickets, the charts data on the findings JSON, and the SVG helpers."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.render import render
from auditor.render.svg import funnel_chart, nice_axis, nice_max
from auditor.render.view import FunnelStage, build_view, chart_notes, evidence_items
from auditor.result import AuditResult


@pytest.fixture(scope="module")
def markdown(demo_result: AuditResult) -> str:
    return render(demo_result, "md").decode("utf-8")


def test_markdown_leads_with_verdict_and_key_findings(markdown: str, demo_result: AuditResult) -> None:
    lines = markdown.splitlines()
    assert lines[0] == "# Audit: 示例外呼服务商 2026年10月"
    assert lines[2].startswith("**Verdict: Figures not supported by the records.** 0 critical, 6 high, 1 medium")
    key = markdown[markdown.index("## Key findings") : markdown.index("## Claimed vs recomputed")]
    assert len(re.findall(r"^\d+\. \*\*F\d{4}\*\*", key, flags=re.M)) == 7  # 6 high (5 claims, 1 compliance) + 1 medium


def test_markdown_table_has_claimed_recomputed_and_source(markdown: str) -> None:
    row = next(line for line in markdown.splitlines() if line.startswith("| 接通率 | period 2026-10 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[2] == "50.8%" and cells[3] == "43.69 % (5,243 / 12,000)" and cells[7] == "vendor_report.xlsx 汇总!B7"
    assert "F0007" in cells[6]


def test_markdown_findings_carry_evidence_and_sources(markdown: str) -> None:
    block = markdown[markdown.index("- **F0001**") : markdown.index("- **F0002**")]
    assert "effective_talk_s/effective_contacts; value 111.9 s; numerator / denominator 381,148 / 3,407; role contract" in block
    assert "Source: vendor_report.xlsx 汇总!B9" in block
    assert "45 of 12,000 dials (0.4 %) were placed outside the calling window" in markdown


def test_charts_on_the_json_agree_with_the_recomputed_metrics(demo_result: AuditResult) -> None:
    data = json.loads(render(demo_result, "json"))
    charts = data["charts"]
    overall = {
        m["metric"]: m["value"]
        for m in data["metrics"]
        if m["scope"] == {"campaign": None, "agent_id": None, "period": None} and m["is_default"]
    }
    hist = charts["talk_histogram"]
    assert hist["connected"] == overall["connected"]
    assert sum(b["count"] for b in hist["bins"]) + hist["overflow"]["count"] + hist["missing_talk"] == overall["connected"]
    assert hist["threshold_s"] == data["engagement"]["effective_threshold_s"]
    assert sum(h["dials"] for h in charts["calls_by_hour"]["hours"]) == overall["total_dials"]
    dials = next(f for f in charts["agent_outliers"]["figures"] if f["metric"] == "total_dials")
    assert sum(v["value"] for v in dials["values"]) == overall["total_dials"]


def test_evidence_of_unknown_shape_is_rendered_as_text_and_tables() -> None:
    items = evidence_items(
        {"count": 3, "p_value": 0.000123, "examples": ["c1", "c2"], "by_hour": [{"hour": 22, "dials": 3}], "note": None}
    )
    assert [(i.label, i.text) for i in items][:3] == [("Count", "3"), ("P value", "0.000123"), ("Examples", "c1, c2")]
    assert items[3].header == ("Hour", "Dials") and items[3].rows == (("22", "3"),)
    assert len(items) == 4  # empty values are left out


def test_chart_notes_explain_outliers_and_window(demo_result: AuditResult) -> None:
    notes = chart_notes(build_view(demo_result))
    assert "0.6745 × (value − median) / MAD" in notes["outliers"]
    assert notes["funnel"].startswith("Conversions claimed 230, records give 144 (+59.7 %)")


@given(st.floats(min_value=1e-6, max_value=1e12, allow_nan=False))
def test_axis_tops_are_round_and_cover_the_value(value: float) -> None:
    top = nice_axis(value)
    assert value <= top <= value * 4 * 1.51 + 1e-9
    step = top / 4
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(abs(mantissa - m) < 1e-9 for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10))
    assert nice_max(value) >= value


def test_funnel_chart_escapes_and_flags_gaps() -> None:
    svg = funnel_chart(
        [FunnelStage("conversions", "Conv <b>", 230, "r.xlsx B12", 144), FunnelStage("intents", "Intents", None, "", 524)]
    )
    assert "Conv &lt;b&gt;" in svg and "<b>" not in svg
    assert "+59.7 %" in svg and "not claimed" in svg
