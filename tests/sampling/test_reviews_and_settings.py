"""Review files round-trip across header spellings and answer synonyms; the engagement's sampling section."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.engagement import load_engagement
from auditor.errors import ConfigError, InputError
from auditor.sampling.reviews import HEADERS, NO, UNCLEAR, YES, read_reviews
from auditor.sampling.settings import SamplingSettings

SPELLINGS = {
    YES: ["yes", "Y", "TRUE", "1", "是", "да"],
    NO: ["no", "N", "false", "0", "否", "нет"],
    UNCLEAR: ["unclear", "?", "不确定"],
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.lists(st.sampled_from([YES, NO, UNCLEAR, ""]), min_size=1, max_size=30),
    label=st.sampled_from(["effective", "intent", "converted", "compliant", "complaint"]),
    data=st.data(),
)
def test_reviews_round_trip_across_spellings_and_formats(
    tmp_path: Path, answers: list[str], label: str, data: st.DataObject
) -> None:
    id_header = data.draw(st.sampled_from(HEADERS["call_id"][:5]))
    label_header = data.draw(st.sampled_from(HEADERS[label]))
    written = [data.draw(st.sampled_from(SPELLINGS[a])) if a else "" for a in answers]
    frame = pd.DataFrame({id_header: [f"C{i}" for i in range(len(answers))], f"是否{label_header}": written})
    suffix = data.draw(st.sampled_from([".csv", ".xlsx"]))
    path = tmp_path / f"r{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False, encoding=data.draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])))
    else:
        frame.to_excel(path, index=False)
    if not any(answers):
        with pytest.raises(InputError, match="every label cell is empty"):
            read_reviews([path])
        return
    reviews = read_reviews([path])
    got = {r.call_id: r.answer for r in reviews.verdicts.itertuples() if r.label == label}
    assert got == {f"C{i}": a for i, a in enumerate(answers) if a}
    assert reviews.unreadable == 0


def test_engagement_sampling_section_is_read_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(
        "sampling:\n  tolerable: 0.08\n  strata: campaign, agent\n  population: converted\n  seed: 12\n", encoding="utf-8"
    )
    eng = load_engagement(path)
    assert eng.sampling == SamplingSettings(tolerable=0.08, strata=("campaign", "agent"), population="converted", seed=12)
    assert load_engagement(None).sampling == SamplingSettings()


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("sampling:\n  expected: 0.1\n", "below the tolerable"),
        ("sampling:\n  population: everyone\n", "unknown population"),
        ("sampling:\n  strata: [region]\n", "unknown stratum key"),
    ],
)
def test_bad_sampling_settings_name_the_engagement_line(tmp_path: Path, body: str, match: str) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("name: x\n" + body, encoding="utf-8")
    with pytest.raises(ConfigError, match=match) as info:
        load_engagement(path)
    assert info.value.location is not None and info.value.location.line == 2


def test_unknown_sampling_key_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_text("sampling:\n  confidance: 0.9\n", encoding="utf-8")
    assert any("did you mean 'confidence'" in w for w in load_engagement(path).warnings)
