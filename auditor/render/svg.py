"""Inline SVG charts drawn in Python: no script, no network, the same on screen and on paper.

Each function takes plain data (from :mod:`auditor.render.view` or ``AuditResult.charts``)
and returns one ``<svg>`` element as a string, or ``""`` when there is nothing to draw.
Every text is escaped; every chart has a ``<title>`` and ``aria-label`` for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import Any

from auditor.render.view import ComparisonView, FunnelStage, fmt_number, fmt_value

CLAIMED = "#d97706"
RECOMPUTED = "#2563eb"
BAD = "#dc2626"
WARN = "#d97706"
OK = "#16a34a"
MUTED = "#94a3b8"
INK = "#1e293b"
GRID = "#e2e8f0"
SOFT = "#64748b"
WIDTH = 560


def _svg(height: float, label: str, body: list[str], width: float = WIDTH) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {width:g} {height:g}" role="img" aria-label="{escape(label)}" '
        'preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(label)}</title>" + "".join(body) + "</svg>"
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = 11,
    anchor: str = "start",
    fill: str = INK,
    weight: str = "normal",
    cls: str = "",
) -> str:
    klass = f' class="{cls}"' if cls else ""
    bold = f' font-weight="{weight}"' if weight != "normal" else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}" fill="{fill}"{bold}{klass}>'
        f"{escape(text)}</text>"
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, *, title: str = "", opacity: float = 1.0, rx: float = 0) -> str:
    tip = f"<title>{escape(title)}</title>" if title else ""
    op = f' fill-opacity="{opacity:g}"' if opacity < 1 else ""
    r = f' rx="{rx:g}"' if rx else ""
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{fill}"{op}{r}>{tip}</rect>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, *, width: float = 1, dash: str = "") -> str:
    d = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" stroke-width="{width:g}"{d}/>'


def nice_max(value: float) -> float:
    """The smallest 1-2-2.5-5-10 multiple of a power of ten at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def nice_axis(value: float, ticks: int = 4) -> float:
    """Top of an axis with ``ticks`` equal steps, each step a round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k)."""
    step = value / ticks
    if step <= 0:
        return float(ticks)
    power = 10.0 ** math.floor(math.log10(step))
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step <= m * power:
            return m * power * ticks
    return 10 * power * ticks


def _short(value: float) -> str:
    if value >= 10_000:
        return f"{value / 1000:,.0f}k"
    if value >= 1000:
        return f"{value / 1000:,.1f}k".replace(".0k", "k")
    return f"{value:,.0f}"


def _legend(x: float, y: float, items: Sequence[tuple[str, str]], ring: Sequence[str] = ()) -> list[str]:
    out = []
    for label, colour in items:
        if label in ring:
            out.append(f'<circle cx="{x + 5:.1f}" cy="{y - 4:.1f}" r="4.5" fill="none" stroke="{colour}" stroke-width="2"/>')
        else:
            out.append(_rect(x, y - 9, 10, 10, colour, rx=2))
        out.append(_text(x + 14, y, label, size=11, fill=SOFT))
        x += 22 + 6.5 * len(label)
    return out


def funnel_chart(stages: Sequence[FunnelStage]) -> str:
    """Horizontal bars per funnel stage: claimed (where the report gives it) above recomputed."""
    if not stages:
        return ""
    left, right, row_h = 124, 70, 40
    height = 34 + row_h * len(stages)
    top = 30
    span = WIDTH - left - right
    top_value = nice_max(max(max(s.claimed or 0, s.recomputed or 0) for s in stages))
    body = _legend(left, 14, [("claimed in the report", CLAIMED), ("recomputed from the records", RECOMPUTED)])
    for i, stage in enumerate(stages):
        y = top + i * row_h
        body.append(_text(left - 8, y + 17, stage.title, anchor="end", size=12))
        for j, (value, colour, name) in enumerate(
            ((stage.claimed, CLAIMED, "claimed"), (stage.recomputed, RECOMPUTED, "recomputed"))
        ):
            by = y + 3 + j * 15
            if value is None:
                body.append(_text(left + 4, by + 10, f"not {name}", size=10, fill=MUTED))
                continue
            w = span * float(value) / top_value
            body.append(_rect(left, by, w, 13, colour, title=f"{stage.title} {name}: {fmt_number(value)}", rx=2))
            body.append(_text(left + w + 5, by + 10, fmt_number(value), size=10, fill=SOFT))
        if stage.claimed is not None and stage.recomputed:
            delta = (float(stage.claimed) - float(stage.recomputed)) / float(stage.recomputed)
            if abs(delta) >= 0.005:
                body.append(_text(WIDTH - 6, y + 17, f"{delta * 100:+.1f} %", anchor="end", size=12, fill=BAD, weight="bold"))
            else:
                body.append(_text(WIDTH - 6, y + 17, "matches", anchor="end", size=11, fill=OK))
    return _svg(height, "Funnel: claimed vs recomputed counts", body)


def rates_chart(rows: Sequence[ComparisonView], limit: int = 16) -> str:
    """Claimed (amber) and recomputed (blue) value of each ratio claim on one percent axis."""
    rows = [r for r in rows if r.unit == "ratio" and r.claimed is not None and r.recomputed is not None][:limit]
    if not rows:
        return ""
    left, right, row_h, top = 180, 46, 24, 30
    height = top + row_h * len(rows) + 22
    span = WIDTH - left - right
    top_value = nice_max(max(max(float(r.claimed or 0), float(r.recomputed or 0)) for r in rows) * 1.05)
    body = _legend(
        left,
        14,
        [("claimed", CLAIMED), ("recomputed (contract definition)", RECOMPUTED)],
        ring=("recomputed (contract definition)",),
    )
    ticks = 5
    axis_y = top + row_h * len(rows)
    for t in range(ticks + 1):
        x = left + span * t / ticks
        body.append(_line(x, top - 4, x, axis_y, GRID))
        body.append(_text(x, axis_y + 14, f"{top_value * t / ticks * 100:.0f} %", size=10, anchor="middle", fill=SOFT))
    colours = {"matches_none": BAD, "matches_variant": WARN}
    for i, r in enumerate(rows):
        y = top + i * row_h + row_h / 2
        label = r.label if len(r.label) <= 10 else r.label[:9] + "…"
        scope = r.scope.replace("period ", "").replace("campaign ", "")
        body.append(
            _text(left - 8, y + 4, f"{label} · {scope}", anchor="end", size=11, fill=INK if r.status in colours else SOFT)
        )
        xc = left + span * float(r.claimed or 0) / top_value
        xr = left + span * float(r.recomputed or 0) / top_value
        colour = colours.get(r.status, MUTED)
        body.append(_line(xc, y, xr, y, colour, width=3))
        body.append(
            f'<circle cx="{xc:.1f}" cy="{y:.1f}" r="4.5" fill="{CLAIMED}">'
            f"<title>{escape(r.label)} claimed {escape(r.claimed_text)}</title></circle>"
        )
        body.append(
            f'<circle cx="{xr:.1f}" cy="{y:.1f}" r="6.5" fill="none" stroke="{RECOMPUTED}" stroke-width="2">'
            f"<title>{escape(r.label)} recomputed {escape(r.recomputed_text)}</title></circle>"
        )
        if r.delta_rel is not None and r.status in colours:
            body.append(_text(WIDTH - 4, y + 4, f"{r.delta_rel * 100:+.0f} %", anchor="end", size=11, fill=colour, weight="bold"))
    return _svg(height, "Rates: claimed vs recomputed", body)


def talk_histogram_chart(hist: dict[str, Any]) -> str:
    """Connected calls by talk time, bins below the effective threshold grey, the threshold a dashed line."""
    bins = hist.get("bins") or []
    if not bins:
        return ""
    overflow = hist.get("overflow") or {}
    counts = [b["count"] for b in bins] + ([overflow.get("count", 0)] if overflow.get("count") else [])
    left, right, top, bottom = 48, 12, 26, 36
    height = 250
    plot_h = height - top - bottom
    span = WIDTH - left - right
    n = len(counts)
    bar_w = span / n
    y_max = nice_axis(max(counts) * 1.05)
    threshold = float(hist.get("threshold_s") or 0)
    body: list[str] = []
    for t in range(5):
        v = y_max * t / 4
        y = top + plot_h - plot_h * t / 4
        body.append(_line(left, y, WIDTH - right, y, GRID))
        body.append(_text(left - 6, y + 4, _short(v), size=10, anchor="end", fill=SOFT))
    label_every = max(1, math.ceil(n / 12))
    for i, count in enumerate(counts):
        x = left + i * bar_w
        h = plot_h * count / y_max
        if i < len(bins):
            lo, hi = bins[i]["lo"], bins[i]["hi"]
            colour = MUTED if hi <= threshold else RECOMPUTED
            tip = f"{lo:g}–{hi:g} s: {count:,} calls"
            tick = f"{lo:g}"
        else:
            colour, tip, tick = "#1e40af", f"≥ {overflow['from_s']:g} s: {count:,} calls", f"≥{overflow['from_s']:g}"
        body.append(_rect(x + 0.5, top + plot_h - h, bar_w - 1, h, colour, title=tip))
        if i % label_every == 0 or i == n - 1 and i >= len(bins):
            body.append(
                _text(x + (0 if i < len(bins) else bar_w / 2), top + plot_h + 14, tick, size=10, anchor="middle", fill=SOFT)
            )
    body.append(_line(left, top + plot_h, WIDTH - right, top + plot_h, SOFT))
    edge = next((i for i, b in enumerate(bins) if b["lo"] >= threshold), len(bins))
    xt = left + edge * bar_w
    body.append(_line(xt, top - 8, xt, top + plot_h, BAD, width=2, dash="5 3"))
    body.append(_text(xt + 5, top - 10 + 8, f"effective threshold {threshold:g} s", size=11, fill=BAD, weight="bold"))
    body.append(_text(left + span / 2, height - 4, "talk time of connected calls (seconds)", size=11, anchor="middle", fill=SOFT))
    return _svg(height, f"Talk-time histogram of connected calls, effective threshold {threshold:g} s", body)


def hours_chart(by_hour: dict[str, Any]) -> str:
    """Dials per local hour, stacked inside / outside the calling window, the window shaded."""
    hours = by_hour.get("hours") or []
    if not hours or not any(h["dials"] for h in hours):
        return ""
    left, right, top, bottom = 48, 12, 26, 36
    height = 240
    plot_h = height - top - bottom
    span = WIDTH - left - right
    bar_w = span / 24
    y_max = nice_axis(max(h["dials"] for h in hours) * 1.05)
    window = by_hour.get("window") or {}
    start = _hours(window.get("start", "00:00"))
    end = _hours(window.get("end", "24:00"))
    body = [_rect(left + start * bar_w, top - 6, (end - start) * bar_w, plot_h + 6, OK, opacity=0.08)]
    body.append(
        _text(
            left + start * bar_w + 4,
            top + 6,
            f"calling window {window.get('start')}–{window.get('end')}",
            size=11,
            fill=OK,
            weight="bold",
        )
    )
    for t in range(5):
        v = y_max * t / 4
        y = top + plot_h - plot_h * t / 4
        body.append(_line(left, y, WIDTH - right, y, GRID))
        body.append(_text(left - 6, y + 4, _short(v), size=10, anchor="end", fill=SOFT))
    for h in hours:
        x = left + h["hour"] * bar_w
        inside = h["dials"] - h["outside_window"]
        hi = plot_h * inside / y_max
        ho = plot_h * h["outside_window"] / y_max
        tip = (
            f"{h['hour']:02d}:00–{h['hour']:02d}:59: {h['dials']:,} dials, {h['connected']:,} connected, "
            f"{h['outside_window']:,} outside the window"
        )
        body.append(_rect(x + 1, top + plot_h - hi, bar_w - 2, hi, RECOMPUTED, title=tip))
        if ho:
            body.append(_rect(x + 1, top + plot_h - hi - ho, bar_w - 2, ho, BAD, title=tip))
        if h["hour"] % 3 == 0:
            body.append(_text(x + bar_w / 2, top + plot_h + 14, f"{h['hour']:02d}", size=10, anchor="middle", fill=SOFT))
    for edge in (start, end):
        body.append(_line(left + edge * bar_w, top - 6, left + edge * bar_w, top + plot_h, OK, width=1.5, dash="4 3"))
    body.append(_line(left, top + plot_h, WIDTH - right, top + plot_h, SOFT))
    body += _legend(WIDTH - 210, height - 4, [("in window", RECOMPUTED), ("outside window", BAD)])
    body.append(_text(left, height - 4, f"local hour ({by_hour.get('timezone')})", size=11, fill=SOFT))
    return _svg(height, "Dials by local hour with the calling window", body)


def _hours(clock: str) -> float:
    hh, mm = clock.split(":")
    return int(hh) + int(mm) / 60


def outliers_chart(outliers: dict[str, Any], width: float = 1100) -> str:
    """One strip per agent figure: a dot per agent, the median, the |z| <= threshold band, outliers red and named."""
    figures = [f for f in outliers.get("figures") or [] if f.get("values")]
    if not figures:
        return ""
    left, right, strip_h, top = 270, 24, 50, 10
    height = top + strip_h * len(figures) + 4
    span = width - left - right
    threshold = float(outliers.get("threshold") or 3.5)
    body: list[str] = []
    for i, fig in enumerate(figures):
        y0 = top + i * strip_h
        y = y0 + 18
        values = [v["value"] for v in fig["values"]]
        unit = fig.get("unit")
        median, mad = fig.get("median"), fig.get("mad")
        band = None
        if median is not None and mad:
            half = threshold * mad / 0.6745
            band = (median - half, median + half)
        lo, hi = min(values), max(values)
        if band:
            lo, hi = min(lo, band[0]), max(hi, band[1])
        if min(values) >= 0:
            lo = max(lo, 0.0)
        if hi - lo <= 0:
            hi = lo + (abs(lo) or 1.0)
        pad = (hi - lo) * 0.03
        lo_axis, hi_axis = lo - pad, hi + pad

        def sx(v: float, lo: float = lo_axis, hi: float = hi_axis) -> float:
            return left + span * (v - lo) / (hi - lo)

        def label(v: float, unit: str | None = unit) -> str:
            return fmt_number(round(v)) if unit == "count" else fmt_value(v, unit)

        body.append(_text(left - 14, y + 1, fig["title"], anchor="end", size=13))
        flagged = f"{fig['outliers']} outlier{'s' if fig['outliers'] != 1 else ''}"
        body.append(
            _text(
                left - 14,
                y + 16,
                f"{fig['scored']} of {fig['agents']} agents scored · {flagged}",
                anchor="end",
                size=11,
                fill=BAD if fig["outliers"] else SOFT,
            )
        )
        body.append(_line(left, y, width - right, y, GRID))
        if band:
            x1, x2 = sx(max(band[0], lo_axis)), sx(min(band[1], hi_axis))
            body.append(
                _rect(
                    x1,
                    y - 9,
                    x2 - x1,
                    18,
                    RECOMPUTED,
                    opacity=0.08,
                    rx=3,
                    title=f"|z| ≤ {threshold:g}: {label(band[0])} to {label(band[1])}",
                )
            )
        xm = sx(median) if median is not None else None
        if xm is not None:
            body.append(_line(xm, y - 12, xm, y + 12, INK, width=2))
            body.append(_text(xm, y0 + 44, f"median {label(median)}", size=11, anchor="middle", fill=INK))
        if xm is None or xm - left > 110:
            body.append(_text(left, y0 + 44, label(lo), size=11, fill=SOFT))
        if xm is None or width - right - xm > 110:
            body.append(_text(width - right, y0 + 44, label(hi), size=11, anchor="end", fill=SOFT))
        labelled = 0
        for v in sorted(fig["values"], key=lambda v: v["outlier"]):
            x = sx(v["value"])
            colour = BAD if v["outlier"] else (RECOMPUTED if v.get("z") is not None else MUTED)
            z = f", z = {v['z']:+.1f}" if v.get("z") is not None else ", too few cases to score"
            tip = f"{v['agent_id']}: {label(v['value'])} (n = {v['n']:,}{z})"
            radius = 5.5 if v["outlier"] else 4
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}" fill-opacity="{1 if v["outlier"] else 0.5}">'
                f"<title>{escape(tip)}</title></circle>"
            )
            if v["outlier"] and labelled < 4:
                body.append(_text(x, y - 11, str(v["agent_id"]), size=11, anchor="middle", fill=BAD, weight="bold"))
                labelled += 1
    return _svg(height, "Agent figures with robust z-score outliers", body, width=width)
