"""Claim recall and precision of the report readers over every fixture layout (fixtures/reports/*/golden.yaml).

A claim counts as found when metric, value, scope, total flag and place (sheet!cell, or PDF page)
all match the golden claim.  python scripts/report_scores.py [--verbose] [--blind | --dir FOLDER]
(--blind: the layouts of fixtures/reports/blind, written without reading the readers.)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reports.golden import BLIND, REPORTS, layouts, score  # noqa: E402


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    root = BLIND if "--blind" in argv else REPORTS
    if "--dir" in argv:
        root = Path(argv[argv.index("--dir") + 1])
    expected = extracted = matched = 0
    print(f"{'layout':28} {'golden':>6} {'found':>6} {'match':>6} {'recall':>7} {'precision':>9}")
    for folder in layouts(root):
        s, _ = score(folder)
        expected, extracted, matched = expected + s.expected, extracted + s.extracted, matched + s.matched
        print(f"{s.layout:28} {s.expected:6} {s.extracted:6} {s.matched:6} {s.recall:7.1%} {s.precision:9.1%}")
        if verbose:
            for key in s.missing:
                print(f"    missing {key}")
            for key in s.extra:
                print(f"    extra   {key}")
    recall = matched / expected if expected else 1.0
    precision = matched / extracted if extracted else 1.0
    print(f"{'ALL':28} {expected:6} {extracted:6} {matched:6} {recall:7.1%} {precision:9.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
