"""PDF vendor reports through pdfplumber: ruled tables, aligned text blocks and prose.

On each page:

1. ruled tables (pdfplumber's ``lines`` strategy) become grids whose cells keep page,
   table number and bbox; a merged cell's text spreads over the columns it covers. A
   table that starts a page with figures and no header, and has the width of the last
   table of the previous page, continues it: it takes that table's header rows.
2. the remaining words are grouped into lines and each line split into segments where
   the gap between words is wider than a font size. Consecutive lines with two or more
   segments are an unruled table (columns are the overlapping x-ranges of their
   segments): label/value lines and aligned tables both go to the table interpreter.
3. single-segment lines are prose (``reports.prose``); the first period printed on the
   first page is the report's period; ``外呼任务：信用卡`` lines set the campaign.

Files with no text layer (scans), encrypted files and damaged files raise
``ReportParseError`` naming the file and what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from auditor.errors import ReportParseError
from auditor.location import SourceRef
from auditor.metrics.catalogue import load_catalogue
from auditor.reports.collect import extraction_from_grids, file_conventions, reading, report_period
from auditor.reports.grid import Grid, GridCell, rectangular
from auditor.reports.labels import vocabulary
from auditor.reports.model import ReportExtraction
from auditor.reports.numbers import parse_number
from auditor.reports.periods import parse_period
from auditor.reports.prose import read_sentence
from auditor.reports.tables import Interpretation
from auditor.scope import Scope

_CJK = re.compile(r"[\u3400-\u9fff]")
_CAMPAIGN_LINE = re.compile(r"^\s*(?:外呼任务|任务|项目|campaign|project|кампания|проект)\s*[:：]\s*(.+?)\s*$", re.I)
_LINE_TOLERANCE = 3.0


@dataclass(frozen=True, slots=True)
class _Segment:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class _Line:
    segments: tuple[_Segment, ...]

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (min(s.x0 for s in self.segments), self.top, max(s.x1 for s in self.segments), self.bottom)


class PdfReader:
    name = "pdf"
    suffixes = (".pdf",)

    def sniff(self, path: Path, head: bytes) -> float:
        if head.lstrip()[:5] == b"%PDF-":
            return 0.9
        return 0.3 if path.suffix.lower() == ".pdf" else 0.0

    def read(self, path: Path) -> ReportExtraction:
        where = SourceRef(file=str(path))
        try:
            with pdfplumber.open(path) as pdf:
                return _read_pdf(str(path), pdf)
        except ReportParseError:
            raise
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise _encrypted(where) from exc
        except PdfminerException as exc:
            inner = exc.args[0] if exc.args else exc
            if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)):
                raise _encrypted(where) from None
            raise _damaged(where, inner) from None
        except (PDFSyntaxError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
            raise _damaged(where, exc) from None


def _encrypted(where: SourceRef) -> ReportParseError:
    return ReportParseError(
        "the PDF is encrypted (password-protected)",
        location=where,
        hint="ask the vendor for an unprotected copy, or open it with the password and print it to a new PDF",
    )


def _damaged(where: SourceRef, exc: BaseException) -> ReportParseError:
    return ReportParseError(
        f"the PDF is damaged or not a PDF ({type(exc).__name__})",
        location=where,
        hint="ask the vendor for a fresh copy of the report; check the download was complete",
    )


def _read_pdf(file: str, pdf: Any) -> ReportExtraction:
    catalogue = load_catalogue()
    grids: list[Grid] = []
    prose_lines: list[_ProseLine] = []
    chars = 0
    period: str | None = None
    campaign: str | None = None
    last_table: tuple[int, list[list[GridCell | None]]] | None = None  # width, header rows
    textless: list[int] = []
    for number, page in enumerate(pdf.pages, start=1):
        chars += len(page.chars)
        if not page.chars:
            textless.append(number)
        tables = page.find_tables()
        boxes = [t.bbox for t in tables]
        lines = _lines(page.filter(lambda obj, boxes=boxes: not _inside(obj, boxes)))
        if number == 1:
            period = report_period(line.text for line in lines[:8])
        items: list[tuple[float, object]] = [(t.bbox[1], t) for t in tables]
        items += [(block[0].top, block) for block in _blocks(lines)]
        for _, item in sorted(items, key=lambda pair: pair[0]):
            if isinstance(item, list) and len(item) == 1 and len(item[0].segments) == 1:
                line = item[0]
                if m := _CAMPAIGN_LINE.match(line.text):
                    name = m[1]
                    campaign = None if vocabulary().role(name) == "total" else name
                    continue
                if vocabulary().role(line.text) == "total":
                    campaign = None
                    continue
                prose_lines.append(_ProseLine(line, number, float(page.width), campaign))
                continue
            context = (f"外呼任务：{campaign}",) if campaign else ()
            if isinstance(item, list):
                grids.append(_block_grid(file, number, item, context))
                continue
            assert isinstance(item, pdfplumber.table.Table)
            table_no = tables.index(item) + 1
            rows = _table_rows(file, number, table_no, item)
            width = max((len(r) for r in rows), default=0)
            if last_table is not None and rows and last_table[0] == width and _starts_with_figures(rows) and item.bbox[1] < 120:
                rows = [*last_table[1], *rows]
            header = _leading_text_rows(rows)
            if header:
                last_table = (width, header)
            grids.append(Grid(file=file, rows=rectangular(rows), context=context, origin=f"p.{number} table {table_no}"))
    if chars == 0:
        raise ReportParseError(
            "the PDF has no text layer (a scanned image?)",
            location=SourceRef(file=file),
            hint="run OCR first (for example `ocrmypdf --language chi_sim+eng+rus in.pdf out.pdf`) "
            "and pass the OCR'd PDF, or ask the vendor for the original export",
        )
    warnings = []
    if textless:
        warnings.append(
            f"page(s) {', '.join(map(str, textless))} have no text layer (scanned?); "
            "their figures could not be read: run OCR on them"
        )
    paragraphs = _paragraphs(prose_lines)
    conventions = file_conventions(grids, (p.text for p in paragraphs), period)
    prose = Interpretation()
    with reading(conventions):
        for para in paragraphs:
            src = SourceRef(file=file, page=para.page, bbox=para.bbox)
            scope = Scope(campaign=para.campaign, period=parse_period(para.text) or period)
            prose.extend(read_sentence(para.text, src, scope, catalogue))
    return extraction_from_grids(
        file, grids, reader="pdf", extra=prose, period=period, warnings=warnings, conventions=conventions
    )


@dataclass(frozen=True, slots=True)
class _ProseLine:
    line: _Line
    page: int
    page_width: float
    campaign: str | None


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    page: int
    bbox: tuple[float, float, float, float]
    campaign: str | None


def _paragraphs(lines: list[_ProseLine]) -> list[_Paragraph]:
    """Lines of prose joined where the text wrapped: a figure or its label broken over two lines
    (``平均通话时长2`` / ``分46秒``, ``Quedaron sin respuesta`` / ``23.465 llamadas``) reads whole.

    A line wrapped when it reaches the right edge of the page's prose (the next line's first
    word would not have fitted after it) and the next line starts at the same left edge
    just below it; label/value lines and headings end short of that edge and stay apart.
    """
    right: dict[int, float] = {}
    for item in lines:
        right[item.page] = max(right.get(item.page, 0.0), item.line.bbox[2])
    out: list[_Paragraph] = []
    previous: _ProseLine | None = None
    for item in lines:
        x0, top, x1, bottom = item.line.bbox
        if previous is not None and out and _wraps_into(previous, item, right[item.page]):
            last = out[-1]
            box = (min(last.bbox[0], x0), last.bbox[1], max(last.bbox[2], x1), bottom)
            out[-1] = replace(last, text=_join(last.text, item.line.text), bbox=box)
        else:
            out.append(_Paragraph(item.line.text, item.page, item.line.bbox, item.campaign))
        previous = item
    return out


def _wraps_into(line: _ProseLine, following: _ProseLine, right_edge: float) -> bool:
    """Whether ``line`` is wrapped text that ``following`` continues."""
    if following.page != line.page or following.campaign != line.campaign:
        return False
    a, b = line.line, following.line
    height = max(a.bottom - a.top, 1.0)
    if b.top - a.bottom > 1.2 * height or abs(b.bbox[0] - a.bbox[0]) > 2 * height:
        return False
    if a.bbox[2] - a.bbox[0] < 0.5 * line.page_width:
        return False
    seg = b.segments[0]
    char = (seg.x1 - seg.x0) / max(len(seg.text), 1)
    first = re.match(r"[\u3400-\u9fff]|\S+", seg.text)
    first_width = char * len(first[0]) if first else char
    return a.bbox[2] + char + first_width > right_edge


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    if obj.get("object_type") != "char":
        return False
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _join(a: str, b: str) -> str:
    """Join two pieces of a label broken over lines (no space between CJK characters)."""
    if not a:
        return b
    if _CJK.search(a[-1:]) and _CJK.search(b[:1]):
        return a + b
    return f"{a} {b}"


def _cell_text(text: str | None) -> str:
    if text is None:
        return ""
    out = ""
    for part in text.split("\n"):
        out = _join(out, part.strip())
    return out.strip()


def _table_rows(file: str, page: int, table_no: int, table: Any) -> list[list[GridCell | None]]:
    """A ruled table's rows; a merged cell's text spreads to the right over the positions it covers."""
    texts = table.extract()
    rows: list[list[GridCell | None]] = []
    for r, row in enumerate(table.rows):
        out: list[GridCell | None] = []
        for c, bbox in enumerate(row.cells):
            text = _cell_text(texts[r][c] if r < len(texts) and c < len(texts[r]) else None)
            if bbox is None:  # covered by a merged cell: spread its text right, or down the first column
                left = out[-1] if out else (rows[-1][0] if rows and rows[-1] else None)
                if left is not None and parse_number(left.text) is None:
                    out.append(replace(left, is_merged_copy=True))
                else:
                    out.append(None)
                continue
            if not text:
                out.append(None)
                continue
            out.append(GridCell(text=text, source=SourceRef(file=file, page=page, table=table_no, bbox=tuple(bbox)), value=None))
        rows.append(out)
    return rows


def _starts_with_figures(rows: list[list[GridCell | None]]) -> bool:
    first = [c for c in rows[0] if c is not None]
    return any(parse_number(c.text) is not None for c in first)


def _leading_text_rows(rows: list[list[GridCell | None]]) -> list[list[GridCell | None]]:
    out = []
    for row in rows:
        cells = [c for c in row if c is not None]
        if not cells or any(parse_number(c.text) is not None for c in cells):
            break
        out.append(row)
    return out


def _lines(page: Any) -> list[_Line]:
    """Words grouped into lines, each split into segments at gaps wider than the font size."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    rows: list[list[dict[str, Any]]] = []
    for word in words:
        if rows and abs(word["top"] - rows[-1][0]["top"]) <= _LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        segments: list[list[dict[str, Any]]] = [[row[0]]]
        for word in row[1:]:
            prev = segments[-1][-1]
            if word["x0"] - prev["x1"] > max(6.0, float(prev.get("size", 10))):
                segments.append([word])
            else:
                segments[-1].append(word)
        lines.append(
            _Line(
                tuple(
                    _Segment(
                        text=_words_text(seg),
                        x0=seg[0]["x0"],
                        x1=seg[-1]["x1"],
                        top=min(w["top"] for w in seg),
                        bottom=max(w["bottom"] for w in seg),
                    )
                    for seg in segments
                )
            )
        )
    return lines


def _words_text(words: list[dict[str, Any]]) -> str:
    out = ""
    for word in words:
        out = _join(out, word["text"])
    return out


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of consecutive multi-segment lines (unruled tables); every other line on its own."""
    blocks: list[list[_Line]] = []
    for line in lines:
        multi = len(line.segments) > 1
        if (
            multi
            and blocks
            and len(blocks[-1][-1].segments) > 1
            and line.top - blocks[-1][-1].bottom < 2.5 * (line.bottom - line.top)
        ):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _block_grid(file: str, page: int, block: list[_Line], context: tuple[str, ...]) -> Grid:
    """Aligned text lines as a grid: columns are the overlapping x-ranges of the segments."""
    spans: list[list[float]] = []
    for seg in sorted((s for line in block for s in line.segments), key=lambda s: s.x0):
        if spans and seg.x0 <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], seg.x1)
        else:
            spans.append([seg.x0, seg.x1])
    rows: list[list[GridCell | None]] = []
    for line in block:
        row: list[GridCell | None] = [None] * len(spans)
        for seg in line.segments:
            c = next(i for i, (x0, x1) in enumerate(spans) if x0 - 1 <= seg.x0 <= x1 + 1)
            bbox = (seg.x0, seg.top, seg.x1, seg.bottom)
            old = row[c]
            if old is not None:
                merged_box = (min(old.source.bbox[0], seg.x0), old.source.bbox[1], seg.x1, seg.bottom)  # type: ignore[index]
                row[c] = GridCell(text=f"{old.text} {seg.text}", source=replace(old.source, bbox=merged_box))
            else:
                row[c] = GridCell(text=seg.text, source=SourceRef(file=file, page=page, bbox=bbox))
        rows.append(row)
    return Grid(file=file, rows=rectangular(rows), context=context, origin=f"p.{page} text block")
