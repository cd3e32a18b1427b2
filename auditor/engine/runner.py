"""Run every enabled rule over the context; a crashing kind becomes a RuleError, not a crash."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.registry import get_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, RuleError, Severity, capped_for_assumptions

log = logging.getLogger(__name__)


def active(specs: Iterable[RuleSpec[Any]], engagement: Engagement) -> list[RuleSpec[Any]]:
    """The rules that run: enabled in their pack and not disabled by the engagement."""
    return [s for s in specs if s.enabled and s.id not in engagement.rules.disable]


def run(specs: Iterable[RuleSpec[Any]], ctx: AuditContext) -> tuple[list[Finding], list[RuleError]]:
    """Evaluate rules in order; returns findings and the errors of rules whose kind raised.

    A finding whose evidence lists ``assumptions`` (a time zone or a call direction the records
    do not state) is capped at medium, after the engagement's severity overrides.
    """
    findings: list[Finding] = []
    errors: list[RuleError] = []
    overrides = {k: Severity.parse(v) for k, v in ctx.engagement.rules.severity.items()}
    for spec in active(specs, ctx.engagement):
        kind = get_kind(spec.kind)
        try:
            produced = list(kind.evaluate(spec, ctx))
        except Exception as exc:  # a bug in a kind must not lose the other rules' findings
            log.debug("rule %s crashed", spec.id, exc_info=True)
            errors.append(RuleError(rule=spec.id, error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}"))
            continue
        if spec.id in overrides:
            produced = [replace(f, severity=overrides[spec.id]) for f in produced]
        findings.extend(capped_for_assumptions(f) for f in produced)  # an assumption caps even an override
    return findings, errors
