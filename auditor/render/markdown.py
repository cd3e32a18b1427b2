"""Markdown for tickets and e-mail: verdict, key findings, claimed vs recomputed, findings with evidence and sources.

Built from the same masked view as the HTML and Excel outputs (:mod:`auditor.render.view`),
so the three say the same thing. Plain GitHub-flavoured Markdown: tables, lists, no HTML.
"""

from __future__ import annotations

from auditor.render import register_renderer
from auditor.render.view import (  # noqa: F401  (verdict, fmt_value, source_text: re-exported for callers of the old module)
    SEVERITIES,
    STATUS_ICON,
    STATUS_TEXT,
    EvidenceItem,
    View,
    build_view,
    chart_notes,
    fmt_value,
    source_text,
    verdict,
)
from auditor.result import AuditResult


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _evidence_lines(item: EvidenceItem) -> list[str]:
    lines = []
    if item.text:
        lines.append(f"  - {item.label}: {item.text}")
    elif item.rows:
        lines.append(f"  - {item.label}:")
    for row in item.rows[:8]:
        parts = [
            f"{h.lower()} {v}" if h.lower() not in ("definition", "label") else str(v)
            for h, v in zip(item.header, row, strict=False)
            if v != ""
        ]
        lines.append(f"    - {'; '.join(parts)}")
    if len(item.rows) > 8:
        lines.append(f"    - … {len(item.rows) - 8} more")
    return lines


def render_markdown_text(view: View) -> str:
    data = view.data
    counts = view.counts
    lines = [f"# Audit: {view.title}", ""]
    lines.append(
        f"**Verdict: {view.verdict}.** " + ", ".join(f"{counts[s]} {s}" for s in SEVERITIES) + f". {view.verdict_detail}"
    )
    lines.append("")
    lines.append(" · ".join(f"{label}: {value}" for label, value in view.facts))
    lines.append("")
    key = [f for f in view.findings if f.severity in ("critical", "high", "medium")]
    if key:
        lines += ["## Key findings", ""]
        lines += [f"{i}. **{f.id}** ({f.severity}) {f.message}" for i, f in enumerate(key[:10], start=1)]
        if len(key) > 10:
            lines.append(f"\n… and {len(key) - 10} more at medium or above below.")
        lines.append("")
    if view.comparisons:
        sc = view.status_counts
        lines += [
            "## Claimed vs recomputed",
            "",
            f"{len(view.comparisons)} figures read from the report: {sc['matches_binding']} match, "
            f"{sc['matches_variant']} only under another definition, {sc['matches_none']} not reproduced, "
            f"{sc['unverifiable']} unverifiable.",
            "",
            "| figure | scope | claimed | recomputed | difference | definition | status | source |",
            "|---|---|--:|--:|--:|---|---|---|",
        ]
        for c in view.comparisons:
            inputs = f" ({c.inputs})" if c.inputs else ""
            delta = (
                f"{c.delta_rel * 100:+.1f} %"
                if c.delta_rel is not None and c.status in ("matches_none", "matches_variant")
                else ""
            )
            status = f"{STATUS_ICON.get(c.status, '')} {c.status_text}" + (f" ({', '.join(c.findings)})" if c.findings else "")
            lines.append(
                f"| {_cell(c.label)} | {_cell(c.scope)} | {_cell(c.claimed_text)} | {_cell(c.recomputed_text)}{_cell(inputs)} "
                f"| {delta} | {_cell(c.definition or c.reason)} | {_cell(status)} | {_cell(c.source)} |"
            )
        lines.append("")
    notes = chart_notes(view)
    if notes:
        lines += ["## What the records show", ""]
        for key_name, title in (("funnel", "Funnel"), ("talk", "Talk time"), ("hours", "Calling hours"), ("outliers", "Agents")):
            if notes.get(key_name):
                lines.append(f"- **{title}:** {notes[key_name]}")
        lines.append("")
    lines += ["## Findings", ""]
    if not view.findings:
        lines += ["No findings.", ""]
    for severity in SEVERITIES:
        group = [f for f in view.findings if f.severity == severity]
        if not group:
            continue
        lines += [f"### {severity.capitalize()} ({len(group)})", ""]
        for f in group:
            lines.append(f"- **{f.id}** `{f.rule}` ({f.category.replace('_', ' ')}): {f.message}")
            for item in f.evidence:
                if item.label == "Claimed":
                    continue  # the message and the source say it
                lines += _evidence_lines(item)
            if f.sources:
                lines.append(
                    f"  - Source: {'; '.join(f.sources[:5])}" + (f" (+{len(f.sources) - 5} more)" if len(f.sources) > 5 else "")
                )
        lines.append("")
    if data["unmatched_figures"]:
        lines += ["## Figures not understood", ""]
        for u in data["unmatched_figures"][:30]:
            lines.append(f"- {_cell(u['label'])}: {_cell(u['raw_text'])} ({source_text(u['source'])})")
        lines.append("")
    if data["warnings"] or data["rule_errors"] or data["data_quality"]:
        lines += ["## Warnings", ""]
        lines += [f"- {d['message']}" for d in data["data_quality"]]
        lines += [f"- {w}" for w in data["warnings"]]
        lines += [f"- rule {e['rule']} failed: {e['error'].splitlines()[0] if e['error'] else ''}" for e in data["rule_errors"]]
        lines.append("")
    lines += ["## Inputs", ""]
    lines += [f"- {i['kind']}: `{i['path']}` (sha256 {i['sha256'][:12]}…)" for i in data["inputs"]]
    lines.append("")
    lines.append("_Phone numbers are masked._" if view.masked else "_Phone numbers are NOT masked (--no-mask): do not forward._")
    lines.append("")
    return "\n".join(lines)


@register_renderer("md", ".md")
def render_markdown(result: AuditResult, mask_phones: bool) -> bytes:
    return render_markdown_text(build_view(result, mask_phones)).encode("utf-8")
