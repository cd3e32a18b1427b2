"""Disposition and outcome value tables, kept as data (``*.yaml`` beside this module).

Each table maps the values one export family writes (Asterisk dispositions, Q.850
causes, SIP codes, VICIdial statuses, Twilio statuses, Five9 dispositions, Chinese
labels) onto the canonical :class:`~auditor.ingest.schema.Disposition` (and, where
the source says so, an :class:`~auditor.ingest.schema.Outcome` and flags such as
``opt_out``). Adapters lay their table over the defaults of
:mod:`auditor.ingest.vocabulary`; the engagement (``dispositions:``) or a mapping
file lays its own entries over both. ``docs/dispositions.md`` is generated from
these files (``python scripts/make_docs.py``) and a test fails when it is stale.

File layout::

    name: q850
    title: Q.850 / FreeSWITCH hangup causes
    source: where the codes come from
    match: exact            # or "prefix": the longest leading run of words that is a key
    key_prefix: ""          # prepended to every value ("sip " for SIP codes)
    entries:
      - values: ["17", USER_BUSY]
        disposition: busy
        outcome: converted  # optional
        flags: [opt_out]    # optional: complaint, opt_out, follow_up
        note: why this mapping
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from auditor.errors import ConfigError
from auditor.ingest.schema import Disposition, Outcome
from auditor.ingest.vocabulary import normalise_key
from auditor.location import SourceRef

#: Flags an entry may set; each is a canonical boolean column.
FLAGS = ("complaint", "opt_out", "follow_up")


@dataclass(frozen=True, slots=True)
class TableEntry:
    """One row of a value table: the source spellings and what they mean."""

    values: tuple[str, ...]
    disposition: Disposition | None
    outcome: Outcome | None = None
    flags: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class ValueTable:
    """A named, documented value table; look-ups go through :func:`normalise_key`."""

    name: str
    title: str
    source: str
    entries: tuple[TableEntry, ...]
    match: str = "exact"
    key_prefix: str = ""

    def _keys(self, entry: TableEntry) -> list[str]:
        return [normalise_key(self.key_prefix + v) for v in entry.values]

    def dispositions(self) -> dict[str, Disposition]:
        """Normalised source value -> disposition (entries without one are left out)."""
        return {k: e.disposition for e in self.entries if e.disposition for k in self._keys(e)}

    def outcomes(self) -> dict[str, Outcome]:
        return {k: e.outcome for e in self.entries if e.outcome for k in self._keys(e)}

    def flagged(self, flag: str) -> frozenset[str]:
        """Normalised source values that set ``flag``."""
        return frozenset(k for e in self.entries if flag in e.flags for k in self._keys(e))

    def resolve(self, value: object) -> str | None:
        """The table key a source value matches (exact, or longest word prefix when ``match: prefix``)."""
        key = normalise_key(value)
        known = self.dispositions()
        if key in known:
            return key
        if self.match == "prefix":
            words = key.split(" ")
            for n in range(len(words) - 1, 0, -1):
                candidate = " ".join(words[:n])
                if candidate in known:
                    return candidate
        return None

    def expand(self, values: Iterable[object]) -> dict[str, str]:
        """For prefix tables: each distinct source value (normalised) -> the key it matches."""
        out: dict[str, str] = {}
        for value in values:
            hit = self.resolve(value)
            if hit is not None:
                out[normalise_key(value)] = hit
        return out


def _entry(raw: Mapping[str, Any], where: str) -> TableEntry:
    try:
        values = raw["values"]
        disposition = Disposition(raw["disposition"]) if raw.get("disposition") else None
        outcome = Outcome(raw["outcome"]) if raw.get("outcome") else None
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigError(f"{where}: bad table entry {dict(raw)!r} ({exc})", location=SourceRef(file=where)) from None
    flags = tuple(raw.get("flags") or ())
    unknown = [f for f in flags if f not in FLAGS]
    if unknown:
        raise ConfigError(f"{where}: unknown flag(s) {unknown}; choose from {', '.join(FLAGS)}", location=SourceRef(file=where))
    if isinstance(values, (str, int)):
        values = [values]
    return TableEntry(tuple(str(v) for v in values), disposition, outcome, flags, str(raw.get("note") or ""))


def parse_table(data: Mapping[str, Any], where: str) -> ValueTable:
    """A :class:`ValueTable` from parsed YAML; bad entries raise :class:`ConfigError` naming the file."""
    entries = tuple(_entry(e, where) for e in data.get("entries") or ())
    return ValueTable(
        name=str(data.get("name") or where),
        title=str(data.get("title") or ""),
        source=str(data.get("source") or ""),
        entries=entries,
        match=str(data.get("match") or "exact"),
        key_prefix=str(data.get("key_prefix") or ""),
    )


@cache
def load_table(name: str) -> ValueTable:
    """A built-in table by name (``q850``, ``sip``, ``asterisk``, ``vicidial``, ``twilio``, ``five9``, ``chinese_labels``)."""
    path = resources.files(__package__).joinpath(f"{name}.yaml")
    if not path.is_file():
        raise ConfigError(f"no built-in value table {name!r}", hint="choose one of: " + ", ".join(table_names()))
    return parse_table(yaml.safe_load(path.read_text(encoding="utf-8")), f"auditor/ingest/tables/{name}.yaml")


def table_names() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files(__package__).iterdir() if p.name.endswith(".yaml"))


def all_tables() -> list[ValueTable]:
    return [load_table(n) for n in table_names()]


__all__ = ["FLAGS", "TableEntry", "ValueTable", "all_tables", "load_table", "parse_table", "table_names"]
