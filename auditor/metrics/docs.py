"""The catalogue as Markdown (docs/metrics.md is generated from it; a test keeps it current)."""

from __future__ import annotations

from auditor.metrics.catalogue import Catalogue, MetricDef, MetricKind, load_catalogue


def catalogue_markdown(catalogue: Catalogue | None = None) -> str:
    catalogue = catalogue or load_catalogue()
    out = [
        "# Metric catalogue",
        "",
        "Generated from `auditor/metrics/catalogue.yaml` by `python scripts/make_docs.py`; do not edit by hand.",
        "Ratios are stored as 0-1, never percent. The first definition of a rate is its default; the audit",
        "binds to it unless the engagement's `definitions:` names another. Sources are the seed articles.",
        "",
        "## Building blocks",
        "",
        "| id | unit | meaning | from the records | labels |",
        "| --- | --- | --- | --- | --- |",
    ]
    for m in catalogue.blocks:
        out.append(f"| `{m.id}` | {m.unit.value} | {m.meaning} | {m.from_records} | {_labels(m)} |")
    out += [
        "",
        "## Rates and averages",
        "",
        "| id | unit | default definition | variants | normal / alarm | labels | source |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for m in catalogue.rates:
        variants = ", ".join(f"`{f.text}`" for f in m.definitions[1:]) or ""
        recomputable = "" if m.recomputable else " (not recomputable from records)"
        out.append(
            f"| `{m.id}` | {m.unit.value} | `{m.default_definition}`{recomputable} | {variants} "
            f"| {m.normal} | {_labels(m)} | {', '.join(m.source)} |"
        )
    out += [
        "",
        "## Claimed-only figures (listed as unverifiable)",
        "",
        "| id | unit | normal | labels |",
        "| --- | --- | --- | --- |",
    ]
    for m in catalogue.of_kind(MetricKind.UNVERIFIABLE):
        out.append(f"| `{m.id}` | {m.unit.value} | {m.normal} | {_labels(m)} |")
    out.append("")
    return "\n".join(out)


def _labels(metric: MetricDef) -> str:
    labels = metric.labels
    parts = []
    for lang in ("zh", "en", "ru"):
        texts = [
            label.text + (f" (= `{label.definition}`)" if label.definition else "") for label in labels if label.language == lang
        ]
        if texts:
            parts.append(f"{lang}: " + "; ".join(texts))
    return "<br>".join(parts).replace("|", "\\|")
