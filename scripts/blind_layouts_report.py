"""What the readers and the consistency checks make of the blind layouts (fixtures/reports/blind).

Per layout: claim recall and precision (as scripts/report_scores.py), the negated counts read as their
positive, the planted inconsistencies the report-only audit finds or misses, and the medium-or-above
consistency findings that name no planted inconsistency (false accusations of an honest figure).
python scripts/blind_layouts_report.py [--verbose] [--markdown]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reports.blind import consistency_score, loose_recall, negated_misreads, report_findings  # noqa: E402
from tests.reports.golden import BLIND, layouts, score  # noqa: E402


def main(argv: list[str]) -> int:
    verbose, markdown = "--verbose" in argv, "--markdown" in argv
    rows, misreads, planted, false = [], [], [], []
    totals = [0, 0, 0]
    loose_total = (0, 0)
    for folder in layouts(BLIND):
        s, extraction = score(folder)
        totals = [totals[0] + s.expected, totals[1] + s.extracted, totals[2] + s.matched]
        bad = negated_misreads(folder, extraction)
        loose = loose_recall(folder, extraction)
        loose_total = (loose_total[0] + loose[0], loose_total[1] + loose[1])
        cons = consistency_score(folder, report_findings(folder))
        rows.append(
            (
                s,
                loose[0] / loose[1] if loose[1] else 1.0,
                len(bad),
                len(cons.found),
                len(cons.found) + len(cons.missed),
                len(cons.false_accusations),
            )
        )
        misreads += bad
        planted += [(folder.name, e, True) for e in cons.found] + [(folder.name, e, False) for e in cons.missed]
        false += [(folder.name, f) for f in cons.false_accusations]
        if verbose:
            for key in s.missing:
                print(f"  {folder.name} missing {key}")
            for key in s.extra:
                print(f"  {folder.name} extra   {key}")
    recall = totals[2] / totals[0] if totals[0] else 1.0
    precision = totals[2] / totals[1] if totals[1] else 1.0
    cells = [
        (
            s.layout,
            s.expected,
            s.extracted,
            s.matched,
            f"{s.recall:.1%}",
            f"{s.precision:.1%}",
            f"{lr:.1%}",
            nb,
            f"{nf}/{np_}",
            nfa,
        )
        for s, lr, nb, nf, np_, nfa in rows
    ]
    sums = [sum(r[i] for r in rows) for i in range(2, 6)]
    lr_all = f"{loose_total[0] / loose_total[1]:.1%}"
    cells.append(("ALL", *totals, f"{recall:.1%}", f"{precision:.1%}", lr_all, sums[0], f"{sums[1]}/{sums[2]}", sums[3]))
    heads = ("layout", "golden", "extracted", "matched", "recall", "precision", "recall any scope", "negated misread")
    heads += ("incons. found", "false acc.")
    if markdown:
        print("| " + " | ".join(heads) + " |")
        print("| --- |" + " ---: |" * (len(heads) - 1))
        for c in cells:
            print("| " + " | ".join(f"`{v}`" if i == 0 and v != "ALL" else str(v) for i, v in enumerate(c)) + " |")
    else:
        print(f"{heads[0]:30}" + "".join(f" {h:>16}" for h in heads[1:]))
        for c in cells:
            print(f"{c[0]:30}" + "".join(f" {v!s:>16}" for v in c[1:]))
    print("\nNegated figures read as their positive:")
    for m in misreads:
        print(f"- {m.layout}: '{m.label}' {m.printed} at {m.where} read as {m.read_as}")
    print("\nPlanted inconsistencies:")
    for layout, e, ok in planted:
        print(f"- {'found ' if ok else 'MISSED'} {layout}: {e['kind']} at {e['where']} ({e['what']})")
    print("\nMedium-or-above consistency findings naming no planted inconsistency:")
    for layout, f in false:
        print(f"- {layout}: [{f['severity']}] {f['rule']}: {f['message'][:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
