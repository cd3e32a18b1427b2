"""Nothing is judged against nothing: an honest report audited with records that lack some of its scopes.

Each case takes an honest audit (tests/honest.py) and changes only the call records: the
campaign column dropped, one campaign renamed, every call moved out of the report's period.
No figure may then be a claim-mismatch; one claim-scope-absent finding says what is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from auditor import api
from auditor.findings import Severity
from tests.honest import HONEST_CASES, build_honest


def _drop_campaign(calls: pd.DataFrame) -> pd.DataFrame:
    return calls.drop(columns=["campaign"])


def _rename_first_campaign(calls: pd.DataFrame) -> pd.DataFrame:
    first = sorted(calls["campaign"].unique())[0]
    return calls.assign(campaign=calls["campaign"].replace({first: "another campaign"}))


def _move_out_of_period(calls: pd.DataFrame) -> pd.DataFrame:
    moved = pd.to_datetime(calls["start_time"]) - pd.Timedelta(days=40)
    return calls.assign(start_time=moved.dt.strftime("%Y-%m-%d %H:%M:%S"))


#: (name, change to the records, severity of the one scope finding, claims left unverifiable, verdict headline)
CASES: list[tuple[str, Callable[[pd.DataFrame], pd.DataFrame], str, int | None, str]] = [
    ("no_campaign_column", _drop_campaign, "info", 15, "No material problems found"),
    ("a_campaign_the_records_lack", _rename_first_campaign, "low", 5, "No material problems found"),
    ("period_outside_the_records", _move_out_of_period, "low", None, "Nothing verified"),
]


@pytest.fixture(scope="module")
def honest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_honest(HONEST_CASES[1], tmp_path_factory.mktemp("honest"))


@pytest.mark.parametrize(("name", "change", "severity", "unverifiable", "headline"), CASES, ids=[c[0] for c in CASES])
def test_a_scope_the_records_lack_is_one_finding_and_no_mismatch(
    honest: dict[str, Path],
    tmp_path: Path,
    name: str,
    change: Callable[[pd.DataFrame], pd.DataFrame],
    severity: str,
    unverifiable: int | None,
    headline: str,
) -> None:
    calls = tmp_path / f"calls_{name}.csv"
    change(pd.read_csv(honest["calls"], dtype=str)).to_csv(calls, index=False)
    result = api.audit(calls=calls, reports=[honest["report"]], engagement=honest["engagement"])
    assert [f.message for f in result.findings if f.rule in ("claim-mismatch", "claim-definition-mismatch")] == []
    gaps = [f for f in result.findings if f.rule == "claim-scope-absent"]
    assert len(gaps) == 1, [f.message for f in gaps]
    assert gaps[0].severity is Severity.parse(severity)
    left = [c for c in result.comparisons if c["status"] == "unverifiable"]
    assert gaps[0].evidence["figures"] == len(left)
    if unverifiable is not None:
        assert len(left) == unverifiable
    else:
        assert len(left) == len(result.claims)  # every figure is for the report's period
    assert all(c["reason"] for c in left)
    assert not [f for f in result.findings if f.rule == "claim-unverifiable" and f.metric in {c["metric"] for c in left}]
    verdict = result.verdict
    assert verdict.headline == headline
    assert verdict.claims.checked == len(result.claims) - len(left)


def test_the_honest_records_leave_nothing_unchecked(honest: dict[str, Path]) -> None:
    result = api.audit(calls=honest["calls"], reports=[honest["report"]], engagement=honest["engagement"])
    assert [f.message for f in result.findings if f.rule == "claim-scope-absent"] == []
    assert result.verdict.claims.checked == len(result.claims)  # days with no call are true zeros, checked as such
    assert result.verdict.headline == "No material problems found"


def test_the_report_alone_is_checked_for_consistency_only(honest: dict[str, Path]) -> None:
    result = api.audit(reports=[honest["report"]], engagement=honest["engagement"])
    assert result.verdict.headline == "Report checked for internal consistency only"
    assert result.verdict.claims.checked == 0
    unverifiable = [f for f in result.findings if f.rule == "claim-unverifiable"]
    assert len(unverifiable) == 1  # one finding for every figure the records would have checked
    assert unverifiable[0].evidence["figures"] == len(result.claims)


def test_the_records_alone_verify_nothing(honest: dict[str, Path]) -> None:
    result = api.audit(calls=honest["calls"], engagement=honest["engagement"])
    assert result.verdict.headline.startswith("Nothing verified")
    assert "No vendor report was given" in result.verdict.detail
