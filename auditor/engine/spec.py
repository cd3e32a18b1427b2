"""Rule specs and rule-pack loading: YAML packs -> validated RuleSpec objects with line numbers."""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Generic, TypeVar

from auditor.engine.registry import get_kind
from auditor.errors import RulePackError
from auditor.findings import Category, Finding, Severity
from auditor.location import SourceRef
from auditor.yamlfile import KeyPath, line_of, load_yaml

P = TypeVar("P")
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED_KEYS = ("id", "title", "category", "severity", "kind", "rationale")
OPTIONAL_KEYS = ("params", "source", "aliases", "enabled")


@dataclass(frozen=True)
class RuleSpec(Generic[P]):
    """One rule of a pack: what to check (kind + params), how bad it is, and why."""

    id: str
    title: str
    category: Category
    severity: Severity
    kind: str
    params: P
    rationale: str
    source: str = ""
    pack: str = ""
    file: str = ""
    line: int | None = None
    aliases: tuple[str, ...] = ()
    enabled: bool = True
    raw_params: dict[str, Any] = field(default_factory=dict)

    def finding(
        self, message: str, *, severity: Severity | None = None, category: Category | None = None, **fields: Any
    ) -> Finding:
        """A finding of this rule; evidence gains the rule's title and rationale."""
        evidence = dict(fields.pop("evidence", {}) or {})
        evidence.setdefault("rule_title", self.title)
        evidence.setdefault("rationale", self.rationale)
        return Finding(
            rule=self.id,
            category=category or self.category,
            severity=severity or self.severity,
            message=message,
            evidence=evidence,
            **fields,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category.value,
            "severity": self.severity.value,
            "kind": self.kind,
            "params": self.raw_params,
            "rationale": self.rationale,
            "source": self.source,
            "pack": self.pack,
            "file": self.file,
            "line": self.line,
            "aliases": list(self.aliases),
            "enabled": self.enabled,
        }


def builtin_pack_paths() -> list[Path]:
    """Packs shipped with auditor (``auditor/rules/*.yaml``)."""
    folder = resources.files("auditor").joinpath("rules")
    return sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith(".yaml"))


@dataclass(frozen=True)
class RuleOverride:
    """A change to an already defined rule, by id: severity, params (merged), enabled. None = unchanged."""

    id: str
    severity: Severity | None = None
    params: dict[str, Any] = field(default_factory=dict)
    enabled: bool | None = None
    file: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Pack:
    """One pack file: its new rules and its overrides of rules defined earlier."""

    name: str
    rules: tuple[RuleSpec[Any], ...]
    overrides: tuple[RuleOverride, ...] = ()


OVERRIDE_KEYS = ("id", "severity", "params", "enabled")


def load_packs(paths: Iterable[str | Path], overrides: Iterable[RuleOverride] = ()) -> list[RuleSpec[Any]]:
    """Load packs in order, then apply overrides.

    A later rule with the same id replaces an earlier one; a pack's ``overrides:``
    entries (and then ``overrides``, e.g. the engagement's) change severity,
    params or enabled of a rule defined so far. An override of an unknown id is
    an error naming its line.
    """
    by_id: dict[str, RuleSpec[Any]] = {}
    for path in paths:
        pack = read_pack(path)
        for spec in pack.rules:
            by_id[spec.id] = spec
        for change in pack.overrides:
            _apply(by_id, change)
    for change in overrides:
        _apply(by_id, change)
    return list(by_id.values())


def _apply(by_id: dict[str, RuleSpec[Any]], change: RuleOverride) -> None:
    where = SourceRef(file=change.file, line=change.line)
    spec = by_id.get(change.id) or next((s for s in by_id.values() if change.id in s.aliases), None)
    if spec is None:
        close = difflib.get_close_matches(change.id, list(by_id), n=1)
        raise RulePackError(
            f"override of unknown rule '{change.id}'",
            location=where,
            hint=f"did you mean '{close[0]}'?" if close else "run `auditor rules` for the rule ids",
        )
    params, raw_params = spec.params, spec.raw_params
    if change.params:
        raw_params = {**spec.raw_params, **change.params}
        kind = get_kind(spec.kind)
        params = build_params(
            kind.params,
            raw_params,
            lambda key, msg: RulePackError(f"override of '{spec.id}': params.{key}: {msg}", location=where),
        )
    by_id[spec.id] = dataclasses.replace(
        spec,
        params=params,
        raw_params=raw_params,
        severity=change.severity if change.severity is not None else spec.severity,
        enabled=change.enabled if change.enabled is not None else spec.enabled,
    )


def load_rules(engagement: Any = None, extra_packs: Iterable[str | Path] = ()) -> list[RuleSpec[Any]]:
    """The rules of an audit: built-in packs, the engagement's packs, ``extra_packs`` (``--rules``),
    then the engagement's overrides."""
    packs = [*builtin_pack_paths()]
    overrides: tuple[RuleOverride, ...] = ()
    if engagement is not None:
        packs += [Path(p) for p in engagement.rules.packs]
        overrides = tuple(engagement.rules.overrides)
    return load_packs([*packs, *map(Path, extra_packs)], overrides)


def engagement_rule_warnings(engagement: Any, specs: Iterable[RuleSpec[Any]]) -> list[str]:
    """Warnings for ids in the engagement's ``rules: disable`` / ``severity`` that name no rule (they would do nothing)."""
    ids = {s.id for s in specs} | {a for s in specs for a in s.aliases}
    out = []
    for key, named in (("disable", sorted(engagement.rules.disable)), ("severity", sorted(engagement.rules.severity))):
        for rule_id in named:
            if rule_id not in ids:
                close = difflib.get_close_matches(rule_id, sorted(ids), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                out.append(f"{engagement.path or 'engagement'}: rules.{key} names no rule '{rule_id}'{hint}; it has no effect")
    return out


def load_pack(path: str | Path) -> list[RuleSpec[Any]]:
    """The rules a pack defines (overrides are applied by :func:`load_packs`)."""
    return list(read_pack(path).rules)


def read_pack(path: str | Path) -> Pack:
    """Parse one pack: ``pack:``, ``rules:`` and/or ``overrides:``; every error names the file and line."""
    path = Path(path)
    data, lines = load_yaml(path, RulePackError)
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("rules", []), list)
        or not isinstance(data.get("overrides", []), list)
        or ("rules" not in data and "overrides" not in data)
    ):
        raise RulePackError(
            "a pack is a mapping with 'pack:' and a 'rules:' list (and/or an 'overrides:' list)",
            location=SourceRef(file=str(path), line=1),
        )
    for key in data:
        if key not in ("pack", "rules", "overrides", "description"):
            raise _error(path, lines, (key,), f"unknown pack key '{key}'", hint="pack keys: pack, description, rules, overrides")
    pack = str(data.get("pack", path.stem))
    specs: list[RuleSpec[Any]] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("rules") or []):
        spec = _parse_rule(path, pack, i, raw, lines)
        if spec.id in seen:
            raise _error(path, lines, ("rules", i, "id"), f"rule id '{spec.id}' appears twice in this pack")
        seen.add(spec.id)
        specs.append(spec)
    changes = [parse_override(raw, str(path), lines, ("overrides", i)) for i, raw in enumerate(data.get("overrides") or [])]
    return Pack(name=pack, rules=tuple(specs), overrides=tuple(changes))


def parse_override(raw: Any, file: str, lines: dict[KeyPath, int], at: KeyPath, rule_id: str | None = None) -> RuleOverride:
    """An override entry ``{id, severity?, params?, enabled?}`` (``rule_id`` given when keyed by id)."""
    path = Path(file)
    if not isinstance(raw, dict):
        raise _error(path, lines, at, "an override is a mapping (id, severity, params, enabled)")
    for key in raw:
        if key not in OVERRIDE_KEYS:
            raise _error(
                path, lines, (*at, key), f"unknown override key '{key}'", hint=f"override keys: {', '.join(OVERRIDE_KEYS)}"
            )
    rid = rule_id or str(raw.get("id") or "")
    if not rid:
        raise _error(path, lines, at, "override is missing 'id'")
    severity = None
    if raw.get("severity") is not None:
        try:
            severity = Severity.parse(str(raw["severity"]))
        except ValueError as exc:
            raise _error(path, lines, (*at, "severity"), str(exc)) from None
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        raise _error(path, lines, (*at, "params"), "params must be a mapping")
    enabled = raw.get("enabled")
    if enabled is not None and not isinstance(enabled, bool):
        raise _error(path, lines, (*at, "enabled"), "enabled must be true or false")
    return RuleOverride(id=rid, severity=severity, params=dict(params), enabled=enabled, file=file, line=line_of(lines, *at))


def _error(path: Path, lines: dict[KeyPath, int], key: KeyPath, message: str, hint: str | None = None) -> RulePackError:
    return RulePackError(message, location=SourceRef(file=str(path), line=line_of(lines, *key)), hint=hint)


def _parse_rule(path: Path, pack: str, index: int, raw: Any, lines: dict[KeyPath, int]) -> RuleSpec[Any]:
    at: KeyPath = ("rules", index)
    if not isinstance(raw, dict):
        raise _error(path, lines, at, "each rule is a mapping")
    for key in REQUIRED_KEYS:
        if not raw.get(key):
            raise _error(path, lines, at, f"rule is missing '{key}'")
    for key in raw:
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            raise _error(
                path,
                lines,
                (*at, key),
                f"unknown rule key '{key}'",
                hint=f"rule keys: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}",
            )
    rule_id = str(raw["id"])
    if not RULE_ID.match(rule_id):
        raise _error(path, lines, (*at, "id"), f"rule id '{rule_id}' must be kebab-case (a-z, 0-9, -)")
    try:
        category = Category(str(raw["category"]))
    except ValueError:
        raise _error(
            path,
            lines,
            (*at, "category"),
            f"unknown category '{raw['category']}'",
            hint=f"choose one of {', '.join(c.value for c in Category)}",
        ) from None
    try:
        severity = Severity.parse(str(raw["severity"]))
    except ValueError as exc:
        raise _error(path, lines, (*at, "severity"), str(exc)) from None
    try:
        kind = get_kind(str(raw["kind"]))
    except KeyError as exc:
        raise _error(path, lines, (*at, "kind"), str(exc.args[0])) from None
    raw_params = raw.get("params") or {}
    if not isinstance(raw_params, dict):
        raise _error(path, lines, (*at, "params"), "params must be a mapping")
    params = build_params(
        kind.params, raw_params, lambda key, msg: _error(path, lines, (*at, "params", key), f"params.{key}: {msg}")
    )
    return RuleSpec(
        id=rule_id,
        title=str(raw["title"]),
        category=category,
        severity=severity,
        kind=kind.name,
        params=params,
        rationale=str(raw["rationale"]).strip(),
        source=str(raw.get("source", "")),
        pack=pack,
        file=str(path),
        line=line_of(lines, *at),
        aliases=tuple(map(str, raw.get("aliases") or ())),
        enabled=bool(raw.get("enabled", True)),
        raw_params=dict(raw_params),
    )


def build_params(cls: type[P], raw: dict[str, Any], fail: Any) -> P:
    """Build a Params dataclass from YAML values, coercing simple types; ``fail(key, msg)`` makes the error."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            known = ", ".join(fields) or "(none)"
            raise fail(key, f"unknown parameter; this kind takes: {known}")
        try:
            values[key] = _coerce(value, hints[key])
        except (TypeError, ValueError) as exc:
            raise fail(key, str(exc)) from None
    missing = [
        name
        for name, f in fields.items()
        if name not in values and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise fail(missing[0], "is required")
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise fail(next(iter(raw), "params"), str(exc)) from None


def _coerce(value: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(value, arg)
            except (TypeError, ValueError) as exc:
                errors.append(str(exc))
        raise ValueError("; ".join(errors))
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{value!r} is not a number")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{value!r} is not a whole number")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{value!r} is not true/false")
        return value
    if hint is str:
        if not isinstance(value, (str, int, float)):
            raise ValueError(f"{value!r} is not text")
        return str(value)
    if origin is tuple:
        items = value if isinstance(value, list) else [value]
        return tuple(_coerce(v, args[0]) for v in items)
    if origin is dict:
        if not isinstance(value, dict):
            raise ValueError(f"{value!r} is not a mapping")
        return {str(k): _coerce(v, args[1]) for k, v in value.items()}
    return value
