"""Distributions behind the report's charts: talk-time histogram, dials by local hour, agent outliers.

Pure functions over the canonical call table and the recomputed :class:`MetricSet`;
each returns a JSON-ready dict (``AuditResult.charts``) so every renderer draws the
same numbers and a reader of the findings JSON can redraw them.

* :func:`talk_histogram` -- talk seconds of connected calls in fixed-width bins,
  with the effective threshold on a bin edge and the counts just below and just
  above it (calls padded to pass the threshold pile up just above it).
* :func:`calls_by_hour` -- dials and connects per local hour of the called party,
  with the engagement's calling window and the dials outside it (the
  ``outside_window`` rule of the compliance family, so chart and rate agree).
* :func:`agent_outliers` -- per-agent figures already recomputed for the ``agent``
  grouping, each with a robust z-score (modified z-score of Iglewicz and Hoaglin:
  ``0.6745 * (x - median) / MAD``; ``|z| > 3.5`` is an outlier). Median and MAD are
  not dragged by the outliers themselves, unlike mean and standard deviation.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from auditor.ingest.table import CallTable
from auditor.metrics.definitions.compliance import local_start, outside_window
from auditor.metrics.model import MetricSet
from auditor.metrics.settings import MetricSettings

#: Bin widths (seconds) the histogram chooses from, smallest first.
NICE_WIDTHS = (1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600)
#: Seconds either side of the effective threshold counted as "just below" / "just above".
NEAR_THRESHOLD_S = 5.0
#: Modified z-score above which an agent is an outlier (Iglewicz and Hoaglin 1993).
OUTLIER_Z = 3.5
#: Agents with fewer cases than this in a figure's denominator are shown but not scored.
MIN_VOLUME = 30
#: At most this many agents per figure are listed (outliers first, then by volume).
MAX_AGENTS = 400

#: Per-agent figures: (metric, definition or None for the default, title, volume block).
AGENT_FIGURES: tuple[tuple[str, str | None, str, str], ...] = (
    ("total_dials", None, "Dials", "total_dials"),
    ("connect_rate", "connected/total_dials", "Connect rate", "total_dials"),
    ("avg_effective_talk_s", "talk_s/connected", "Average talk time", "connected"),
    ("effective_connect_rate", None, "Effective contacts per connect", "connected"),
    ("conversion_rate", "conversions/effective_contacts", "Conversions per effective contact", "effective_contacts"),
    ("complaint_rate", "complaints/effective_contacts", "Complaints per effective contact", "effective_contacts"),
)


def distributions(calls: CallTable, settings: MetricSettings, metrics: MetricSet) -> dict[str, Any]:
    """Everything the charts need, JSON-ready: ``talk_histogram``, ``calls_by_hour``, ``agent_outliers``."""
    return {
        "talk_histogram": talk_histogram(calls, settings),
        "calls_by_hour": calls_by_hour(calls, settings),
        "agent_outliers": agent_outliers(metrics, has_agents=calls.has("agent_id")),
    }


def bin_width(threshold: float, upper: float, max_bins: int = 36) -> float:
    """Smallest nice width giving at most ``max_bins`` bins up to ``upper``, preferring one that divides ``threshold``."""
    fitting = [w for w in NICE_WIDTHS if math.ceil(upper / w) <= max_bins] or [NICE_WIDTHS[-1]]
    dividing = [w for w in fitting if threshold <= 0 or float(threshold / w).is_integer()]
    return float((dividing or fitting)[0])


def talk_histogram(calls: CallTable, settings: MetricSettings, *, max_bins: int = 36) -> dict[str, Any]:
    """Talk seconds of connected calls in bins of equal width, the last bin open-ended.

    The effective threshold is always a bin edge: the width divides it where a nice
    width can, else the first bin is narrower.
    The range covers the 99th percentile and twice the threshold; longer calls go
    in ``overflow``. Connected calls with no talk time are counted in ``missing_talk``.
    """
    threshold = float(settings.effective_threshold_s)
    frame = calls.frame
    connected = frame["disposition"] == "answered"
    talk_all = frame.loc[connected.fillna(False).astype(bool), "talk_s"]
    talk = talk_all.dropna().clip(lower=0.0).to_numpy(dtype=float)
    out: dict[str, Any] = {
        "unit": "seconds",
        "threshold_s": threshold,
        "connected": int(len(talk_all)),
        "missing_talk": int(talk_all.isna().sum()),
        "bin_s": None,
        "bins": [],
        "overflow": {"from_s": None, "count": 0},
        "median_s": None,
        "near_threshold": {"window_s": NEAR_THRESHOLD_S, "below": 0, "above": 0},
    }
    if len(talk) == 0:
        return out
    p99 = float(np.quantile(talk, 0.99))
    upper_target = max(p99, 2 * threshold, 10.0)
    width = bin_width(threshold, upper_target, max_bins)
    upper = math.ceil(upper_target / width) * width
    offset = threshold % width  # when no nice width divides the threshold, the first bin is narrower so the threshold is an edge
    edges = np.arange(offset, upper + width / 2, width)
    if offset > 0:
        edges = np.concatenate([[0.0], edges])[: max_bins + 1]
        upper = float(edges[-1])
    counts, _ = np.histogram(talk[talk < upper], bins=edges)
    out["bin_s"] = width
    out["bins"] = [
        {"lo": float(lo), "hi": float(hi), "count": int(n)} for lo, hi, n in zip(edges[:-1], edges[1:], counts, strict=True)
    ]
    out["overflow"] = {"from_s": float(upper), "count": int((talk >= upper).sum())}
    out["median_s"] = round(float(np.median(talk)), 3)
    below = int(((talk >= threshold - NEAR_THRESHOLD_S) & (talk < threshold)).sum())
    above = int(((talk >= threshold) & (talk < threshold + NEAR_THRESHOLD_S)).sum())
    out["near_threshold"] = {"window_s": NEAR_THRESHOLD_S, "below": below, "above": above}
    return out


def calls_by_hour(calls: CallTable, settings: MetricSettings) -> dict[str, Any]:
    """Dials, connects and dials outside the calling window per local hour (0-23) of the called party."""
    rules = settings.compliance
    zone = rules.called_party_timezone or calls.timezone
    local = local_start(calls, settings)
    known = local.notna()
    hours = local.dt.hour
    connected = (calls.frame["disposition"] == "answered").fillna(False).astype(bool)
    outside = outside_window(local, settings)
    table = pd.DataFrame({"hour": hours[known].astype(int), "connected": connected[known], "outside": outside[known]})
    grouped = table.groupby("hour").agg(dials=("hour", "size"), connected=("connected", "sum"), outside=("outside", "sum"))
    grouped = grouped.reindex(range(24), fill_value=0)
    weekdays = sorted(rules.allowed_weekdays)
    return {
        "timezone": zone,
        "window": {"start": rules.window_start.strftime("%H:%M"), "end": _clock(rules.window_end), "weekdays": weekdays},
        "hours": [
            {"hour": int(h), "dials": int(r["dials"]), "connected": int(r["connected"]), "outside_window": int(r["outside"])}
            for h, r in zip(grouped.index, grouped.to_dict("records"), strict=True)
        ],
        "dials": int(known.sum()),
        "no_start_time": int((~known).sum()),
        "outside_window": int(outside[known].sum()),
    }


def _clock(value: Any) -> str:
    return "24:00" if (value.hour, value.minute, value.second) == (23, 59, 59) else str(value.strftime("%H:%M"))


def robust_z(values: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Modified z-scores ``0.6745 (x - median) / MAD``, with the median and the MAD.

    When the MAD is 0 (more than half the values equal) the mean absolute deviation
    stands in, scaled by 1.2533 to the same normal-consistent scale; when that is 0
    too, every z is 0.
    """
    if len(values) == 0:
        return np.zeros(0), math.nan, math.nan
    median = float(np.median(values))
    deviations = np.abs(values - median)
    mad = float(np.median(deviations))
    if mad > 0:
        return 0.6745 * (values - median) / mad, median, mad
    mean_ad = float(np.mean(deviations))
    if mean_ad > 0:
        return (values - median) / (1.253314 * mean_ad), median, mad
    return np.zeros(len(values)), median, mad


def agent_outliers(
    metrics: MetricSet, *, has_agents: bool = True, min_volume: int = MIN_VOLUME, threshold: float = OUTLIER_Z
) -> dict[str, Any]:
    """Per-agent figures (from the ``agent`` grouping of the recompute) with robust z-scores.

    Agents whose figure rests on fewer than ``min_volume`` cases (dials, connects or
    effective contacts, by figure) are listed with ``z = None`` and never flagged.
    """
    agent_scopes = sorted(
        {v.scope for v in metrics if v.scope.agent_id is not None and v.scope.campaign is None and v.scope.period is None},
        key=lambda s: s.agent_id or "",
    )
    figures = []
    for metric, definition, title, volume_block in AGENT_FIGURES:
        rows: list[dict[str, Any]] = []
        for scope in agent_scopes:
            value = metrics.get(metric, scope, definition)
            volume = metrics.get(volume_block, scope)
            if value is None or value.value is None or (isinstance(value.value, float) and math.isnan(value.value)):
                continue
            n = int(volume.value) if volume is not None and volume.value is not None else 0
            rows.append(
                {
                    "agent_id": scope.agent_id,
                    "value": float(value.value),
                    "n": n,
                    "unit": value.unit.value,
                    "numerator": value.numerator,
                    "denominator": value.denominator,
                }
            )
        scored = [r for r in rows if r["n"] >= min_volume]
        z, median, mad = robust_z(np.array([r["value"] for r in scored], dtype=float))
        for row, score in zip(scored, z, strict=False):
            row["z"] = round(float(score), 3)
            row["outlier"] = bool(abs(score) > threshold)
        for row in rows:
            row.setdefault("z", None)
            row.setdefault("outlier", False)
        rows.sort(key=lambda r: (not r["outlier"], -r["n"], r["agent_id"]))
        unit = rows[0]["unit"] if rows else None
        figures.append(
            {
                "metric": metric,
                "definition": definition or metric,
                "title": title,
                "unit": unit,
                "volume": volume_block,
                "agents": len(rows),
                "scored": len(scored),
                "median": None if math.isnan(median) else median,
                "mad": None if math.isnan(mad) else mad,
                "outliers": sum(r["outlier"] for r in rows),
                "values": [{k: v for k, v in r.items() if k != "unit"} for r in rows[:MAX_AGENTS]],
                "truncated": max(0, len(rows) - MAX_AGENTS),
            }
        )
    return {
        "method": "modified z-score 0.6745*(x - median)/MAD (Iglewicz and Hoaglin); |z| > 3.5 is an outlier",
        "threshold": threshold,
        "min_volume": min_volume,
        "agents": len(agent_scopes),
        "available": has_agents and bool(agent_scopes),
        "figures": figures,
    }


__all__ = ["AGENT_FIGURES", "agent_outliers", "bin_width", "calls_by_hour", "distributions", "robust_z", "talk_histogram"]
