"""Verifying claims against reviews: the seeded fixture (partial reviews, disagreement, unknown id), hand cases, bad input."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from auditor import api
from auditor.cli import cli
from auditor.errors import InputError
from auditor.findings import Severity
from auditor.location import SourceRef
from auditor.reports.model import ClaimedFigure
from auditor.sampling.draw import draw_sample
from auditor.sampling.estimate import population_count_interval
from auditor.sampling.load import load_sample
from auditor.sampling.reviews import cohen_kappa, consensus, read_reviews
from auditor.sampling.settings import SamplingSettings
from auditor.sampling.verify import verify_sample
from auditor.sampling.workbook import write_sample
from auditor.scope import Scope
from auditor.units import Unit
from tests.conftest import FIXTURES, make_calls

SAMPLING = FIXTURES / "sampling"
REVIEWS = [SAMPLING / "reviews_li.csv", SAMPLING / "reviews_wang.xlsx"]


@pytest.fixture
def fixture_result(demo_files: dict[str, Path]) -> dict:
    result = api.verify(SAMPLING / "sample.xlsx", REVIEWS, [demo_files["report"]], demo_files["engagement"])
    return {"result": result, "data": result.sampling}


def test_fixture_counts_partial_reviews_unclear_disputes_and_the_unknown_id(fixture_result: dict) -> None:
    data = fixture_result["data"]
    converted = next(x for x in data["labels"] if x["label"] == "converted")
    assert data["sample_size"] == 67
    assert (converted["unreviewed"], converted["unclear"], converted["disputed"]) == (6, 1, 2)
    assert converted["decided"] == 67 - 6 - 1 - 2
    assert data["unknown_call_ids"] == {"count": 1, "examples": ["C-NOT-IN-SAMPLE"]}
    pair = next(a for a in data["agreement"] if a["label"] == "converted")
    assert (pair["both_decided"], pair["agreed"]) == (19, 17)


def test_fixture_flags_the_claimed_conversions(fixture_result: dict) -> None:
    result = fixture_result["result"]
    by_rule = {(f.rule, f.metric): f for f in result.findings}
    count = by_rule[("sample-does-not-support-claim", "conversions")]
    assert count.severity is Severity.HIGH and count.evidence["claimed_count"] == 230
    assert "records mark only 144" in count.message
    rate = by_rule[("sample-does-not-support-claim", "conversion_rate")]
    assert rate.evidence["denominator"] == "effective_contacts" and rate.evidence["denominator_count"] == 3407
    assert rate.evidence["verified_interval"]["high"] < 0.068
    assert any(f.rule == "sample-deviation-above-tolerable" for f in result.findings)
    assert {f.category.value for f in result.findings} == {"sampling"}
    assert result.exit_code(Severity.HIGH) == 1


def test_fixture_estimate_is_the_sum_of_stratum_rates(fixture_result: dict) -> None:
    est = next(x for x in fixture_result["data"]["labels"] if x["label"] == "converted")["population_estimate"]
    expected = sum(s["population"] * s["positives"] / s["reviewed"] for s in est["strata"])
    assert est["count"] == pytest.approx(expected)
    assert est["count_interval"]["low"] <= est["count"] <= est["count_interval"]["high"]


def test_single_stratum_hand_case_uses_the_exact_hypergeometric_test(tmp_path: Path) -> None:
    rows = pd.DataFrame({"outcome": ["converted"] * 40, "talk_s": [90.0] * 40})
    drawn = draw_sample(
        make_calls(rows), SamplingSettings(population="converted", seed=3, confidence=0.95, tolerable=0.1, expected=0.0)
    )
    write_sample(drawn, tmp_path)
    ids = drawn.frame["call_id"].tolist()
    n = len(ids)
    k = n - 5
    pd.DataFrame({"call_id": ids, "converted": ["yes"] * k + ["no"] * 5}).to_csv(tmp_path / "r.csv", index=False)
    result = api.verify(tmp_path / "sample.xlsx", [tmp_path / "r.csv"])
    est = result.sampling["labels"][0]["population_estimate"]
    exact = population_count_interval(k, n, 40)
    assert (est["count_interval"]["low"], est["count_interval"]["high"]) == (exact.low, exact.high)
    from auditor.sampling.claim_test import count_test
    from auditor.sampling.estimate import StratumCount, stratified_estimate

    test = count_test(stratified_estimate([StratumCount("all", 40, n, k)]), 38)
    assert test is not None and test.p_value == pytest.approx(stats.hypergeom.cdf(k, 40, 38, n))


def test_csv_sample_without_plan_estimates_rates_but_tests_no_claim(tmp_path: Path, demo_files: dict[str, Path]) -> None:
    shutil.copy(SAMPLING / "sample.csv", tmp_path / "s.csv")
    result = api.verify(tmp_path / "s.csv", [SAMPLING / "reviews_li.csv"], [demo_files["report"]])
    labels = {x["label"]: x for x in result.sampling["labels"]}
    assert labels["converted"]["clopper_pearson"] is not None and labels["converted"]["population_estimate"] is None
    assert all(c["skipped"] for c in result.sampling["claims"])
    assert any("no sample plan" in w for w in result.warnings)


def test_csv_sample_with_its_sidecar_equals_the_workbook(demo_files: dict[str, Path]) -> None:
    a = api.verify(SAMPLING / "sample.csv", REVIEWS, [demo_files["report"]]).sampling
    b = api.verify(SAMPLING / "sample.xlsx", REVIEWS, [demo_files["report"]]).sampling
    assert a["labels"] == b["labels"] and a["claims"] == b["claims"]


def test_cohen_kappa_textbook_example() -> None:
    # 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15 -> po 0.70, pe 0.50, kappa 0.40.
    a = [True] * 25 + [False] * 25
    b = [True] * 20 + [False] * 5 + [True] * 10 + [False] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa([True, True], [True, True]) is None


@settings(deadline=None)  # the suite runs beside others; timing is not what is tested
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["c1", "c2", "c3"]), st.sampled_from(["r1", "r2", "r3"]), st.sampled_from(["yes", "no", "unclear"])
        ),
        min_size=1,
        max_size=20,
    )
)
def test_consensus_is_disputed_exactly_when_yes_and_no_meet(rows: list[tuple[str, str, str]]) -> None:
    verdicts = pd.DataFrame([{"call_id": c, "reviewer": r, "answer": a, "label": "converted"} for c, r, a in rows])
    out = consensus(verdicts).set_index("call_id")["verdict"]
    for call, group in verdicts.groupby("call_id"):
        answers = set(group["answer"])
        expected = (
            "disputed" if {"yes", "no"} <= answers else "yes" if "yes" in answers else "no" if "no" in answers else "unclear"
        )
        assert out[call] == expected


def test_reviews_read_chinese_headers_and_count_unreadable_answers(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("通话ID,是否成交,意向,复核人\nC1,是,否,张\nC2,也许,,张\nC3,不确定,是,张\n", encoding="gbk")
    reviews = read_reviews([path])
    assert reviews.labels == ("intent", "converted")
    assert reviews.unreadable == 1 and "'也许'" in reviews.unreadable_examples[0]
    got = {(r.call_id, r.label): r.answer for r in reviews.verdicts.itertuples()}
    assert got == {("C1", "converted"): "yes", ("C3", "converted"): "unclear", ("C1", "intent"): "no", ("C3", "intent"): "yes"}


@pytest.mark.parametrize(
    ("text", "match"), [("id2,converted\nC1,yes\n", "no call_id"), ("call_id,remark\nC1,ok\n", "no label column")]
)
def test_review_files_without_the_needed_columns_are_input_errors(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=match):
        read_reviews([path])


def test_cli_verify_prints_the_table_and_exits_1_on_high_findings(demo_files: dict[str, Path]) -> None:
    args = ["verify", "-s", str(SAMPLING / "sample.xlsx"), "-r", str(demo_files["report"]), "-e", str(demo_files["engagement"])]
    for review in REVIEWS:
        args += ["-R", str(review)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "Clopper-Pearson" in result.output and "records mark only 144" in result.output


def test_cli_verify_json_follows_the_findings_schema(demo_files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "v.json"
    result = CliRunner().invoke(
        cli,
        [
            "verify",
            "-s",
            str(SAMPLING / "sample.xlsx"),
            "-R",
            str(REVIEWS[0]),
            "-r",
            str(demo_files["report"]),
            "-f",
            "json",
            "-o",
            str(out),
            "--fail-on",
            "critical",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "auditor.findings/1" and data["sampling"]["plan"]["seed"] == 20261031
    assert {i["kind"] for i in data["inputs"]} == {"sample", "reviews", "report"}


def test_cli_verify_missing_review_file_is_exit_2_without_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["verify", "-s", str(SAMPLING / "sample.xlsx"), "-R", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2 and "not found" in result.output and "Traceback" not in result.output


def _claim(metric: str, value: str, campaign: str | None = None) -> ClaimedFigure:
    return ClaimedFigure(
        metric=metric,
        value=Decimal(value),
        unit=Unit.COUNT,
        scope=Scope(campaign=campaign),
        raw_text=value,
        source=SourceRef(file="report.xlsx", sheet="S", cell="B2"),
    )


def test_campaign_claims_are_tested_against_their_own_stratum(tmp_path: Path) -> None:
    rows = pd.DataFrame({"outcome": ["converted"] * 60, "talk_s": [90.0] * 60, "campaign": ["A"] * 30 + ["B"] * 30})
    spec = SamplingSettings(
        population="converted", strata=("campaign",), allocation="per_stratum", seed=4, tolerable=0.1, expected=0.0
    )
    write_sample(draw_sample(make_calls(rows), spec), tmp_path)
    sample = load_sample(tmp_path / "sample.xlsx")
    ids_b = sample.calls[sample.calls["stratum"] == "B"]["call_id"].tolist()
    answers = ["no" if cid in ids_b[:10] else "yes" for cid in sample.calls["call_id"]]
    pd.DataFrame({"call_id": sample.calls["call_id"], "converted": answers}).to_csv(tmp_path / "r.csv", index=False)
    claims = [_claim("conversions", "30", "A"), _claim("conversions", "30", "B"), _claim("intents", "30", "B")]
    out = verify_sample(sample, read_reviews([tmp_path / "r.csv"]), claims)
    by = {(c.claim.metric, c.stratum): c for c in out.checks}
    assert set(by) == {("conversions", "A"), ("conversions", "B")}
    a, b = by[("conversions", "A")], by[("conversions", "B")]
    assert a.test is not None and a.test.p_value == pytest.approx(1.0) and a.population == 30
    n_b = len(ids_b)
    assert b.test is not None and b.test.p_value == 0.0  # 10 seen false: "all 30 real" is impossible
    assert b.verified is not None and b.verified.high <= 30 - 10
    assert b.verified_point == pytest.approx((n_b - 10) / n_b * 30)
    verdicts = {f.scope.campaign: (f.rule, f.severity) for f in out.findings if f.metric == "conversions"}
    assert verdicts == {"A": ("sample-supports-claim", Severity.INFO), "B": ("sample-does-not-support-claim", Severity.HIGH)}


def _fixture_verify_args(demo_files: dict[str, Path]) -> list[str]:
    args = ["verify", "-s", str(SAMPLING / "sample.xlsx"), "-r", str(demo_files["report"]), "-e", str(demo_files["engagement"])]
    for review in REVIEWS:
        args += ["-R", str(review)]
    return args


def test_docs_worked_example_shows_the_current_output(demo_files: dict[str, Path]) -> None:
    result = CliRunner().invoke(cli, _fixture_verify_args(demo_files))
    docs = (FIXTURES.parent / "docs" / "sampling.md").read_text(encoding="utf-8")
    assert result.output.strip() in docs, "update the worked example in docs/sampling.md"


def test_cli_verify_writes_every_output_format(demo_files: dict[str, Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [*_fixture_verify_args(demo_files), "-f", "json,md,html,xlsx", "-o", str(tmp_path)])
    assert result.exit_code == 1, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["verification.html", "verification.json", "verification.md", "verification.xlsx"]
    assert "records mark only 144" in (tmp_path / "verification.md").read_text(encoding="utf-8")


def test_verify_reads_verdicts_from_the_filled_in_workbook_itself(tmp_path: Path, demo_files: dict[str, Path]) -> None:
    import openpyxl

    path = tmp_path / "sample.xlsx"
    shutil.copy(SAMPLING / "sample.xlsx", path)
    empty = CliRunner().invoke(cli, ["verify", "-s", str(path)])
    assert empty.exit_code == 2 and "every label cell is empty" in empty.output
    wb = openpyxl.load_workbook(path)
    ws = wb["Sample"]
    column = [c.value for c in ws[1]].index("converted") + 1
    for row in range(2, 12):
        ws.cell(row=row, column=column, value="yes" if row % 2 else "no")
    wb.save(path)
    result = api.verify(path, reports=[demo_files["report"]])
    converted = next(x for x in result.sampling["labels"] if x["label"] == "converted")
    assert (converted["decided"], converted["positives"], converted["unreviewed"]) == (10, 5, 57)
    assert [i.kind for i in result.inputs] == ["sample", "report"]
