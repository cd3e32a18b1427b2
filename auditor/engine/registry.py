"""Rule kinds register here; the runner finds them by name and never imports a kind itself."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from auditor.engine.context import AuditContext
    from auditor.engine.spec import RuleSpec
    from auditor.findings import Finding

CheckFn = Callable[["RuleSpec[Any]", "AuditContext"], "Iterator[Finding]"]


@dataclass(frozen=True, slots=True)
class KindInfo:
    """A registered rule kind: its check function and its parameter dataclass."""

    name: str
    check: CheckFn
    params: type[Any]
    doc: str


_KINDS: dict[str, KindInfo] = {}


def register_kind(name: str, *, params: type[Any]) -> Callable[[CheckFn], CheckFn]:
    """Decorator registering ``check`` as rule kind ``name`` with frozen-dataclass ``params``."""

    def decorate(check: CheckFn) -> CheckFn:
        _KINDS[name] = KindInfo(name=name, check=check, params=params, doc=(check.__doc__ or "").strip())
        return check

    return decorate


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
