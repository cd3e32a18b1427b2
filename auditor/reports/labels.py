"""Vendor wording -> metric id, from the catalogue's zh/en/ru labels (data, not if-chains)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from auditor.metrics.catalogue import Catalogue, load_catalogue

_BRACKETED = re.compile(r"[（(\[【][^)）\]】]*[)）\]】]")
_TRAILING = re.compile(r"[:：=\s*#№]+$")
_LEADING = re.compile(r"^[\s\d.、)）\-•·*#№]+(?=\D)")
_SPACES = re.compile(r"[\s_\-/]+")
_CJK = r"\u3400-\u9fff"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_PERCENT_WORDS = re.compile(r"[%％]|\bin\s*%|\bв\s*%")


def normalise_label(text: str) -> str:
    """Fold a printed label for matching.

    NFKC (full-width forms), case-fold, drop bracketed units (``(%)``, ``（秒）``),
    list numbering (``1.``, ``一、`` is kept), trailing colons, and spaces between CJK
    characters; ``-``/``_``/``/`` become spaces.
    """
    folded = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    folded = _BRACKETED.sub(" ", folded)
    folded = _PERCENT_WORDS.sub(" ", folded)
    folded = _LEADING.sub("", folded)
    folded = _TRAILING.sub("", folded)
    folded = _CJK_SPACE.sub("", folded)
    return _SPACES.sub(" ", folded).strip()


@dataclass(frozen=True, slots=True)
class LabelMatch:
    metric: str
    label: str  # the catalogue label that matched
    language: str
    definition: str | None
    exact: bool


@lru_cache(maxsize=4)
def _index(catalogue: Catalogue) -> tuple[dict[str, LabelMatch], list[tuple[str, LabelMatch]]]:
    exact: dict[str, LabelMatch] = {}
    for metric in catalogue:
        exact.setdefault(normalise_label(metric.id.replace("_", " ")), LabelMatch(metric.id, metric.id, "en", None, True))
        for label in metric.labels:
            key = normalise_label(label.text)
            exact.setdefault(key, LabelMatch(metric.id, label.text, label.language, label.definition, True))
    by_length = sorted(exact.items(), key=lambda kv: -len(kv[0]))
    return exact, by_length


def _min_length(key: str) -> int:
    return 2 if re.search(f"[{_CJK}]", key) else 4


def match_label(text: str, catalogue: Catalogue | None = None) -> LabelMatch | None:
    """The metric a printed label names, or None.

    An exact match (after :func:`normalise_label`) wins; otherwise the longest
    catalogue label contained in the text as a whole word (``本月外呼接通率`` ->
    ``connect_rate``; ``有效接通率`` -> ``effective_connect_rate``, not ``connect_rate``).
    """
    catalogue = catalogue or load_catalogue()
    key = normalise_label(text)
    if not key:
        return None
    exact, by_length = _index(catalogue)
    if key in exact:
        return exact[key]
    for candidate, found in by_length:
        if len(candidate) < _min_length(candidate) or len(candidate) > len(key):
            continue
        if re.search(f"[{_CJK}]", candidate):
            hit = candidate in key
        else:
            hit = re.search(rf"(?<![\w]){re.escape(candidate)}(?![\w])", key) is not None
        if hit:
            return LabelMatch(found.metric, found.label, found.language, found.definition, exact=False)
    return None
