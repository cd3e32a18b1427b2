"""The one table interpreter: a :class:`~auditor.reports.grid.Grid` -> claims, targets, unmatched figures.

Shared by every reader (XLSX, XLS, PDF ruled tables, PDF text blocks). Rows are read
top to bottom:

* a *context row* sets the scope of what follows: a campaign row (``外呼任务 | 信用卡``),
  a total marker alone (``合计``), or a line that prints a period (``统计周期 2026-10``);
* a run of text-only rows directly above figures is the *header* (up to 3 rows: multi-line
  and merged headers are read bottom row first, then the rows joined);
* every figure in a data row is read against its column header and its row labels:
  a header that names a metric means metrics as columns (the row labels give the scope:
  agent, campaign, period or total); otherwise the nearest label to the left names the
  metric (metrics as rows, label/value pairs) and the header gives the scope (a period,
  a campaign, a total column, or just "value").
* target / SLA columns and rows (目标值, Target, План) and figures printed with a
  comparator (``≥ 40%``) become targets, never claims. A change column (环比, MoM) and
  any figure whose labels name no metric become unmatched figures: listed, not dropped.

A blank row ends a table (the header no longer applies).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from auditor.location import SourceRef
from auditor.metrics.catalogue import Catalogue, load_catalogue
from auditor.reports.claims import make_claim, number_from_cell
from auditor.reports.grid import Grid, GridCell
from auditor.reports.labels import match_label, normalise_label, vocabulary
from auditor.reports.model import ClaimedFigure, TargetFigure, UnmatchedFigure
from auditor.reports.numbers import ParsedNumber, parse_number
from auditor.reports.periods import names_period, parse_period
from auditor.scope import Scope

_COMPARATOR = re.compile(
    r"^\s*(≥|≤|>=|<=|=>|=<|>|<|不低于|不少于|不高于|不超过|至少|最多|не менее|не более|at least|at most|min\.?|max\.?)\s*"
)
_COMPARATORS = {
    "≥": ">=",
    "=>": ">=",
    "≤": "<=",
    "=<": "<=",
    "不低于": ">=",
    "不少于": ">=",
    "至少": ">=",
    "не менее": ">=",
    "at least": ">=",
    "min": ">=",
    "min.": ">=",
    "不高于": "<=",
    "不超过": "<=",
    "最多": "<=",
    "не более": "<=",
    "at most": "<=",
    "max": "<=",
    "max.": "<=",
}
_CAMPAIGN_ROW = re.compile(r"^(外呼任务|任务名称|任务|项目名称|活动|campaign|project|кампания|проект)$", re.I)
#: Header words found inside a longer header (``本月数值``, ``Target (SLA)``, ``Изменение к маю``).
_ROLE_PATTERNS = (
    ("target", re.compile(r"目标|考核|target|\bsla\b|\bgoal|план|норматив|целев", re.I)),
    ("delta", re.compile(r"环比|同比|变化|增减|change|\bmom\b|\byoy\b|изменени|динамик", re.I)),
    ("value", re.compile(r"数值|实际|完成值|\bvalue|\bactual|факт|значени", re.I)),
)
_CAMPAIGN_CONTEXT = re.compile(r"^\s*(?:外呼任务|campaign|кампания)\s*[:：]\s*(.+)$", re.I)
#: A cell holding both a label and its figure: ``接通率：45.6%``, ``Contact rate: 45.6 %``, ``外呼量=12,345``.
_INLINE = re.compile(r"[^\W\d_].*[:：=]\s*(?:[≥≤<>~≈]|约|около)?\s*[¥￥$€₽]?\s*\d")
_MAX_HEADER_ROWS = 3
_MAX_LABEL_CHARS = 60

Figure = ClaimedFigure | TargetFigure | UnmatchedFigure
T = TypeVar("T")


@dataclass
class Interpretation:
    """What one grid says."""

    claims: list[ClaimedFigure] = field(default_factory=list)
    targets: list[TargetFigure] = field(default_factory=list)
    unmatched: list[UnmatchedFigure] = field(default_factory=list)

    def extend(self, other: Interpretation) -> None:
        self.claims += other.claims
        self.targets += other.targets
        self.unmatched += other.unmatched


@dataclass(frozen=True, slots=True)
class _Read:
    """A cell read as a figure (``number``) or as text (``number`` None)."""

    cell: GridCell
    number: ParsedNumber | None
    raw: str
    comparator: str | None = None


def read_cell(cell: GridCell) -> _Read:
    """A cell as a figure (with any comparator in front) or as text."""
    text = cell.text.strip()
    if cell.value is not None and not isinstance(cell.value, str):
        found = number_from_cell(cell.value, cell.number_format)
        if found is not None:
            return _Read(cell, found[0], found[1])
        return _Read(cell, None, text)
    comparator = None
    if m := _COMPARATOR.match(text):
        comparator, text = _COMPARATORS.get(m[1].lower(), m[1]), text[m.end() :]
    number = parse_number(text)
    if number is None:
        return _Read(cell, None, cell.text.strip())
    return _Read(cell, number, cell.text.strip() if comparator else text.strip(), comparator)


def interpret(grid: Grid, catalogue: Catalogue | None = None, period: str | None = None) -> Interpretation:
    """Every figure of ``grid``; ``period`` is the report's period found outside the grid."""
    catalogue = catalogue or load_catalogue()
    out = Interpretation()
    campaign: str | None = None
    for line in grid.context:
        period = parse_period(line) or period
        if m := _CAMPAIGN_CONTEXT.match(line):
            campaign = m[1].strip()
    header: list[int] = []
    pending: list[int] = []
    positions: list[tuple[int, int]] = []  # grid row and column of each claim
    reads = _Rows([read_cell(c) if c is not None else None for c in row] for row in grid.rows)
    for r, row in enumerate(reads):
        filled = [(c, x) for c, x in enumerate(row) if x is not None and (x.raw or x.number is not None)]
        if not filled:
            header, pending = [], []
            continue
        texts = _distinct([x for _, x in filled if x.number is None])
        context = _context_row(texts, [x for _, x in filled if x.number is not None])
        if context is not None:
            kind, value = context
            if kind == "campaign":
                campaign = value
            else:
                period = value
            header, pending = [], []
            continue
        scope_cols = _scope_columns(reads, pending or header)
        inline = [x for x in texts if _INLINE.search(x.raw)] if len(texts) == len(filled) else []
        if inline:  # "接通率：45.6%" in one cell: a label/value line, read as prose
            from auditor.reports.prose import read_sentence

            for x in inline:
                out.extend(read_sentence(x.raw, x.cell.source, Scope(campaign=campaign, period=period), catalogue))
            header, pending = [], []
            continue
        if all(x.number is None or c in scope_cols for c, x in filled):
            if len(texts) >= 2 or (texts and filled[0][0] > 0):
                pending.append(r)
            else:
                pending = []
            continue
        if pending:
            header, pending = pending[-_MAX_HEADER_ROWS:], []
        scope_cols = _scope_columns(reads, header)
        base = Scope(campaign=campaign, period=period)
        for c, item in filled:
            if item.number is None or c in scope_cols or item.cell.is_merged_copy:
                continue
            figure = _figure(reads, header, scope_cols, r, c, item, base, catalogue)
            if isinstance(figure, ClaimedFigure):
                out.claims.append(figure)
                positions.append((r, c))
            elif isinstance(figure, TargetFigure):
                out.targets.append(figure)
            else:
                out.unmatched.append(figure)
    out.claims = _formula_notes(out.claims, positions)
    return out


class _Rows(list[list[_Read | None]]):
    """The read cells of a grid, with a memo of what was worked out about its header rows."""

    def __init__(self, rows: Iterable[list[_Read | None]]) -> None:
        super().__init__(rows)
        self.memo: dict[tuple[object, ...], Any] = {}


def _memo(fn: Callable[..., T]) -> Callable[..., T]:
    """Remember ``fn(reads, header, *args)`` in ``reads.memo`` (header rows are shared by many figures)."""

    @functools.wraps(fn)
    def wrapper(reads: list[list[_Read | None]], header: list[int], *args: Any) -> T:
        memo = reads.memo if isinstance(reads, _Rows) else {}
        key = (fn.__name__, tuple(header), *args)
        if key not in memo:
            memo[key] = fn(reads, header, *args)
        return memo[key]  # type: ignore[no-any-return]

    return wrapper


def _distinct(items: list[_Read]) -> list[_Read]:
    """One entry per printed cell: the copies a merged cell spreads over a row count once."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for item in items:
        src = item.cell.source
        key = (src.page, src.sheet, src.cell, src.bbox)
        if key not in seen or src.cell is None and src.bbox is None:
            seen.add(key)
            out.append(item)
    return out


def _context_row(texts: list[_Read], numbers: list[_Read]) -> tuple[str, str | None] | None:
    """A row that sets the campaign or the period for the rows below it."""
    if numbers or not texts:
        return None
    vocab = vocabulary()
    first = normalise_label(texts[0].raw)
    if _CAMPAIGN_ROW.match(first) and len(texts) == 2:
        value = texts[1].raw.strip()
        return ("campaign", None if vocab.role(value) == "total" else value)
    if len(texts) == 1 and vocab.role(texts[0].raw) == "total":
        return ("campaign", None)
    joined = " ".join(t.raw for t in texts)
    if len(texts) > 2:  # a header row (Period | 2026-09 | 2026-10), not a period line
        return None
    if (
        len(texts) == 1
        or vocab.role(texts[0].raw) == "period"
        or re.search(r"(统计周期|报告期|период|period)", texts[0].raw, re.I)
    ):
        found = parse_period(joined)
        if found is not None and (len(texts) == 1 or vocab.role(texts[0].raw) == "period" or match_label(texts[0].raw) is None):
            return ("period", found)
    return None


@_memo
def _header_texts(reads: list[list[_Read | None]], header: list[int], c: int) -> list[str]:
    """Header texts over column ``c``, bottom row first (a merged group header comes last)."""
    out: list[str] = []
    for r in reversed(header):
        item = reads[r][c] if c < len(reads[r]) else None
        if item is not None and item.raw and item.raw not in out:
            out.append(item.raw)
    return out


@_memo
def _merged_header_texts(reads: list[list[_Read | None]], header: list[int], c: int) -> set[str]:
    """Header texts over column ``c`` that a merged cell spread over several columns."""
    out = set()
    for r in header:
        item = reads[r][c] if c < len(reads[r]) else None
        if item is None:
            continue
        spread = item.cell.is_merged_copy or any(
            x is not None and x.cell.is_merged_copy and x.cell.source == item.cell.source for x in reads[r]
        )
        if spread:
            out.add(item.raw)
    return out


@_memo
def _scope_columns(reads: list[list[_Read | None]], header: list[int]) -> set[int]:
    """Columns whose header says they hold a scope (agent, campaign, period) or a row number."""
    vocab = vocabulary()
    cols = set()
    if header:
        for c in range(len(reads[header[0]])):
            if any(vocab.role(t) in ("agent", "campaign", "period", "index") for t in _header_texts(reads, header, c)):
                cols.add(c)
    return cols


def _role_of_header(texts: list[str]) -> str | None:
    return _role_of_texts(tuple(texts))


@functools.lru_cache(maxsize=65536)
def _role_of_texts(texts: tuple[str, ...]) -> str | None:
    vocab = vocabulary()
    for text in texts:
        role = vocab.role(text)
        if role is not None:
            return role
        if match_label(text) is None:
            for role, pattern in _ROLE_PATTERNS:
                if pattern.search(text):
                    return role
    return None


def _metric_label(texts: list[str], catalogue: Catalogue, merged: set[str] | None = None) -> str | None:
    return _metric_label_cached(tuple(texts), catalogue, frozenset(merged or ()))


@functools.lru_cache(maxsize=65536)
def _metric_label_cached(texts: tuple[str, ...], catalogue: Catalogue, merged: frozenset[str]) -> str | None:
    """The header text that names a metric: the shortest own text first (a long definition line
    under a header row is read last), then, for a header split over short lines, the lines joined.
    A merged group header is never read as the metric of each column under it."""
    own = [t for t in texts if t not in merged]
    candidates = sorted((t for t in own if len(t) <= _MAX_LABEL_CHARS), key=len)
    if len(own) > 1 and all(len(t) <= 20 for t in own):
        candidates.append(" ".join(reversed(own)))
    for text in candidates:
        if match_label(text, catalogue) is not None:
            return text
    return None


def _figure(
    reads: list[list[_Read | None]],
    header: list[int],
    scope_cols: set[int],
    r: int,
    c: int,
    item: _Read,
    base: Scope,
    catalogue: Catalogue,
) -> Figure:
    """One figure read against its column header and its row labels."""
    vocab = vocabulary()
    row = reads[r]
    col_texts = _header_texts(reads, header, c)
    col_role = _role_of_header(col_texts)
    left = [(k, x) for k, x in enumerate(row[:c]) if x is not None and (x.number is None or k in scope_cols) and x.raw]
    left_roles = {k: vocab.role(x.raw) for k, x in left}
    row_is_total = "total" in left_roles.values()
    row_is_target = "target" in left_roles.values()
    column = col_texts[0] if col_texts else None

    def source(label: str) -> SourceRef:
        text = f"{label.strip()} {item.raw}".strip()
        if header and item.cell.source.cell is None:  # a PDF table: row and column header; a workbook has sheet!cell
            return replace(item.cell.source, row=r + 1, column=column, text=text)
        return replace(item.cell.source, text=text)

    header_label = (
        _metric_label(col_texts, catalogue, _merged_header_texts(reads, header, c)) if col_role in (None, "value") else None
    )
    if header_label is not None:
        # metrics as columns: the header names the metric, the row labels give the scope
        label = header_label
        column = header_label
        scope, is_total = _scope_from_row(reads, header, left, base)
        is_total = is_total or row_is_total or (bool(scope_cols) and not any(k in scope_cols for k, _ in left))
        target = row_is_target or item.comparator is not None
    else:
        # metrics as rows or label/value pairs: the nearest label to the left names the metric
        label_at = next(
            (
                k
                for k, x in reversed(left)
                if left_roles[k] is None and (k not in scope_cols or match_label(x.raw, catalogue) is not None)
            ),
            None,
        )  # a scope column under a corner such as "Period" may hold the metric names
        row_label = row[label_at].raw if label_at is not None else ""  # type: ignore[union-attr]
        if row_label and match_label(row_label, catalogue) is not None:
            label = row_label
            if col_role == "delta":
                return UnmatchedFigure(label=f"{label} ({col_texts[0]})", raw_text=item.raw, source=source(label))
            scope, is_total = _scope_from_row(reads, header, [(k, x) for k, x in left if k != label_at], base)
            if col_role in (None, "value", "total", "target") and col_texts:
                column_scope = _scope_from_column(col_texts, scope, _corner_role(reads, header))
                if column_scope is None:  # Week 1 with no dates: which days, only the report could say
                    return UnmatchedFigure(label=f"{label} ({col_texts[0]})", raw_text=item.raw, source=source(label))
                scope = column_scope
        else:
            if not row_label:  # name an unmatched figure of a total row by its total word
                row_label = next((x.raw for k, x in left if left_roles[k] == "total"), "")
            label = " / ".join(t for t in (row_label, _short_header(col_texts) if col_role is None else "") if t)
            return UnmatchedFigure(label=label, raw_text=item.raw, source=source(label))
        is_total = is_total or row_is_total or col_role == "total"
        target = col_role == "target" or row_is_target or item.comparator is not None
    assert item.number is not None
    where = source(label)
    figure = make_claim(label, item.number, item.raw, where, scope, catalogue, is_total=is_total, is_formula=item.cell.is_formula)
    if isinstance(figure, UnmatchedFigure):
        return figure
    if target:
        return TargetFigure(
            metric=figure.metric,
            value=figure.value,
            unit=figure.unit,
            comparator=item.comparator or "=",
            scope=scope,
            raw_text=item.raw,
            source=where,
            label=figure.label,
        )
    return figure


def _short_header(texts: list[str]) -> str:
    """The header text to name an unmatched column by: the shortest one."""
    return min(texts, key=len) if texts else ""


@_memo
def _corner_role(reads: list[list[_Read | None]], header: list[int]) -> str | None:
    """Role of the top-left header cell (``坐席`` over the metric names means the columns are agents)."""
    for r in header:
        for item in reads[r]:
            if item is not None and item.raw:
                return vocabulary().role(item.raw)
    return None


def _scope_from_column(texts: list[str], base: Scope, header_role: str | None) -> Scope | None:
    """Scope named by the header of a metrics-as-rows column: a period, an agent or a campaign
    (a "value" or "total" word adds nothing; a merged group header above may name the campaign).
    None when the header names a period it does not date (``Week 1`` alone)."""
    scope, undated = base, False
    for text in texts:
        role = vocabulary().role(text)
        if role is not None or _role_of_header([text]) is not None:
            continue
        found = parse_period(text)
        if found is not None:
            scope = replace(scope, period=found)
        elif names_period(text):
            undated = True  # a period, never a campaign
        elif header_role == "agent":
            scope = replace(scope, agent_id=text.strip())
        else:
            scope = replace(scope, campaign=text.strip())
    return None if undated and scope.period == base.period else scope


def _scope_from_row(
    reads: list[list[_Read | None]], header: list[int], left: list[tuple[int, _Read]], base: Scope
) -> tuple[Scope, bool]:
    """Scope named by the text cells left of a figure, each read through its column header."""
    scope, is_total = base, False
    vocab = vocabulary()
    for k, x in left:
        if vocab.role(x.raw) == "total":
            is_total = True
            continue
        if vocab.role(x.raw) is not None:
            continue
        role = _role_of_header(_header_texts(reads, header, k)) if header else None
        if role == "agent":
            scope = replace(scope, agent_id=x.raw)
        elif role == "period" or (role is None and parse_period(x.raw) is not None):
            scope = replace(scope, period=parse_period(x.raw) or scope.period)
        elif role in (None, "campaign", "metric_header") and match_label(x.raw) is None:
            scope = replace(scope, campaign=x.raw)
    return scope, is_total


def _formula_notes(claims: list[ClaimedFigure], positions: list[tuple[int, int]]) -> list[ClaimedFigure]:
    """Note a constant typed where its neighbours are formulas (a total overwritten by hand)."""
    if not any(c.is_formula for c in claims):
        return claims
    rows: dict[int, list[ClaimedFigure]] = {}
    cols: dict[int, list[ClaimedFigure]] = {}
    for claim, (r, c) in zip(claims, positions, strict=True):
        rows.setdefault(r, []).append(claim)
        cols.setdefault(c, []).append(claim)
    out = []
    for claim, (r, c) in zip(claims, positions, strict=True):
        if claim.is_formula:
            out.append(claim)
            continue
        others = len(cols[c]) - 1
        row_formulas = claim.is_total and any(x.is_formula for x in rows[r])
        col_formulas = others >= 2 and sum(x.is_formula for x in cols[c]) * 2 > others
        if row_formulas or col_formulas:
            claim = replace(claim, notes=(*claim.notes, "typed as a constant where its neighbours are formulas"))
        out.append(claim)
    return out
