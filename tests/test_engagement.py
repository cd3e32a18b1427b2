"""Engagement files: defaults for every key, unknown keys warn, bad values name file and line."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from auditor.engagement import Engagement, load_engagement
from auditor.errors import ConfigError
from auditor.metrics.settings import PriceBasis


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "engagement.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_gives_the_documented_defaults() -> None:
    eng = load_engagement(None)
    assert eng == Engagement()
    settings = eng.metric_settings()
    assert settings.effective_threshold_s == 30 and settings.satisfied_min_score == 4
    assert settings.compliance.window_start == time(8) and settings.compliance.window_end == time(21)
    assert settings.compliance.max_calls_per_day == 3 and settings.price is None
    assert eng.scenario == "marketing" and eng.fail_on == "high" and eng.timezone == "UTC"


def test_an_empty_file_is_the_defaults(tmp_path: Path) -> None:
    eng = load_engagement(_write(tmp_path, "# nothing\n"))
    assert eng.metric_settings() == Engagement().metric_settings()


def test_full_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "leads.csv").write_text("name,phone\nA,138-0000-0001\nB,13800000002\n", encoding="utf-8")
    (tmp_path / "dnc.txt").write_text("13900000009\n", encoding="utf-8")
    eng = load_engagement(
        _write(
            tmp_path,
            """
name: Vendor X
scenario: collection
timezone: Europe/Moscow
period: 2026-10
effective_threshold_s: 45
definitions: {connect_rate: connected / valid_dials}
tolerance: {abs: 0.001, by_metric: {avg_effective_talk_s: {abs: 1}}}
targets: {connect_rate: {min: 0.4}}
calling_window: {start: "09:00", end: "20:00", weekdays: [mon, tue, wed, thu, fri]}
frequency_cap: {per_day: 2, per_week: null}
do_not_call: dnc.txt
lead_list: leads.csv
price: {model: per_dial, rate: 0.3, currency: RUB}
rules: {disable: [claim-unverifiable], severity: {claim-mismatch: critical}}
dispositions: {Отказ: rejected}
fail_on: medium
""",
        )
    )
    assert eng.scenario == "collection" and eng.timezone == "Europe/Moscow" and eng.period == "2026-10"
    assert eng.binding_definition("connect_rate") == "connected/valid_dials"
    assert eng.tolerance_for("avg_effective_talk_s").abs == 1 and eng.tolerance_for("connect_rate").abs == 0.001
    assert eng.targets["connect_rate"].min == 0.4
    c = eng.compliance
    assert (c.window_start, c.window_end, c.allowed_weekdays) == (time(9), time(20), frozenset(range(5)))
    assert c.max_calls_per_day == 2 and c.max_calls_per_week is None and c.do_not_call == {"13900000009"}
    assert eng.lead_list == {"13800000001", "13800000002"}
    assert eng.price is not None and eng.price.basis is PriceBasis.PER_DIAL and eng.price.rate == 0.3
    assert eng.rules.disable == {"claim-unverifiable"} and eng.rules.severity == {"claim-mismatch": "critical"}
    assert eng.fail_on == "medium" and eng.warnings == ()


def test_unknown_keys_warn_with_a_suggestion_and_do_not_fail(tmp_path: Path) -> None:
    eng = load_engagement(_write(tmp_path, "timezon: Asia/Shanghai\nfoo: 1\n"))
    assert len(eng.warnings) == 2
    assert "did you mean 'timezone'" in eng.warnings[0] and ":1:" in eng.warnings[0]


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("scenario: sales\n", 1, "scenario"),
        ("name: x\ntimezone: Mars/Olympus\n", 2, "time zone"),
        ("name: x\n\neffective_threshold_s: -5\n", 3, ">= 0"),
        ("definitions:\n  connect_rate: connected/everything\n", 2, "no definition"),
        ("price: {model: per_hug, rate: 1}\n", 1, "price model"),
        ("calling_window: {start: '25:00'}\n", 1, "time of day"),
        ("lead_list: missing.csv\n", 1, "not found"),
        ("targets: [1, 2]\n", 1, "mapping"),
        ("period: October\n", 1, "period"),
        ("fail_on: loud\n", 1, "severity"),
        ("name: x\na: [1, 2\n", None, "YAML"),
    ],
)
def test_bad_values_name_the_line(tmp_path: Path, text: str, line: int | None, needle: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_engagement(path)
    assert err.value.location is not None and err.value.location.file == str(path)
    if line is None:
        assert err.value.location.line is not None
    else:
        assert err.value.location.line == line
    assert needle in str(err.value) + (err.value.hint or "")


def test_record_check_settings_default_and_read(tmp_path: Path) -> None:
    defaults = Engagement()
    assert (
        defaults.shift_hours == 8
        and defaults.compliance.max_abandoned_rate == 0.03
        and defaults.compliance.min_compliant_call_rate == 0.95
    )
    eng = load_engagement(_write(tmp_path, "shift_hours: 10\nabandoned_rate_cap: 0.05\ncompliant_call_rate_min: 0.9\n"))
    assert eng.shift_hours == 10 and eng.compliance.max_abandoned_rate == 0.05 and eng.compliance.min_compliant_call_rate == 0.9
    assert eng.warnings == ()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("abandoned_rate_cap: 3\n", "abandoned_rate_cap: 3 is not a ratio"),
        ("compliant_call_rate_min: -0.1\n", "must be >= 0"),
        ("shift_hours: 30\n", "shift_hours: 30 is not a number of hours"),
    ],
)
def test_bad_record_check_settings_name_the_line(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_engagement(_write(tmp_path, text))
    assert needle in str(info.value.message) and info.value.location is not None and info.value.location.line == 1
