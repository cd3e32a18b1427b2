"""One self-contained HTML page: verdict, claimed vs recomputed, charts, filterable findings.

No network at all: styles, the small filtering script and the SVG charts are inline,
so the file can be mailed, archived and opened offline. Prints cleanly (a print
stylesheet hides the controls and keeps cards whole). Jinja2 autoescapes every
value; the charts are built by :mod:`auditor.render.svg` and marked safe.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from auditor import __version__
from auditor.render import register_renderer, svg
from auditor.render.view import SEVERITIES, build_view, chart_notes, file_name, fmt_number, fmt_pct, fmt_value
from auditor.result import AuditResult


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("auditor.render", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(number=fmt_number, value=fmt_value, pct=fmt_pct, file_name=file_name)
    return env


def render_html_text(result: AuditResult, mask_phones: bool = True) -> str:
    view = build_view(result, mask_phones)
    charts = view.charts
    figures = {
        "funnel": svg.funnel_chart(view.funnel),
        "rates": svg.rates_chart(view.comparisons),
        "talk": svg.talk_histogram_chart(charts.get("talk_histogram") or {}),
        "hours": svg.hours_chart(charts.get("calls_by_hour") or {}),
        "outliers": svg.outliers_chart(charts.get("agent_outliers") or {}),
    }
    template = _environment().get_template("report.html.j2")
    return template.render(
        view=view,
        data=view.data,
        severities=SEVERITIES,
        charts={k: Markup(v) for k, v in figures.items()},
        has_charts=any(figures.values()),
        notes={k: "" for k in ("funnel", "talk", "hours", "outliers")} | chart_notes(view),
        version=__version__,
    )


@register_renderer("html", ".html")
def render_html(result: AuditResult, mask_phones: bool) -> bytes:
    return render_html_text(result, mask_phones).encode("utf-8")
