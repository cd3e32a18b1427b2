"""Markdown for tickets and e-mail: verdict, claimed vs recomputed, findings with their sources."""

from __future__ import annotations

from typing import Any

from auditor.render import register_renderer
from auditor.render.json import result_json
from auditor.result import AuditResult
from auditor.units import Unit

SEVERITIES = ("critical", "high", "medium", "low", "info")
STATUS_TEXT = {
    "matches_binding": "✅ matches",
    "matches_variant": "⚠️ other definition",
    "matches_none": "❌ not reproduced",
    "unverifiable": "➖ unverifiable",
}


def verdict(by_severity: dict[str, int]) -> str:
    if by_severity.get("critical") or by_severity.get("high"):
        return "Figures not supported by the records"
    if by_severity.get("medium"):
        return "Figures need explanation"
    return "No material problems found"


def fmt_value(value: float | None, unit: str) -> str:
    return Unit(unit).format(value)


def source_text(source: dict[str, Any] | None) -> str:
    if not source:
        return ""
    parts = [str(source.get("file", "")).rsplit("/", 1)[-1]]
    if source.get("sheet"):
        parts.append(f"{source['sheet']}!{source.get('cell') or ''}".rstrip("!"))
    if source.get("page"):
        parts.append(f"p.{source['page']}")
    if source.get("row") and not source.get("sheet"):
        parts.append(f"row {source['row']}")
    return " ".join(p for p in parts if p)


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


@register_renderer("md", ".md")
def render_markdown(result: AuditResult, mask_phones: bool) -> bytes:
    data = result_json(result, mask_phones)
    counts = data["summary"]["by_severity"]
    lines = [f"# Audit: {data['engagement'].get('name') or 'vendor report'}", ""]
    lines.append(f"**Verdict: {verdict(counts)}.** " + ", ".join(f"{counts[s]} {s}" for s in SEVERITIES) + ".")
    lines.append("")
    if data["summary"].get("calls") is not None:
        lines.append(f"Call records: {data['summary']['calls']:,} dials. Claims read: {len(data['claims'])}.")
    eng = data["engagement"]
    lines.append(f"Scenario {eng.get('scenario')}, time zone {eng.get('timezone')}, effective talk >= {eng.get('effective_threshold_s'):g} s"
                 + (f", period {eng['period']}" if eng.get("period") else "") + ".")
    lines.append("")
    if data["comparisons"]:
        lines += ["## Claimed vs recomputed", "", "| metric | scope | claimed | recomputed | definition | status | source |", "|---|---|---|---|---|---|---|"]
        for row in data["comparisons"]:
            scope = ", ".join(f"{k}={v}" for k, v in row["scope"].items() if v) or "overall"
            inputs = ""
            if row.get("denominator") is not None and row.get("numerator") is not None:
                inputs = f" ({row['numerator']:,.0f}/{row['denominator']:,.0f})"
            lines.append(
                f"| {_cell(row['label'] or row['metric'])} | {_cell(scope)} | {_cell(row['claimed_text'])} | "
                f"{fmt_value(row['recomputed'], row['unit'])}{inputs} | {_cell(row['definition'] or '')} | "
                f"{STATUS_TEXT.get(row['status'], row['status'])} | {_cell(source_text(row['source']))} |"
            )
        lines.append("")
    lines += ["## Findings", ""]
    if not data["findings"]:
        lines += ["No findings.", ""]
    for severity in SEVERITIES:
        group = [f for f in data["findings"] if f["severity"] == severity]
        if not group:
            continue
        lines += [f"### {severity.capitalize()} ({len(group)})", ""]
        for f in group:
            lines.append(f"- **{f['id']}** `{f['rule']}` ({f['category']}): {f['message']}")
            sources = f["evidence"].get("sources") or []
            if sources:
                lines.append(f"  - source: {'; '.join(source_text(s) for s in sources[:3])}")
            examples = f["evidence"].get("examples")
            if examples:
                lines.append(f"  - examples: {'; '.join(map(str, examples[:3]))}")
            if f["evidence"].get("p_value") is not None:
                lines.append(f"  - statistic {f['evidence'].get('statistic')}, p = {f['evidence']['p_value']:.3g}")
        lines.append("")
    if data["unmatched_figures"]:
        lines += ["## Figures not understood", ""]
        for u in data["unmatched_figures"][:30]:
            lines.append(f"- {_cell(u['label'])}: {_cell(u['raw_text'])} ({source_text(u['source'])})")
        lines.append("")
    if data["warnings"] or data["rule_errors"]:
        lines += ["## Warnings", ""]
        lines += [f"- {w}" for w in data["warnings"]]
        lines += [f"- rule {e['rule']} failed: {e['error'].splitlines()[0]}" for e in data["rule_errors"]]
        lines.append("")
    lines += ["## Inputs", ""]
    lines += [f"- {i['kind']}: `{i['path']}` (sha256 {i['sha256'][:12]}…)" for i in data["inputs"]]
    lines.append("")
    return "\n".join(lines).encode("utf-8")
