"""Every fixture layout (fixtures/reports/<layout>, written by scripts/report_fixtures.py) gives its golden claims."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from tests.reports.golden import claim_key, golden_key, layouts, load_golden, score

LAYOUTS = layouts()


def test_there_are_at_least_ten_layouts_in_three_languages_and_three_formats() -> None:
    assert len(LAYOUTS) >= 10
    names = [p.name for p in LAYOUTS]
    assert {n.split("_")[0] for n in names} >= {"zh", "en", "ru"}
    assert {n.split("_")[1] for n in names} >= {"xlsx", "xls", "pdf"}


@pytest.mark.parametrize("folder", LAYOUTS, ids=[p.name for p in LAYOUTS])
def test_layout_gives_exactly_its_golden_claims(folder: Path) -> None:
    result, _ = score(folder)
    assert (result.missing, result.extra) == ((), ())


@pytest.mark.parametrize("folder", LAYOUTS, ids=[p.name for p in LAYOUTS])
def test_layout_gives_its_targets_unmatched_labels_and_flags(folder: Path) -> None:
    golden = load_golden(folder)
    _, extraction = score(folder)
    want_targets = Counter((t["metric"], Decimal(str(t["value"])).normalize(), t["comparator"]) for t in golden["targets"])
    got_targets = Counter((t.metric, t.value.normalize(), t.comparator) for t in extraction.targets)
    assert got_targets == want_targets
    labels = [u.label for u in extraction.unmatched]
    for label in golden["unmatched"]:
        assert any(got.startswith(label) for got in labels), (label, labels)
    by_key = {claim_key(c): c for c in extraction.claims}
    for entry in golden["claims"]:
        claim = by_key[golden_key(entry)]
        assert claim.is_approximate == bool(entry.get("approximate", False)), entry
        if "note" in entry:
            assert entry["note"] in claim.notes
        assert claim.raw_text and claim.source.text and claim.raw_text in claim.source.text.replace("≥ ", "")
        if claim.source.page is not None:
            assert claim.source.bbox is not None


def test_recall_and_precision_over_all_fixtures_are_at_least_98_percent() -> None:
    scores = [score(folder)[0] for folder in LAYOUTS]
    matched = sum(s.matched for s in scores)
    assert matched / sum(s.expected for s in scores) >= 0.98
    assert matched / sum(s.extracted for s in scores) >= 0.98
