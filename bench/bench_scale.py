"""Scale benchmark: the auditor's recompute on N call records beside a DuckDB SQL reference.

    python bench/bench_scale.py                      # 10,000,000 rows
    python bench/bench_scale.py --rows 1000000 --audit --format parquet
    python bench/bench_scale.py --rows 2000000 --sample --sample-table --no-recompute --no-duckdb
    python bench/bench_scale.py --rows 1000000 --format asterisk    # a vendor export of the same calls

The seeded data (bench/scale_data.py) is written once to ``--cache`` (outside the repo) and
reused. Each contender runs in its own subprocess, measured with ``os.wait4``: wall seconds,
CPU seconds (user + system; robust when other jobs share the machine), rows/s and peak RSS.

The same aggregation, on both sides: read the CSV (or Parquet) file, then every building
block of METRICS.md section 1 (dials, distinct numbers, invalid/failed/valid dials, valid
numbers, connected, abandoned, effective contacts, completed calls, talk and effective talk
seconds, agents, agent-days, intents, conversions, complaints, opt-outs, follow-ups, surveyed,
satisfied, revenue, and compliant calls with the default calling window 08:00-21:00 and caps
of 3 dials a day and 10 a week per number, and no redial after an opt-out) overall and per
campaign, agent and local day. The auditor also validates every row (data-quality checks,
duplicate call ids), builds its canonical call table, and derives every rate under every
definition; DuckDB does not. ``--audit`` adds a full ``auditor.audit`` (charts, rules) row.
``--sample`` adds ``auditor.sample`` (connected calls stratified by campaign, streamed split by
split), ``--sample-table`` the same sample drawn from the whole call table.
The overall blocks of both are compared and any difference is printed.

``--format asterisk|freeswitch|twilio|five9|vicidial`` times the export adapters: the auditor
reads that vendor's export of the same seeded calls (format sniffed, as for a user), while
DuckDB, which cannot read vendor exports, reads the canonical CSV of the same calls. The
blocks an export keeps (dials, connected calls, talk, ...) agree; the ones it loses (lossy
dispositions, outcomes, flags, campaigns: see scale_data.py) are printed as differences.
Exports that no reader streams yet are read whole (the recompute then builds the call table).

Needs ``pip install -e '.[bench]'`` (duckdb).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_data import FORMATS, WRITERS, write_calls  # noqa: E402

AUDITOR = """
import hashlib, json, sys
from auditor import api
from auditor.progress import READING
path, out, mode = sys.argv[1:4]
if mode.startswith("sample"):
    if mode == "sample-table":
        api.STREAMED_AUDIT_ROWS = 10**12  # the table path whatever the size
    drawn = api.sample(path, strata=["campaign"], seed=1)
    n = drawn.plan.block_counts["total_dials"]
    drawn_rows = hashlib.sha256(drawn.frame.to_csv(index=False).encode()).hexdigest()
    json.dump({"rows": n, "sample": len(drawn.frame), "fingerprint": drawn.plan.fingerprint, "drawn": drawn_rows}, open(out, "w"))
    sys.exit(0)
streamed = None
if mode == "audit":
    result = api.audit(calls=path)
    metrics, n = result.metrics, result.calls_count
else:
    streamed = api.recompute_streamed(path, by=("campaign", "agent", "day"))
    if streamed is None:  # an export no reader streams yet: read whole into a call table
        metrics, n = api.recompute(path, by=("campaign", "agent", "day")), None
    else:
        metrics, n = streamed.metrics, streamed.rows
def overall_value(v):
    s = v.scope
    return s.campaign is None and s.agent_id is None and s.period is None and v.definition == v.metric
overall = {v.metric: v.value for v in metrics if overall_value(v)}
record = {"rows": n, "values": len(metrics), "overall": overall}
if mode != "audit":  # how the recompute read the file
    record["whole"] = streamed is None
    if streamed is None:
        record["rows"] = int(overall["total_dials"])
json.dump(record, open(out, "w"))
"""

DUCKDB = """
import json, sys
import duckdb
path, out = sys.argv[1:3]
source = f"read_parquet('{path}')" if path.endswith(".parquet") else f"read_csv('{path}', header=true)"
sql = open(sys.argv[3]).read().replace("{source}", source)
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
rows = con.execute(sql).fetchall()
names = [d[0] for d in con.description]
overall = [dict(zip(names, r)) for r in rows if r[names.index("g")] == 7][0]
values = {k: (float(v) if v is not None else None) for k, v in overall.items() if k not in ("campaign", "agent_id", "day", "g")}
json.dump({"rows": overall["total_dials"], "groups": len(rows), "overall": values}, open(out, "w"))
"""

#: The reference aggregation. ``{source}`` is the file reader.
SQL = """
WITH source AS (SELECT * FROM {source}),
raw AS (  -- typed columns: CSV columns are typed by DuckDB's sniffer already, Parquet ones are text (blank: NULL)
  SELECT * REPLACE (
    TRY_CAST(start_time AS TIMESTAMP) AS start_time, TRY_CAST(talk_s AS DOUBLE) AS talk_s,
    TRY_CAST(complaint AS INTEGER) AS complaint, TRY_CAST(opt_out AS INTEGER) AS opt_out,
    TRY_CAST(follow_up AS INTEGER) AS follow_up, TRY_CAST(csat_score AS DOUBLE) AS csat_score,
    TRY_CAST(revenue AS DOUBLE) AS revenue)
  FROM source
),
calls AS (
  SELECT *,
    CAST(start_time AS DATE) AS day,
    disposition = 'answered' AS is_connected,
    disposition IN ('answered', 'no_answer', 'busy', 'rejected', 'voicemail', 'abandoned') AS is_valid,
    disposition = 'answered' AND CASE WHEN outcome IS NULL THEN coalesce(talk_s, 0) >= 30
                                      ELSE outcome IN ('effective', 'intent', 'converted') END AS is_effective,
    greatest(coalesce(talk_s, 0), 0) AS talk,
    hour(start_time) * 3600 + minute(start_time) * 60 + second(start_time)
        NOT BETWEEN 8 * 3600 AND 21 * 3600 - 1 AS outside_window,
    row_number() OVER (PARTITION BY phone, CAST(start_time AS DATE) ORDER BY start_time) > 3 AS over_daily_cap,
    row_number() OVER (PARTITION BY phone, yearweek(start_time) ORDER BY start_time) > 10 AS over_weekly_cap,
    coalesce(sum(CASE WHEN opt_out = 1 THEN 1 ELSE 0 END) OVER (PARTITION BY phone ORDER BY start_time
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) > 0 AS after_opt_out
  FROM raw
)
SELECT campaign, agent_id, day, GROUPING(campaign, agent_id, day) AS g,
  count(*) AS total_dials,
  count(DISTINCT phone) AS unique_numbers,
  count(*) FILTER (disposition = 'invalid_number') AS invalid_dials,
  count(*) FILTER (disposition = 'failed') AS failed_dials,
  count(*) FILTER (is_valid) AS valid_dials,
  count(DISTINCT phone) FILTER (is_valid) AS valid_numbers,
  count(*) FILTER (is_connected) AS connected,
  count(*) FILTER (disposition = 'abandoned') AS abandoned,
  count(*) FILTER (is_effective) AS effective_contacts,
  count(*) FILTER (is_connected AND talk >= 30) AS completed_calls,
  sum(CASE WHEN is_connected THEN talk ELSE 0 END) AS talk_s,
  sum(CASE WHEN is_effective THEN talk ELSE 0 END) AS effective_talk_s,
  count(DISTINCT agent_id) AS agents,
  count(DISTINCT (agent_id, day)) AS agent_days,
  count(*) FILTER (is_connected AND outcome IN ('intent', 'converted')) AS intents,
  count(*) FILTER (is_connected AND outcome = 'converted') AS conversions,
  count(*) FILTER (is_connected AND complaint = 1) AS complaints,
  count(*) FILTER (is_connected AND opt_out = 1) AS opt_outs,
  count(*) FILTER (is_connected AND outcome IN ('intent', 'converted') AND follow_up = 1) AS follow_ups,
  count(csat_score) AS surveyed,
  count(*) FILTER (csat_score >= 4) AS satisfied,
  sum(coalesce(revenue, 0)) AS revenue,
  count(*) FILTER (is_valid AND NOT (outside_window OR over_daily_cap OR over_weekly_cap OR after_opt_out)) AS compliant_calls
FROM calls
GROUP BY GROUPING SETS ((), (campaign), (agent_id), (day))
"""


def measure(argv: list[str]) -> tuple[float, float, float]:
    """Run ``argv``; return wall seconds, CPU seconds and peak RSS in MB of its whole process tree.

    CPU seconds are those of the child and of the worker processes it waited for
    (``RUSAGE_CHILDREN``, before and after); the peak RSS is the largest sum over the child and
    its descendants, sampled ten times a second (a single process's ``ru_maxrss`` would leave
    the workers out).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.1)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:3]} failed with exit code {proc.returncode}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, peak / 1024


def tree_rss(root: int) -> int:
    """Resident KB of process ``root`` and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        parents[pid] = int(fields.get("PPid", "0").strip() or 0)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def _count_lines(path: Path) -> int:
    """Lines of a file (header included), counted in 16 MB pieces."""
    with path.open("rb") as handle:
        return sum(piece.count(b"\n") for piece in iter(lambda: handle.read(1 << 24), b""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument(
        "--format",
        choices=("csv", "parquet", *FORMATS),
        default="csv",
        help="csv (= canonical) or parquet: canonical records; asterisk, freeswitch, twilio, five9, vicidial: "
        "the same calls as that vendor's export (the auditor sniffs it; DuckDB reads the canonical CSV)",
    )
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "auditor-bench")
    parser.add_argument("--audit", action="store_true", help="also time a full auditor.audit (charts and rules)")
    parser.add_argument("--sample", action="store_true", help="also time auditor.sample, streamed")
    parser.add_argument("--sample-table", action="store_true", help="also time auditor.sample from the whole table")
    parser.add_argument("--no-recompute", action="store_true", help="leave out the streamed recompute")
    parser.add_argument("--no-duckdb", action="store_true")
    args = parser.parse_args()
    export = args.format not in ("csv", "parquet", "canonical")
    canonical = args.cache / f"calls-{args.rows}.{'parquet' if args.format == 'parquet' else 'csv'}"
    data = args.cache / f"{args.format}-{args.rows}.csv" if export else canonical
    reference = canonical  # DuckDB cannot read vendor exports: it reads the canonical file of the same calls
    for path, fmt in {data: args.format if export else "canonical", reference: "canonical"}.items():
        if args.no_duckdb and path == reference and path != data:
            continue
        if not path.exists():
            print(f"generating {args.rows:,} calls ({fmt}) -> {path}", flush=True)
            write_calls(args.rows, path, format=fmt)
    print(f"{data} ({data.stat().st_size / 1e6:,.0f} MB)", flush=True)
    if export:
        lines = _count_lines(data) - int(WRITERS[args.format][1])  # less the header line
        print(f"{args.format} export: {lines:,} lines for {args.rows:,} calls; the auditor sniffs the format", flush=True)
        if not args.no_duckdb:
            print(f"reference: DuckDB reads the CANONICAL CSV of the same calls, {reference}", flush=True)
    runs: list[tuple[str, float, float, float, dict[str, object]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        modes = [
            ("auditor recompute", "recompute", not args.no_recompute),
            ("auditor audit", "audit", args.audit),
            ("sample streamed", "sample", args.sample),
            ("sample table", "sample-table", args.sample_table),
        ]
        contenders = [
            (name, [sys.executable, "-c", AUDITOR, str(data), f"{tmp}/{mode}.json", mode], f"{tmp}/{mode}.json")
            for name, mode, wanted in modes
            if wanted
        ]
        if not args.no_duckdb:
            (Path(tmp) / "q.sql").write_text(SQL)
            contenders.append(
                ("duckdb sql", [sys.executable, "-c", DUCKDB, str(reference), f"{tmp}/d.json", f"{tmp}/q.sql"], f"{tmp}/d.json")
            )
        for name, argv, out in contenders:
            wall, cpu, rss = measure(argv)
            runs.append((name, wall, cpu, rss, json.loads(Path(out).read_text())))
    duck = next((r for r in runs if r[0] == "duckdb sql"), None)
    print(f"\n{'path':<18} {'rows':>12} {'seconds':>8} {'cpu s':>7} {'rows/s':>11} {'peak RSS':>9} {'x duckdb':>9}")
    for name, wall, cpu, rss, result in runs:
        ratio = f"{wall / duck[1]:.2f}" if duck else "-"
        rows = int(result["rows"])
        print(f"{name:<18} {rows:>12,} {wall:>8.1f} {cpu:>7.1f} {rows / wall:>11,.0f} {rss:>7,.0f}MB {ratio:>9}")
    if export:
        how = ", ".join(f"{r[0]}: {'whole file' if r[4].get('whole') else 'streamed'}" for r in runs if "whole" in r[4])
        print(f"auditor read the {args.format} export ({how})" + ("; duckdb read the canonical CSV" if duck else ""))
    samples = {(r[4]["fingerprint"], r[4]["drawn"]) for r in runs if "fingerprint" in r[4]}
    if samples:
        print("samples (population fingerprint, drawn rows): " + ("identical" if len(samples) == 1 else "DIFFER"))
    if duck and not args.no_recompute:
        ours = runs[0][4]["overall"]
        theirs = duck[4]["overall"]
        diffs = {
            k: (ours.get(k), v)
            for k, v in theirs.items()
            if v is not None and (ours.get(k) is None or abs(float(ours[k]) - v) > 1e-6 * max(1.0, abs(v)))
        }
        if not diffs:
            print("overall blocks: identical to DuckDB")
        elif export:  # what the export cannot say (dispositions, outcomes, flags, campaigns...) is lost: see scale_data.py
            same = sorted(k for k in theirs if k not in diffs)
            print(f"overall blocks: identical to DuckDB on the canonical CSV: {', '.join(same)}")
            print(f"  differ, as the {args.format} export loses them (auditor, duckdb): {diffs}")
        else:
            print(f"overall blocks: differ from DuckDB: {diffs}")


if __name__ == "__main__":
    main()
