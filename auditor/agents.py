"""Which of the records' agents a report's agent name denotes (``Allison P`` -> ``apatch@bciacrylic.com``).

Reports print agents as people read them; diallers key them by a login or an e-mail and may
give the name in other columns (canonical ``agent_name``). Every agent of the records gets
the names a report may print for it, by the forms of ``agent_names.yaml`` (strongest first:
the id, the full name, ..., first name and last initial, first name). A report name denotes
the agents that have it at the strongest form any agent has it: one agent is a match, two or
more are ambiguous and are never merged, none is unmatched.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import yaml

_MARKS = re.compile(r"[\s.,_\-]+")
_FIELD = re.compile(r"\{(\w+)\}")


def fold(name: object) -> str:
    """A name as it is compared: ``' Allison  P. '`` -> ``'allison p'``; ``Rivera-Becerra`` -> ``'rivera becerra'``."""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    return _MARKS.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class NameForm:
    """One way a report may print an agent (``first name and last initial``: ``{first} {l}``)."""

    form: str
    pattern: str

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(_FIELD.findall(self.pattern))


@cache
def name_forms() -> tuple[NameForm, ...]:
    """The forms of ``agent_names.yaml``, strongest first."""
    text = resources.files("auditor").joinpath("agent_names.yaml").read_text(encoding="utf-8")
    return tuple(NameForm(str(f["form"]), str(f["pattern"])) for f in yaml.safe_load(text)["forms"])


def _splits(name: str) -> Iterator[tuple[str, str]]:
    """``(first, last)`` for every way to split a name in two: at each space, or at a comma (``Patch, Allison``)."""
    if "," in name:
        last, _, first = name.partition(",")
        if first.strip() and last.strip():
            yield first.strip(), last.strip()
        return
    words = name.split()
    for cut in range(1, len(words)):
        yield " ".join(words[:cut]), " ".join(words[cut:])


def _values(agent_id: str, name: str) -> Iterator[dict[str, str]]:
    """The placeholder values of one agent for each split of its name."""
    local = agent_id.partition("@")[0] if "@" in agent_id else ""
    base = {"id": agent_id, "name": name, "local": local}
    splits = list(_splits(name))
    if not splits:
        yield base
    for first, last in splits:
        yield {**base, "first": first, "last": last, "f": first[:1], "l": last[:1]}


def aliases(agent_id: str, names: Iterable[str]) -> dict[str, set[str]]:
    """Form -> the folded names a report may print for this agent (the id itself stands for a name when none is given)."""
    out: dict[str, set[str]] = defaultdict(set)
    for name in [*names] or [agent_id]:
        for values in _values(agent_id, name):
            for form in name_forms():
                if all(values.get(f) for f in form.fields):
                    key = fold(form.pattern.format_map(values))
                    if key:
                        out[form.form].add(key)
    return dict(out)


@dataclass(frozen=True, slots=True)
class AgentMatch:
    """What a report's agent name denotes: ``ids`` of the records' agents and the ``form`` that matched them.

    One id: matched. Several: ambiguous (none is used). None: the records have no such agent.
    """

    name: str
    ids: tuple[str, ...] = ()
    form: str | None = None

    @property
    def matched(self) -> bool:
        return len(self.ids) == 1

    @property
    def ambiguous(self) -> bool:
        return len(self.ids) > 1

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "agents": list(self.ids), "form": self.form}


@dataclass(frozen=True)
class AgentDirectory:
    """The records' agents with the names they are given; :meth:`resolve` matches a report's name to them."""

    names: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (agent id, names the records give it), sorted by id
    _index: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for agent_id, names in self.names:
            for form, keys in aliases(agent_id, names).items():
                for key in keys:
                    index[form][key].add(agent_id)
        self._index.update({form: {k: tuple(sorted(v)) for k, v in keys.items()} for form, keys in index.items()})

    @classmethod
    def of(cls, agent_id: pd.Series, agent_name: pd.Series | None = None) -> AgentDirectory:
        """The distinct agents of a call table's ``agent_id`` column, each with its distinct ``agent_name`` values."""
        ids = agent_id.astype("string")
        names = agent_name.astype("string") if agent_name is not None else pd.Series(pd.NA, index=ids.index, dtype="string")
        pairs = pd.DataFrame({"id": ids.to_numpy(), "name": names.to_numpy()}).dropna(subset=["id"])
        if len(pairs) > 1:
            codes = [pd.factorize(pairs[c], use_na_sentinel=True)[0] for c in ("id", "name")]
            _, first = np.unique(np.stack(codes, axis=1), axis=0, return_index=True)
            pairs = pairs.iloc[np.sort(first)]
        given: dict[str, set[str]] = defaultdict(set)
        for agent, name in zip(pairs["id"], pairs["name"], strict=True):
            known = given[str(agent)]
            if not pd.isna(name) and str(name).strip():
                known.add(str(name).strip())
        return cls(tuple((agent, tuple(sorted(n))) for agent, n in sorted(given.items())))

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(agent for agent, _ in self.names)

    def resolve(self, name: str) -> AgentMatch:
        """The agents ``name`` denotes at the strongest form any agent has it."""
        key = fold(name)
        for form in name_forms():
            found = self._index.get(form.form, {}).get(key)
            if found:
                return AgentMatch(name, found, form.form)
        return AgentMatch(name)


def agent_categories(ids: pd.Index, name: str, agents: AgentDirectory) -> np.ndarray:
    """Which of the records' agent ids ``ids`` a report's agent ``name`` denotes (none when it is ambiguous)."""
    match = agents.resolve(name)
    return np.asarray(ids.isin(match.ids if match.matched else ()), dtype=bool)


__all__ = ["AgentDirectory", "AgentMatch", "NameForm", "agent_categories", "aliases", "fold", "name_forms"]
