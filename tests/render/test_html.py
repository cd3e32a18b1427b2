"""The HTML report as a file: self-contained, complete, escaped, printable. (In a browser: test_html_browser.py.)"""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from auditor.findings import Category, Finding, Severity
from auditor.render import render
from auditor.render.view import build_view
from auditor.result import AuditResult


class Collector(HTMLParser):
    """Tags with their attributes, and the text, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def page(demo_result: AuditResult) -> str:
    return render(demo_result, "html").decode("utf-8")


@pytest.fixture(scope="module")
def parsed(page: str) -> Collector:
    collector = Collector()
    collector.feed(page)
    return collector


def test_nothing_is_loaded_from_anywhere(page: str, parsed: Collector) -> None:
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, f"<{tag} src=...> loads a resource"
        if tag == "link":
            pytest.fail(f"<link {attrs}> loads a resource")
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#"), f"<{tag} href={href}> leaves the page"
    assert "@import" not in page
    assert not re.search(r"url\((?!#)", page)
    assert "http://" not in page and "https://" not in page


def test_verdict_counts_and_key_figures_are_in_the_page(page: str, demo_result: AuditResult) -> None:
    assert "Figures not supported by the records" in page
    for severity, count in demo_result.by_severity.items():
        assert f'data-count="{severity}">{count}<' in page
    assert "12,000 dials" in page
    assert "50.8%" in page and "43.69 %" in page and "5,243 / 12,000" in page  # claimed, recomputed, its inputs
    assert "汇总!B7" in page  # where the claim was printed


def test_every_finding_is_an_article_with_filter_attributes(parsed: Collector, demo_result: AuditResult) -> None:
    articles = [a for t, a in parsed.tags if t == "article"]
    assert [a["id"] for a in articles] == [f.id for f in demo_result.findings]
    assert [a["data-severity"] for a in articles] == [f.severity.value for f in demo_result.findings]
    assert [a["data-category"] for a in articles] == [f.category.value for f in demo_result.findings]
    chips = {
        a["data-severity"]
        for t, a in parsed.tags
        if t == "button" and "chip" in (a.get("class") or "") and a.get("data-severity")
    }
    assert chips == {"critical", "high", "medium", "low", "info"}
    options = {a["value"] for t, a in parsed.tags if t == "option"}
    assert options == {""} | {f.category.value for f in demo_result.findings}


def test_findings_show_evidence_readably_and_their_sources(page: str) -> None:
    assert "Recomputed from the call records" in page
    assert "381,148 / 3,407" in page
    assert "Why it matters:" in page
    assert 'class="src">vendor_report.xlsx 汇总!B9<' in page
    assert '"raw_text"' not in page  # evidence is not dumped as JSON


def test_charts_are_inline_svg_with_their_reference_lines(page: str, parsed: Collector) -> None:
    labels = [a.get("aria-label") for t, a in parsed.tags if t == "svg"]
    assert "Funnel: claimed vs recomputed counts" in labels
    assert "Talk-time histogram of connected calls, effective threshold 30 s" in labels
    assert "Dials by local hour with the calling window" in labels
    assert "Agent figures with robust z-score outliers" in labels
    assert "Rates: claimed vs recomputed" in labels
    assert "effective threshold 30 s" in page
    assert "calling window 08:00–21:00" in page
    assert "45 of 12,000 dials (0.4 %) were placed outside the calling window" in page


def test_print_stylesheet_hides_controls_and_keeps_cards_whole(page: str) -> None:
    media = page[page.index("@media print") :]
    assert ".controls" in media and "display: none" in media
    assert "break-inside: avoid" in media
    assert "@page" in media


def test_text_from_inputs_is_escaped(demo_result: AuditResult) -> None:
    hostile = Finding(
        rule="x-rule",
        category=Category.CONSISTENCY,
        severity=Severity.LOW,
        message='<script>alert("x")</script> & <img src=x onerror=alert(1)>',
        evidence={"note": "<b>bold</b>"},
    )
    result = replace(demo_result, findings=(*demo_result.findings, replace(hostile, id="F9999")))
    page = render(result, "html").decode("utf-8")
    assert '<script>alert("x")</script>' not in page and "<img src=x" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in page


def test_page_without_records_or_findings_still_renders() -> None:
    page = render(AuditResult(), "html").decode("utf-8")
    assert "Nothing verified" in page  # nothing was given, so nothing was checked: never "no problems"
    assert "No material problems found" not in page
    assert "No findings." in page
    assert "<svg" not in page


def test_output_is_deterministic(demo_result: AuditResult) -> None:
    assert render(demo_result, "html") == render(demo_result, "html")


def test_view_links_claims_to_their_findings(demo_result: AuditResult) -> None:
    view = build_view(demo_result)
    talk = next(c for c in view.comparisons if c.metric == "avg_effective_talk_s")
    finding = next(f for f in demo_result.findings if f.metric == "avg_effective_talk_s")
    assert talk.findings == (finding.id,)
    stages = {s.metric: (s.claimed, s.recomputed) for s in view.funnel}
    assert stages["conversions"] == (230, 144)
    assert stages["valid_dials"][0] is None  # the report does not claim it
