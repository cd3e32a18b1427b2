"""Time each plausibility and compliance rule on a synthetic call centre (default 1,000,000 dials).

    python bench/record_kinds.py [--dials 1000000] [--agents 800]

The records carry the tampering knobs (padding, round minutes, after-hours dials,
redials after opt-out) so every rule has work to report. Prints seconds per rule
(the kind's check alone: metrics are recomputed once beforehand, as in an audit),
as wall-clock and as CPU time of this process (CPU time is the steadier figure
on a shared machine).
"""

from __future__ import annotations

import argparse
import time

from auditor.demo.synth import SynthConfig, generate_calls
from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.registry import get_kind
from auditor.engine.spec import builtin_pack_paths, load_packs
from auditor.ingest.table import CallTable
from auditor.metrics.compute import recompute


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dials", type=int, default=1_000_000)
    parser.add_argument("--agents", type=int, default=800)
    args = parser.parse_args()
    t0 = time.perf_counter()
    config = SynthConfig(
        n_dials=args.dials,
        n_agents=args.agents,
        padded_share=0.2,
        rounded_share=0.1,
        after_hours_share=0.005,
        opt_out_redial_share=0.2,
    )
    frame = generate_calls(config)
    calls = CallTable.from_frame(frame, timezone="Asia/Shanghai", source="synthetic")
    t1 = time.perf_counter()
    engagement = Engagement(timezone="Asia/Shanghai", timezone_given=True)
    metrics = recompute(calls, engagement.metric_settings(), by=("campaign",))
    t2 = time.perf_counter()
    print(f"{len(calls):,} dials, {args.agents} agents: generate + canonical table {t1 - t0:.1f} s, recompute {t2 - t1:.1f} s")
    ctx = AuditContext(metrics=metrics, calls=calls, engagement=engagement)
    specs = [s for s in load_packs(builtin_pack_paths()) if s.pack in ("plausibility", "compliance")]
    wall_total = cpu_total = 0.0
    print(f"  {'rule':<36} {'kind':<22} {'wall':>7} {'cpu':>7}")
    for spec in specs:
        wall, cpu = time.perf_counter(), time.process_time()
        findings = list(get_kind(spec.kind).evaluate(spec, ctx))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall_total += wall
        cpu_total += cpu
        print(f"  {spec.id:<36} {spec.kind:<22} {wall:6.2f}s {cpu:6.2f}s  {len(findings)} finding(s)")
    print(f"  {'all record rules':<59} {wall_total:6.2f}s {cpu_total:6.2f}s")


if __name__ == "__main__":
    main()
