"""Drawing: reproducible, order-independent, honest allocation, masked workbook with dropdowns."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import api
from auditor.cli import cli
from auditor.errors import ConfigError
from auditor.ingest import read_calls
from auditor.sampling.draw import ORDER_KEY, draw_sample, population_order
from auditor.sampling.plan import SamplingPlan
from auditor.sampling.settings import SamplingSettings
from auditor.sampling.strata import allocate
from auditor.sampling.workbook import PLAN_JSON_KEY, xlsx_bytes
from tests.conftest import FIXTURES, make_calls


def _calls(n: int = 400, shuffle_seed: int | None = None) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "call_id": [f"c{i:05d}" for i in range(n)],
            "phone": [f"1380013{i:04d}" for i in range(n)],
            "campaign": ["A" if i % 4 else "B" for i in range(n)],
            "agent_id": [f"ag{i % 7}" for i in range(n)],
            "disposition": ["answered" if i % 3 else "no_answer" for i in range(n)],
            "talk_s": [60.0 if i % 3 else 0.0 for i in range(n)],
            "outcome": ["converted" if i % 5 == 1 else "none" for i in range(n)],
            "recording_id": [f"R{i}" for i in range(n)],
        }
    )
    return rows.sample(frac=1, random_state=shuffle_seed).reset_index(drop=True) if shuffle_seed is not None else rows


def test_same_seed_same_sample_whatever_the_row_order() -> None:
    s = SamplingSettings(population="connected", strata=("campaign",), seed=42)
    a = draw_sample(make_calls(_calls()), s)
    b = draw_sample(make_calls(_calls(shuffle_seed=3)), s)
    assert a.frame["call_id"].tolist() == b.frame["call_id"].tolist()
    assert a.plan.fingerprint == b.plan.fingerprint and a.plan.seed == 42


def test_another_seed_draws_another_sample_and_a_fresh_seed_is_recorded() -> None:
    calls = make_calls(_calls())
    a = draw_sample(calls, SamplingSettings(seed=1))
    b = draw_sample(calls, SamplingSettings(seed=2))
    fresh = draw_sample(calls, SamplingSettings())
    assert a.frame["call_id"].tolist() != b.frame["call_id"].tolist()
    assert fresh.plan.seed is not None and fresh.plan.settings.seed == fresh.plan.seed


def test_sample_only_holds_the_population_and_respects_the_plan() -> None:
    drawn = draw_sample(make_calls(_calls()), SamplingSettings(population="converted", strata=("campaign",), seed=5))
    assert set(drawn.frame["claimed_outcome"]) == {"converted"}
    assert drawn.plan.population_size == 53  # converted AND connected: i % 5 == 1 and i % 3 != 0
    assert len(drawn.frame) == drawn.plan.sample_size == sum(s.sample for s in drawn.plan.strata)
    assert drawn.frame["call_id"].is_unique
    by_stratum = drawn.frame.groupby("stratum").size().to_dict()
    assert by_stratum == {s.stratum: s.sample for s in drawn.plan.strata if s.sample}
    assert drawn.plan.block_counts["conversions"] == 53


def test_empty_population_is_a_config_error() -> None:
    calls = make_calls(_calls().assign(outcome="none"))
    with pytest.raises(ConfigError):
        draw_sample(calls, SamplingSettings(population="converted", seed=1))


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(st.text("abcdef", min_size=1, max_size=3), st.integers(min_value=0, max_value=400), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=500),
    st.sampled_from(["proportional", "equal"]),
    st.integers(min_value=0, max_value=5),
)
def test_allocation_never_exceeds_a_stratum_and_meets_the_total_and_floor(
    sizes: dict[str, int], total: int, method: str, minimum: int
) -> None:
    out = allocate(total, sizes, method, minimum)
    assert set(out) == set(sizes)
    assert all(0 <= out[k] <= sizes[k] for k in sizes)
    assert all(out[k] >= min(minimum, sizes[k]) for k in sizes)
    assert sum(out.values()) >= min(total, sum(sizes.values()))


def test_proportional_allocation_hand_case() -> None:
    assert allocate(10, {"a": 50, "b": 30, "c": 20}, "proportional") == {"a": 5, "b": 3, "c": 2}
    assert allocate(10, {"a": 97, "b": 3}, "proportional", minimum=2) == {"a": 10, "b": 2}
    assert allocate(9, {"a": 100, "b": 2, "c": 100}, "equal") == {"a": 4, "b": 2, "c": 3}


def test_workbook_masks_phones_has_dropdowns_and_the_plan_round_trips() -> None:
    drawn = draw_sample(make_calls(_calls()), SamplingSettings(population="connected", seed=9))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(drawn)))
    ws = wb["Sample"]
    header = [c.value for c in ws[1]]
    phones = [r[header.index("phone")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert phones and all("*" in p for p in phones)
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1 == '"yes,no,unclear"'
    assert len(str(lists[0].sqref).split()) == 5  # effective, intent, converted, compliant, complaint
    text = "".join(r[1] for r in wb["Plan"].iter_rows(values_only=True) if r and r[0] == PLAN_JSON_KEY)
    assert SamplingPlan.from_dict(json.loads(text)).to_dict() == drawn.plan.to_dict()
    assert "Instructions" in wb.sheetnames


def test_cli_sample_writes_three_files_and_records_the_seed(tmp_path: Path, demo_files: dict[str, Path]) -> None:
    out = tmp_path / "spot"
    result = CliRunner().invoke(
        cli,
        [
            "sample",
            "--calls",
            str(demo_files["calls"]),
            "-e",
            str(demo_files["engagement"]),
            "--population",
            "converted",
            "--strata",
            "campaign",
            "--seed",
            "11",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "seed 11" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["sample.csv", "sample.plan.json", "sample.xlsx"]
    plan = json.loads((out / "sample.plan.json").read_text(encoding="utf-8"))
    assert plan["seed"] == 11 and plan["population_size"] == 144 and plan["calls"][0]["sha256"]
    again = api.sample(demo_files["calls"], demo_files["engagement"], population="converted", strata=["campaign"], seed=11)
    csv = pd.read_csv(out / "sample.csv", encoding="utf-8-sig", dtype=str)
    assert csv["call_id"].tolist() == again.frame["call_id"].tolist()


def test_cli_sample_rejects_impossible_rates_without_traceback(tmp_path: Path, demo_files: dict[str, Path]) -> None:
    result = CliRunner().invoke(
        cli,
        ["sample", "--calls", str(demo_files["calls"]), "--tolerable", "0.01", "--expected", "0.02", "-o", str(tmp_path / "x")],
    )
    assert result.exit_code == 2
    assert "below the tolerable rate" in result.output and not (tmp_path / "x").exists()


def test_no_mask_shows_the_numbers_and_the_default_masks_them(tmp_path: Path, demo_files: dict[str, Path]) -> None:
    base = ["sample", "--calls", str(demo_files["calls"]), "--population", "converted", "--seed", "3"]
    assert CliRunner().invoke(cli, [*base, "-o", str(tmp_path / "m")]).exit_code == 0
    assert CliRunner().invoke(cli, [*base, "-o", str(tmp_path / "u"), "--no-mask"]).exit_code == 0
    masked = pd.read_csv(tmp_path / "m" / "sample.csv", dtype=str, encoding="utf-8-sig")["phone"]
    plain = pd.read_csv(tmp_path / "u" / "sample.csv", dtype=str, encoding="utf-8-sig")["phone"]
    assert masked.str.contains(r"\*").all() and plain.str.fullmatch(r"\d{11}").all()
    assert [m[:3] + m[-2:] for m in masked] == [p[:3] + p[-2:] for p in plain]


@pytest.mark.parametrize("reverse", [False, True], ids=["listed", "reversed"])
def test_files_read_whole_keep_their_reading_order_for_the_draw(reverse: bool) -> None:
    """An XLSX among the files makes the whole-file read: call ids repeated across files still tie-break by listing."""
    canonical = FIXTURES / "records" / "canonical"
    files = [canonical / "hand_utf8_comma.csv", canonical / "hand_shuffled_columns_title_rows.xlsx"]
    files = files[::-1] if reverse else files
    calls = read_calls(files)
    assert list(calls.frame["source_file"].cat.categories) == [str(p) for p in files]
    assert calls.sources == tuple(str(p) for p in files)
    ordered = population_order(calls.frame.assign(**{ORDER_KEY: calls.frame["call_id"].astype("string")}))
    first_of_each_id = ordered.drop_duplicates(ORDER_KEY)["source_file"].astype(str)
    assert set(first_of_each_id) == {str(files[0])}
