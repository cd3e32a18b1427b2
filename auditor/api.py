"""The library entry points: one audit run, extraction, recompute. The CLI is a thin shell over these."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from auditor.engagement import Engagement, load_engagement
from auditor.engine.comparison import check_claim, comparison_row
from auditor.engine.context import AuditContext
from auditor.engine.registry import get_kind
from auditor.engine.runner import active, run
from auditor.engine.spec import RuleSpec, engagement_rule_warnings, load_rules
from auditor.errors import InputError, UnknownFormatError
from auditor.findings import InputFile, number_findings
from auditor.ingest import expand_paths, pinned_tables, value_tables
from auditor.ingest import read_calls as _read_calls
from auditor.ingest.blocks import BlockProgress, StreamUnsupported
from auditor.ingest.table import CallTable
from auditor.ingest.zone import TableZone
from auditor.location import SourceRef
from auditor.metrics.compute import recompute as _recompute
from auditor.metrics.distributions import charts_from, distributions
from auditor.metrics.model import MetricSet
from auditor.progress import EXTRACTING, READING, RECOMPUTING, RULES, ProgressCallback
from auditor.reports import parse_report
from auditor.reports.model import ReportExtraction
from auditor.result import AuditResult
from auditor.sampling.draw import Sample, draw_sample
from auditor.scope import Scope
from auditor.streaming import StreamedRecompute, can_stream, recompute_files
from auditor.streaming.audit import AuditPlan
from auditor.streaming.recompute import guess_rows, reader_of
from auditor.streaming.sample import sample_files

log = logging.getLogger(__name__)

PathLike = str | Path


def read_calls(
    paths: PathLike | Iterable[PathLike],
    engagement: Engagement | PathLike | None = None,
    format: str | None = None,
    mapping: PathLike | None = None,
    *,
    progress: BlockProgress | None = None,
) -> CallTable:
    """Call records from files or folders, in the engagement's time zone, date order and value tables.

    ``mapping`` is a mapping file (docs/ingest.md) for exports no adapter knows, or value
    tables laid over the adapter's. Canonical CSV and Parquet files are read block by block
    (bounded memory, docs/performance.md); ``progress(done, total)`` is called after each
    block with the bytes (rows for Parquet) read.
    """
    eng = _engagement(engagement)
    return _read_calls(
        paths,
        timezone=_given_zone(eng),
        format=format or eng.calls_format,
        dispositions=eng.dispositions,
        outcomes=eng.outcomes,
        mapping=mapping,
        date_order=eng.date_order,
        progress=progress,
    )


def extract(reports: Iterable[PathLike], engagement: Engagement | PathLike | None = None) -> list[ReportExtraction]:
    """Claims of each report; figures with no printed period take the engagement's period."""
    eng = _engagement(engagement)
    out = []
    for path in reports:
        extraction = parse_report(path)
        if eng.period is not None:
            claims = tuple(
                c if c.scope.period is not None else replace(c, scope=replace(c.scope, period=eng.period))
                for c in extraction.claims
            )
            extraction = replace(extraction, claims=claims)
        out.append(extraction)
    return out


def recompute(
    calls: CallTable | PathLike | Iterable[PathLike],
    engagement: Engagement | PathLike | None = None,
    by: Sequence[str] = (),
    scopes: Iterable[Scope] = (),
    *,
    calls_format: str | None = None,
    mapping: PathLike | None = None,
    progress: BlockProgress | None = None,
) -> MetricSet:
    """Every metric of the catalogue under every definition, overall and per ``by`` grouping.

    Canonical CSV and Parquet files are recomputed without building the call table
    (:mod:`auditor.streaming`: worker processes, memory bounded whatever the file size);
    other inputs are read into a :class:`CallTable` first. Both give the same values.
    """
    eng = _engagement(engagement)
    if isinstance(calls, CallTable):
        table = calls
    else:
        streamed = recompute_streamed(calls, eng, by, scopes, calls_format=calls_format, mapping=mapping, progress=progress)
        if streamed is not None:
            return streamed.metrics
        table = read_calls(calls, eng, format=calls_format, mapping=mapping, progress=progress)
    return _recompute(table, eng.metric_settings(), by=by, scopes=_with_period(eng, scopes))


def _with_period(eng: Engagement, scopes: Iterable[Scope]) -> list[Scope]:
    """The scopes, and the engagement's period when it has one."""
    return [*scopes, *([Scope(period=eng.period)] if eng.period is not None else [])]


def recompute_streamed(
    calls: PathLike | Iterable[PathLike],
    engagement: Engagement | PathLike | None = None,
    by: Sequence[str] = (),
    scopes: Iterable[Scope] = (),
    *,
    calls_format: str | None = None,
    mapping: PathLike | None = None,
    progress: BlockProgress | None = None,
    workers: int | None = None,
    audit: AuditPlan | None = None,
    read_done: Callable[[], None] | None = None,
) -> StreamedRecompute | None:
    """The streamed recompute of canonical CSV/Parquet files: metrics and data-quality issues, no call table held.

    None when the files need reading whole: another format, a mapping file or a date order.
    ``audit``: an audit's record rules, summarised split by split as well.
    """
    eng = _engagement(engagement)
    files = expand_paths([calls] if isinstance(calls, (str, Path)) else list(calls))
    reading = _block_reading(files, eng, calls_format, mapping)
    if reading is None:
        return None
    try:
        return recompute_files(
            files,
            **reading,
            settings=eng.metric_settings(),
            by=by,
            scopes=_with_period(eng, scopes),
            workers=workers,
            progress=progress,
            audit=audit,
            read_done=read_done,
        )
    except StreamUnsupported as exc:
        log.info("recomputing from the whole table instead: %s", exc)
        return None


def _block_reading(
    files: list[Path], eng: Engagement, calls_format: str | None, mapping: PathLike | None
) -> dict[str, Any] | None:
    """How worker processes read the files block by block (time zone, format, value tables); None when they cannot.

    They cannot for a format without a block reader (Excel, FreeSWITCH JSON), a mapping file or a date order.
    """
    fmt = calls_format or eng.calls_format
    if mapping is not None or eng.date_order is not None or not can_stream(files, fmt):
        return None
    dispositions, outcomes = value_tables(None, eng.dispositions, eng.outcomes, readers=[reader_of(p, fmt) for p in files])
    return {
        "timezone": _given_zone(eng),
        "format": fmt,
        "dispositions": dispositions,
        "outcomes": outcomes,
        "pinned": pinned_tables(eng.dispositions, eng.outcomes),
    }


def sample(
    calls: CallTable | PathLike | Iterable[PathLike],
    engagement: Engagement | PathLike | None = None,
    calls_format: str | None = None,
    mapping: PathLike | None = None,
    **overrides: Any,
) -> Sample:
    """Plan and draw a recording spot-check sample (see docs/sampling.md).

    Settings come from the engagement's ``sampling:`` section (defaults when absent);
    keyword ``overrides`` (``confidence``, ``tolerable``, ``expected``, ``population``,
    ``strata``, ``allocation``, ``min_per_stratum``, ``seed``) replace them when not None.
    Big canonical CSV and Parquet inputs (from :data:`STREAMED_AUDIT_ROWS` rows) are sampled
    without holding their table (:mod:`auditor.streaming.sample`); the sample is the same.
    """
    eng = _engagement(engagement)
    changes: dict[str, Any] = {k: (tuple(v) if k == "strata" else v) for k, v in overrides.items() if v is not None}
    settings = replace(eng.sampling, **changes)
    sources: tuple[dict[str, str], ...] = ()
    if isinstance(calls, CallTable):
        table = calls
    else:
        files = expand_paths([calls] if isinstance(calls, (str, Path)) else list(calls))
        sources = tuple(i.to_dict() for i in (_input(p, "calls") for p in files))
        reading = _block_reading(files, eng, calls_format, mapping) if _big(files, calls_format or eng.calls_format) else None
        if reading is not None:
            try:
                return sample_files(files, settings, **reading, metric_settings=eng.metric_settings(), sources=sources)
            except StreamUnsupported as exc:
                log.info("sampling from the whole table instead: %s", exc)
        table = read_calls(files, eng, format=calls_format, mapping=mapping)
    if "call_id" in table.absent:
        raise InputError(
            "aggregated counts hold no call to review: a recording sample needs one row per call with its call id",
            location=SourceRef(file=table.sources[0] if table.sources else "<calls>"),
            hint="export the dialler's call log (one row per call) to draw a sample",
        )
    return draw_sample(table, settings, eng.metric_settings(), sources=sources)


def verify(
    sample: PathLike,
    reviews: Iterable[PathLike] = (),
    reports: Iterable[PathLike] = (),
    engagement: Engagement | PathLike | None = None,
) -> AuditResult:
    """Test the report's claims against a reviewed recording sample (see docs/sampling.md).

    Args:
        sample: the workbook (or CSV with its ``.plan.json``) that :func:`sample` wrote.
        reviews: filled-in review files (CSV/XLSX with ``call_id`` and label columns); one per reviewer, or a
            ``reviewer`` column. None: the reviewers filled in the sample file itself.
        reports: vendor reports whose overall claims are tested.
        engagement: binds rate definitions (which denominator a claimed rate uses).

    Returns:
        An AuditResult with ``sampling`` findings and, under ``sampling``, the plan, estimates and claim tests.
    """
    from auditor.sampling.load import load_sample
    from auditor.sampling.reviews import read_reviews
    from auditor.sampling.verify import verify_sample

    eng = _engagement(engagement)
    review_paths = [Path(p) for p in reviews] or [Path(sample)]
    report_paths = [Path(p) for p in reports]
    loaded = load_sample(sample)
    review_set = read_reviews(review_paths)
    extractions = extract(report_paths, eng)
    claims = tuple(c for e in extractions for c in e.claims)
    result = verify_sample(loaded, review_set, claims, bindings=dict(eng.definitions))
    inputs = [_input(Path(sample), "sample"), *(_input(p, "reviews") for p in review_paths if p != Path(sample))]
    inputs += [_input(p, "report") for p in report_paths]
    if eng.path:
        inputs.insert(0, _input(Path(eng.path), "engagement"))
    warnings = [*eng.warnings, *(f"{e.path}: {w}" for e in extractions for w in e.warnings)]
    if loaded.plan is None:
        warnings.append(f"{sample}: no sample plan found; rates are estimated, but nothing is extrapolated to the population")
    return AuditResult(
        inputs=tuple(inputs),
        claims=claims,
        findings=number_findings(list(result.findings)),
        warnings=tuple(warnings),
        engagement=_engagement_summary(eng),
        sampling=result.to_dict(),
    )


def audit(
    calls: CallTable | PathLike | Iterable[PathLike] | None = None,
    reports: Iterable[PathLike] = (),
    engagement: Engagement | PathLike | None = None,
    rule_packs: Iterable[PathLike] = (),
    by: Sequence[str] = ("campaign", "agent", "day"),
    calls_format: str | None = None,
    *,
    mapping: PathLike | None = None,
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
        mapping: mapping file for call exports no adapter knows (docs/ingest.md).
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
    rule_packs = list(rule_packs)
    specs = load_rules(eng, rule_packs)
    table: CallTable | None = None
    streamed: StreamedRecompute | None = None
    if isinstance(calls, CallTable):
        table = calls
    elif calls is not None:
        files = expand_paths([calls] if isinstance(calls, (str, Path)) else list(calls))
        step(READING)
        inputs += [_input(p, "calls") for p in files]
        advance = getattr(progress, "advance", None)
        if _big(files, calls_format or eng.calls_format):  # too big to hold: every record rule summarises the file split by split
            plan = AuditPlan(eng, _record_rules(specs, eng), tuple(_period_bounds(eng, claims)))
            scopes = {c.scope for c in claims}
            streamed = recompute_streamed(
                files,
                eng,
                by,
                scopes,
                calls_format=calls_format,
                mapping=mapping,
                progress=advance,
                audit=plan,
                read_done=lambda: step(RECOMPUTING),
            )
        if streamed is None:
            table = read_calls(files, eng, format=calls_format, mapping=mapping, progress=advance)
            table = _with_period_check(table, eng, claims)
    records = streamed.records() if streamed is not None else None
    zone = table.zone if table is not None else records.zone if records is not None else None
    timed = table is None or table.has("start_time")  # counts without times: no zone to assume
    if zone is not None and timed and (zone_warning := zone.warning()):
        warnings.append(zone_warning)
    metrics = MetricSet()
    charts: dict[str, Any] = {}
    settings = eng.metric_settings()
    if table is not None:
        step(RECOMPUTING)
        metrics = recompute(table, eng, by=by, scopes={c.scope for c in claims})
        charts = distributions(table, settings, metrics)
    elif streamed is not None and records is not None:
        metrics = streamed.metrics
        if streamed.audit is not None and streamed.audit.charts is not None:
            has_agents = records.has("agent_id")
            charts = charts_from(streamed.audit.charts, settings, metrics, has_agents=has_agents, timezone=records.zone)
    step(RULES)
    inputs += [_input(Path(p), "rules") for p in [*eng.rules.packs, *rule_packs]]
    warnings += engagement_rule_warnings(eng, specs)
    summaries = streamed.audit.rules if streamed is not None and streamed.audit is not None else {}
    ctx = AuditContext(
        claims=claims,
        metrics=metrics,
        calls=table,
        engagement=eng,
        reports=tuple(extractions),
        records=records,
        summaries=summaries,
    )
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
        data_quality=ctx.data_quality,
        engagement=_engagement_summary(eng, zone),
        calls_count=ctx.records.rows if ctx.records is not None else None,
        comparisons=tuple(comparison_row(check_claim(c, ctx)) for c in claims),
        charts=charts,
    )


#: Rows from which :func:`audit` and :func:`sample` read canonical files split by split rather than as one table
#: (below, the table is quicker).
STREAMED_AUDIT_ROWS = 500_000


def _big(files: list[Path], calls_format: str | None) -> bool:
    try:
        readers = [reader_of(p, calls_format) for p in files]
    except UnknownFormatError:  # reading the files says so
        readers = []
    return guess_rows(files, readers) >= STREAMED_AUDIT_ROWS


def _record_rules(specs: Iterable[RuleSpec[Any]], eng: Engagement) -> tuple[RuleSpec[Any], ...]:
    """The rules that run and read the call records."""
    return tuple(s for s in active(specs, eng) if get_kind(s.kind).reads_records)


def _period_bounds(eng: Engagement, claims: Iterable[Any]) -> list[tuple[date, date]]:
    """The engagement's period, else the claims' periods, as inclusive local dates."""
    from auditor.scope import period_bounds

    periods = {eng.period} if eng.period else {c.scope.period for c in claims if c.scope.period}
    return [b for p in sorted(periods) if (b := period_bounds(p)) is not None]


def _with_period_check(table: CallTable, eng: Engagement, claims: Iterable[Any]) -> CallTable:
    """Add an ``outside_report_period`` issue for calls outside the engagement's or the claims' periods."""
    from auditor.ingest.checks import outside_period

    found = outside_period(table, _period_bounds(eng, claims))
    return replace(table, issues=(*table.issues, found)) if found else table


def _engagement(engagement: Engagement | PathLike | None) -> Engagement:
    return engagement if isinstance(engagement, Engagement) else load_engagement(engagement)


def _given_zone(eng: Engagement) -> str | None:
    """The engagement's time zone when it names one; None lets the records decide (auditor.ingest.zone)."""
    return eng.timezone if eng.timezone_given else None


def _engagement_summary(eng: Engagement, zone: TableZone | None = None) -> dict[str, Any]:
    """The engagement's settings in the result; ``timezone`` is the zone the records were read in, when there are records."""
    return {
        "name": eng.name,
        "scenario": eng.scenario,
        "timezone": eng.timezone if zone is None else zone.label,
        **({} if zone is None else {"timezone_source": zone.source, "timezone_basis": zone.basis}),
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
