"""What every human-facing renderer shows, built once from the masked findings JSON.

:func:`build_view` turns an :class:`AuditResult` into plain, formatted values --
verdict, severity counts, claimed-vs-recomputed rows, the funnel, findings with
their evidence as readable label/value items and their sources -- so the HTML,
Excel and Markdown outputs say the same thing in the same words. Phone numbers
are masked here (``auditor.privacy.mask_for_humans``) unless the caller asks not to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from auditor.render.json import result_json
from auditor.result import AuditResult
from auditor.units import Unit

SEVERITIES = ("critical", "high", "medium", "low", "info")
CATEGORIES = ("discrepancy", "definition", "consistency", "plausibility", "compliance", "threshold", "sampling", "data_quality")
STATUS_TEXT = {
    "matches_binding": "matches",
    "matches_variant": "other definition",
    "matches_none": "not reproduced",
    "unverifiable": "unverifiable",
}
STATUS_ICON = {"matches_binding": "✅", "matches_variant": "⚠️", "matches_none": "❌", "unverifiable": "➖"}
#: Funnel stages in order: (metric id, title).
FUNNEL = (
    ("total_dials", "Dials"),
    ("valid_dials", "Valid dials"),
    ("connected", "Connected"),
    ("effective_contacts", "Effective contacts"),
    ("intents", "Intents"),
    ("conversions", "Conversions"),
)
#: Evidence keys shown elsewhere on a finding (title, rationale, sources), not as evidence items.
_SHOWN_ELSEWHERE = {"rule_title", "rationale", "sources"}
_MAX_LIST = 12
_MAX_TABLE_ROWS = 20


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One readable piece of evidence: a label and a text, optionally with a small table."""

    label: str
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class FindingView:
    id: str
    rule: str
    title: str
    category: str
    severity: str
    metric: str | None
    scope: str
    message: str
    claimed: str
    recomputed: str
    rationale: str
    evidence: tuple[EvidenceItem, ...]
    sources: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False)


@dataclass(frozen=True, slots=True)
class ComparisonView:
    metric: str
    label: str
    scope: str
    unit: str
    claimed: float | None
    claimed_text: str
    recomputed: float | None
    recomputed_text: str
    inputs: str
    definition: str
    status: str
    status_text: str
    delta_rel: float | None
    matching: str
    reason: str
    source: str
    source_file: str
    source_place: str
    findings: tuple[str, ...] = ()
    scope_name: str = "overall"  # campaign and/or agent, or "overall"
    period: str = ""


@dataclass(frozen=True, slots=True)
class FunnelStage:
    metric: str
    title: str
    claimed: float | None
    claimed_source: str
    recomputed: float | None


@dataclass(frozen=True)
class View:
    """Everything a human-facing renderer needs, formatted and masked."""

    data: dict[str, Any]
    title: str
    verdict: str
    verdict_level: str  # bad | warn | ok | none (nothing checked, nothing found)
    verdict_detail: str  # how many claims were checked against the records, or why none was
    claim_checks: dict[str, Any]
    counts: dict[str, int]
    facts: tuple[tuple[str, str], ...]
    comparisons: tuple[ComparisonView, ...]
    status_counts: dict[str, int]
    funnel: tuple[FunnelStage, ...]
    funnel_scope: str
    findings: tuple[FindingView, ...]
    categories: tuple[str, ...]
    charts: dict[str, Any]
    masked: bool

    @property
    def findings_total(self) -> int:
        return len(self.findings)


def verdict(by_severity: dict[str, int]) -> str:
    """The headline from severities alone (older callers); outputs show ``summary.verdict`` (:mod:`auditor.verdict`)."""
    if by_severity.get("critical") or by_severity.get("high"):
        return "Figures not supported by the records"
    if by_severity.get("medium"):
        return "Figures need explanation"
    return "No material problems found"


def verdict_level(by_severity: dict[str, int]) -> str:
    if by_severity.get("critical") or by_severity.get("high"):
        return "bad"
    return "warn" if by_severity.get("medium") else "ok"


def fmt_value(value: float | None, unit: str | None) -> str:
    """A value in its unit's human form (``43.69 %``, ``111.9 s``, ``12,000``, ``2.81``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    try:
        return Unit(unit or "count").format(float(value))
    except ValueError:
        return fmt_number(value)


def fmt_precise(value: float | None, unit: str | None) -> str:
    """Like :func:`fmt_value` but keeps the digits that matter for a printed-precision interval."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    v = float(value)
    if unit == "ratio":
        return f"{v * 100:.4f}".rstrip("0").rstrip(".") + " %"
    if unit == "seconds":
        return f"{v:,.3f}".rstrip("0").rstrip(".") + " s"
    return f"{v:,.4f}".rstrip("0").rstrip(".")


def fmt_number(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:,.0f}"
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.1f}"
    return str(value)


def fmt_pct(value: float | None, signed: bool = True) -> str:
    if value is None or math.isnan(value):
        return ""
    return f"{value * 100:+.1f} %" if signed else f"{value * 100:.1f} %"


def scope_text(scope: dict[str, Any] | None) -> str:
    scope = scope or {}
    parts = []
    if scope.get("campaign"):
        parts.append(f"campaign {scope['campaign']}")
    if scope.get("agent_id"):
        parts.append(f"agent {scope['agent_id']}")
    if scope.get("period"):
        parts.append(f"period {scope['period']}")
    return ", ".join(parts) or "overall"


def source_place(source: dict[str, Any] | None) -> str:
    """Where in the file: ``汇总!B9``, ``p.2 table 1 row 3``, ``row 1,204 column 'phone'``, ``line 7``."""
    if not source:
        return ""
    parts = []
    if source.get("sheet"):
        parts.append(f"{source['sheet']}!{source['cell']}" if source.get("cell") else str(source["sheet"]))
    elif source.get("cell"):
        parts.append(str(source["cell"]))
    if source.get("page"):
        parts.append(f"p.{source['page']}")
    if source.get("table"):
        parts.append(f"table {source['table']}")
    if source.get("row"):
        parts.append(f"row {fmt_number(source['row'])}")
    if source.get("column"):
        parts.append(f"column '{source['column']}'")
    if source.get("line"):
        parts.append(f"line {source['line']}")
    return " ".join(parts)


def file_name(path: str | None) -> str:
    return str(path or "").replace("\\", "/").rsplit("/", 1)[-1]


def source_text(source: dict[str, Any] | None) -> str:
    """``vendor_report.xlsx 汇总!B9``: the file name and the place in it."""
    if not source:
        return ""
    return " ".join(p for p in (file_name(source.get("file")), source_place(source)) if p)


def build_view(result: AuditResult, mask_phones: bool = True) -> View:
    """The masked, formatted content of every human-facing output."""
    data = result_json(result, mask_phones)  # masked by auditor.privacy.mask_for_humans unless mask_phones is False
    counts = data["summary"]["by_severity"]
    by_claim: dict[tuple[str, str], list[str]] = {}
    for f in data["findings"]:
        if f.get("metric"):
            by_claim.setdefault((f["metric"], scope_text(f.get("scope"))), []).append(f["id"])
    comparisons = tuple(_comparison(row, by_claim) for row in data["comparisons"])
    status_counts = {s: sum(1 for c in comparisons if c.status == s) for s in STATUS_TEXT}
    findings = tuple(_finding(f) for f in data["findings"])
    funnel_scope, funnel = _funnel(data)
    engagement = data.get("engagement") or {}
    return View(
        data=data,
        title=str(engagement.get("name") or "vendor report"),
        verdict=str(data["summary"]["verdict"]["headline"]),
        verdict_level=str(data["summary"]["verdict"]["level"]),
        verdict_detail=str(data["summary"]["verdict"]["detail"]),
        claim_checks=dict(data["summary"]["claim_checks"]),
        counts=counts,
        facts=_facts(data),
        comparisons=comparisons,
        status_counts=status_counts,
        funnel=funnel,
        funnel_scope=funnel_scope,
        findings=findings,
        categories=tuple(c for c in CATEGORIES if any(f.category == c for f in findings))
        + tuple(sorted({f.category for f in findings} - set(CATEGORIES))),
        charts=data.get("charts") or {},
        masked=mask_phones,
    )


def _facts(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    eng = data.get("engagement") or {}
    summary = data["summary"]
    facts: list[tuple[str, str]] = []
    if eng.get("period"):
        facts.append(("Period", str(eng["period"])))
    if summary.get("calls") is not None:
        facts.append(("Call records", f"{summary['calls']:,} dials"))
    facts.append(("Claims read", f"{len(data['claims'])}"))
    if eng.get("scenario"):
        facts.append(("Scenario", str(eng["scenario"])))
    if eng.get("timezone"):
        how = {"offset": "from the records' UTC offsets", "assumed": "assumed"}.get(str(eng.get("timezone_source")), "")
        facts.append(("Time zone", f"{eng['timezone']} ({how})" if how else str(eng["timezone"])))
    if eng.get("effective_threshold_s") is not None:
        facts.append(("Effective talk", f"≥ {eng['effective_threshold_s']:g} s"))
    return tuple(facts)


def _comparison(row: dict[str, Any], by_claim: dict[tuple[str, str], list[str]]) -> ComparisonView:
    unit = row.get("unit") or "count"
    claimed, recomputed = row.get("claimed"), row.get("recomputed")
    delta = None
    if claimed is not None and recomputed not in (None, 0):
        delta = (float(claimed) - float(recomputed)) / abs(float(recomputed))
    inputs = ""
    if row.get("numerator") is not None and row.get("denominator") is not None:
        inputs = f"{fmt_number(row['numerator'])} / {fmt_number(row['denominator'])}"
    source = row.get("source") or {}
    return ComparisonView(
        metric=row["metric"],
        label=str(row.get("label") or row["metric"]),
        scope=scope_text(row.get("scope")),
        unit=unit,
        claimed=claimed,
        claimed_text=str(row.get("claimed_text") or fmt_value(claimed, unit)),
        recomputed=recomputed,
        recomputed_text=fmt_value(recomputed, unit),
        inputs=inputs,
        definition=str(row.get("definition") or ""),
        status=row["status"],
        status_text=STATUS_TEXT.get(row["status"], row["status"]),
        delta_rel=delta,
        matching=", ".join(row.get("matching_definitions") or []),
        reason=str(row.get("reason") or ""),
        source=source_text(source),
        source_file=str(source.get("file") or ""),
        source_place=source_place(source),
        findings=tuple(by_claim.get((row["metric"], scope_text(row.get("scope"))), ())),
        scope_name=scope_text({**(row.get("scope") or {}), "period": None}),
        period=str((row.get("scope") or {}).get("period") or ""),
    )


def _funnel(data: dict[str, Any]) -> tuple[str, tuple[FunnelStage, ...]]:
    """Claimed and recomputed funnel counts for the scope of the report's overall figures."""
    overall = [r for r in data["comparisons"] if not r["scope"].get("campaign") and not r["scope"].get("agent_id")]
    periods = [r["scope"].get("period") for r in overall]
    period = max(set(periods), key=periods.count) if periods else (data.get("engagement") or {}).get("period")
    scope = {"campaign": None, "agent_id": None, "period": period}
    metrics = {m["metric"]: m for m in data["metrics"] if m["scope"] == scope and m.get("is_default")}
    if not metrics and period is not None:  # the recompute did not cover the period: fall back to everything
        scope = {"campaign": None, "agent_id": None, "period": None}
        metrics = {m["metric"]: m for m in data["metrics"] if m["scope"] == scope and m.get("is_default")}
    claims = {r["metric"]: r for r in overall if r["scope"].get("period") == period}
    stages = []
    for metric, title in FUNNEL:
        claim = claims.get(metric)
        value = metrics.get(metric, {}).get("value")
        if claim is None and value is None:
            continue
        stages.append(
            FunnelStage(metric, title, claim["claimed"] if claim else None, source_text(claim["source"]) if claim else "", value)
        )
    return scope_text(scope), tuple(stages)


def _finding(f: dict[str, Any]) -> FindingView:
    evidence = f.get("evidence") or {}
    unit = finding_unit(f)
    sources = tuple(source_text(s) for s in evidence.get("sources") or [] if s)
    return FindingView(
        id=f["id"],
        rule=f["rule"],
        title=str(evidence.get("rule_title") or f["rule"]),
        category=f["category"],
        severity=f["severity"],
        metric=f.get("metric"),
        scope=scope_text(f.get("scope")),
        message=f["message"],
        claimed=fmt_value(f["claimed"], unit) if f.get("claimed") is not None else "",
        recomputed=fmt_value(f["recomputed"], unit) if f.get("recomputed") is not None else "",
        rationale=str(evidence.get("rationale") or ""),
        evidence=tuple(evidence_items(evidence, unit)),
        sources=sources,
        raw=f,
    )


def finding_unit(f: dict[str, Any]) -> str | None:
    """The unit of a finding's figures: its claim's, else its first recomputed value's."""
    evidence = f.get("evidence") or {}
    claim = evidence.get("claim")
    if isinstance(claim, dict) and claim.get("unit"):
        return str(claim["unit"])
    for value in evidence.get("recomputed") or []:
        if isinstance(value, dict) and value.get("unit"):
            return str(value["unit"])
    return None


def humanise(key: str) -> str:
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def evidence_items(evidence: dict[str, Any], unit: str | None = None) -> list[EvidenceItem]:
    """Evidence as readable items; known keys get tailored wording, any other key a generic rendering."""
    items: list[EvidenceItem] = []
    for key, value in evidence.items():
        if key in _SHOWN_ELSEWHERE or value is None or value == [] or value == {}:
            continue
        special = _SPECIAL.get(key)
        item = special(value, unit, evidence) if special else _generic(key, value)
        if item is not None:
            items.append(item)
    return items


def _claim_item(value: Any, unit: str | None, _ev: dict[str, Any]) -> EvidenceItem | None:
    if not isinstance(value, dict):
        return _generic("claim", value)
    unit = value.get("unit") or unit
    text = f"{value.get('raw_text') or fmt_value(value.get('value'), unit)}"
    if value.get("label"):
        text = f"{value['label']}: {text}"
    details = []
    if value.get("value") is not None:
        details.append(f"read as {fmt_value(value['value'], unit)}")
    interval = value.get("printed_interval")
    if isinstance(interval, list) and len(interval) == 2:
        details.append(f"printed precision {fmt_precise(interval[0], unit)} to {fmt_precise(interval[1], unit)}")
    if value.get("approximate"):
        details.append("printed as approximate")
    if value.get("definition_named_by_label"):
        details.append(f"label names definition {value['definition_named_by_label']}")
    if value.get("source"):
        details.append(f"at {source_text(value['source'])}")
    notes = value.get("notes") or []
    text += f" ({'; '.join(details)})" if details else ""
    if notes:
        text += " Notes: " + "; ".join(map(str, notes))
    return EvidenceItem("Claimed", text)


def _recomputed_item(value: Any, unit: str | None, ev: dict[str, Any]) -> EvidenceItem | None:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        return _generic("recomputed", value)
    binding = ev.get("binding_definition")
    matching = set(ev.get("matching_definitions") or [])
    rows = []
    for v in value[:_MAX_TABLE_ROWS]:
        role = "contract" if v.get("definition") == binding else ("default" if v.get("is_default") else "variant")
        if v.get("definition") in matching:
            role += ", matches claim"
        inputs = ""
        if v.get("numerator") is not None and v.get("denominator") is not None:
            inputs = f"{fmt_number(v['numerator'])} / {fmt_number(v['denominator'])}"
        elif v.get("numerator") is not None:
            inputs = fmt_number(v["numerator"])
        rows.append(
            (
                str(v.get("definition") or ""),
                fmt_value(v.get("value"), v.get("unit") or unit),
                inputs,
                role + (f"; {v['note']}" if v.get("note") else ""),
            )
        )
    return EvidenceItem(
        "Recomputed from the call records", "", ("definition", "value", "numerator / denominator", "role"), tuple(rows)
    )


def _interval_item(value: Any, unit: str | None, _ev: dict[str, Any]) -> EvidenceItem | None:
    if isinstance(value, list) and len(value) == 2:
        return EvidenceItem(
            "Accepted range", f"{fmt_precise(value[0], unit)} to {fmt_precise(value[1], unit)} (printed precision plus tolerance)"
        )
    return _generic("accepted_interval", value)


def _delta_item(value: Any, unit: str | None, ev: dict[str, Any]) -> EvidenceItem | None:
    if not isinstance(value, (int, float)):
        return _generic("delta", value)
    sign = "+" if value >= 0 else "−"
    text = f"{sign}{abs(value) * 100:.2f} percentage points" if unit == "ratio" else sign + fmt_value(abs(value), unit)
    if isinstance(ev.get("delta_rel"), (int, float)):
        text += f" ({sign}{abs(ev['delta_rel']) * 100:.1f} % of the recomputed value)"
    return EvidenceItem("Difference (claimed − recomputed)", text)


def _tolerance_item(value: Any, unit: str | None, _ev: dict[str, Any]) -> EvidenceItem | None:
    if isinstance(value, dict):
        parts = []
        if value.get("abs"):
            parts.append(f"± {fmt_value(value['abs'], unit)}")
        if value.get("rel"):
            parts.append(f"± {fmt_pct(value['rel'], signed=False)} of the recomputed value")
        return EvidenceItem("Tolerance", ", ".join(parts) or "none beyond the printed precision")
    return _generic("tolerance", value)


def _favours_item(value: Any, _unit: str | None, _ev: dict[str, Any]) -> EvidenceItem | None:
    if isinstance(value, bool):
        return EvidenceItem("In the vendor's favour", "yes" if value else "no")
    return None


def _binding_item(value: Any, _unit: str | None, _ev: dict[str, Any]) -> EvidenceItem | None:
    return EvidenceItem("Contract definition", str(value))


def _matching_item(value: Any, _unit: str | None, _ev: dict[str, Any]) -> EvidenceItem | None:
    return EvidenceItem(
        "Definitions that reproduce the claim", ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    )


_SPECIAL = {
    "claim": _claim_item,
    "recomputed": _recomputed_item,
    "accepted_interval": _interval_item,
    "delta": _delta_item,
    "delta_rel": lambda *_: None,  # folded into the difference
    "tolerance": _tolerance_item,
    "favours_vendor": _favours_item,
    "binding_definition": _binding_item,
    "matching_definitions": _matching_item,
}


def _scalar(value: Any) -> str:
    if isinstance(value, dict):
        if "file" in value and ("sheet" in value or "page" in value or "row" in value):
            return source_text(value)
        return "; ".join(f"{humanise(str(k)).lower()} {_scalar(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, (list, tuple)):
        shown = ", ".join(_scalar(v) for v in value[:_MAX_LIST])
        return shown + (f", … ({len(value) - _MAX_LIST} more)" if len(value) > _MAX_LIST else "")
    return fmt_number(value)


def _generic(key: str, value: Any) -> EvidenceItem:
    """Any evidence key: scalars and lists as text, a list of uniform records as a table."""
    label = humanise(key)
    if key in ("p_value", "pvalue") and isinstance(value, (int, float)):
        return EvidenceItem(label, f"{value:.3g}")
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        header: list[str] = []
        for v in value:
            for k in v:
                if k not in header:
                    header.append(k)
        rows = tuple(tuple(_scalar(v.get(k)) if v.get(k) is not None else "" for k in header) for v in value[:_MAX_TABLE_ROWS])
        more = f"{len(value) - _MAX_TABLE_ROWS} more not shown" if len(value) > _MAX_TABLE_ROWS else ""
        return EvidenceItem(label, more, tuple(humanise(h) for h in header), rows)
    return EvidenceItem(label, _scalar(value))


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def chart_notes(view: View) -> dict[str, str]:
    """One factual sentence or two under each chart (also the chart's text in Markdown)."""
    notes: dict[str, str] = {}
    gaps = [s for s in view.funnel if s.claimed is not None and s.recomputed]
    off = [s for s in gaps if abs(float(s.claimed or 0) - float(s.recomputed or 0)) / float(s.recomputed or 1) >= 0.005]
    if view.funnel:
        if off:
            notes["funnel"] = (
                "; ".join(
                    f"{s.title} claimed {fmt_number(s.claimed)}, records give {fmt_number(s.recomputed)} "
                    f"({fmt_pct((float(s.claimed or 0) - float(s.recomputed or 0)) / float(s.recomputed or 1))})"
                    for s in off
                )
                + "."
            )
        else:
            notes["funnel"] = (
                f"Every claimed funnel count ({len(gaps)}) matches the records."
                if gaps
                else "The report claims no funnel counts."
            )
        notes["funnel"] += f" Scope: {view.funnel_scope}."
    hist = view.charts.get("talk_histogram") or {}
    if hist.get("bins"):
        near = hist.get("near_threshold") or {}
        thr = float(hist.get("threshold_s") or 0)
        text = (
            f"{fmt_number(hist['connected'])} connected calls, median talk {fmt_number(hist.get('median_s'))} s. "
            f"{fmt_number(near.get('below', 0))} end in the {near.get('window_s', 5):g} s just below "
            f"the {thr:g} s effective threshold "
            f"and {fmt_number(near.get('above', 0))} in the {near.get('window_s', 5):g} s just above it"
        )
        below, above = near.get("below", 0), near.get("above", 0)
        if above >= 20 and above > 1.5 * max(below, 1):
            text += " (a pile-up just above the threshold is how padded calls show)"
        text += "."
        if hist.get("missing_talk"):
            text += f" {fmt_number(hist['missing_talk'])} connected calls have no talk time."
        notes["talk"] = text
    hours = view.charts.get("calls_by_hour") or {}
    if hours.get("dials"):
        window = hours.get("window") or {}
        outside = int(hours.get("outside_window") or 0)
        days = window.get("weekdays")
        day_text = ""
        if days is not None and len(days) < 7:
            day_text = " on " + ", ".join(WEEKDAY_NAMES[d] for d in days)
        notes["hours"] = (
            f"{fmt_number(outside)} of {fmt_number(hours['dials'])} dials ({fmt_pct(outside / hours['dials'], signed=False)}) "
            f"were placed outside the calling window {window.get('start')}–{window.get('end')}{day_text}, "
            f"called party's local time ({hours.get('timezone')})."
        )
    outliers = view.charts.get("agent_outliers") or {}
    if outliers.get("available"):
        flagged = [(fig, v) for fig in outliers.get("figures") or [] for v in fig.get("values") or [] if v.get("outlier")]
        text = (
            f"{outliers.get('agents')} agents. Robust z-score = 0.6745 × (value − median) / MAD; "
            f"|z| > {outliers.get('threshold'):g} "
            f"is an outlier; agents with fewer than {outliers.get('min_volume')} cases in a figure are not scored."
        )
        if flagged:
            text += " Outliers: " + "; ".join(
                f"{v['agent_id']} {fig['title'].lower()} {fmt_value(v['value'], fig.get('unit'))} (z = {v['z']:+.1f})"
                for fig, v in flagged[:8]
            )
            text += f" and {len(flagged) - 8} more." if len(flagged) > 8 else "."
        else:
            text += " No agent stands out."
        notes["outliers"] = text
    elif outliers:
        notes["outliers"] = "The call records name no agents, so agents cannot be compared."
    return notes
