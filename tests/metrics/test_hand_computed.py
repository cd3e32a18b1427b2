"""Every block and rate definition against values worked out by hand (fixtures/metrics/hand_computed.yaml)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
import yaml

from auditor.engagement import Engagement, _Parser
from auditor.ingest.table import CallTable
from auditor.metrics.compute import recompute
from auditor.metrics.settings import MetricSettings
from auditor.scope import Scope
from tests.conftest import FIXTURES

CASES = yaml.safe_load((FIXTURES / "metrics" / "hand_computed.yaml").read_text(encoding="utf-8"))["cases"]


def _settings(raw: dict[str, Any]) -> MetricSettings:
    parser = _Parser(FIXTURES / "metrics" / "hand_computed.yaml", raw, {})
    eng = Engagement(
        effective_threshold_s=float(raw.get("effective_threshold_s", 30)),
        price=parser.price(raw.get("price")),
        lead_list=parser.phone_list(("lead_list",), raw.get("lead_list")),
    )
    return eng.metric_settings()


def _scope(key: str) -> Scope:
    if key == "overall":
        return Scope()
    name, value = key.split("=", 1)
    return Scope(**{name: value})


def _expectations() -> list[Any]:
    out = []
    for case_name, case in CASES.items():
        for scope_key, expected in case["expected"].items():
            for metric, value in expected.items():
                if isinstance(value, dict):
                    for definition, number in value.items():
                        out.append(
                            pytest.param(
                                case_name,
                                scope_key,
                                metric,
                                definition,
                                number,
                                id=f"{case_name}-{scope_key}-{metric}-{definition}",
                            )
                        )
                else:
                    out.append(pytest.param(case_name, scope_key, metric, metric, value, id=f"{case_name}-{scope_key}-{metric}"))
    return out


_cache: dict[str, Any] = {}


def _metrics(case_name: str) -> Any:
    if case_name not in _cache:
        case = CASES[case_name]
        frame = pd.DataFrame(case["rows"], columns=case["columns"]).astype(str)
        table = CallTable.from_frame(frame, timezone=case["timezone"], source=case_name)
        scopes = [_scope(k) for k in case["expected"]]
        _cache[case_name] = recompute(table, _settings(case.get("settings") or {}), scopes=scopes)
    return _cache[case_name]


@pytest.mark.parametrize(("case_name", "scope_key", "metric", "definition", "expected"), _expectations())
def test_recomputed_value_equals_hand_computation(
    case_name: str, scope_key: str, metric: str, definition: str, expected: float | None
) -> None:
    value = _metrics(case_name).get(metric, _scope(scope_key), definition)
    assert value is not None, f"{metric} [{definition}] was not computed for {scope_key}"
    if expected is None:
        assert value.value is None
        assert value.note, "an unavailable value must say why"
    else:
        assert value.value is not None, value.note
        assert math.isclose(value.value, expected, rel_tol=1e-12, abs_tol=1e-12)


def test_every_rate_definition_of_the_catalogue_is_hand_checked() -> None:
    from auditor.metrics.catalogue import load_catalogue

    checked = {
        (m, d)
        for case in CASES.values()
        for exp in case["expected"].values()
        for m, v in exp.items()
        if isinstance(v, dict)
        for d in v
    }
    missing = [
        (r.id, f.text) for r in load_catalogue().rates if r.recomputable for f in r.definitions if (r.id, f.text) not in checked
    ]
    assert not missing, f"definitions with no hand-computed case: {missing}"


def test_every_block_is_hand_checked() -> None:
    from auditor.metrics.catalogue import load_catalogue

    overall = CASES["twenty_calls_two_campaigns"]["expected"]["overall"]
    missing = [b.id for b in load_catalogue().blocks if b.id not in overall]
    assert not missing


def test_rates_keep_numerator_and_denominator() -> None:
    value = _metrics("twenty_calls_two_campaigns").get("connect_rate", Scope(), "connected/valid_dials")
    assert (value.numerator, value.denominator) == (10, 16)
    assert value.is_default is False
    default = _metrics("twenty_calls_two_campaigns").get("connect_rate")
    assert default.definition == "connected/total_dials" and default.is_default
