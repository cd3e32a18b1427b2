"""Manipulated vendors are caught (issue 16: no false accusations, and no blindness either).

``scripts/manipulated_audits.py`` takes honest audits of ``scripts/honest_audits.py`` (records in many
exports, reports in five languages and many layouts, offset and naive times) and gives each ONE trick a
vendor uses to look better: a figure printed over a flattering denominator, conversions or talk time
inflated, invented dials, complaints left out, dials at night, beyond the cap, after an opt-out or to the
do-not-call list, ghost calls, talk padded to the threshold. Each audit's manifest names the findings a
careful auditor must raise; the test asserts auditor raises one of them at or above its severity and
that its verdict is not "No material problems found". Audits today's auditor misses carry
``xfail(strict=True)`` with the cause seen from outside (docs/manipulated-corpus.md): fixing the cause
makes the test pass, and the strict mark then fails until it is removed.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import auditor

ROOT = Path(__file__).resolve().parents[1]


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("manipulated_audits", ROOT / "scripts" / "manipulated_audits.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["manipulated_audits"] = module
    spec.loader.exec_module(module)
    return module


manipulated = _load_generator()
CORPUS = manipulated.corpus()
NAMES = [spec.name for _, spec in CORPUS]
# Records that also hold inbound or internal calls, or come from a switch (Asterisk, FreeSWITCH) whose campaign,
# agent and direction fields are easy to misread: the honest twin (same records, no trick) shows that what
# catches the trick is the trick, not those calls.
SWITCHES = {"asterisk", "freeswitch", "freeswitch-header"}
TWINNED = [
    spec.name
    for item, spec in CORPUS
    if item.trick in manipulated.RECORDS and (spec.inbound or spec.internal or spec.export in SWITCHES)
]

UNREAD = "the report's {} labels are not read (no claim comes back from it), so the inflated figure is never checked"
UNMATCHED = "{} is an unmatched figure (its label is not read), so {} is never checked"
QUIET_MEDIUM = (
    "the medium {} finding is raised, but the verdict headline reads 'No material problems found' (level warn): "
    "a record-only problem at medium does not reach the headline"
)
ROLLUP_RATE = (
    "without records only the pooled-rate rollup can show an edited headline rate (the rate-from-counts check leaves "
    "the valid-dials definition open); since the campaign rows carry the report's period (39ae9af) the headline "
    "connect rate is no longer compared with its campaign rows, and the only finding left is a low rates-contradict"
)
XFAIL = {
    "es_conversion_over_intents_pdf_unruled": UNREAD.format("Spanish") + ": 'Tasa de conversión' over intents",
    "pt_conversions_inflated_mapped_pdf": UNREAD.format("Portuguese") + ": 'Vendas' / 'Vendas fechadas'",
    "ru_effective_10s_freeswitch": UNMATCHED.format(
        "'Результативные разговоры' (and 'Доля результативных разговоров')", "effective contacts counted from 10 s"
    ),
    "ru_day_row_inflated_freeswitch": UNMATCHED.format("'Успешные дозвоны'", "the per-day connects row above the month"),
    "ru_dials_subtle_parquet": UNMATCHED.format("'Количество исходящих вызовов'", "a 6 % dial inflation")
    + "; the verdict is 'No material problems found'",
    "zh_valid_rate_xlsx_records": (
        "in a metric / target / actual table (XLS) a row whose target cell is '—' is read with '—' as its label: "
        "号码有效率 and 无效号码率 are unmatched figures, so the invalid numbers hidden as 'no answer' are never checked"
    ),
    "zh_headline_rate_report_only": ROLLUP_RATE + " (未接通 is also read as a second connected count)",
    "en_headline_rate_subtle_report_only": ROLLUP_RATE,
    "en_window_naive_zone_assumed": QUIET_MEDIUM.format("compliance (32 dials outside the window, zone assumed)"),
    "zh_caps_subtle_offset": QUIET_MEDIUM.format("compliance (11 dials beyond the daily cap, zone from the engagement)"),
    "en_repeats_xlsx_records": QUIET_MEDIUM.format("data-quality (6 call ids repeated, each counted as a dial)"),
}
INBOUND_AS_DIALS = (
    "inbound calls outside 08:00-21:00 are counted as outbound dials: the honest twin (same records, no dial moved) "
    "gets the same high dials-break-calling-rules finding, so the finding does not show the trick"
)
TWIN_XFAIL = {
    "zh_window_naive_engagement_xlsx": INBOUND_AS_DIALS,
    "pt_window_freeswitch_inbound": INBOUND_AS_DIALS,
    "en_window_twilio_inbound": INBOUND_AS_DIALS,
    "en_ghosts_freeswitch_naive": (
        "FreeSWITCH accountcode (the campaign) is read as the agent: the honest twin's two campaigns are two 'agents' on "
        "hundreds of calls at once (high agent-on-two-calls-at-once), so the finding does not show the ghost calls"
    ),
}


def _case(name: str, xfail: dict[str, str] = XFAIL) -> Any:
    if name in xfail:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=xfail[name]), id=name)
    return pytest.param(name, id=name)


@pytest.fixture(scope="session")
def manipulated_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return dict(manipulated.generate(tmp_path_factory.mktemp("manipulated_corpus"), twins=TWINNED))


def _manifest(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data


def _describe(finding: dict[str, Any]) -> str:
    return f"  {finding['severity']} {finding['category']} {finding['rule']} {finding.get('metric')}: {finding['message'][:200]}"


def _expected(manifest: dict[str, Any]) -> str:
    lines = []
    for e in manifest["trick"]["expected"]:
        printed = "; ".join(f"{p['label']} = {p['text']} (records: {p['true']})" for p in e.get("printed", []))
        lines.append(f"  {e['min_severity']}+ {e['category']} {'/'.join(e['rules'])} {e['metric'] or ''} {printed}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", [_case(n) for n in NAMES])
def test_manipulated_vendor_is_caught(manipulated_corpus: dict[str, Path], name: str) -> None:
    folder = manipulated_corpus[name]
    manifest = _manifest(folder)
    result = auditor.audit(**manipulated.audit_inputs(folder))
    findings = [f.to_dict() for f in result.findings]
    caught = manipulated.catching(findings, manifest)
    near = [f for f in findings if f["severity"] in ("medium", "high", "critical")][:8]
    assert caught, (
        f"{name} ({folder}): trick {manifest['trick']['id']} ({manifest['trick']['what']}) is not caught.\n"
        f"Expected any of:\n{_expected(manifest)}\nMedium+ findings instead:\n" + "\n".join(_describe(f) for f in near)
    )
    assert manipulated.verdict_of(result) != manipulated.QUIET_VERDICT


@pytest.mark.parametrize("name", [_case(n, TWIN_XFAIL) for n in TWINNED])
def test_honest_twin_is_not_caught(manipulated_corpus: dict[str, Path], name: str) -> None:
    """The same records without the trick give none of the findings that catch it."""
    twin = manipulated_corpus[name + manipulated.TWIN]
    result = auditor.audit(**manipulated.audit_inputs(twin))
    caught = manipulated.catching([f.to_dict() for f in result.findings], _manifest(manipulated_corpus[name]))
    assert not caught, f"{name}: its honest twin ({twin}) is caught too:\n" + "\n".join(_describe(f) for f in caught)


def test_every_xfail_names_an_audit_of_the_corpus() -> None:
    assert set(XFAIL) <= set(NAMES)
    assert set(TWIN_XFAIL) <= set(TWINNED)


def test_corpus_is_varied_enough() -> None:
    """Every trick on several layouts; languages, exports, time handling and doses mixed."""
    specs = [spec for _, spec in CORPUS]
    tricks = [item.trick for item, _ in CORPUS]
    assert set(tricks) == set(manipulated.TRICKS)
    assert all(tricks.count(t) >= 2 for t in manipulated.TRICKS), sorted((tricks.count(t), t) for t in manipulated.TRICKS)
    assert {s.language for s in specs} == {"zh", "en", "ru", "pt", "es"}
    assert len({s.export for s in specs}) >= 9
    assert {"offset", "aware", "naive", "naive-engagement", "utc-engagement", "mapping-zone"} <= {s.times for s in specs}
    assert {p.fmt for s in specs for p in s.reports} == {"xlsx", "xls", "pdf"}
    assert {item.dose for item, _ in CORPUS} == {"plain", "subtle"}
    assert any(s.inbound for s in specs)  # tricks hidden among inbound calls the records also hold
    assert any(manipulated.zone_assumed(s) for s in specs)  # a breach where the zone is only assumed: medium, still raised


def test_report_tricks_change_the_printed_figures_beyond_their_rounding(manipulated_corpus: dict[str, Path]) -> None:
    """Every figure a report trick is expected to be caught by differs from the records by more than it
    could by rounding: the expected finding is earned, not an artefact of the printed precision."""
    for name, folder in manipulated_corpus.items():
        manifest = _manifest(folder)
        assert manifest["trick"]["expected"] or name.endswith(manipulated.TWIN), name
        for expected in manifest["trick"]["expected"]:
            for printed in expected.get("printed", []):
                if printed["true"] is not None:
                    assert abs(printed["value"] - printed["true"]) > printed["tolerance"], (name, printed)


def test_records_tricks_are_in_the_records_and_report_tricks_leave_them_honest(manipulated_corpus: dict[str, Path]) -> None:
    for name, folder in manipulated_corpus.items():
        manifest = _manifest(folder)
        checks = manifest["record_checks"]
        if manifest["trick"]["layer"] == "report" or manifest["twin_of"]:
            assert not any(checks.values()), (name, checks)
        elif manifest["trick"]["id"] in ("dials_outside_window", "redial_after_opt_out", "agent_ghost_calls"):
            key = {"dials_outside_window": "outside_window", "redial_after_opt_out": "after_opt_out"}.get(
                manifest["trick"]["id"], "agent_overlap"
            )
            assert checks.get(key, 0) > 0, (name, checks)


def test_check_trick_refuses_records_without_the_trick() -> None:
    """The generator's own check can fail: honest records do not pass for a records trick."""
    item, spec = next((i, s) for i, s in CORPUS if i.trick == "agent_ghost_calls")
    calls = manipulated.honest.simulate(spec)
    with pytest.raises(AssertionError, match="do not show trick"):
        manipulated.check_trick(manipulated.TRICKS[item.trick], spec, calls, {})


def test_generation_is_deterministic(tmp_path: Path) -> None:
    names = [next(s.name for i, s in CORPUS if i.trick == t) for t in ("conversions_inflated", "dials_outside_window")]
    first = manipulated.generate(tmp_path / "a", only=names)
    second = manipulated.generate(tmp_path / "b", only=names)
    for name in names:
        files = sorted(p.name for p in first[name].iterdir())
        assert files == sorted(p.name for p in second[name].iterdir())
        for file in files:
            assert (first[name] / file).read_bytes() == (second[name] / file).read_bytes(), f"{name}/{file}"


FINDING = {
    "category": "discrepancy",
    "rule": "claim-mismatch",
    "severity": "high",
    "metric": "conversions",
    "scope": {"campaign": None, "agent_id": None, "period": "2025-09"},
    "claimed": 19.0,
}
EXPECTED = {
    "category": "discrepancy",
    "rules": ["claim-mismatch"],
    "metric": "conversions",
    "min_severity": "high",
    "scope": {"campaign": None, "agent_id": None},
    "printed": [{"value": 19.0, "tolerance": 0.5, "true": 12.0}],
}


@pytest.mark.parametrize(
    ("change", "caught"),
    [
        ({}, True),
        ({"severity": "critical"}, True),
        ({"severity": "medium"}, False),  # capped below what the trick deserves
        ({"category": "definition"}, False),
        ({"rule": "report-total-not-sum-of-rows"}, False),
        ({"metric": "total_dials"}, False),
        ({"claimed": 74.0}, False),  # another figure (a day's row read as the month) flagged instead
        ({"claimed": 19.4}, True),  # within the printed figure's rounding
        ({"scope": {"campaign": "Wealth Leads", "agent_id": None, "period": "2025-09"}}, False),
    ],
    ids=[
        "same",
        "higher",
        "lower-severity",
        "other-category",
        "other-rule",
        "other-metric",
        "other-figure",
        "rounding",
        "campaign",
    ],
)
def test_a_finding_catches_the_trick_only_when_it_is_about_the_trick(change: dict[str, Any], caught: bool) -> None:
    finding = {**FINDING, **change}
    assert bool(manipulated.catching([finding], {"trick": {"expected": [EXPECTED]}})) is caught
