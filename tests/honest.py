"""Honest audits for tests: seeded synthetic records and a vendor report written from their true figures.

The report prints what a careful vendor would: counts, rates under the contract's
definitions, averages, per-campaign rows and a daily table, each rounded by the
cell's number format. Any finding at medium or above on it (outside the threshold
category, which judges performance rather than honesty) is a false alarm.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import Workbook

from auditor.demo.synth import CampaignProfile, SynthConfig, generate_calls
from auditor.engagement import load_engagement
from auditor.ingest.table import CallTable
from auditor.metrics.compute import recompute
from auditor.metrics.model import MetricSet
from auditor.scope import Scope

PERIOD = "2026-10"

#: (label, metric, number format); rates use the default (contract) definitions.
SUMMARY = (
    ("外呼总量", "total_dials", "#,##0"),
    ("号码总数", "unique_numbers", "#,##0"),
    ("有效拨打数", "valid_dials", "#,##0"),
    ("有效号码数", "valid_numbers", "#,##0"),
    ("接通量", "connected", "#,##0"),
    ("有效通话数", "effective_contacts", "#,##0"),
    ("意向客户数", "intents", "#,##0"),
    ("成单数", "conversions", "#,##0"),
    ("投诉数", "complaints", "#,##0"),
    ("退订数", "opt_outs", "#,##0"),
    ("有效通话总时长(秒)", "effective_talk_s", "#,##0"),
    ("成交金额", "revenue", "#,##0.00"),
    ("接通率", "connect_rate", "0.0%"),
    ("号码有效率", "valid_number_rate", "0.0%"),
    ("空号率", "invalid_number_rate", "0.0%"),
    ("有效接通率", "effective_connect_rate", "0.0%"),
    ("平均有效通话时长(秒)", "avg_effective_talk_s", "0.0"),
    ("意向率", "intent_rate", "0.0%"),
    ("转化率", "conversion_rate", "0.00%"),
    ("投诉率", "complaint_rate", "0.00%"),
    ("退订率", "opt_out_rate", "0.0%"),
    ("客户满意度", "csat", "0.0%"),
    ("客单价", "avg_order_value", "#,##0.00"),
)
PER_CAMPAIGN = (
    ("外呼总量", "total_dials", "#,##0"),
    ("接通量", "connected", "#,##0"),
    ("接通率", "connect_rate", "0.0%"),
    ("意向率", "intent_rate", "0.0%"),
    ("成单数", "conversions", "#,##0"),
)
PER_DAY = (("外呼总量", "total_dials", "#,##0"), ("接通量", "connected", "#,##0"))


@dataclass(frozen=True)
class HonestCase:
    name: str
    scenario: str
    config: SynthConfig


def _profiles(scenario: str) -> tuple[CampaignProfile, ...]:
    if scenario == "notification":
        return (
            CampaignProfile(
                "账单提醒", invalid_share=0.05, answer_p=0.62, intent_p=0.05, convert_p=0.2, median_talk_s=55, order_value=50
            ),
            CampaignProfile(
                "物流通知", invalid_share=0.07, answer_p=0.58, intent_p=0.04, convert_p=0.2, median_talk_s=45, order_value=50
            ),
        )
    if scenario == "service":
        return (
            CampaignProfile(
                "售后回访", invalid_share=0.06, answer_p=0.55, intent_p=0.10, convert_p=0.2, median_talk_s=150, order_value=500
            ),
            CampaignProfile(
                "满意度调查", invalid_share=0.06, answer_p=0.50, intent_p=0.08, convert_p=0.1, median_talk_s=110, order_value=300
            ),
        )
    if scenario == "collection":
        return (
            CampaignProfile(
                "M1催收", invalid_share=0.15, answer_p=0.45, intent_p=0.25, convert_p=0.35, median_talk_s=90, order_value=1500
            ),
            CampaignProfile(
                "M2催收", invalid_share=0.22, answer_p=0.42, intent_p=0.20, convert_p=0.30, median_talk_s=80, order_value=2500
            ),
        )
    return SynthConfig().campaigns


HONEST_CASES = (
    HonestCase("marketing-seed-1", "marketing", SynthConfig(seed=101, n_dials=6_000, n_agents=18)),
    HonestCase("marketing-seed-2", "marketing", SynthConfig(seed=202, n_dials=4_000, n_agents=12)),
    HonestCase(
        "notification", "notification", SynthConfig(seed=303, n_dials=5_000, n_agents=15, campaigns=_profiles("notification"))
    ),
    HonestCase("service", "service", SynthConfig(seed=404, n_dials=3_000, n_agents=10, campaigns=_profiles("service"))),
    HonestCase("collection", "collection", SynthConfig(seed=505, n_dials=5_000, n_agents=16, campaigns=_profiles("collection"))),
    HonestCase("small-marketing", "marketing", SynthConfig(seed=606, n_dials=400, n_agents=3)),
)


def engagement_yaml(scenario: str) -> str:
    return f"""name: honest {scenario}
scenario: {scenario}
timezone: Asia/Shanghai
period: {PERIOD}
effective_threshold_s: 30
"""


def build_honest(case: HonestCase, folder: Path) -> dict[str, Path]:
    """Write calls.csv, engagement.yaml and report.xlsx for ``case`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    config = replace(case.config, start=f"{PERIOD}-01", days=31)
    frame = generate_calls(config)
    engagement_path = folder / "engagement.yaml"
    engagement_path.write_text(engagement_yaml(case.scenario), encoding="utf-8")
    engagement = load_engagement(engagement_path)
    table = CallTable.from_frame(frame, timezone=engagement.timezone, source="calls.csv")
    campaigns = sorted(frame["campaign"].unique())
    days = [f"{PERIOD}-{d:02d}" for d in range(1, 32)]
    truth = recompute(
        table,
        engagement.metric_settings(),
        scopes=[Scope(period=PERIOD), *(Scope(campaign=c, period=PERIOD) for c in campaigns), *(Scope(period=d) for d in days)],
    )
    calls_path = folder / "calls.csv"
    frame.to_csv(calls_path, index=False)
    report_path = folder / "report.xlsx"
    write_report(report_path, truth, campaigns, days)
    return {"calls": calls_path, "engagement": engagement_path, "report": report_path}


def _value(truth: MetricSet, metric: str, scope: Scope) -> float | None:
    found = truth.get(metric, scope)
    return None if found is None else found.value


def write_report(path: Path, truth: MetricSet, campaigns: list[str], days: list[str]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["统计周期", PERIOD])

    def rows(items: tuple[tuple[str, str, str], ...], scope: Scope) -> None:
        for label, metric, number_format in items:
            value = _value(truth, metric, scope)
            if value is None:
                continue
            ws.append([label, value])
            ws.cell(row=ws.max_row, column=2).number_format = number_format

    rows(SUMMARY, Scope(period=PERIOD))
    for campaign in campaigns:
        ws.append(["外呼任务", campaign])
        rows(PER_CAMPAIGN, Scope(campaign=campaign, period=PERIOD))
    ws = wb.create_sheet("日报")
    for day in days:
        ws.append(["统计周期", day])
        for label, metric, number_format in PER_DAY:
            ws.append([label, _value(truth, metric, Scope(period=day)) or 0])
            ws.cell(row=ws.max_row, column=2).number_format = number_format
    wb.save(path)
