"""The bundled demo engagement: a month of calls, an engagement file, and a vendor report that inflates.

``build_demo(folder)`` writes ``calls.csv`` (Chinese headers, UTF-8 with BOM),
``engagement.yaml`` and ``vendor_report.xlsx``. The report states some figures
honestly and inflates others in the ways METRICS.md section 4 describes; the
manipulations are listed in :data:`MANIPULATIONS` so tests can check the audit
catches each one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from auditor.demo.synth import SynthConfig, generate_calls
from auditor.engagement import load_engagement
from auditor.ingest.table import CallTable
from auditor.metrics.compute import recompute
from auditor.metrics.model import MetricSet
from auditor.scope import Scope

PERIOD = "2026-10"
CHINESE_HEADERS = {
    "call_id": "通话ID",
    "start_time": "开始时间",
    "answer_time": "接通时间",
    "end_time": "结束时间",
    "phone": "被叫号码",
    "campaign": "外呼任务",
    "agent_id": "坐席工号",
    "disposition": "呼叫结果",
    "ring_s": "振铃时长(秒)",
    "talk_s": "通话时长(秒)",
    "outcome": "业务结果",
    "complaint": "是否投诉",
    "opt_out": "是否退订",
    "follow_up": "是否跟进",
    "csat_score": "满意度评分",
    "revenue": "成交金额",
    "recording_id": "录音编号",
}
DISPOSITION_ZH = {
    "answered": "已接通",
    "no_answer": "无人接听",
    "busy": "忙线",
    "rejected": "拒接",
    "voicemail": "语音信箱",
    "abandoned": "呼损",
    "failed": "呼叫失败",
    "invalid_number": "空号",
}
OUTCOME_ZH = {"none": "无效", "effective": "有效沟通", "intent": "意向", "converted": "成交", "": ""}

ENGAGEMENT_YAML = """\
# Demo engagement: an outsourced telemarketing vendor, October 2026.
name: 示例外呼服务商 2026年10月
scenario: marketing
timezone: Asia/Shanghai
period: 2026-10
effective_threshold_s: 30
definitions:
  connect_rate: connected/total_dials       # the contract prices connects over all dials
  conversion_rate: conversions/effective_contacts
targets:
  connect_rate: {min: 0.40}
  complaint_rate: {max: 0.01}
calling_window: {start: "08:00", end: "21:00"}
frequency_cap: {per_day: 3, per_week: 10}
price: {model: per_minute, rate: 0.15, currency: CNY, billing_increment_s: 60}
"""


@dataclass(frozen=True)
class Manipulation:
    """One way the demo report departs from the records."""

    label: str
    metric: str
    how: str
    expected_rule: str | None  # rule that should catch it; None = honest figure


MANIPULATIONS = (
    Manipulation("外呼总量", "total_dials", "honest", None),
    Manipulation("接通率", "connect_rate", "computed over valid dials instead of all dials", "claim-definition-mismatch"),
    Manipulation("平均有效通话时长(秒)", "avg_effective_talk_s", "inflated by 18 %", "claim-mismatch"),
    Manipulation("成单数", "conversions", "inflated by 60 %", "claim-mismatch"),
    Manipulation("转化率", "conversion_rate", "built on the inflated conversions", "claim-mismatch"),
    Manipulation("投诉率", "complaint_rate", "understated to 40 % of the real rate", "claim-mismatch"),
    Manipulation("系统可用率", "uptime", "claimed-only figure", "claim-unverifiable"),
)


def demo_config() -> SynthConfig:
    return SynthConfig(seed=20261101, n_dials=12_000, n_agents=30, after_hours_share=0.004)


def build_demo(folder: Path) -> dict[str, Path]:
    """Write the demo's calls, engagement and vendor report into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    frame = generate_calls(demo_config())
    engagement_path = folder / "engagement.yaml"
    engagement_path.write_text(ENGAGEMENT_YAML, encoding="utf-8")
    engagement = load_engagement(engagement_path)
    table = CallTable.from_frame(frame, timezone=engagement.timezone, source="calls.csv")
    campaigns = sorted(frame["campaign"].unique())
    truth = recompute(
        table, engagement.metric_settings(), scopes=[Scope(period=PERIOD), *(Scope(campaign=c, period=PERIOD) for c in campaigns)]
    )

    export = frame.copy()
    export["disposition"] = export["disposition"].map(DISPOSITION_ZH)
    export["outcome"] = export["outcome"].map(OUTCOME_ZH)
    for flag in ("complaint", "opt_out", "follow_up"):
        export[flag] = export[flag].map({"1": "是", "0": "否", "": ""})
    export = export.rename(columns=CHINESE_HEADERS)
    calls_path = folder / "calls.csv"
    export.to_csv(calls_path, index=False, encoding="utf-8-sig", lineterminator="\n")

    report_path = folder / "vendor_report.xlsx"
    _write_report(report_path, truth, campaigns)
    return {"calls": calls_path, "engagement": engagement_path, "report": report_path}


def _value(truth: MetricSet, metric: str, scope: Scope, definition: str | None = None) -> float:
    found = truth.get(metric, scope, definition)
    assert found is not None and found.value is not None, f"{metric} {scope} {definition}"
    return found.value


def _write_report(path: Path, truth: MetricSet, campaigns: list[str]) -> None:
    month = Scope(period=PERIOD)
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook always has its one worksheet
    ws.title = "汇总"
    ws.append(["示例外呼服务商 · 2026年10月外呼服务报告"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["统计周期", "2026-10-01 至 2026-10-31"])
    ws.append([])
    ws.append(["指标", "本月数值"])
    conversions = round(_value(truth, "conversions", month) * 1.6)
    effective = _value(truth, "effective_contacts", month)
    rows: list[tuple[str, float, str]] = [
        ("外呼总量", _value(truth, "total_dials", month), "#,##0"),
        ("接通量", _value(truth, "connected", month), "#,##0"),
        ("接通率", _value(truth, "connect_rate", month, "connected/valid_dials"), "0.0%"),
        ("有效接通率", _value(truth, "effective_connect_rate", month), "0.0%"),
        ("平均有效通话时长(秒)", round(_value(truth, "avg_effective_talk_s", month) * 1.18, 1), "0.0"),
        ("意向客户数", _value(truth, "intents", month), "#,##0"),
        ("意向率", _value(truth, "intent_rate", month), "0.0%"),
        ("成单数", conversions, "#,##0"),
        ("转化率", conversions / effective, "0.0%"),
        ("投诉率", _value(truth, "complaint_rate", month) * 0.4, "0.00%"),
        ("客户满意度", _value(truth, "csat", month), "0.0%"),
        ("单个线索成本(元)", round(_value(truth, "cost_per_lead", month), 2), "#,##0.00"),
        ("系统可用率", 0.9995, "0.00%"),
        ("坐席出勤率", 0.98, "0.0%"),
    ]
    for label, value, number_format in rows:
        ws.append([label, value])
        ws.cell(row=ws.max_row, column=2).number_format = number_format
    ws.append([])
    ws.append(["分任务明细"])
    for campaign in campaigns:
        scope = Scope(campaign=campaign, period=PERIOD)
        ws.append(["外呼任务", campaign])
        connect = _value(truth, "connect_rate", scope)
        if campaign == "电商大促":
            connect *= 1.25  # the weakest campaign is dressed up
        for label, value, number_format in (
            ("外呼总量", _value(truth, "total_dials", scope), "#,##0"),
            ("接通率", connect, "0.0%"),
            ("意向率", _value(truth, "intent_rate", scope), "0.0%"),
        ):
            ws.append([label, value])
            ws.cell(row=ws.max_row, column=2).number_format = number_format
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 22
    wb.save(path)
