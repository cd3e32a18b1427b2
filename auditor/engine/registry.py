"""Rule kinds register here; the runner finds them by name and never imports a kind itself.

Most kinds read the claims and the recomputed metrics. The kinds that read the call
records work in two steps, so that a file too big to hold is audited a part at a time:
``summarise(rule, part, engagement)`` turns any part of the records into a small summary
that adds up with ``+`` (``None`` when the rule does not apply to the records), and
``check(rule, ctx, summary)`` turns the total into findings. In memory the whole table
is the one part; :mod:`auditor.streaming` adds up the parts of a big file. ``split``
says which rows a part must hold together: every dial of a number (``number``) or
every answered call of an agent (``agent``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.engagement import Engagement
    from auditor.engine.context import AuditContext
    from auditor.engine.spec import RuleSpec
    from auditor.findings import Finding
    from auditor.ingest.table import CallTable

CheckFn = Callable[..., "Iterator[Finding]"]
SummariseFn = Callable[["RuleSpec[Any]", "CallTable", "Engagement"], Any]

#: Parts of the records that keep every dial of a number together (frequency caps, opt-out redials).
BY_NUMBER = "number"
#: Parts that keep every answered call of an agent together (overlapping conversations).
BY_AGENT = "agent"


@dataclass(frozen=True, slots=True)
class KindInfo:
    """A registered rule kind: its check function, its parameter dataclass and, for record kinds, its summary step."""

    name: str
    check: CheckFn
    params: type[Any]
    doc: str
    summarise: SummariseFn | None = None
    split: str = BY_NUMBER

    @property
    def reads_records(self) -> bool:
        return self.summarise is not None

    def evaluate(self, spec: RuleSpec[Any], ctx: AuditContext) -> Iterator[Finding]:
        """Findings of ``spec``: record kinds take the summary the context holds, else summarise its call table."""
        if self.summarise is None:
            return self.check(spec, ctx)
        if spec.id in ctx.summaries:
            summary = ctx.summaries[spec.id]
        elif ctx.calls is not None:
            summary = self.summarise(spec, ctx.calls, ctx.engagement)
        else:
            summary = None
        return iter(()) if summary is None else self.check(spec, ctx, summary)


_KINDS: dict[str, KindInfo] = {}


def register_kind(
    name: str, *, params: type[Any], summarise: SummariseFn | None = None, split: str = BY_NUMBER
) -> Callable[[CheckFn], CheckFn]:
    """Decorator registering ``check`` as rule kind ``name`` with frozen-dataclass ``params``.

    Kinds that read the call records give ``summarise`` (and ``split``); their ``check``
    then takes the summary as a third argument.
    """
    if split not in (BY_NUMBER, BY_AGENT):
        raise ValueError(f"split must be {BY_NUMBER!r} or {BY_AGENT!r}")

    def decorate(check: CheckFn) -> CheckFn:
        doc = (check.__doc__ or "").strip()
        _KINDS[name] = KindInfo(name=name, check=check, params=params, doc=doc, summarise=summarise, split=split)
        return check

    return decorate


def add_summaries(total: Any, part: Any) -> Any:
    """Two parts' summaries added up (``None`` is nothing: a part the rule did not apply to)."""
    if total is None:
        return part
    if part is None:
        return total
    return total + part


def get_kind(name: str) -> KindInfo:
    load_builtin_kinds()
    try:
        return _KINDS[name]
    except KeyError:
        close = difflib.get_close_matches(name, list(_KINDS), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise KeyError(f"unknown kind '{name}'{hint}") from None


def all_kinds() -> dict[str, KindInfo]:
    load_builtin_kinds()
    return dict(sorted(_KINDS.items()))


def load_builtin_kinds() -> None:
    from auditor.kinds import load_builtin

    load_builtin()
