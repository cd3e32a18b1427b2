"""Seeded canonical call records of any size, written in blocks (bounded memory), for bench_scale.py.

    python bench/scale_data.py --rows 10000000 --output /tmp/auditor-bench/calls-10000000.csv

Every canonical column is present, with realistic shapes: 11-digit numbers dialled about
twice each, 400 agents on 4 campaigns (Chinese names), 31 days of dialling, dispositions,
log-normal talk times, outcomes and flags on answered calls, survey scores and revenue.
The values are already canonical (English dispositions, ISO timestamps), so the bench times
the auditor, not the vendor-format adapters.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

BLOCK = 500_000
CAMPAIGNS = np.array(["信用卡分期", "保险续保", "电商大促", "notification-2026"])
DISPOSITIONS = np.array(["answered", "no_answer", "busy", "rejected", "voicemail", "invalid_number", "failed", "abandoned"])
DISPOSITION_P = np.array([0.43, 0.25, 0.08, 0.06, 0.04, 0.11, 0.02, 0.01])
START = np.datetime64("2026-10-01T00:00:00", "s")


def _block(rng: np.random.Generator, first: int, n: int, numbers: int) -> pa.Table:
    ids = np.arange(first, first + n)
    phone = 13_000_000_000 + rng.integers(0, numbers, n) * 7919 % 8_999_999_999
    agent = rng.integers(0, 400, n)
    day = rng.integers(0, 31, n)
    start = START + (day * 86400 + rng.integers(8 * 3600, 21 * 3600 + 1800, n)).astype("timedelta64[s]")
    disposition = DISPOSITIONS[rng.choice(len(DISPOSITIONS), n, p=DISPOSITION_P)]
    answered = disposition == "answered"
    ring = rng.integers(1, 40, n).astype(float)
    talk = np.where(answered, np.clip(rng.lognormal(np.log(60), 0.9, n).round(0), 1, 3600), 0.0)
    answer = start + ring.astype("timedelta64[s]")
    end = answer + talk.astype("timedelta64[s]")
    effective = answered & (talk >= 30)
    u = rng.random(n)
    outcome = np.where(
        ~answered, "", np.where(~effective, "none", np.where(u < 0.03, "converted", np.where(u < 0.15, "intent", "effective")))
    )
    flag = lambda p: np.where(answered, np.where(rng.random(n) < p, "1", "0"), "")  # noqa: E731
    surveyed = answered & (rng.random(n) < 0.3)
    csat = np.where(surveyed, rng.integers(1, 6, n).astype(float), np.nan)
    revenue = np.where(outcome == "converted", rng.lognormal(np.log(2000), 0.4, n).round(2), np.nan)
    text = lambda a: pa.array(a.astype(str))  # noqa: E731
    return pa.table(
        {
            "call_id": pc.binary_join_element_wise("C", pc.cast(pa.array(ids), pa.string()), ""),
            "start_time": pc.strftime(pa.array(start), format="%Y-%m-%d %H:%M:%S"),
            "answer_time": pc.if_else(pa.array(answered), pc.strftime(pa.array(answer), format="%Y-%m-%d %H:%M:%S"), None),
            "end_time": pc.strftime(pa.array(end), format="%Y-%m-%d %H:%M:%S"),
            "phone": pc.cast(pa.array(phone), pa.string()),
            "campaign": text(CAMPAIGNS[agent % len(CAMPAIGNS)]),
            "agent_id": pc.binary_join_element_wise("A", pc.cast(pa.array(agent), pa.string()), ""),
            "disposition": text(disposition),
            "ring_s": pa.array(ring),
            "talk_s": pa.array(talk),
            "outcome": text(outcome),
            "complaint": text(flag(0.003)),
            "opt_out": text(flag(0.05)),
            "follow_up": text(flag(0.2)),
            "csat_score": pa.array(csat, from_pandas=True),
            "revenue": pa.array(revenue, from_pandas=True),
            "recording_id": pc.if_else(
                pa.array(answered), pc.binary_join_element_wise("REC-", pc.cast(pa.array(ids), pa.string()), ""), None
            ),
        }
    )


def write_calls(rows: int, path: Path, seed: int = 20261204) -> Path:
    """Write ``rows`` canonical call records to ``path`` (CSV or Parquet by suffix); the same seed gives the same file."""
    rng = np.random.default_rng(seed)
    numbers = max(1, rows // 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    writer = None
    try:
        for first in range(0, rows, BLOCK):
            table = _block(rng, first, min(BLOCK, rows - first), numbers)
            if writer is None:
                if path.suffix == ".parquet":
                    import pyarrow.parquet as pq

                    writer = pq.ParquetWriter(tmp, table.schema)
                else:
                    writer = pacsv.CSVWriter(tmp, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()
    tmp.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20261204)
    args = parser.parse_args()
    print(write_calls(args.rows, args.output, args.seed))


if __name__ == "__main__":
    main()
