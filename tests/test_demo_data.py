"""The bundled demo data is what the generator produces (so anyone can regenerate it)."""

from __future__ import annotations

from pathlib import Path

from auditor.demo import bundled_data
from auditor.demo.build import build_demo
from auditor.reports import parse_report


def test_bundled_demo_matches_a_fresh_build(tmp_path: Path) -> None:
    fresh = build_demo(tmp_path)
    bundled = bundled_data()
    assert fresh["calls"].read_bytes() == bundled["calls"].read_bytes(), "run: python scripts/make_fixtures.py"
    assert fresh["engagement"].read_bytes() == bundled["engagement"].read_bytes()
    claims = lambda p: [(c.metric, c.value, c.scope, c.source.cell) for c in parse_report(p).claims]  # noqa: E731
    assert claims(fresh["report"]) == claims(bundled["report"])


def test_demo_is_realistic() -> None:
    import pandas as pd

    calls = pd.read_csv(bundled_data()["calls"], encoding="utf-8-sig", dtype=str)
    assert len(calls) >= 10_000
    assert calls["外呼任务"].nunique() >= 3 and calls["坐席工号"].nunique() >= 24
