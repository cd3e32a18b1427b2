"""Time the audit and each output format on a synthetic call centre of a given size.

    python bench/render_outputs.py [--dials 200000] [--agents 200]

Prints seconds per stage and the size of each output. The demo's vendor report is used
as the report (its claims are for the demo's data, so most will not match: that only
adds findings to render).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from auditor import api
from auditor.demo import bundled_data
from auditor.demo.synth import SynthConfig, generate_calls
from auditor.ingest.table import CallTable
from auditor.render import render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dials", type=int, default=200_000)
    parser.add_argument("--agents", type=int, default=200)
    args = parser.parse_args()
    data = bundled_data()
    frame = generate_calls(SynthConfig(n_dials=args.dials, n_agents=args.agents, after_hours_share=0.01))
    calls = CallTable.from_frame(frame, timezone="Asia/Shanghai", source="synthetic")
    stages: list[tuple[str, float]] = []
    last = time.perf_counter()

    def progress(stage: str) -> None:
        nonlocal last
        now = time.perf_counter()
        stages.append((stage, now))

    start = time.perf_counter()
    result = api.audit(calls=calls, reports=[data["report"]], engagement=data["engagement"], progress=progress)
    end = time.perf_counter()
    marks = [*stages, ("end", end)]
    print(
        f"{args.dials:,} dials, {args.agents} agents: audit {end - start:.2f} s, {len(result.metrics):,} metric values, "
        f"{len(result.findings)} findings"
    )
    for (stage, t0), (_, t1) in zip(marks, marks[1:], strict=False):
        print(f"  {stage:<20} {t1 - t0:6.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("json", "md", "html", "xlsx"):
            t0 = time.perf_counter()
            payload = render(result, fmt)
            t1 = time.perf_counter()
            (Path(tmp) / f"findings.{fmt}").write_bytes(payload)
            print(f"  render {fmt:<5} {t1 - t0:6.2f} s  {len(payload) / 1e6:7.2f} MB")


if __name__ == "__main__":
    main()
