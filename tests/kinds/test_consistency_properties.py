"""Properties of the report-consistency kinds: interval arithmetic, GRIM never flags honest rounding, tolerance monotonicity."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.engine.cases import RuleCase, evaluate_case
from auditor.kinds.figures import Interval
from auditor.kinds.reachable_percentage import reachable
from auditor.location import SourceRef
from auditor.reports.model import ClaimedFigure
from auditor.scope import Scope
from auditor.units import Unit

fractions = st.fractions(min_value=-1000, max_value=1000, max_denominator=1000)


@st.composite
def intervals(draw: st.DrawFn) -> tuple[Interval, Fraction]:
    a, b = draw(fractions), draw(fractions)
    lo, hi = min(a, b), max(a, b)
    t = draw(st.fractions(min_value=0, max_value=1, max_denominator=100))
    return Interval(lo, hi), lo + (hi - lo) * t


@given(intervals(), intervals())
def test_interval_arithmetic_contains_every_combination(x: tuple[Interval, Fraction], y: tuple[Interval, Fraction]) -> None:
    (a, va), (b, vb) = x, y
    assert (a + b).lo <= va + vb <= (a + b).hi
    assert (a - b).lo <= va - vb <= (a - b).hi
    assert (a * b).lo <= va * vb <= (a * b).hi
    quotient = a.divide(b)
    if b.lo > 0:
        assert quotient is not None and quotient.lo <= va / vb <= quotient.hi
    else:
        assert quotient is None


def _printed(k: int, n: int, decimals: int, truncate: bool) -> ClaimedFigure:
    percent = Decimal(k) / Decimal(n) * 100
    step = Decimal(1).scaleb(-decimals)
    shown = percent.quantize(step, rounding="ROUND_DOWN" if truncate else ROUND_HALF_UP)
    value = shown / 100
    return ClaimedFigure(
        metric="connect_rate",
        value=value,
        unit=Unit.RATIO,
        scope=Scope(),
        raw_text=f"{shown}%",
        source=SourceRef(file="r.xlsx"),
        half_width=step / 200,
    )


@settings(max_examples=300)
@given(st.integers(1, 5000), st.data(), st.integers(0, 3), st.booleans())
def test_a_rate_printed_from_whole_counts_is_always_reachable(n: int, data: st.DataObject, decimals: int, truncate: bool) -> None:
    k = data.draw(st.integers(0, n))
    ok, nearest = reachable(_printed(k, n, decimals, truncate), n, allow_truncation=True)
    assert ok
    assert nearest and all(0 <= v <= 1 for v in nearest)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 5000), min_size=2, max_size=5), st.integers(-300, 300), st.floats(0, 0.2))
def test_wider_rollup_tolerance_never_adds_findings(rows: list[int], edit: int, tol: float) -> None:
    total = max(0, sum(rows) + edit)
    claims = [{"metric": "total_dials", "raw": f"外呼总量 {total}"}] + [
        {"metric": "total_dials", "raw": f"外呼总量 {r}", "scope": {"campaign": f"C{i}"}} for i, r in enumerate(rows)
    ]

    def findings(rel_tol: float) -> int:
        case = RuleCase(
            file="<property>", kind="rollup", name="p", expect="pass", params={"rel_tol": rel_tol}, claims=tuple(claims)
        )
        return len(evaluate_case(case).findings)

    narrow, wide = findings(0.0), findings(tol)
    assert wide <= narrow
    assert (narrow == 0) == (total == sum(rows))  # whole counts are exact: any difference in one table is a finding


def _pct(num: int, den: int, decimals: int) -> str:
    return f"{(Decimal(num) / Decimal(den) * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)}%"


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 20_000), st.data(), st.integers(0, 2))
def test_rates_printed_from_one_set_of_counts_never_contradict(total: int, data: st.DataObject, decimals: int) -> None:
    valid = data.draw(st.integers(1, total))
    connected = data.draw(st.integers(0, valid))
    claims = (
        {"metric": "total_dials", "raw": f"外呼总量 {total}"},
        {"metric": "valid_dials", "raw": f"有效拨打数 {valid}"},
        {"metric": "connected", "raw": f"接通量 {connected}"},
        {"metric": "connect_rate", "raw": f"接通率 {_pct(connected, total, decimals)}", "definition": "connected/total_dials"},
        {"metric": "connect_rate", "raw": f"接通率 {_pct(connected, valid, decimals)}", "definition": "connected/valid_dials"},
        {"metric": "valid_number_rate", "raw": f"有效率 {_pct(valid, total, decimals)}", "definition": "valid_dials/total_dials"},
    )
    for kind in ("rate_identity", "ratio_identity", "reachable_percentage", "funnel_order"):
        outcome = evaluate_case(RuleCase(file="<property>", kind=kind, name="honest", expect="pass", claims=claims))
        assert outcome.ok, (kind, outcome.problems)
