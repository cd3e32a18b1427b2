"""Time the chart summaries: one summary per part of a synthetic call table, added up, then the charts.

    python bench/bench_charts.py [--rows 2000000] [--part 500000]

Prints seconds to summarise each part (mean), to add the summaries, to draw the charts,
the pickled size of a summary, and that the charts equal those of the whole table.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import operator
import pickle
import time

import numpy as np
import pandas as pd

from auditor.ingest.table import CallTable
from auditor.metrics.distributions import charts_from, distributions, summarise_charts
from auditor.metrics.model import MetricSet
from auditor.metrics.settings import MetricSettings


def synthetic_calls(rows: int, seed: int = 1) -> CallTable:
    """Dials over a month: a third answered, talk exponential (mean 90 s, to 0.1 s)."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-10-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 30 * 86_400, rows), unit="s")
    frame = pd.DataFrame(
        {
            "call_id": np.arange(rows).astype(str),
            "phone": "+8613800000000",
            "start_time": start,
            "disposition": rng.choice(["answered", "no_answer", "busy"], rows),
            "talk_s": np.round(rng.exponential(90, rows), 1),
        }
    )
    return CallTable.from_frame(frame, timezone="Asia/Shanghai", source="<bench>")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--part", type=int, default=500_000)
    args = parser.parse_args()
    calls = synthetic_calls(args.rows)
    settings = MetricSettings()
    parts = [dataclasses.replace(calls, frame=calls.frame.iloc[i : i + args.part]) for i in range(0, args.rows, args.part)]
    t0 = time.perf_counter()
    summaries = [summarise_charts(part, settings) for part in parts]
    t1 = time.perf_counter()
    total = functools.reduce(operator.add, summaries)
    t2 = time.perf_counter()
    charts = charts_from(total, settings, MetricSet(), has_agents=False, timezone=calls.timezone)
    t3 = time.perf_counter()
    whole = distributions(calls, settings, MetricSet())
    t4 = time.perf_counter()
    print(f"rows {args.rows:,} in {len(parts)} parts of {args.part:,}")
    print(f"summarise: {(t1 - t0) / len(parts):.3f} s a part; add: {t2 - t1:.4f} s; charts: {t3 - t2:.4f} s")
    print(f"whole table in one part: {t4 - t3:.3f} s; a summary pickles to {len(pickle.dumps(total)):,} bytes")
    print(f"charts of the parts == charts of the whole: {charts == whole}")


if __name__ == "__main__":
    main()
