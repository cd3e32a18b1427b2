"""The ``auditor`` command line: a thin shell over :mod:`auditor.api`.

Exit codes: 0 = ran, nothing at or above ``--fail-on``; 1 = findings at or above
it; 2 = bad usage or unreadable input (message on stderr, no traceback).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from auditor import __version__, api
from auditor.errors import AuditorError
from auditor.findings import Severity
from auditor.location import SourceRef
from auditor.progress import READING, RECOMPUTING, RENDERING, STAGES, ProgressCallback, TerminalProgress
from auditor.render import formats, render, write_outputs
from auditor.result import AuditResult
from auditor.sampling.settings import ALLOCATIONS, POPULATIONS

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def handle_errors(fn: F) -> F:
    """Turn AuditorError into ``Error: ...`` + hint on stderr and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return fn(*args, **kwargs)
        except AuditorError as exc:
            if debug:
                raise
            click.echo(f"Error: {exc}", err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


def split_list(_ctx: click.Context, _param: click.Parameter, value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def engagement_option(fn: F) -> F:
    return click.option(
        "--engagement", "-e", type=click.Path(dir_okay=False, path_type=Path), help="Engagement YAML (contract settings)."
    )(fn)


def calls_options(fn: F) -> F:
    fn = click.option("--calls-format", metavar="NAME", help="Reader for the call records (sniffed when omitted).")(fn)
    fn = click.option(
        "--mapping",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        default=None,
        help="Mapping YAML for call exports no adapter knows: columns, value tables, time zone, date order.",
    )(fn)
    return fn


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="auditor")
@click.option("--debug", is_flag=True, help="Show tracebacks for input errors too.")
@click.option("--verbose", "-v", is_flag=True, help="Log what is being read.")
def cli(debug: bool, verbose: bool) -> None:
    """Audit outsourced outbound-calling vendors: check their reported figures against the raw call records."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.option(
    "--calls",
    "-c",
    "calls",
    multiple=True,
    type=click.Path(exists=False, path_type=Path),
    help="Call-record file or folder (repeatable).",
)
@click.option(
    "--report",
    "-r",
    "reports",
    multiple=True,
    type=click.Path(exists=False, dir_okay=False, path_type=Path),
    help="Vendor report (repeatable).",
)
@engagement_option
@calls_options
@click.option(
    "--rules", "rule_packs", multiple=True, type=click.Path(dir_okay=False, path_type=Path), help="Extra rule pack (repeatable)."
)
@click.option(
    "--format", "-f", "fmts", default="json", callback=split_list, help="Comma-separated: json, md, html, xlsx (default json)."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Folder (or file, for one format). Omitted: one format goes to stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default=None,
    help="Exit 1 when a finding is at or above this (default: engagement's fail_on, else high).",
)
@click.option("--no-mask", is_flag=True, help="Show phone numbers unmasked (outputs stay on this machine; think twice).")
@click.option("--quiet", "-q", is_flag=True, help="No progress display and no summary on stderr.")
@handle_errors
def audit(
    calls: tuple[Path, ...],
    reports: tuple[Path, ...],
    engagement: Path | None,
    calls_format: str | None,
    mapping: Path | None,
    rule_packs: tuple[Path, ...],
    fmts: list[str],
    output: Path | None,
    fail_on: str | None,
    no_mask: bool,
    quiet: bool,
) -> None:
    """Run the whole audit: extract claims, recompute from the records, run every rule, write findings.

    Example:

        auditor audit --calls calls.csv --report vendor_may.xlsx --engagement engagement.yaml --format json,md --output out/
    """
    if not calls and not reports:
        raise click.UsageError("give at least --calls or --report")
    _check_formats(fmts)
    if output is None and fmts == ["xlsx"] and sys.stdout.isatty():
        raise click.UsageError("xlsx is a binary workbook: give --output FILE.xlsx (or redirect stdout to a file)")
    with _progress(quiet) as progress:
        result = api.audit(
            calls=list(calls) or None,
            reports=reports,
            engagement=engagement,
            rule_packs=rule_packs,
            calls_format=calls_format,
            mapping=mapping,
            progress=progress,
        )
        if progress is not None:
            progress(RENDERING)
        to_stdout = output is None and len(fmts) == 1
        payload = render(result, fmts[0], mask_phones=not no_mask) if to_stdout else None
        written = [] if to_stdout else write_outputs(result, fmts, output or Path("audit-output"), mask_phones=not no_mask)
    threshold = Severity.parse(fail_on or result.engagement.get("fail_on") or "high")
    if payload is not None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    if not quiet:
        for path in written:
            click.echo(f"Wrote {path}", err=True)
        _summary(result, err=True)
    sys.exit(result.exit_code(threshold))


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@engagement_option
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", help="Output form.")
@handle_errors
def extract(reports: tuple[Path, ...], engagement: Path | None, fmt: str) -> None:
    """List the figures each report claims, with where each was printed.

    Example:

        auditor extract vendor_report.xlsx --format json
    """
    extractions = api.extract(reports, engagement)
    if fmt == "json":
        data = [
            {
                "path": e.path,
                "reader": e.reader,
                "claims": [c.to_dict() for c in e.claims],
                "targets": [t.to_dict() for t in e.targets],
                "unmatched": [u.to_dict() for u in e.unmatched],
                "warnings": list(e.warnings),
            }
            for e in extractions
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for e in extractions:
        click.echo(f"{e.path}: {len(e.claims)} claim(s), {len(e.targets)} target(s), {len(e.unmatched)} unmatched figure(s)")
        rows = [("metric", "value", "unit", "scope", "printed", "source", "flags")]
        for c in e.claims:
            flags = [f for f, on in (("total", c.is_total), ("formula", c.is_formula), ("approximate", c.is_approximate)) if on]
            rows.append(
                (
                    c.metric,
                    f"{float(c.value):g}",
                    c.unit.value,
                    c.scope.describe(),
                    c.raw_text,
                    _where(c.source),
                    "; ".join([*flags, *c.notes]),
                )
            )
        for t in e.targets:
            rows.append(
                (
                    t.metric,
                    f"{t.comparator} {float(t.value):g}",
                    t.unit.value,
                    t.scope.describe(),
                    t.raw_text,
                    _where(t.source),
                    "target",
                )
            )
        for u in e.unmatched:
            rows.append(("?", "", "", "", f"{u.label}: {u.raw_text}", _where(u.source), "unmatched"))
        click.echo(_table(rows))
        for w in e.warnings:
            click.echo(f"warning: {w}")


def _where(source: SourceRef) -> str:
    """A source without its file name (the file heads the table)."""
    return replace(source, file="").describe().strip()


@cli.command()
@click.option(
    "--calls",
    "-c",
    "calls",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path),
    help="Call-record file or folder (repeatable).",
)
@engagement_option
@calls_options
@click.option("--by", "by", default="", callback=split_list, help="Comma-separated groupings: campaign, agent, day.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", help="Output form.")
@click.option("--all-definitions", is_flag=True, help="Show every definition variant, not only the default.")
@click.option("--quiet", "-q", is_flag=True, help="No progress display.")
@handle_errors
def recompute(
    calls: tuple[Path, ...],
    engagement: Path | None,
    calls_format: str | None,
    mapping: Path | None,
    by: list[str],
    fmt: str,
    all_definitions: bool,
    quiet: bool,
) -> None:
    """Recompute every catalogue metric from the call records, with numerators and denominators.

    Example:

        auditor recompute --calls calls.csv --by campaign,day --format csv > metrics.csv
    """
    from auditor.metrics.compute import GROUPINGS

    unknown = [b for b in by if b not in GROUPINGS]
    if unknown:
        raise click.BadParameter(f"unknown grouping {', '.join(unknown)}; choose from {', '.join(GROUPINGS)}", param_hint="--by")
    with _progress(quiet, stages=(READING, RECOMPUTING)) as progress:
        advance = getattr(progress, "advance", None)
        if progress is not None:
            progress(READING)
        streamed = api.recompute_streamed(
            list(calls),
            engagement,
            by=by,
            calls_format=calls_format,
            mapping=mapping,
            progress=advance,
            read_done=(lambda: progress(RECOMPUTING)) if progress is not None else None,
        )
        if streamed is not None:  # canonical CSV/Parquet: no call table held (docs/performance.md)
            metrics, issues = streamed.metrics, streamed.issues
        else:
            table = api.read_calls(list(calls), engagement, format=calls_format, mapping=mapping, progress=advance)
            if progress is not None:
                progress(RECOMPUTING)
            metrics, issues = api.recompute(table, engagement, by=by), table.issues
    values = [m for m in metrics if all_definitions or m.is_default]
    if fmt == "json":
        click.echo(json.dumps([m.to_dict() for m in values], ensure_ascii=False, indent=2))
        return
    header = ("metric", "definition", "campaign", "agent_id", "period", "value", "numerator", "denominator", "note")
    rows = [header]
    for m in values:
        d = m.to_dict()
        rows.append(
            (
                m.metric,
                m.definition,
                m.scope.campaign or "",
                m.scope.agent_id or "",
                m.scope.period or "",
                _num(d["value"]),
                _num(d["numerator"]),
                _num(d["denominator"]),
                m.note or "",
            )
        )
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(rows)
        return
    click.echo(_table(rows))
    for issue in issues:
        click.echo(f"data quality: {issue.message}", err=True)


@cli.command()
@click.option(
    "--calls",
    "-c",
    "calls",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path),
    help="Call-record file or folder (repeatable).",
)
@engagement_option
@calls_options
@click.option(
    "--population",
    type=click.Choice(list(POPULATIONS)),
    default=None,
    help="Which calls to sample (default: engagement's sampling.population, else connected).",
)
@click.option("--strata", default=None, help="Comma-separated stratum keys: campaign, agent, outcome, day.")
@click.option("--confidence", type=float, default=None, help="Confidence, e.g. 0.95.")
@click.option("--tolerable", type=float, default=None, help="Tolerable deviation rate, e.g. 0.05.")
@click.option("--expected", type=float, default=None, help="Expected deviation rate, e.g. 0.01.")
@click.option("--allocation", type=click.Choice(list(ALLOCATIONS)), default=None, help="How strata share the sample.")
@click.option("--min-per-stratum", type=int, default=None, help="At least this many calls per stratum (proportional/equal).")
@click.option("--seed", type=int, default=None, help="Random seed (a fresh one is drawn and recorded when omitted).")
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sample"),
    show_default=True,
    help="Folder for sample.xlsx, sample.csv, sample.plan.json.",
)
@click.option("--no-mask", is_flag=True, help="Show phone numbers unmasked in the workbook and CSV.")
@handle_errors
def sample(
    calls: tuple[Path, ...],
    engagement: Path | None,
    calls_format: str | None,
    mapping: Path | None,
    population: str | None,
    strata: str | None,
    confidence: float | None,
    tolerable: float | None,
    expected: float | None,
    allocation: str | None,
    min_per_stratum: int | None,
    seed: int | None,
    output: Path,
    no_mask: bool,
) -> None:
    """Plan and draw a reproducible recording spot-check sample, and write the review workbook.

    Example:

        auditor sample --calls calls.csv --population converted --strata campaign --seed 20261031 --output spot-check/
    """
    from auditor.sampling.workbook import write_sample

    drawn = api.sample(
        list(calls),
        engagement,
        calls_format=calls_format,
        mapping=mapping,
        population=population,
        strata=None if strata is None else [s.strip() for s in strata.split(",") if s.strip()],
        confidence=confidence,
        tolerable=tolerable,
        expected=expected,
        allocation=allocation,
        min_per_stratum=min_per_stratum,
        seed=seed,
    )
    plan = drawn.plan
    written = write_sample(drawn, output, mask_phones=not no_mask)
    st = plan.settings
    click.echo(
        f"Population '{st.population}': {plan.population_size:,} calls; sample {plan.sample_size:,} "
        f"({plan.size.method} size {plan.size.n} at {st.confidence:.0%} confidence, tolerable {st.tolerable:.2%}, "
        f"expected {st.expected:.2%}, up to {plan.size.allowed_deviations} deviation(s)); seed {plan.seed}"
    )
    if len(plan.strata) > 1:
        click.echo(
            _table([("stratum", "population", "sample"), *((s.stratum, f"{s.population:,}", str(s.sample)) for s in plan.strata)])
        )
    for path in written:
        click.echo(f"Wrote {path}")


@cli.command()
@click.option(
    "--sample",
    "-s",
    "sample_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The sample.xlsx (or sample.csv) `auditor sample` wrote.",
)
@click.option(
    "--reviews",
    "-R",
    "reviews",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Filled-in review file, CSV or XLSX (repeatable: one per reviewer; omitted: the sample file itself was filled in).",
)
@click.option(
    "--report",
    "-r",
    "reports",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Vendor report whose claims are tested (repeatable).",
)
@engagement_option
@click.option(
    "--format",
    "-f",
    "fmts",
    default="table",
    callback=split_list,
    help="table (default), or comma-separated json, md, html, xlsx.",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Folder (or file, for one format) for json/md/html/xlsx.")
@click.option(
    "--fail-on",
    type=click.Choice([s.value for s in Severity]),
    default=None,
    help="Exit 1 when a finding is at or above this (default high).",
)
@click.option("--no-mask", is_flag=True, help="Show phone numbers unmasked.")
@handle_errors
def verify(
    sample_path: Path,
    reviews: tuple[Path, ...],
    reports: tuple[Path, ...],
    engagement: Path | None,
    fmts: list[str],
    output: Path | None,
    fail_on: str | None,
    no_mask: bool,
) -> None:
    """Test the report's claims against the reviewed recording sample (Clopper-Pearson, Wilson, exact tests).

    Example:

    \b
        auditor verify --sample spot-check/sample.xlsx --reviews reviewed_li.xlsx \\
            --reviews reviewed_wang.csv --report vendor_may.xlsx
    """
    result = api.verify(sample_path, reviews, reports, engagement)
    threshold = Severity.parse(fail_on or result.engagement.get("fail_on") or "high")
    if fmts == ["table"]:
        click.echo(_verify_table(result))
    else:
        _check_formats(fmts)
        if output is None and len(fmts) == 1:
            sys.stdout.buffer.write(render(result, fmts[0], mask_phones=not no_mask))
            sys.stdout.flush()
        else:
            for path in write_outputs(
                result, fmts, output or Path("verify-output"), stem="verification", mask_phones=not no_mask
            ):
                click.echo(f"Wrote {path}", err=True)
    sys.exit(result.exit_code(threshold))


def _verify_table(result: AuditResult) -> str:
    data = result.sampling
    plan = data.get("plan")
    lines = []
    if plan:
        st = plan["settings"]
        lines.append(
            f"Sample of {data['sample_size']:,} from {plan['population_size']:,} '{st['population']}' calls; "
            f"seed {plan['seed']}; {st['confidence']:.0%} confidence"
        )
    rows = [
        (
            "label",
            "decided",
            "yes",
            "rate",
            "Clopper-Pearson",
            "Wilson",
            "population estimate (CI)",
            "not reviewed",
            "unclear",
            "disputed",
        )
    ]
    for x in data.get("labels", []):
        cp, wi, est = x["clopper_pearson"], x["wilson"], x["population_estimate"]
        est_text = ""
        if est and est.get("count") is not None:
            ci = est["count_interval"]
            est_text = f"{est['count']:,.0f} of {est['population']:,} ({ci['low']:,.0f}-{ci['high']:,.0f})"
        rows.append(
            (
                x["label"],
                str(x["decided"]),
                str(x["positives"]),
                "" if x["rate"] is None else f"{x['rate']:.1%}",
                "" if cp is None else f"{cp['low']:.1%}-{cp['high']:.1%}",
                "" if wi is None else f"{wi['low']:.1%}-{wi['high']:.1%}",
                est_text,
                str(x["unreviewed"]),
                str(x["unclear"]),
                str(x["disputed"]),
            )
        )
    lines.append(_table(rows))
    if result.findings:
        lines.append("")
        lines += [f"[{f.severity.value}] {f.message}" for f in result.findings]
    skipped = [c for c in data.get("claims", []) if c["skipped"]]
    if skipped:
        lines.append("")
        lines += [f"not tested: {c['metric']} ({c['printed']}) against '{c['label']}': {c['skipped']}" for c in skipped]
    lines += [f"warning: {w}" for w in result.warnings]
    return "\n".join(lines)


@cli.command()
@click.argument("args", nargs=-1)
@engagement_option
@click.option(
    "--rules", "rule_packs", multiple=True, type=click.Path(dir_okay=False, path_type=Path), help="Extra rule pack (repeatable)."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="`rules docs`: write here instead of stdout."
)
@click.option("--check", "check_only", is_flag=True, help="`rules docs`: exit 1 if --output differs from what would be written.")
@handle_errors
def rules(
    args: tuple[str, ...],
    engagement: Path | None,
    rule_packs: tuple[Path, ...],
    as_json: bool,
    output: Path | None,
    check_only: bool,
) -> None:
    """List the rules (id, category, severity, title), explain one rule, generate the rule docs or lint packs.

    \b
    auditor rules                 list every rule (built-in, engagement packs, --rules packs)
    auditor rules ID              explain one rule: params, rationale, its kind's documentation
    auditor rules docs -o rules/README.md   write the rule catalogue (Markdown)
    auditor rules check FILE...   lint packs (ids, kinds, params, overrides) and run their kinds' cases;
                                  a rule-case file (fixtures/rule_cases/<kind>.yaml) runs its cases

    Example:

        auditor rules claim-mismatch
    """
    from auditor.engagement import load_engagement
    from auditor.engine.spec import load_rules

    if args and args[0] == "check":
        _rules_check(args[1:], as_json)
        return
    eng = load_engagement(engagement)
    specs = load_rules(eng, rule_packs)
    if args and args[0] == "docs":
        from auditor.engine.docs import rules_markdown

        text = rules_markdown(specs)
        if output is None:
            click.echo(text, nl=False)
        elif check_only:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != text:
                click.echo(f"{output} is stale; run: auditor rules docs -o {output}", err=True)
                sys.exit(EXIT_FINDINGS)
        else:
            from auditor.atomic import write_all

            write_all([(output, text.encode("utf-8"))])
            click.echo(f"wrote {output}", err=True)
        return
    if len(args) > 1:
        raise AuditorError(f"unexpected arguments: {' '.join(args[1:])}", hint="auditor rules [ID | docs | check FILE...]")
    rule_id = args[0] if args else None
    if rule_id is None:
        if as_json:
            click.echo(json.dumps([s.to_dict() for s in specs], ensure_ascii=False, indent=2))
            return
        rows = [("id", "category", "severity", "kind", "title")]
        rows += [
            (
                s.id + ("" if s.enabled and s.id not in eng.rules.disable else " (off)"),
                s.category.value,
                s.severity.value,
                s.kind,
                s.title,
            )
            for s in specs
        ]
        click.echo(_table(rows))
        return
    found = [s for s in specs if s.id == rule_id or rule_id in s.aliases]
    if not found:
        import difflib

        close = difflib.get_close_matches(rule_id, [s.id for s in specs], n=1)
        raise AuditorError(
            f"no rule '{rule_id}'", hint=f"did you mean '{close[0]}'?" if close else "run `auditor rules` for the list"
        )
    spec = found[0]
    if as_json:
        click.echo(json.dumps(spec.to_dict(), ensure_ascii=False, indent=2))
        return
    from auditor.engine.docs import kind_doc
    from auditor.engine.registry import get_kind

    kind = get_kind(spec.kind)
    click.echo(f"{spec.id}: {spec.title}")
    off = "" if spec.enabled and spec.id not in eng.rules.disable else ", off"
    click.echo(
        f"  category {spec.category.value}, severity {spec.severity.value}, kind {spec.kind}, "
        f"pack {spec.pack} ({spec.file}:{spec.line}){off}"
    )
    click.echo(f"  params: {json.dumps(spec.raw_params, ensure_ascii=False)}")
    click.echo(f"\nWhy: {spec.rationale}")
    if spec.source:
        click.echo(f"Source: {spec.source}")
    click.echo(f"\nKind '{kind.name}':\n")
    click.echo(kind_doc(kind))


def _rules_check(files: tuple[str, ...], as_json: bool) -> None:
    """Lint packs / run rule-case files; exit 1 when a case fails (errors in a file exit 2)."""
    from auditor.engine.lint import lint_files

    if not files:
        raise AuditorError("no file given", hint="auditor rules check rules/my-pack.yaml [fixtures/rule_cases/<kind>.yaml ...]")
    report = lint_files([Path(f) for f in files])
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
    if not report.ok:
        sys.exit(EXIT_FINDINGS)


@cli.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("auditor-demo"),
    show_default=True,
    help="Folder for the demo's inputs and findings.",
)
@click.option(
    "--format",
    "-f",
    "fmts",
    default="json,md,html,xlsx",
    callback=split_list,
    show_default=True,
    help="Comma-separated output formats.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress display and no summary.")
@handle_errors
def demo(output: Path, fmts: list[str], quiet: bool) -> None:
    """Run a full audit on the bundled example engagement (a vendor report that inflates some figures).

    Example:

        auditor demo --output auditor-demo
    """
    from auditor.demo import bundled_data

    _check_formats(fmts)
    data = bundled_data()
    with _progress(quiet) as progress:
        result = api.audit(calls=data["calls"], reports=[data["report"]], engagement=data["engagement"], progress=progress)
        if progress is not None:
            progress(RENDERING)
        written = write_outputs(result, fmts, output)
    if quiet:
        return
    _summary(result)
    click.echo(f"\nDemo inputs: {data['calls'].parent}")
    for path in written:
        click.echo(f"Wrote {path}")
    html = [p for p in written if p.suffix == ".html"]
    if html:
        click.echo(f"Open {html[0].resolve().as_uri()} in a browser to read the report.")


def _check_formats(fmts: list[str]) -> None:
    known = formats()
    unknown = [f for f in fmts if f not in known]
    if unknown or not fmts:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(known)}", param_hint="--format"
        )


def _stderr_is_tty() -> bool:
    return sys.stderr.isatty()


@contextlib.contextmanager
def _progress(quiet: bool, stages: tuple[str, ...] = STAGES) -> Iterator[ProgressCallback | None]:
    """A progress display on stderr when it is a terminal and not ``--quiet``; else None (silent)."""
    if quiet or not _stderr_is_tty():
        yield None
        return
    with TerminalProgress(sys.stderr, stages=stages) as display:
        yield display


def _summary(result: AuditResult, err: bool = False) -> None:
    counts = result.by_severity
    verdict = result.verdict
    click.echo(f"Verdict: {verdict.headline}. {verdict.detail}", err=err)
    click.echo("Findings: " + ", ".join(f"{n} {s}" for s, n in counts.items()), err=err)
    for finding in result.findings:
        if finding.severity >= Severity.MEDIUM:
            click.echo(f"  [{finding.severity.value}] {finding.message}", err=err)
    for error in result.rule_errors:
        click.echo(f"  rule {error.rule} failed: {error.error.splitlines()[0]}", err=err)


def _num(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _table(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(_width(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(str(v) + " " * (w - _width(str(v))) for v, w in zip(row, widths, strict=False)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def main() -> None:
    cli(prog_name="auditor")


if __name__ == "__main__":
    main()
