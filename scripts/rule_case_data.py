"""Write the canonical call files the statistical rule cases read (fixtures/rule_cases/data/).

    python scripts/rule_case_data.py

Seeded and deterministic: each honest file has a tampered twin that differs only
in the manipulation the kind should catch.

* talk_honest.csv       4,000 answered calls; talk times a smooth mixture (early hang-ups + log-normal).
* talk_padded.csv       the same, 35 % of the calls under 30 s stretched to 30-34 s (bunching, density jump).
* talk_rounded.csv      the same, 25 % of the calls of 60 s or more rounded to whole minutes (heaping).
* agents_honest.csv     6,000 dials of 12 agents in 3 campaigns from the demo generator.
* agents_inflated.csv   the same, with agent A001 marking every short answered call "effective".
* revenue_benford.csv   2,000 converted calls, amounts log-uniform over 10-100,000 (Benford holds).
* revenue_invented.csv  the same calls, amounts with a uniformly drawn first digit (invented).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.demo.synth import SynthConfig, generate_calls  # noqa: E402

OUT = ROOT / "fixtures" / "rule_cases" / "data"
SEED = 20261204


def answered_calls(rng: np.random.Generator, talk: np.ndarray) -> pd.DataFrame:
    """Answered calls of 10 agents over October 2026, spaced so that no agent overlaps itself."""
    n = len(talk)
    agent = np.arange(n) % 10
    slot = np.arange(n) // 10  # the agent's n-th call
    day = slot // 40
    start = pd.Timestamp("2026-10-01 09:00:00") + pd.to_timedelta(day % 28, unit="D")
    start = start + pd.to_timedelta((slot % 40) * 600, unit="s")
    return pd.DataFrame(
        {
            "call_id": [f"T{i:05d}" for i in range(n)],
            "start_time": start.strftime("%Y-%m-%d %H:%M:%S"),
            "phone": [f"1380{i:07d}" for i in range(n)],
            "agent_id": [f"A{a + 1:03d}" for a in agent],
            "disposition": "answered",
            "ring_s": rng.integers(3, 15, n).astype(float),
            "talk_s": talk,
        }
    )


def talk_files(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    n = 4000
    early = rng.random(n) < 0.3
    talk = np.where(early, 2 + rng.exponential(10.0, n), rng.lognormal(np.log(80), 0.6, n)).round(0).clip(1, 1800)
    honest = answered_calls(rng, talk)
    padded = honest.copy()
    pad = (padded["talk_s"] < 30) & (rng.random(n) < 0.35)
    padded.loc[pad, "talk_s"] = 30 + rng.integers(0, 5, int(pad.sum()))
    rounded = honest.copy()
    heap = (rounded["talk_s"] >= 60) & (rng.random(n) < 0.25)
    rounded.loc[heap, "talk_s"] = (rounded.loc[heap, "talk_s"] / 60).round() * 60
    return {"talk_honest.csv": honest, "talk_padded.csv": padded, "talk_rounded.csv": rounded}


def agent_files() -> dict[str, pd.DataFrame]:
    honest = generate_calls(SynthConfig(seed=SEED % 100_000, n_dials=6000, n_agents=12))
    columns = [
        "call_id",
        "start_time",
        "answer_time",
        "end_time",
        "phone",
        "campaign",
        "agent_id",
        "disposition",
        "ring_s",
        "talk_s",
        "outcome",
    ]
    honest = honest[columns]
    inflated = honest.copy()
    relabel = (inflated["agent_id"] == "A001") & (inflated["disposition"] == "answered") & (inflated["outcome"] == "none")
    inflated.loc[relabel, "outcome"] = "effective"
    return {"agents_honest.csv": honest, "agents_inflated.csv": inflated}


def revenue_files(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    n = 2000
    calls = answered_calls(rng, rng.integers(60, 400, n).astype(float))
    calls["outcome"] = "converted"
    benford = calls.assign(revenue=(10 ** rng.uniform(1, 5, n)).round(2))
    leading = rng.integers(1, 10, n) * 10.0 ** rng.integers(1, 5, n)  # first digit uniform over 1-9
    invented = calls.assign(revenue=(leading + rng.integers(0, 10, n)).astype(float))
    return {"revenue_benford.csv": benford, "revenue_invented.csv": invented}


def write_all(out: Path = OUT) -> list[Path]:
    """Write every file into ``out``; the same bytes on every run."""
    rng = np.random.default_rng(SEED)
    out.mkdir(parents=True, exist_ok=True)
    files = {**talk_files(rng), **agent_files(), **revenue_files(rng)}
    for name, frame in files.items():
        frame.to_csv(out / name, index=False, lineterminator="\n")
    return [out / name for name in files]


def main() -> None:
    for path in write_all():
        print(f"{path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
