"""Time planning and drawing a recording sample from a large synthetic call table.

    python bench/bench_sampling.py [--dials 1000000] [--strata campaign,agent]

Prints seconds to build the table, to draw (population, strata, sizes, seeded draw),
and to write the workbook, CSV and plan.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from auditor.demo.synth import SynthConfig, generate_calls
from auditor.ingest.table import CallTable
from auditor.sampling.draw import draw_sample
from auditor.sampling.settings import SamplingSettings
from auditor.sampling.workbook import write_sample


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dials", type=int, default=1_000_000)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--population", default="connected")
    parser.add_argument("--strata", default="campaign,agent")
    args = parser.parse_args()
    t0 = time.perf_counter()
    frame = generate_calls(SynthConfig(n_dials=args.dials, n_agents=args.agents))
    calls = CallTable.from_frame(frame, timezone="Asia/Shanghai", source="synthetic")
    t1 = time.perf_counter()
    strata = tuple(s for s in args.strata.split(",") if s)
    drawn = draw_sample(calls, SamplingSettings(population=args.population, strata=strata, seed=1))
    t2 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        write_sample(drawn, Path(tmp))
    t3 = time.perf_counter()
    plan = drawn.plan
    print(f"{args.dials:,} dials -> population '{args.population}' {plan.population_size:,}, {len(plan.strata)} strata, sample {plan.sample_size:,}")
    print(f"  build table  {t1 - t0:6.2f} s")
    print(f"  draw         {t2 - t1:6.2f} s")
    print(f"  write files  {t3 - t2:6.2f} s")


if __name__ == "__main__":
    main()
