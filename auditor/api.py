"""The library entry points: one audit run, extraction, recompute. The CLI is a thin shell over these."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from auditor.engagement import Engagement, load_engagement
from auditor.engine.comparison import check_claim, comparison_row
from auditor.engine.context import AuditContext
from auditor.engine.runner import run
from auditor.engine.spec import builtin_pack_paths, load_packs
from auditor.findings import InputFile, number_findings
from auditor.ingest import expand_paths
from auditor.ingest import read_calls as _read_calls
from auditor.ingest.blocks import BlockProgress
from auditor.ingest.table import CallTable
from auditor.metrics.compute import recompute as _recompute
from auditor.metrics.distributions import distributions
from auditor.metrics.model import MetricSet
from auditor.progress import EXTRACTING, READING, RECOMPUTING, RULES, ProgressCallback
from auditor.reports import parse_report
from auditor.reports.model import ReportExtraction
from auditor.result import AuditResult
from auditor.scope import Scope

log = logging.getLogger(__name__)

PathLike = str | Path


def read_calls(
    paths: PathLike | Iterable[PathLike],
    engagement: Engagement | PathLike | None = None,
    format: str | None = None,
    *,
    progress: BlockProgress | None = None,
) -> CallTable:
    """Call records from files or folders, in the engagement's time zone and value tables.

    Canonical CSV and Parquet files are read block by block (bounded memory, docs/performance.md);
    ``progress(done, total)`` is called after each block with the bytes (rows for Parquet) read.
    """
    eng = _engagement(engagement)
    return _read_calls(
        paths, timezone=eng.timezone, format=format or eng.calls_format, dispositions=eng.dispositions, outcomes=eng.outcomes,
        progress=progress,
    )


def extract(reports: Iterable[PathLike], engagement: Engagement | PathLike | None = None) -> list[ReportExtraction]:
    """Claims of each report; figures with no printed period take the engagement's period."""
    eng = _engagement(engagement)
    out = []
    for path in reports:
        extraction = parse_report(path)
        if eng.period is not None:
            claims = tuple(c if c.scope.period is not None else replace(c, scope=replace(c.scope, period=eng.period)) for c in extraction.claims)
            extraction = replace(extraction, claims=claims)
        out.append(extraction)
    return out


def recompute(
    calls: CallTable | PathLike | Iterable[PathLike],
    engagement: Engagement | PathLike | None = None,
    by: Sequence[str] = (),
    scopes: Iterable[Scope] = (),
) -> MetricSet:
    """Every metric of the catalogue under every definition, overall and per ``by`` grouping."""
    eng = _engagement(engagement)
    table = calls if isinstance(calls, CallTable) else read_calls(calls, eng)
    extra = list(scopes)
    if eng.period is not None:
        extra.append(Scope(period=eng.period))
    return _recompute(table, eng.metric_settings(), by=by, scopes=extra)


def audit(
    calls: CallTable | PathLike | Iterable[PathLike] | None = None,
    reports: Iterable[PathLike] = (),
    engagement: Engagement | PathLike | None = None,
    rule_packs: Iterable[PathLike] = (),
    by: Sequence[str] = ("campaign", "agent", "day"),
    calls_format: str | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> AuditResult:
    """Run the whole audit: extract claims, read records, recompute, evaluate every enabled rule.

    Args:
        calls: call-record files/folders, or an already built CallTable; None audits the report alone.
        reports: vendor report files.
        engagement: engagement file or object (defaults for every key when None).
        rule_packs: extra rule-pack files, applied after the built-in and the engagement's packs.
        by: groupings recomputed besides the overall figures and the scopes of the claims.
        calls_format: reader name for the call records (sniffed when None).
        progress: called with the name of each stage as it starts (``auditor.progress.STAGES``).
    """
    step = progress or (lambda _stage: None)
    eng = _engagement(engagement)
    report_paths = [Path(p) for p in reports]
    inputs: list[InputFile] = []
    if eng.path:
        inputs.append(_input(Path(eng.path), "engagement"))
    step(EXTRACTING)
    extractions = extract(report_paths, eng)
    inputs += [_input(p, "report") for p in report_paths]
    claims = tuple(c for e in extractions for c in e.claims)
    warnings = list(eng.warnings)
    table: CallTable | None = None
    if isinstance(calls, CallTable):
        table = calls
    elif calls is not None:
        paths = [calls] if isinstance(calls, (str, Path)) else list(calls)
        files = expand_paths(paths)
        step(READING)
        inputs += [_input(p, "calls") for p in files]
        table = read_calls(files, eng, format=calls_format, progress=getattr(progress, "advance", None))
    if table is not None and not eng.timezone_given:
        warnings.append(f"no time zone given (engagement 'timezone:'); naive call times were read as {eng.timezone}")
    metrics = MetricSet()
    charts: dict[str, Any] = {}
    if table is not None:
        step(RECOMPUTING)
        metrics = recompute(table, eng, by=by, scopes={c.scope for c in claims})
        charts = distributions(table, eng.metric_settings(), metrics)
    step(RULES)
    packs = [*builtin_pack_paths(), *eng.rules.packs, *map(Path, rule_packs)]
    inputs += [_input(Path(p), "rules") for p in [*eng.rules.packs, *rule_packs]]
    specs = load_packs(packs)
    ctx = AuditContext(claims=claims, metrics=metrics, calls=table, engagement=eng, reports=tuple(extractions))
    findings, errors = run(specs, ctx)
    for extraction in extractions:
        warnings += [f"{extraction.path}: {w}" for w in extraction.warnings]
    return AuditResult(
        inputs=tuple(inputs),
        claims=claims,
        unmatched=tuple(u for e in extractions for u in e.unmatched),
        metrics=metrics,
        findings=number_findings(findings),
        warnings=tuple(warnings),
        rule_errors=tuple(errors),
        data_quality=table.issues if table is not None else (),
        engagement=_engagement_summary(eng),
        calls_count=len(table) if table is not None else None,
        comparisons=tuple(comparison_row(check_claim(c, ctx)) for c in claims),
        charts=charts,
    )


def _engagement(engagement: Engagement | PathLike | None) -> Engagement:
    return engagement if isinstance(engagement, Engagement) else load_engagement(engagement)


def _engagement_summary(eng: Engagement) -> dict[str, Any]:
    return {
        "name": eng.name,
        "scenario": eng.scenario,
        "timezone": eng.timezone,
        "period": eng.period,
        "effective_threshold_s": eng.effective_threshold_s,
        "definitions": dict(eng.definitions),
        "fail_on": eng.fail_on,
    }


def _input(path: Path, kind: str) -> InputFile:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return InputFile(path=str(path), kind=kind, sha256=digest.hexdigest())
