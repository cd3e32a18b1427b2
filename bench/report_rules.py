"""Time the report-only rule packs (consistency, plausibility-chain, thresholds) on a large printed report.

    python bench/report_rules.py [--campaigns 200] [--days 31]

A synthetic report prints a summary (every count and rate of the honest-report layout) for the
whole period, each campaign and each day; the claims are built in memory (no Excel parsing), so
the time is the rules' own. Prints the number of claims, seconds per rule and findings.
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.engine.context import AuditContext  # noqa: E402
from auditor.engine.runner import run  # noqa: E402
from auditor.engine.spec import builtin_pack_paths, load_packs  # noqa: E402
from auditor.location import SourceRef  # noqa: E402
from auditor.metrics.catalogue import load_catalogue  # noqa: E402
from auditor.reports.model import ClaimedFigure  # noqa: E402
from auditor.scope import Scope  # noqa: E402

COUNTS = {
    "total_dials": 1000,
    "valid_dials": 820,
    "connected": 410,
    "effective_contacts": 300,
    "intents": 45,
    "conversions": 12,
    "complaints": 1,
    "unique_numbers": 700,
    "valid_numbers": 600,
    "effective_talk_s": 27000,
}
RATES = {
    "connect_rate": "0.410",
    "valid_number_rate": "0.857",
    "invalid_number_rate": "0.143",
    "effective_connect_rate": "0.732",
    "intent_rate": "0.150",
    "conversion_rate": "0.040",
    "avg_effective_talk_s": "90.0",
    "complaint_rate": "0.0033",
}


def claims(campaigns: int, days: int) -> list[ClaimedFigure]:
    catalogue = load_catalogue()
    out = []
    scopes = [Scope(period="2026-10")] + [Scope(campaign=f"C{i}", period="2026-10") for i in range(campaigns)]
    scopes += [Scope(period=f"2026-10-{d:02d}") for d in range(1, days + 1)]
    for row, scope in enumerate(scopes):
        factor = campaigns if scope.campaign is None and scope.period == "2026-10" else 1
        for metric, value in COUNTS.items():
            out.append(
                ClaimedFigure(
                    metric,
                    Decimal(value * factor),
                    catalogue[metric].unit,
                    scope,
                    str(value * factor),
                    SourceRef(file="bench.xlsx", sheet="S", cell=f"B{row}"),
                    label=metric,
                    half_width=Decimal("0.5"),
                )
            )
        for metric, text in RATES.items():
            value = Decimal(text)
            out.append(
                ClaimedFigure(
                    metric,
                    value,
                    catalogue[metric].unit,
                    scope,
                    text,
                    SourceRef(file="bench.xlsx", sheet="S", cell=f"C{row}"),
                    label=metric,
                    half_width=Decimal(1).scaleb(value.as_tuple().exponent) / 2,
                )
            )  # type: ignore[arg-type]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaigns", type=int, default=200)
    parser.add_argument("--days", type=int, default=31)
    args = parser.parse_args()
    ctx = AuditContext(claims=tuple(claims(args.campaigns, args.days)))
    specs = [s for s in load_packs(builtin_pack_paths()) if s.pack in ("consistency", "plausibility-chain", "thresholds")]
    print(f"{len(ctx.claims):,} claims, {len(specs)} rules")
    total = 0.0
    for spec in specs:
        start = time.perf_counter()
        findings, errors = run([spec], ctx)
        took = time.perf_counter() - start
        total += took
        print(f"  {spec.id:42s} {took:7.3f} s  {len(findings):5d} findings  {len(errors)} errors")
    print(f"total {total:.2f} s")


if __name__ == "__main__":
    main()
