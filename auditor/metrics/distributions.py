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

Big files are read in parts: the histogram and the hourly counts come from additive
:class:`ChartSummary` values (:func:`summarise_charts` on each part, ``+`` to add them
in any order, :func:`charts_from` on the total), and the in-memory path is the one-part
case of the same code, so both give the same charts. Counts are exact; the 99th
percentile (which sets the range) and the median come from a
:class:`~auditor.sketch.ValueCounts` of talk times rounded to 5 significant digits
(exact for whole seconds, at most 5e-5 relative otherwise).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from auditor.ingest.table import CallTable
from auditor.ingest.zone import TableZone
from auditor.metrics.definitions.compliance import local_start, outside_window, sort_times
from auditor.metrics.model import MetricSet
from auditor.metrics.settings import MetricSettings
from auditor.sketch import ValueCounts

#: At most this many histogram bins (the default).
MAX_BINS = 36
#: Tail key of infinite talk times (beyond every edge).
_NEVER = float(np.iinfo(np.int64).max // 2)
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
    return charts_from(
        summarise_charts(calls, settings), settings, metrics, has_agents=calls.has("agent_id"), timezone=calls.zone
    )


@dataclass(frozen=True, slots=True, eq=False)
class ChartSummary:
    """Additive counts behind ``talk_histogram`` and ``calls_by_hour`` for one part of the call records.

    Summaries of any partition of the rows add up (``a + b``) to the summary of all of
    them; :func:`charts_from` turns the total into the charts. Picklable.

    Talk times of connected calls are kept in *unit bins* ``[f + j, f + j + 1)``
    (``f`` the fractional part of the threshold; index 0 is ``[0, f)``) up to
    ``max_bins * 600`` s, the largest upper edge a histogram with a threshold off a
    600 s multiple can have; beyond it, in sparse 600 s bins. Every edge set the
    histogram can choose is a subset of those edges, so the bins are rebuilt exactly.
    ``talk`` (a :class:`ValueCounts`) gives the 99th percentile that sets the range,
    and the median.
    """

    threshold_s: float
    max_bins: int
    connected: int
    missing_talk: int
    talk: ValueCounts
    unit_counts: np.ndarray  # int64, max_bins * 600 + 1 unit bins
    tail_keys: np.ndarray  # int64, floor(talk / 600) of talk >= f + max_bins * 600, sorted unique
    tail_counts: np.ndarray  # int64
    near_below: int
    near_above: int
    hour_dials: np.ndarray  # int64 per local hour 0-23
    hour_connected: np.ndarray
    hour_outside: np.ndarray
    no_start_time: int

    @classmethod
    def empty(cls, settings: MetricSettings, *, max_bins: int = MAX_BINS) -> ChartSummary:
        """The summary of no rows (the zero of ``+``)."""
        return summarise_charts(CallTable.empty(), settings, max_bins=max_bins)

    def __add__(self, other: ChartSummary) -> ChartSummary:
        if not isinstance(other, ChartSummary):
            return NotImplemented
        if (self.threshold_s, self.max_bins) != (other.threshold_s, other.max_bins):
            raise ValueError("chart summaries of different thresholds or bin limits cannot be added")
        tail_keys, tail_counts = _merge_sparse(self.tail_keys, self.tail_counts, other.tail_keys, other.tail_counts)
        return ChartSummary(
            threshold_s=self.threshold_s,
            max_bins=self.max_bins,
            connected=self.connected + other.connected,
            missing_talk=self.missing_talk + other.missing_talk,
            talk=self.talk + other.talk,
            unit_counts=self.unit_counts + other.unit_counts,
            tail_keys=tail_keys,
            tail_counts=tail_counts,
            near_below=self.near_below + other.near_below,
            near_above=self.near_above + other.near_above,
            hour_dials=self.hour_dials + other.hour_dials,
            hour_connected=self.hour_connected + other.hour_connected,
            hour_outside=self.hour_outside + other.hour_outside,
            no_start_time=self.no_start_time + other.no_start_time,
        )

    @property
    def fraction(self) -> float:
        """Fractional part of the threshold: unit bins start at ``fraction + j``."""
        return self.threshold_s - math.floor(self.threshold_s)

    @property
    def cap(self) -> int:
        """Unit bins cover talk below ``fraction + cap`` seconds."""
        return self.max_bins * 600

    def talk_below(self, edge: float) -> int:
        """Connected calls with talk time below ``edge``: 0 or ``fraction + j`` (a unit edge), or a 600 s multiple beyond."""
        if edge <= 0:
            return 0
        j = round(edge - self.fraction)
        if j <= self.cap:
            return int(self.unit_counts[: j + 1].sum())
        return int(self.unit_counts.sum() + self.tail_counts[self.tail_keys < j // 600].sum())


def summarise_charts(calls: CallTable, settings: MetricSettings, *, max_bins: int = MAX_BINS) -> ChartSummary:
    """The additive :class:`ChartSummary` of these call records (any part of a file, or all of it)."""
    threshold = float(settings.effective_threshold_s)
    fraction = threshold - math.floor(threshold)
    cap = max_bins * 600
    frame = calls.frame
    connected = (frame["disposition"] == "answered").fillna(False).astype(bool)
    talk_all = frame.loc[connected, "talk_s"]
    talk = talk_all.dropna().clip(lower=0.0).to_numpy(dtype=float)
    inside = talk < fraction + cap
    unit = np.floor(talk[inside] - fraction)
    unit -= (fraction + unit) > talk[inside]  # float steps as the edges are computed, so bins agree at the edges
    unit += (fraction + (unit + 1)) <= talk[inside]
    beyond = talk[~inside]
    coarse = np.where(np.isfinite(beyond), np.floor(beyond / 600), _NEVER)
    coarse -= np.where(np.isfinite(beyond), coarse * 600 > beyond, False)
    tail_keys, tail_counts = np.unique(coarse.astype(np.int64), return_counts=True)
    below = int(((talk >= threshold - NEAR_THRESHOLD_S) & (talk < threshold)).sum())
    above = int(((talk >= threshold) & (talk < threshold + NEAR_THRESHOLD_S)).sum())

    local = local_start(calls, settings)
    known = local.notna().to_numpy()
    hours = (sort_times(local)[known] // 3_600_000_000_000) % 24  # local wall-clock nanoseconds
    outside = outside_window(local, settings).to_numpy()[known]
    dialled = connected.to_numpy()[known]
    return ChartSummary(
        threshold_s=threshold,
        max_bins=max_bins,
        connected=int(len(talk_all)),
        missing_talk=int(talk_all.isna().sum()),
        talk=ValueCounts.of(talk),
        unit_counts=np.bincount((unit + 1).astype(np.int64), minlength=cap + 1).astype(np.int64),
        tail_keys=tail_keys.astype(np.int64),
        tail_counts=tail_counts.astype(np.int64),
        near_below=below,
        near_above=above,
        hour_dials=np.bincount(hours, minlength=24).astype(np.int64),
        hour_connected=np.bincount(hours[dialled], minlength=24).astype(np.int64),
        hour_outside=np.bincount(hours[outside], minlength=24).astype(np.int64),
        no_start_time=int((~known).sum()),
    )


def charts_from(
    summary: ChartSummary, settings: MetricSettings, metrics: MetricSet, *, has_agents: bool, timezone: str | TableZone
) -> dict[str, Any]:
    """The charts (as :func:`distributions`) from the total summary; ``timezone``: the records' (``calls.zone``)."""
    return {
        "talk_histogram": histogram_from(summary),
        "calls_by_hour": hours_from(summary, settings, timezone),
        "agent_outliers": agent_outliers(metrics, has_agents=has_agents),
    }


def _merge_sparse(
    keys_a: np.ndarray, counts_a: np.ndarray, keys_b: np.ndarray, counts_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    keys = np.concatenate([keys_a, keys_b])
    counts = np.concatenate([counts_a, counts_b])
    unique, inverse = np.unique(keys, return_inverse=True)
    total = np.zeros(len(unique), dtype=np.int64)
    np.add.at(total, inverse, counts)
    return unique.astype(np.int64), total


def bin_width(threshold: float, upper: float, max_bins: int = MAX_BINS) -> float:
    """Smallest nice width giving at most ``max_bins`` bins up to ``upper``, preferring one that divides ``threshold``."""
    fitting = [w for w in NICE_WIDTHS if math.ceil(upper / w) <= max_bins] or [NICE_WIDTHS[-1]]
    dividing = [w for w in fitting if threshold <= 0 or float(threshold / w).is_integer()]
    return float((dividing or fitting)[0])


def talk_histogram(calls: CallTable, settings: MetricSettings, *, max_bins: int = MAX_BINS) -> dict[str, Any]:
    """Talk seconds of connected calls in bins of equal width, the last bin open-ended (see :func:`histogram_from`)."""
    return histogram_from(summarise_charts(calls, settings, max_bins=max_bins))


def histogram_from(summary: ChartSummary) -> dict[str, Any]:
    """Talk seconds of connected calls in bins of equal width, the last bin open-ended.

    The effective threshold is always a bin edge: the width divides it where a nice
    width can, else the first bin is narrower.
    The range covers the 99th percentile and twice the threshold; longer calls go
    in ``overflow``. Connected calls with no talk time are counted in ``missing_talk``.
    The 99th percentile and the median come from the summary's :class:`ValueCounts`
    (talk rounded to 5 significant digits; exact for whole seconds).
    """
    threshold, max_bins = summary.threshold_s, summary.max_bins
    out: dict[str, Any] = {
        "unit": "seconds",
        "threshold_s": threshold,
        "connected": summary.connected,
        "missing_talk": summary.missing_talk,
        "bin_s": None,
        "bins": [],
        "overflow": {"from_s": None, "count": 0},
        "median_s": None,
        "near_threshold": {"window_s": NEAR_THRESHOLD_S, "below": 0, "above": 0},
    }
    timed = summary.connected - summary.missing_talk
    if timed == 0:
        return out
    p99 = summary.talk.quantile(0.99)
    upper_target = max(0.0 if math.isnan(p99) else p99, 2 * threshold, 10.0)
    width = bin_width(threshold, upper_target, max_bins)
    upper = math.ceil(upper_target / width) * width
    offset = threshold % width  # when no nice width divides the threshold, the first bin is narrower so the threshold is an edge
    # offset + k * width, each correctly rounded (np.arange accumulates the step and can drift by an ulp)
    edges = offset + np.arange(len(np.arange(offset, upper + width / 2, width))) * width
    if offset > 0:
        edges = np.concatenate([[0.0], edges])[: max_bins + 1]
        upper = float(edges[-1])
    below = np.array([summary.talk_below(float(e)) for e in edges])  # at most max_bins + 1 edges
    counts = np.diff(below)
    out["bin_s"] = width
    out["bins"] = [
        {"lo": float(lo), "hi": float(hi), "count": int(n)} for lo, hi, n in zip(edges[:-1], edges[1:], counts, strict=True)
    ]
    out["overflow"] = {"from_s": float(upper), "count": int(timed - summary.talk_below(float(upper)))}
    median = summary.talk.median()
    out["median_s"] = None if math.isnan(median) else round(median, 3)
    out["near_threshold"] = {"window_s": NEAR_THRESHOLD_S, "below": summary.near_below, "above": summary.near_above}
    return out


def calls_by_hour(calls: CallTable, settings: MetricSettings) -> dict[str, Any]:
    """Dials, connects and dials outside the calling window per local hour (0-23) of the called party."""
    return hours_from(summarise_charts(calls, settings), settings, calls.zone)


def hours_from(summary: ChartSummary, settings: MetricSettings, timezone: str | TableZone) -> dict[str, Any]:
    """Dials, connects and dials outside the calling window per local hour (0-23) of the called party.

    ``timezone``: the zone the records' local times are read in (``calls.zone``; a name: given),
    shown with where it came from when no called-party zone is set.
    """
    rules = settings.compliance
    weekdays = sorted(rules.allowed_weekdays)
    zone = timezone if isinstance(timezone, TableZone) else TableZone(timezone)
    facts = zone.for_dials(rules.called_party_timezone).evidence()
    return {
        "timezone": facts["timezone"],
        "timezone_source": facts["timezone_source"],
        "timezone_basis": facts["timezone_basis"],
        "window": {"start": rules.window_start.strftime("%H:%M"), "end": _clock(rules.window_end), "weekdays": weekdays},
        "hours": [
            {
                "hour": h,
                "dials": int(summary.hour_dials[h]),
                "connected": int(summary.hour_connected[h]),
                "outside_window": int(summary.hour_outside[h]),
            }
            for h in range(24)
        ],
        "dials": int(summary.hour_dials.sum()),
        "no_start_time": summary.no_start_time,
        "outside_window": int(summary.hour_outside.sum()),
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


__all__ = [
    "AGENT_FIGURES",
    "ChartSummary",
    "agent_outliers",
    "bin_width",
    "calls_by_hour",
    "charts_from",
    "distributions",
    "histogram_from",
    "hours_from",
    "robust_z",
    "summarise_charts",
    "talk_histogram",
]
