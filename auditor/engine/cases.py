"""Rule-case files: pass/fail examples of one rule kind, as data (``fixtures/rule_cases/<kind>.yaml``).

A case gives claims, call rows (inline or a canonical CSV) and an engagement; the
runner builds an :class:`AuditContext` with the recomputed metrics, runs only the
file's kind with the case's params, and compares the findings with ``expect``.
The single parametrised test ``tests/kinds/test_rule_cases.py`` and
``auditor rules check`` both use it. Format (keys of one case)::

    name: connects exceed dials        # unique within the file
    expect: fail                       # fail = at least one finding; pass = none
    params: {}                         # merged over the file's params
    severity: high                     # expected max severity when failing
    findings: 1                        # expected number of findings when failing
    evidence: {p_value: {lt: 0.01}}    # checks on the first finding's evidence: lt, le, gt, ge, eq, approx (+ rel/abs), in
    engagement: {}                     # engagement YAML mapping
    claims: [{metric: total_dials, value: 1000, scope: {}, raw: "外呼总量 1000"}]
    unmatched: [{label: 坐席满意度, raw: "4.8"}]   # figures the report reader could not match
    targets: [{metric: connect_rate, value: 0.40, comparator: ">="}]   # targets the report prints (目标值 ≥ 40%)
    calls: [{call_id: a1, disposition: answered, talk_s: 31}]   # missing required columns get defaults
    calls_file: data/x.csv             # canonical CSV, relative to the case file
    rule: {severity: high, category: consistency}   # the rule the kind runs as (defaults shown)
    example: true                      # shown in the generated rule docs
    xfail: "reason"                    # known gap: reported, not failed

File-level ``params``, ``engagement`` and ``rule`` are defaults for every case.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from auditor.engagement import Engagement, engagement_from_mapping
from auditor.engine.context import AuditContext
from auditor.engine.registry import get_kind
from auditor.engine.runner import run
from auditor.engine.spec import RuleSpec, build_params
from auditor.errors import AuditorError, RulePackError
from auditor.findings import Category, Finding, RuleError, Severity
from auditor.ingest.table import CallTable
from auditor.location import SourceRef
from auditor.metrics.catalogue import load_catalogue
from auditor.metrics.compute import recompute
from auditor.metrics.model import MetricSet
from auditor.reports.model import ClaimedFigure, ReportExtraction, TargetFigure, UnmatchedFigure
from auditor.reports.numbers import UnitMismatch, parse_number, to_metric_unit
from auditor.scope import Scope
from auditor.yamlfile import KeyPath, line_of, load_yaml

CASE_KEYS = (
    "name",
    "expect",
    "params",
    "severity",
    "findings",
    "evidence",
    "engagement",
    "claims",
    "unmatched",
    "targets",
    "calls",
    "calls_file",
    "rule",
    "example",
    "xfail",
    "note",
)
FILE_KEYS = ("kind", "params", "engagement", "rule", "cases")
EVIDENCE_OPS = ("lt", "le", "gt", "ge", "eq", "approx", "rel", "abs", "in", "len")


@dataclass(frozen=True)
class RuleCase:
    """One pass/fail example of a kind, as read from its file."""

    file: str
    kind: str
    name: str
    expect: str
    params: Mapping[str, Any] = field(default_factory=dict)
    severity: str | None = None
    findings: int | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict)
    engagement: Mapping[str, Any] = field(default_factory=dict)
    claims: tuple[Mapping[str, Any], ...] = ()
    unmatched: tuple[Mapping[str, Any], ...] = ()
    targets: tuple[Mapping[str, Any], ...] = ()
    calls: tuple[Mapping[str, Any], ...] | None = None
    calls_file: str | None = None
    rule: Mapping[str, Any] = field(default_factory=dict)
    example: bool = False
    xfail: str | None = None
    note: str = ""
    line: int | None = None

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}::{self.name}"

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class CaseOutcome:
    """What a case produced and whether it met its expectation (``problems`` empty = met)."""

    case: RuleCase
    findings: tuple[Finding, ...]
    errors: tuple[RuleError, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def load_cases(path: str | Path) -> list[RuleCase]:
    """Read a rule-case file; malformed files raise RulePackError naming the line."""
    path = Path(path)
    data, lines = load_yaml(path, RulePackError)

    def fail(key: KeyPath, message: str, hint: str | None = None) -> RulePackError:
        return RulePackError(message, location=SourceRef(file=str(path), line=line_of(lines, *key)), hint=hint)

    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise fail((), "a rule-case file is a mapping with 'kind:' and a 'cases:' list")
    for key in data:
        if key not in FILE_KEYS:
            raise fail((key,), f"unknown key '{key}'", hint=f"file keys: {', '.join(FILE_KEYS)}")
    kind = str(data.get("kind") or "")
    try:
        get_kind(kind)
    except KeyError as exc:
        raise fail(("kind",), str(exc.args[0])) from None
    base_params = _mapping(data.get("params"), fail, ("params",))
    base_engagement = _mapping(data.get("engagement"), fail, ("engagement",))
    base_rule = _mapping(data.get("rule"), fail, ("rule",))
    cases: list[RuleCase] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["cases"]):
        at: KeyPath = ("cases", i)
        if not isinstance(raw, dict):
            raise fail(at, "each case is a mapping")
        for key in raw:
            if key not in CASE_KEYS:
                raise fail((*at, key), f"unknown case key '{key}'", hint=f"case keys: {', '.join(CASE_KEYS)}")
        name = str(raw.get("name") or "")
        if not name:
            raise fail(at, "case is missing 'name'")
        if name in seen:
            raise fail((*at, "name"), f"case name '{name}' appears twice in this file")
        seen.add(name)
        expect = str(raw.get("expect") or "")
        if expect not in ("pass", "fail"):
            raise fail((*at, "expect"), f"expect must be 'pass' or 'fail', not '{expect}'")
        severity = raw.get("severity")
        if severity is not None:
            try:
                Severity.parse(str(severity))
            except ValueError as exc:
                raise fail((*at, "severity"), str(exc)) from None
        count = raw.get("findings")
        if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
            raise fail((*at, "findings"), f"findings must be a whole number >= 1, not {count!r}")
        claims = raw.get("claims") or []
        calls = raw.get("calls")
        if not isinstance(claims, list) or (calls is not None and not isinstance(calls, list)):
            raise fail(at, "claims and calls are lists of mappings")
        cases.append(
            RuleCase(
                file=str(path),
                kind=kind,
                name=name,
                expect=expect,
                params={**base_params, **_mapping(raw.get("params"), fail, (*at, "params"))},
                severity=None if severity is None else str(severity),
                findings=count,
                evidence=_mapping(raw.get("evidence"), fail, (*at, "evidence")),
                engagement={**base_engagement, **_mapping(raw.get("engagement"), fail, (*at, "engagement"))},
                claims=tuple(claims),
                unmatched=tuple(raw.get("unmatched") or ()),
                targets=tuple(raw.get("targets") or ()),
                calls=None if calls is None else tuple(calls),
                calls_file=None if raw.get("calls_file") is None else str(raw["calls_file"]),
                rule={**base_rule, **_mapping(raw.get("rule"), fail, (*at, "rule"))},
                example=bool(raw.get("example", False)),
                xfail=None if raw.get("xfail") is None else str(raw["xfail"]),
                note=str(raw.get("note") or ""),
                line=line_of(lines, *at),
            )
        )
    return cases


def _mapping(value: Any, fail: Any, key: KeyPath) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise fail(key, f"{'.'.join(map(str, key))} must be a mapping")
    return dict(value)


def case_spec(case: RuleCase) -> RuleSpec[Any]:
    """The rule the case runs: the file's kind with the case's params (errors name the case)."""
    kind = get_kind(case.kind)

    def fail(key: str, message: str) -> RulePackError:
        return RulePackError(f"case '{case.name}': params.{key}: {message}", location=SourceRef(file=case.file, line=case.line))

    params = build_params(kind.params, dict(case.params), fail)
    try:
        severity = Severity.parse(str(case.rule.get("severity", "high")))
        category = Category(str(case.rule.get("category", "consistency")))
    except ValueError as exc:
        raise RulePackError(f"case '{case.name}': rule: {exc}", location=SourceRef(file=case.file, line=case.line)) from None
    return RuleSpec(
        id=str(case.rule.get("id", f"case-{case.kind.replace('_', '-')}")),
        title=str(case.rule.get("title", f"{case.kind} case")),
        category=category,
        severity=severity,
        kind=case.kind,
        params=params,
        rationale=f"rule case {case.name}",
        file=case.file,
        line=case.line,
        raw_params=dict(case.params),
    )


def case_calls(case: RuleCase, engagement: Engagement) -> CallTable | None:
    """The case's call table: inline rows (defaults for missing required columns) or its CSV file."""
    if case.calls_file is not None:
        from auditor.ingest import read_calls

        path = Path(case.file).parent / case.calls_file
        return read_calls(path, timezone=engagement.timezone, dispositions=engagement.dispositions, outcomes=engagement.outcomes)
    if case.calls is None:
        return None
    return calls_from_rows([dict(r) for r in case.calls], timezone=engagement.timezone, source=case.file)


def calls_from_rows(rows: list[dict[str, Any]] | pd.DataFrame, timezone: str = "UTC", source: str = "<rows>") -> CallTable:
    """A CallTable from canonical-named rows; missing required columns get harmless defaults."""
    frame = pd.DataFrame(rows) if not isinstance(rows, pd.DataFrame) else rows.copy()
    n = len(frame)
    defaults = {
        "call_id": [f"c{i}" for i in range(n)],
        "start_time": ["2026-10-01 10:00:00"] * n,
        "phone": [f"1390000{i:04d}" for i in range(n)],
        "disposition": ["answered"] * n,
    }
    for column, values in defaults.items():
        if column not in frame.columns:  # a column given on some rows only stays missing on the others (data-quality cases)
            frame[column] = values
    return CallTable.from_frame(frame, timezone=timezone, source=source)


def case_claim(raw: Mapping[str, Any], file: str, index: int) -> ClaimedFigure:
    """A ClaimedFigure from ``{metric, value, scope?, raw?, half_width?, label?, definition?, approximate?, file?}``.

    ``file`` names the report the figure was printed in (default: the case file).

    The printed precision comes from ``raw`` (its last figure, e.g. ``"接通率 45.6%"``),
    else from the digits of ``value``; ``half_width`` overrides both.
    """
    where = SourceRef(file=str(raw.get("file") or file), row=index + 1, text=str(raw.get("raw", "")) or None)
    catalogue = load_catalogue()
    metric_id = str(raw.get("metric", ""))
    if metric_id not in catalogue:
        raise RulePackError(f"claim {index + 1}: unknown metric '{metric_id}'", location=where)
    metric = catalogue[metric_id]
    text = str(raw.get("raw", "")).strip()
    label, value, half, printed, approximate = str(raw.get("label", "")), None, None, text, bool(raw.get("approximate", False))
    if text:
        head, _, tail = text.rpartition(" ")
        for candidate, lab in ((text, ""), (tail, head)):
            parsed = parse_number(candidate)
            if parsed is None:
                continue
            try:
                conv = to_metric_unit(parsed, metric.unit, ratio_above_one=metric_id == "roi")
            except UnitMismatch:
                continue
            value, half, printed = conv.value, conv.half_width, candidate
            approximate = approximate or parsed.approximate
            label = label or lab
            break
    if "value" in raw:
        try:
            given = Decimal(str(raw["value"]))
        except InvalidOperation:
            raise RulePackError(f"claim {index + 1}: value {raw['value']!r} is not a number", location=where) from None
        if value is None:
            exponent = given.as_tuple().exponent
            value, half = given, Decimal(1).scaleb(int(exponent) if isinstance(exponent, int) else 0) / 2
        value = given
    if value is None:
        raise RulePackError(f"claim {index + 1}: give 'value' or a 'raw' text ending in a figure", location=where)
    if "half_width" in raw:
        half = Decimal(str(raw["half_width"]))
    scope = Scope.from_dict(raw.get("scope") or {})
    return ClaimedFigure(
        metric=metric_id,
        value=value,
        unit=metric.unit,
        scope=scope,
        raw_text=printed or str(raw.get("value")),
        source=where,
        label=label or metric_id,
        half_width=half or Decimal(0),
        definition_hint=raw.get("definition"),
        is_approximate=approximate,
    )


def case_target(raw: Mapping[str, Any], file: str, index: int) -> TargetFigure:
    """A TargetFigure the report printed, from ``{metric, value, comparator?, raw?, scope?}`` (value in catalogue units)."""
    where = SourceRef(file=file, row=index + 1, text=str(raw.get("raw", "")) or None)
    metric_id = str(raw.get("metric", ""))
    catalogue = load_catalogue()
    if metric_id not in catalogue:
        raise RulePackError(f"target {index + 1}: unknown metric '{metric_id}'", location=where)
    try:
        value = Decimal(str(raw["value"]))
    except (KeyError, InvalidOperation):
        raise RulePackError(f"target {index + 1}: give a numeric 'value'", location=where) from None
    return TargetFigure(
        metric=metric_id,
        value=value,
        unit=catalogue[metric_id].unit,
        comparator=str(raw.get("comparator", ">=")),
        scope=Scope.from_dict(raw.get("scope") or {}),
        raw_text=str(raw.get("raw", value)),
        source=where,
    )


def case_context(case: RuleCase) -> AuditContext:
    """AuditContext of a case: claims, calls, engagement and the metrics recomputed once."""
    engagement = engagement_from_mapping(case.engagement, case.file) if case.engagement else Engagement()
    claims = tuple(case_claim(c, case.file, i) for i, c in enumerate(case.claims))
    calls = case_calls(case, engagement)
    metrics = MetricSet()
    if calls is not None:
        scopes = {c.scope for c in claims}
        if engagement.period is not None:
            scopes.add(Scope(period=engagement.period))
        metrics = recompute(calls, engagement.metric_settings(), by=("campaign", "agent", "day"), scopes=scopes)
    reports: tuple[ReportExtraction, ...] = ()
    if claims or case.unmatched or case.targets:
        unmatched = tuple(
            UnmatchedFigure(
                label=str(u.get("label", "")), raw_text=str(u.get("raw", "")), source=SourceRef(file=case.file, row=i + 1)
            )
            for i, u in enumerate(case.unmatched)
        )
        targets = tuple(case_target(t, case.file, i) for i, t in enumerate(case.targets))
        reports = (ReportExtraction(path=case.file, claims=claims, unmatched=unmatched, targets=targets),)
    return AuditContext(claims=claims, metrics=metrics, calls=calls, engagement=engagement, reports=reports)


def evaluate_case(case: RuleCase) -> CaseOutcome:
    """Run the case's kind once and list how the result differs from the expectation."""
    try:
        spec = case_spec(case)
        ctx = case_context(case)
    except AuditorError as exc:
        return CaseOutcome(case, (), (), (f"cannot build the case: {exc}",))
    findings, errors = run([spec], ctx)
    problems: list[str] = [f"the kind raised: {e.error}" for e in errors]
    if case.expect == "pass" and findings:
        problems.append("expected no finding, got: " + "; ".join(f"[{f.severity.value}] {f.message}" for f in findings[:3]))
    if case.expect == "fail":
        if not findings:
            problems.append("expected at least one finding, got none")
        else:
            top = max(f.severity for f in findings)
            if case.severity is not None and top is not Severity.parse(case.severity):
                problems.append(f"expected max severity {case.severity}, got {top.value}")
            if case.findings is not None and len(findings) != case.findings:
                problems.append(f"expected {case.findings} finding(s), got {len(findings)}")
            problems += check_evidence(findings[0].evidence, case.evidence)
            problems += [f"finding has an empty message (rule {f.rule})" for f in findings if not f.message.strip()]
    return CaseOutcome(case, tuple(findings), tuple(errors), tuple(problems))


def check_evidence(evidence: Mapping[str, Any], checks: Mapping[str, Any]) -> list[str]:
    """Problems with ``evidence`` against ``{dotted.key: value | {op: operand}}`` checks."""
    problems = []
    for key, check in checks.items():
        found, value = _lookup(evidence, str(key))
        if not found:
            problems.append(f"evidence has no '{key}' (keys: {', '.join(sorted(map(str, evidence)))})")
            continue
        ops = check if isinstance(check, dict) else {"eq": check}
        for op, operand in ops.items():
            if op in ("rel", "abs"):
                continue
            if op not in EVIDENCE_OPS:
                problems.append(f"evidence check '{key}': unknown operator '{op}' (use {', '.join(EVIDENCE_OPS)})")
                continue
            if not _holds(op, value, operand, ops):
                problems.append(f"evidence '{key}' = {value!r} fails {op} {operand!r}")
    return problems


def _lookup(data: Any, dotted: str) -> tuple[bool, Any]:
    if isinstance(data, Mapping) and dotted in data:
        return True, data[dotted]
    current = data
    for part in dotted.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        elif isinstance(current, (list, tuple)) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return False, None
    return True, current


def _holds(op: str, value: Any, operand: Any, ops: Mapping[str, Any]) -> bool:
    try:
        if op == "eq":
            return bool(value == operand)
        if op == "in":
            return bool(value in operand)
        if op == "len":
            return bool(len(value) == operand)
        number = float(value)
        if op == "approx":
            return math.isclose(number, float(operand), rel_tol=float(ops.get("rel", 1e-6)), abs_tol=float(ops.get("abs", 1e-12)))
        limit = float(operand)
        return {"lt": number < limit, "le": number <= limit, "gt": number > limit, "ge": number >= limit}[op]
    except (TypeError, ValueError):
        return False


def case_files(folder: str | Path) -> list[Path]:
    """Every ``<kind>.yaml`` of a rule-case folder, sorted."""
    return sorted(Path(folder).glob("*.yaml"))


def cases_for_kind(kind: str, folder: str | Path | None = None) -> list[RuleCase]:
    """The cases of ``kind`` in ``folder`` (its ``<kind>.yaml``; default :func:`default_cases_dir`), or none."""
    folder = folder if folder is not None else default_cases_dir()
    if folder is None:
        return []
    path = Path(folder) / f"{kind}.yaml"
    return load_cases(path) if path.exists() else []


def default_cases_dir() -> Path | None:
    """``fixtures/rule_cases`` of a source checkout (None when installed without the fixtures)."""
    folder = Path(__file__).resolve().parents[2] / "fixtures" / "rule_cases"
    return folder if folder.is_dir() else None
