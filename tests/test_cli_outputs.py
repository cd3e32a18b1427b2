"""CLI: every output format, the demo's outputs, progress on a terminal only, --quiet, --no-mask."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import cli
from auditor.progress import STAGES, TerminalProgress


def runner() -> CliRunner:
    """stdout and stderr apart (click 8.2 always; 8.1 only with mix_stderr=False)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


@pytest.fixture
def demo_args(demo_files: dict[str, Path]) -> list[str]:
    return [
        "--calls",
        str(demo_files["calls"]),
        "--report",
        str(demo_files["report"]),
        "--engagement",
        str(demo_files["engagement"]),
    ]


def test_audit_writes_all_four_formats(demo_args: list[str], tmp_path: Path) -> None:
    result = runner().invoke(cli.cli, ["audit", *demo_args, "--format", "json,md,html,xlsx", "--output", str(tmp_path)])
    assert result.exit_code == 1, result.output  # the demo report has high findings
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["findings.html", "findings.json", "findings.md", "findings.xlsx"]
    data = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert set(data["charts"]) == {"talk_histogram", "calls_by_hour", "agent_outliers"}  # the new key, beside the old ones
    assert {"schema", "claims", "metrics", "findings", "summary", "comparisons"} <= set(data)
    assert (tmp_path / "findings.xlsx").read_bytes()[:2] == b"PK"
    assert "Figures not supported by the records" in (tmp_path / "findings.html").read_text(encoding="utf-8")


def test_demo_writes_html_and_xlsx_by_default(tmp_path: Path) -> None:
    result = runner().invoke(cli.cli, ["demo", "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".html", ".json", ".md", ".xlsx"]
    assert "findings.html in a browser" in result.output


def test_quiet_prints_nothing_on_stderr(demo_args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_stderr_is_tty", lambda: True)  # even on a terminal
    result = runner().invoke(cli.cli, ["audit", *demo_args, "-f", "md,html", "-o", str(tmp_path), "--quiet"])
    assert result.exit_code == 1
    assert result.stderr == "" and result.stdout == ""
    assert (tmp_path / "findings.html").exists()


def test_progress_is_shown_on_a_terminal_and_erased(
    demo_args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_stderr_is_tty", lambda: True)
    result = runner().invoke(cli.cli, ["audit", *demo_args, "-f", "json", "-o", str(tmp_path)])
    stderr = result.stderr
    positions = [stderr.find(f"] {stage}") for stage in STAGES]
    assert all(p >= 0 for p in positions), stderr[:500]
    assert positions == sorted(positions)  # stages in order
    assert "\r" in stderr and "Findings:" in stderr  # rewritten in place, then the summary


def test_no_progress_when_stderr_is_not_a_terminal(demo_args: list[str], tmp_path: Path) -> None:
    result = runner().invoke(cli.cli, ["audit", *demo_args, "-f", "json", "-o", str(tmp_path)])
    assert "\r" not in result.stderr and "recomputing" not in result.stderr
    assert "Findings:" in result.stderr


def test_single_format_to_stdout_stays_clean(demo_args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_stderr_is_tty", lambda: True)
    result = runner().invoke(cli.cli, ["audit", *demo_args, "-f", "md"])
    assert result.stdout.startswith("# Audit:")
    assert "recomputing" not in result.stdout


def test_no_mask_flag_reaches_the_renderers(tmp_path: Path) -> None:
    calls = tmp_path / "calls.csv"
    calls.write_text(
        "call_id,start_time,phone,disposition,talk_s\nc1,2026-10-01 10:00:00,13800138000,answered,40\n", encoding="utf-8"
    )
    masked = runner().invoke(cli.cli, ["audit", "--calls", str(calls), "-f", "md", "-q"])
    plain = runner().invoke(cli.cli, ["audit", "--calls", str(calls), "-f", "md", "-q", "--no-mask"])
    assert "NOT masked" in plain.output and "NOT masked" not in masked.output


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_progress_numbers_stages_and_clears_its_line() -> None:
    stream = FakeTerminal()
    with TerminalProgress(stream, interval=0) as progress:
        progress("reading records")
        assert "[2/5] reading records" in progress.line()
        progress("rules")
    out = stream.getvalue()
    assert out.index("reading records") < out.index("rules")
    assert out.endswith("\r")  # the line is blanked at the end
    assert progress.line() == ""


def test_terminal_progress_shows_how_far_a_long_read_is() -> None:
    stream = FakeTerminal()
    with TerminalProgress(stream, interval=0) as progress:
        progress("reading records")
        progress.advance(250, 1000)
        assert "reading records 25%" in progress.line()
        progress.advance(1000, 1000)
        assert "reading records 100%" in progress.line()
        progress("recomputing")
        assert "%" not in progress.line()  # a new stage starts without a share


def test_audit_reports_read_progress_to_a_display_that_takes_it(tmp_path: Path) -> None:
    from auditor import api
    from auditor.demo import bundled_data

    seen: list[tuple[int, int]] = []

    class Display:
        def __call__(self, stage: str) -> None:
            pass

        def advance(self, done: int, total: int) -> None:
            seen.append((done, total))

    calls = bundled_data()["calls"]
    api.audit(calls=calls, progress=Display())
    assert seen and seen[-1] == (calls.stat().st_size, calls.stat().st_size)


@pytest.mark.parametrize("quiet", [False, True])
def test_recompute_shows_read_progress_on_a_terminal(
    demo_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, quiet: bool
) -> None:
    monkeypatch.setattr(cli, "_stderr_is_tty", lambda: True)
    args = ["recompute", "--calls", str(demo_files["calls"]), "-f", "csv", *(["--quiet"] if quiet else [])]
    result = runner().invoke(cli.cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("metric,definition")
    if quiet:
        assert result.stderr == ""
    else:
        assert "[1/2] reading records" in result.stderr and "100%" in result.stderr
