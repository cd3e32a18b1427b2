"""Rule kind ``group_outliers``: agents or campaigns whose rate departs from their peers.

What it checks:
    For every group (``by``: ``agent_id`` or ``campaign``; optionally only against
    peers in the same ``within`` stratum, e.g. agents within their campaign) the
    rate ``rate`` (numerator and denominator from the per-dial flags the metrics
    use) is tested against the pooled rate of the *other* groups of its stratum
    with a two-sided exact binomial test. The p-values of all groups tested are
    adjusted by Benjamini-Hochberg; a group is reported when its q-value is at
    most ``fdr`` and its rate differs from the pooled one by at least
    ``min_abs_diff``. One finding per outlying group, scoped to it.

Why it matters:
    Inflation is rarely spread evenly: one team padding talk time or marking
    every contact "effective" shows as a rate far from colleagues working the
    same list. Controlling the false-discovery rate keeps a 200-agent floor from
    producing outliers by chance.

Parameters:
    rate: one of connect_rate, valid_number_rate, effective_connect_rate, call_completion_rate,
        intent_rate, conversion_rate, complaint_rate, opt_out_rate, compliant_call_rate.
    by: grouping column (agent_id or campaign).
    within: stratum column the peers must share (campaign), or null for all.
    fdr: Benjamini-Hochberg false-discovery level.
    min_abs_diff: smallest |group rate - pooled rate| worth reporting (ratio, 0.1 = 10 points).
    min_denominator: groups with a smaller denominator are not tested.

Example:
    Agent A017 (信用卡分期): effective_connect_rate 0.93 (186 of 200) against 0.61 for
    the campaign's other agents; p = 2e-22, BH q = 1e-20 over 30 agents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

from auditor import stats
from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.ingest.table import CallTable
from auditor.kinds._records import p_value, rounded, sources
from auditor.metrics.definitions import compliance, conversion, reach, talk
from auditor.metrics.settings import MetricSettings
from auditor.scope import Scope

#: rate -> (numerator flag, denominator flag, columns the records must have supplied)
RATES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "connect_rate": ("is_connected", "is_dial", ()),
    "valid_number_rate": ("is_valid", "is_dial", ()),
    "effective_connect_rate": ("is_effective", "is_connected", ()),
    "call_completion_rate": ("is_completed", "is_connected", ()),
    "intent_rate": ("is_intent", "is_effective", ("outcome",)),
    "conversion_rate": ("is_conversion", "is_effective", ("outcome",)),
    "complaint_rate": ("is_complaint", "is_effective", ("complaint",)),
    "opt_out_rate": ("is_opt_out", "is_effective", ("opt_out",)),
    "compliant_call_rate": ("is_compliant", "is_valid", ()),
}
GROUPS = ("agent_id", "campaign")
#: which metric family builds each per-dial flag (only the families a rate needs are computed)
FAMILY = {
    "is_dial": reach,
    "is_valid": reach,
    "is_connected": reach,
    "is_effective": talk,
    "is_completed": talk,
    "is_intent": conversion,
    "is_conversion": conversion,
    "is_complaint": conversion,
    "is_opt_out": conversion,
    "is_compliant": compliance,
}


def rate_rows(calls: CallTable, settings: MetricSettings, rate: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """The rate's numerator and denominator flags per dial (the metrics' own definitions), beside ``columns``."""
    numerator, denominator, _ = RATES[rate]
    rows = {c: calls.frame[c] for c in columns}
    for family in {FAMILY[numerator], FAMILY[denominator]}:
        flags = family.row_columns(calls, settings)
        rows.update({k: v for k, v in flags.items() if k in (numerator, denominator)})
    return pd.DataFrame(rows, index=calls.frame.index)


@dataclass(frozen=True, slots=True)
class Params:
    rate: str = field(default="effective_connect_rate", metadata={"help": f"one of {', '.join(RATES)}"})
    by: str = field(default="agent_id", metadata={"help": "grouping column: agent_id or campaign"})
    within: str | None = field(default=None, metadata={"help": "stratum the peers share (campaign) or null"})
    fdr: float = field(default=0.01, metadata={"help": "Benjamini-Hochberg false-discovery level"})
    min_abs_diff: float = field(default=0.1, metadata={"help": "smallest |group rate - pooled rate|"})
    min_denominator: int = field(default=30, metadata={"help": "groups with a smaller denominator are not tested"})

    def __post_init__(self) -> None:
        if self.rate not in RATES:
            raise ValueError(f"rate must be one of {', '.join(RATES)}")
        if self.by not in GROUPS or (self.within is not None and (self.within not in GROUPS or self.within == self.by)):
            raise ValueError("by is agent_id or campaign; within is the other one or null")
        if not 0 < self.fdr < 1 or self.min_abs_diff < 0 or self.min_denominator < 1:
            raise ValueError("0 < fdr < 1, min_abs_diff >= 0, min_denominator >= 1")


def group_counts(rows: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Numerator and denominator per (stratum, group) of ``rows``: counts that add up across parts."""
    numerator, denominator, _ = RATES[p.rate]
    everyone = pd.Series(pd.Categorical(np.zeros(len(rows), dtype="int8"), categories=[0]), index=rows.index)
    data = pd.DataFrame(
        {
            "stratum": rows[p.within].astype("category") if p.within else everyone,
            "group": rows[p.by].astype("category"),
            "num": rows[numerator].astype("int64"),
            "den": rows[denominator].astype("int64"),
        }
    )
    # grouped on category codes (fast), then labelled as text: parts with different categories add up by label
    counts = data.groupby(["stratum", "group"], observed=True)[["num", "den"]].sum()
    strata = counts.index.get_level_values(0).astype(str) if p.within else pd.Index(["(all)"] * len(counts))
    counts.index = pd.MultiIndex.from_arrays([strata, counts.index.get_level_values(1).astype(str)], names=["stratum", "group"])
    return counts.sort_index()


def group_table(counts: pd.DataFrame, p: Params) -> pd.DataFrame:
    """Per group: numerator, denominator, the pooled rate of its peers, p-value and BH q-value."""
    table = counts.copy()
    totals = table.groupby(level="stratum").transform("sum")
    table["peer_num"] = totals["num"] - table["num"]
    table["peer_den"] = totals["den"] - table["den"]
    table = table[(table["den"] >= p.min_denominator) & (table["peer_den"] > 0)].copy()
    table["rate"] = table["num"] / table["den"]
    table["pooled"] = table["peer_num"] / table["peer_den"]
    table["p_value"] = stats.binomial_two_sided_p(table["num"].to_numpy(), table["den"].to_numpy(), table["pooled"].to_numpy())
    table["q_value"] = stats.benjamini_hochberg(table["p_value"].to_numpy())
    return table


@dataclass(frozen=True)
class GroupCounts:
    """Numerator and denominator per (stratum, group), sorted."""

    table: pd.DataFrame

    def __add__(self, other: GroupCounts) -> GroupCounts:
        both = pd.concat([self.table, other.table])
        return GroupCounts(both.groupby(level=["stratum", "group"], sort=True).sum())


def summarise(rule: RuleSpec[Params], calls: CallTable, engagement: Engagement) -> GroupCounts | None:
    """The rate's counts per group of ``calls`` (None when the records lack a column the rate or grouping needs)."""
    p = rule.params
    needs = (p.by, *((p.within,) if p.within else ()), *RATES[p.rate][2])
    if not all(calls.has(c) for c in needs):
        return None
    rows = rate_rows(calls, engagement.metric_settings(), p.rate, (p.by, *((p.within,) if p.within else ())))
    return GroupCounts(group_counts(rows, p))


@register_kind("group_outliers", params=Params, summarise=summarise)
def check(rule: RuleSpec[Params], ctx: AuditContext, counts: GroupCounts) -> Iterator[Finding]:
    """Agents or campaigns whose rate differs from their peers' (exact binomial, Benjamini-Hochberg)."""
    p = rule.params
    table = group_table(counts.table, p)
    flagged = table[(table["q_value"] <= p.fdr) & ((table["rate"] - table["pooled"]).abs() >= p.min_abs_diff)]
    label = "agent" if p.by == "agent_id" else "campaign"
    for key, row in flagged.iterrows():
        stratum, group = cast(tuple[Any, Any], key)
        peers = f"the other {label}s" + (f" of {p.within} {stratum}" if p.within else "")
        scope = Scope(agent_id=str(group)) if p.by == "agent_id" else Scope(campaign=str(group))
        if p.within == "campaign":
            scope = Scope(agent_id=str(group), campaign=str(stratum))
        yield rule.finding(
            f"{label.capitalize()} {group}: {p.rate} {row['rate']:.3f} ({int(row['num'])} of {int(row['den'])}) against "
            f"{row['pooled']:.3f} for {peers} (p = {row['p_value']:.2g}, BH q = {row['q_value']:.2g} over {len(table)} {label}s)",
            metric=p.rate,
            scope=scope,
            recomputed=rounded(row["rate"], 6),
            evidence={
                "test": "two-sided exact binomial vs peers, Benjamini-Hochberg",
                "group": str(group),
                "stratum": None if not p.within else str(stratum),
                "numerator": int(row["num"]),
                "denominator": int(row["den"]),
                "rate": rounded(row["rate"]),
                "pooled_rate": rounded(row["pooled"]),
                "statistic": int(row["num"]),
                "p_value": p_value(row["p_value"]),
                "q_value": p_value(row["q_value"]),
                "fdr": p.fdr,
                "groups_tested": int(len(table)),
                "min_abs_diff": p.min_abs_diff,
            },
            sources=sources(ctx),
        )
