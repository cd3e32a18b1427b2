"""Rule kind ``agent_names``: how the report's agent names were matched to the agents of the call records.

What it checks:
    Every agent a claimed figure is scoped to (``Allison P``) is looked up among the
    records' agents by the names the records give them (:mod:`auditor.agents`: the id,
    the full name, the e-mail local part, first name and last initial ...). One finding
    lists the names matched other than by the id itself (with the form that matched), the
    names that fit two or more agents (ambiguous: their figures are not checked, never
    merged) and the names no agent has (their figures are not checked either).

Why it matters:
    Dialler, payroll and report key agents differently (``apatch@bciacrylic.com``,
    ``Patch, Allison``, ``Allison P``). A reader must see which agent each figure was
    checked against, and which figures were not checked because the name did not
    single one out, rather than find them silently merged or judged against zero.

Parameters:
    max_listed: how many names each list of the evidence shows.

Example:
    The report's rows ``Allison P`` and ``Daniel H``; the records' agents
    ``apatch@bciacrylic.com`` (Allison Patch), ``dhwang@...`` (Daniel Hwang) and
    ``dharris@...`` (Daniel Harris): Allison P is matched by first name and last
    initial, Daniel H is ambiguous.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.agents import AgentMatch
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding, Severity


@dataclass(frozen=True, slots=True)
class Params:
    max_listed: int = field(default=50, metadata={"help": "how many names each list of the evidence shows"})
    severity_when_unchecked: str = field(
        default="low", metadata={"help": "severity when some names are ambiguous or unmatched (their figures go unchecked)"}
    )

    def __post_init__(self) -> None:
        Severity.parse(self.severity_when_unchecked)


@register_kind("agent_names", params=Params)
def check(rule: RuleSpec[Params], ctx: AuditContext) -> Iterator[Finding]:
    """The report's agent names against the records' agents: matched by name, ambiguous, unmatched."""
    agents = ctx.records.agents if ctx.records is not None else None
    if agents is None or not ctx.records or not ctx.records.has("agent_id"):
        return  # no agents in the records: the figures' scopes say so (claim-scope-absent)
    figures = Counter(c.scope.agent_id for c in ctx.claims if c.scope.agent_id is not None)
    matches = [agents.resolve(name) for name in sorted(figures, key=str) if name is not None]
    by_name = [m for m in matches if m.matched and m.form != "agent id"]
    ambiguous = [m for m in matches if m.ambiguous]
    unmatched = [m for m in matches if not m.ids]
    if not (by_name or ambiguous or unmatched):
        return
    p = rule.params
    parts = []
    if by_name:
        shown = "; ".join(f"{m.name} -> {m.ids[0]} ({m.form})" for m in by_name[:3])
        parts.append(f"{len(by_name)} matched by name ({shown}{' ...' if len(by_name) > 3 else ''})")
    if ambiguous:
        shown = "; ".join(f"{m.name} fits {', '.join(m.ids)}" for m in ambiguous[:3])
        parts.append(f"{len(ambiguous)} ambiguous, not checked ({shown}{' ...' if len(ambiguous) > 3 else ''})")
    if unmatched:
        shown = ", ".join(m.name for m in unmatched[:5])
        more = " ..." if len(unmatched) > 5 else ""
        parts.append(f"{len(unmatched)} not among the records' agents, not checked ({shown}{more})")
    unchecked = sum(figures[m.name] for m in (*ambiguous, *unmatched))
    message = f"The report's {len(matches)} agent name(s) against the records' {len(agents.ids)} agent(s): " + "; ".join(parts)
    if unchecked:
        message += f"; {unchecked} figure(s) of ambiguous or unknown agents are not checked."
    else:
        message += "."

    def listed(found: list[AgentMatch]) -> list[dict[str, object]]:
        return [{**m.to_dict(), "figures": figures[m.name]} for m in found[: p.max_listed]]

    yield rule.finding(
        message,
        severity=Severity.parse(p.severity_when_unchecked) if ambiguous or unmatched else None,
        evidence={
            "names": len(matches),
            "record_agents": len(agents.ids),
            "matched_by_name": listed(by_name),
            "ambiguous": listed(ambiguous),
            "unmatched": listed(unmatched),
            "figures_not_checked": unchecked,
        },
        sources=tuple(dict.fromkeys(c.source for c in ctx.claims if c.scope.agent_id is not None))[:10],
    )
