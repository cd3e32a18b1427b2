"""Figures stated in sentences: "本月共外呼 12,345 次，接通率 45.6%", "Connect rate: 45.6%".

Each figure takes as its label the clause before it (back to the previous figure or
punctuation); when that names no metric, the words right after the figure are added
("we placed 12,345 calls" -> "we placed calls"). A clause naming a target (目标, target,
план) or a figure printed with a comparator (不低于 40%, ≥ 40%) gives a target of the
metric named last. Dates and periods are masked first so "2026年10月" is not a figure.
"""

from __future__ import annotations

import re
from dataclasses import replace

from auditor.location import SourceRef
from auditor.metrics.catalogue import Catalogue, load_catalogue
from auditor.reports.claims import make_claim
from auditor.reports.labels import match_label
from auditor.reports.model import ClaimedFigure, TargetFigure, UnmatchedFigure
from auditor.reports.numbers import normalise_text, parse_number
from auditor.reports.periods import date_spans
from auditor.reports.tables import Interpretation
from auditor.scope import Scope

_DATES = re.compile(
    r"\d{4}\s*[年/.-]\s*\d{1,2}\s*[月/.-]?\s*(?:\d{1,2}\s*日?)?"
    r"|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}"
    r"|(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*\s+\d{4}"
    r"|\b(?:19|20)\d{2}\b",
    re.I,
)
_PAGE_LINE = re.compile(r"^\s*(第\s*\d+\s*页.*|page\s+\d+(\s+of\s+\d+)?|страница\s+\d+.*|\d+\s*/\s*\d+|-\s*\d+\s*-)\s*$", re.I)
_NUM = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_FIGURE = re.compile(
    rf"(?P<cmp>≥|≤|>=|<=|不低于|不少于|不高于|不超过|не менее|не более|at least|at most)?\s*"
    rf"(?P<fig>(?:约|大约|近|约合|около|примерно|about|approximately|approx\.|~|≈)?\s*(?<![A-Za-z\u0400-\u04ff])"
    rf"(?:"
    rf"\d+\s*(?:小时|h)\s*\d+\s*(?:分钟|分|min)(?:\s*\d+\s*(?:秒|s))?"
    rf"|\d+\s*(?:分钟|分|min|мин\.?)\s*\d+\s*(?:秒|s|сек\.?)"
    rf"|\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
    rf"|(?:[¥￥$€₽]\s*)?(?:{_NUM})\s*(?:%|％|万元|万|亿|百万|千|元|руб\.?|рублей|₽|秒钟|秒|分钟|小时|(?:s|sec|min|minutes|seconds|сек|мин|тыс\.?|млн\.?)\b)?"
    rf"))",
    re.I,
)
_CLAUSE_BREAK = re.compile(r"[，,;；。!?！？、]\s*|\.\s+")
_SENTENCE_BREAK = re.compile(r"[。!?！？]\s*|\.\s+")
_TARGET_WORDS = re.compile(r"目标|考核|要求|target|\bsla\b|goal|план|норматив|цел", re.I)
_FILLER = re.compile(r"\b(?:and|the|was|were|is|of|at|with|a|an|to|по|и|в|на|составила|составил|составило)\b", re.I)
_AFTER_WORDS = re.compile(r"^\s*([^\d\s，,;；。.!?！？]{1,12}(?:\s+[^\d\s，,;；。.!?！？]{1,12})?)")
_CMP = {
    "≥": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "не менее": ">=",
    "at least": ">=",
    ">=": ">=",
    "≤": "<=",
    "不高于": "<=",
    "不超过": "<=",
    "не более": "<=",
    "at most": "<=",
    "<=": "<=",
}


def mask_dates(text: str) -> str:
    """``text`` with dates, months and years blanked (same length, so offsets hold)."""
    masked = _DATES.sub(lambda m: " " * len(m[0]), text)
    for start, end in date_spans(text):
        masked = masked[:start] + " " * (end - start) + masked[end:]
    return masked


def read_sentence(text: str, source: SourceRef, scope: Scope, catalogue: Catalogue | None = None) -> Interpretation:
    """Every figure in one line of prose."""
    catalogue = catalogue or load_catalogue()
    out = Interpretation()
    text = normalise_text(text)
    if _PAGE_LINE.match(text) or not re.search(r"\d", text):
        return out
    masked = mask_dates(text)
    last_end, last_metric, sentence_start = 0, None, 0
    for m in _FIGURE.finditer(masked):
        token = m["fig"].strip()
        if not token or not re.search(r"\d", token):
            continue
        number = parse_number(token)
        if number is None:
            continue
        before = masked[last_end : m.start()]
        if ends := list(_SENTENCE_BREAK.finditer(before)):
            sentence_start = last_end + ends[-1].end()
        breaks = list(_CLAUSE_BREAK.finditer(before))
        clause = before[breaks[-1].end() :] if breaks else before
        clause = clause.strip(" :：=-—–")
        after = _AFTER_WORDS.match(masked[m.end() :])
        after_text = after[1].strip() if after else ""
        last_end = m.end()
        label = _label(clause, after_text, catalogue)
        src = replace(source, text=text.strip())
        comparator = _CMP.get((m["cmp"] or "").lower()) if m["cmp"] else None
        # a sentence that opens with a target word states targets to its end ("Targets for Q4: contact rate 40%, ...")
        is_target = comparator is not None or bool(_TARGET_WORDS.search(masked[sentence_start : m.start()]))
        if label is None and is_target and last_metric is not None:
            label = last_metric
        if label is None:
            out.unmatched.append(UnmatchedFigure(label=(clause or after_text).strip(), raw_text=token, source=src))
            continue
        figure = make_claim(label, number, token, src, scope, catalogue)
        if isinstance(figure, UnmatchedFigure):
            out.unmatched.append(figure)
            continue
        last_metric = label
        if is_target:
            out.targets.append(
                TargetFigure(
                    metric=figure.metric,
                    value=figure.value,
                    unit=figure.unit,
                    comparator=comparator or "=",
                    scope=scope,
                    raw_text=token,
                    source=src,
                    label=figure.label,
                )
            )
        else:
            assert isinstance(figure, ClaimedFigure)
            out.claims.append(figure)
    return out


def _label(clause: str, after: str, catalogue: Catalogue) -> str | None:
    """The words that name the figure's metric, or None."""
    for candidate in (clause, f"{clause} {after}".strip(), _FILLER.sub(" ", f"{clause} {after}")):
        candidate = re.sub(r"\s+", " ", candidate).strip()
        if candidate and match_label(candidate, catalogue) is not None:
            return candidate
    return None
