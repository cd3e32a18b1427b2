"""Vendor wording -> metric id, from the catalogue's zh/en/ru labels (data, not if-chains)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from auditor.metrics.catalogue import Catalogue, load_catalogue

_BRACKETED = re.compile(r"[（(\[【][^)）\]】]*[)）\]】]")
_TRAILING = re.compile(r"[:：=\s*#№]+$")
_LEADING = re.compile(r"^[\s\d.、)）\-•·*#№]+(?=\D)")
_SPACES = re.compile(r"[\s_\-/]+")
_CJK = r"\u3400-\u9fff"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_PERCENT_WORDS = re.compile(r"[%％]|\bin\s*%|\bв\s*%")
#: Abbreviations spelled out before matching (``Avg talk time`` -> ``average talk time``).
_ABBREVIATIONS = (
    (re.compile(r"\bavg\b\.?"), "average"),
    (re.compile(r"\bno\.\s*of\b"), "number of"),
    (re.compile(r"\bср\.\s*"), "среднее "),
)


@lru_cache(maxsize=65536)
def normalise_label(text: str) -> str:
    """Fold a printed label for matching.

    NFKC (full-width forms), case-fold, drop bracketed units (``(%)``, ``（秒）``),
    list numbering (``1.``, ``一、`` is kept), trailing colons, and spaces between CJK
    characters; ``-``/``_``/``/`` become spaces.
    """
    folded = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    folded = _BRACKETED.sub(" ", folded)
    folded = _PERCENT_WORDS.sub(" ", folded)
    for pattern, replacement in _ABBREVIATIONS:
        folded = pattern.sub(replacement, folded)
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
    for metric_id, phrases in vocabulary().extra_labels.items():
        if metric_id in catalogue:
            for phrase in phrases:
                exact.setdefault(normalise_label(phrase), LabelMatch(metric_id, phrase, "extra", None, True))
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
    return _match(normalise_label(text), catalogue or load_catalogue())


@lru_cache(maxsize=65536)
def _match(key: str, catalogue: Catalogue) -> LabelMatch | None:
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


@dataclass(frozen=True, slots=True, eq=False)
class Vocabulary:
    """The whole-cell words of ``vocabulary.yaml``, normalised, by role."""

    extra_labels: dict[str, tuple[str, ...]]
    words: dict[str, frozenset[str]]

    def role(self, text: str) -> str | None:
        return _role(self, text)

    def _role_uncached(self, text: str) -> str | None:
        """``total``, ``target``, ``value``, ``delta``, ``metric_header``, ``agent``, ``campaign``,
        ``period`` or ``index`` when the whole text is one of those words, else None."""
        key = normalise_label(text)
        if not key:
            return None
        for role, words in self.words.items():
            if key in words:
                return role
        return None


@lru_cache(maxsize=65536)
def _role(vocab: Vocabulary, text: str) -> str | None:
    """``total``, ``target``, ``value``, ``delta``, ``metric_header``, ``agent``, ``campaign``,
    ``period`` or ``index`` when the whole text is one of those words, else None."""
    return vocab._role_uncached(text)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The bundled ``auditor/reports/vocabulary.yaml``."""
    data = yaml.safe_load(resources.files("auditor.reports").joinpath("vocabulary.yaml").read_text(encoding="utf-8"))
    extra = {str(k): tuple(str(p) for p in v) for k, v in (data.pop("extra_labels", {}) or {}).items()}
    words = {str(role): frozenset(normalise_label(str(w)) for w in items) for role, items in data.items()}
    return Vocabulary(extra, words)
