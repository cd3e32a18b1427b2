"""Blind report layouts: vendor reports written from issue 16's description alone, with what a careful human reads off them.

Every layout is a monthly or weekly service report the way an outsourced outbound call centre writes one
(Chinese, English, Russian, Portuguese, Spanish), in XLSX, PDF (ruled, unruled, multi-page, with prose) or
legacy XLS (GBK text under a wrong or missing codepage).  Next to each report, golden.yaml holds:

- ``claims``: every figure a careful human reads as a claim of a METRICS.md metric (id, value, unit, scope,
  total flag, where: ``sheet!cell`` or ``p.N``), in the format scripts/report_scores.py scores;
- ``negated``: counts (or rates) that are the complement of a metric (``Unanswered``, ``呼出未接通``,
  ``Не дозвонились``, ``Não Atendidas``): they must NOT be read as ``not_metric``;
- ``expected_inconsistencies``: the report-internal contradictions planted in it (a total row that is not
  the sum of its rows, a percentage above 100 %, a share column that does not add up to 100 %);
- ``targets`` (contract targets printed in the report, not claims) and ``unmatched`` (labels with figures
  that name no metric).

Seeded and deterministic: the same run writes the same bytes.  The fixtures are committed; the tests read
them and never regenerate.   python scripts/blind_report_layouts.py [--out DIR] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import xlwt
import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fixtures" / "reports" / "blind"
FIXED_TIME = dt.datetime(2027, 1, 4, 9, 30, 0)
rl_config.invariant = 1  # no creation date or random id in the PDFs: same bytes every run

UNITS = {
    "total_dials": "count",
    "unique_numbers": "count",
    "valid_dials": "count",
    "invalid_dials": "count",
    "connected": "count",
    "effective_contacts": "count",
    "intents": "count",
    "conversions": "count",
    "complaints": "count",
    "opt_outs": "count",
    "abandoned": "count",
    "agents": "count",
    "talk_s": "seconds",
    "effective_talk_s": "seconds",
    "avg_effective_talk_s": "seconds",
    "revenue": "money",
    "cost_per_lead": "money",
    "avg_order_value": "money",
}


def unit_of(metric: str) -> str:
    return UNITS.get(metric, "ratio")


# ---------------------------------------------------------------------------------------------------------
# What the generator records: the golden file of one layout.
# ---------------------------------------------------------------------------------------------------------


def plain(value: Decimal | int) -> str:
    """A decimal written without exponent or trailing zeros: 12000, 0.456."""
    d = Decimal(value)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


@dataclass(frozen=True)
class Scope:
    period: str
    campaign: str | None = None
    agent: str | None = None
    total: bool = False

    def as_dict(self) -> dict[str, str | None]:
        return {"campaign": self.campaign, "agent_id": self.agent, "period": self.period}


@dataclass
class Layout:
    name: str
    file: str
    description: str
    claims: list[dict[str, Any]] = field(default_factory=list)
    negated: list[dict[str, Any]] = field(default_factory=list)
    inconsistencies: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def claim(self, metric: str, value: Decimal | int, where: str, scope: Scope, label: str, printed: str) -> None:
        entry: dict[str, Any] = {
            "metric": metric,
            "value": plain(value),
            "unit": unit_of(metric),
            "where": where,
            "scope": scope.as_dict(),
        }
        if scope.total:
            entry["total"] = True
        entry["label"] = label
        entry["printed"] = printed
        self.claims.append(entry)

    def negate(self, not_metric: str, value: Decimal | int, where: str, scope: Scope, label: str, printed: str) -> None:
        self.negated.append(
            {
                "label": label,
                "printed": printed,
                "value": plain(value),
                "where": where,
                "scope": scope.as_dict(),
                "not_metric": not_metric,
                "note": f"the complement of {not_metric}: not a claim of {not_metric}",
            }
        )

    def inconsistent(self, kind: str, table: str, row: str, column: str, where: str, what: str, **extra: str) -> None:
        self.inconsistencies.append(
            {"kind": kind, "table": table, "row": row, "column": column, "where": where, "what": what, **extra}
        )

    def target(self, metric: str, value: Decimal, comparator: str, where: str, printed: str) -> None:
        self.targets.append(
            {"metric": metric, "value": plain(value), "comparator": comparator, "where": where, "printed": printed}
        )

    def golden(self) -> dict[str, Any]:
        return {
            "layout": self.name,
            "file": self.file,
            "description": self.description,
            "claims": self.claims,
            "negated": self.negated,
            "expected_inconsistencies": self.inconsistencies,
            "targets": self.targets,
            "unmatched": self.unmatched,
        }


# ---------------------------------------------------------------------------------------------------------
# Figures: the funnel behind a scope, and how one figure is shown and read.
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Funnel:
    dials: int
    connected: int
    effective: int
    intents: int
    conversions: int
    talk_s: int
    complaints: int
    opt_outs: int
    valid_numbers: int
    unique_numbers: int

    def __add__(self, other: Funnel) -> Funnel:
        return Funnel(*(a + b for a, b in zip(self.__dict__.values(), other.__dict__.values(), strict=True)))

    @property
    def not_connected(self) -> int:
        return self.dials - self.connected


def draw_funnel(rng: random.Random, low: int, high: int, connect: tuple[float, float] = (0.33, 0.58)) -> Funnel:
    dials = rng.randint(low, high)
    connected = round(dials * rng.uniform(*connect))
    effective = round(connected * rng.uniform(0.45, 0.78))
    intents = round(effective * rng.uniform(0.12, 0.3))
    conversions = max(1, round(intents * rng.uniform(0.25, 0.6)))
    talk_s = connected * rng.randint(75, 185) + rng.randint(0, connected)
    unique = round(dials * rng.uniform(0.7, 0.85))
    valid = round(unique * rng.uniform(0.78, 0.92))
    return Funnel(
        dials,
        connected,
        effective,
        intents,
        conversions,
        talk_s,
        rng.randint(0, max(1, connected // 400)),
        rng.randint(connected // 90, connected // 35),
        valid,
        unique,
    )


def total_of(funnels: Sequence[Funnel]) -> Funnel:
    out = funnels[0]
    for f in funnels[1:]:
        out = out + f
    return out


def pct(num: int, den: int, places: int = 1) -> Decimal:
    """num/den as a percentage rounded half-up to `places` decimals, as printed."""
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def avg_seconds(total: int, count: int) -> int:
    return int((Decimal(total) / Decimal(count)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Style:
    """How a vendor writes numbers: thousands separator, decimal point, space before %."""

    thousands: str = ","
    point: str = "."
    pct_space: str = ""


EN = Style()
RU = Style(thousands="\u00a0", point=",", pct_space=" ")
RU_PLAIN = Style(thousands=" ", point=",", pct_space="")
PT = Style(thousands=".", point=",", pct_space=" ")
ES = Style(thousands=".", point=",", pct_space=" ")
ZH = Style()
PLAIN = Style(thousands="")  # counts with no grouping, as legacy exports print them


def count_text(n: int, st: Style) -> str:
    return f"{n:,}".replace(",", st.thousands)


def dec_text(d: Decimal, st: Style) -> str:
    return format(d, "f").replace(".", st.point)


def pct_text(p: Decimal, st: Style) -> str:
    return dec_text(p, st) + st.pct_space + "%"


def mmss(s: int) -> str:
    return f"{s // 60:02d}:{s % 60:02d}"


def m_ss(s: int) -> str:
    return f"{s // 60}:{s % 60:02d}"


def hhmmss(s: int) -> str:
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def zh_dur(s: int) -> str:
    return f"{s // 60}分{s % 60:02d}秒" if s >= 60 else f"{s}秒"


@dataclass(frozen=True)
class Fig:
    """One printed figure: what the cell holds, what a reader sees, and the value a human reads off it."""

    shown: Any
    printed: str
    value: Decimal | int | None
    number_format: str | None = None


def count_fig(n: int, st: Style = EN, numeric: bool = True) -> Fig:
    text = count_text(n, st)
    return Fig(n if numeric else text, text, n, "#,##0" if numeric else None)


def pct_fig(num: int, den: int, st: Style = EN, places: int = 1, numeric: bool = False, bare: bool = False) -> Fig:
    """A rate as printed. numeric: an Excel number with a % format; bare: the digits without the % sign."""
    p = pct(num, den, places)
    value = p / 100
    if numeric:
        fmt = "0%" if places == 0 else "0." + "0" * places + "%"
        return Fig(float(value), f"{p}%", value, fmt)
    text = dec_text(p, st) if bare else pct_text(p, st)
    return Fig(text, text, value)


def ratio_fig(num: int, den: int, places: int = 3, st: Style = EN) -> Fig:
    """A rate printed as a decimal fraction (0.031), the way dialler exports print Sets/Dial."""
    v = (Decimal(num) / Decimal(den)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = dec_text(v, st)
    return Fig(text, text, v)


def dur_fig(seconds: int, kind: str) -> Fig:
    """A duration as printed: mm:ss, m:ss, hh:mm:ss, 2分30秒, bare seconds, or an Excel time cell."""
    if kind == "excel_mmss":
        return Fig(dt.timedelta(seconds=seconds), mmss(seconds), seconds, "mm:ss")
    if kind == "excel_hms":
        return Fig(dt.timedelta(seconds=seconds), hhmmss(seconds), seconds, "[h]:mm:ss")
    text = {"mmss": mmss, "m_ss": m_ss, "hms": hhmmss, "zh": zh_dur, "sec": lambda s: f"{s:,}"}[kind](seconds)
    return Fig(text, text, seconds)


# A column of a metric table: its header (one line, or lines that wrap), the metric a human reads under it
# (None: not a metric), or the metric it is the complement of (negated), and how the figure is built.
Build = Callable[[Funnel], Fig]


@dataclass(frozen=True)
class Col:
    head: tuple[str, ...]
    build: Build
    metric: str | None = None
    negated: str | None = None

    @property
    def label(self) -> str:
        return " ".join(self.head)


def col(head: str | tuple[str, ...], build: Build, metric: str | None = None, negated: str | None = None) -> Col:
    return Col((head,) if isinstance(head, str) else head, build, metric, negated)


@dataclass(frozen=True)
class Row:
    label: str
    scope: Scope
    funnel: Funnel
    overrides: dict[int, Fig] = field(default_factory=dict)  # column index -> a figure that is not the funnel's


def record(layout: Layout, c: Col, fig: Fig, where: str, scope: Scope) -> None:
    if fig.value is None:
        return
    if c.metric is not None:
        layout.claim(c.metric, fig.value, where, scope, c.label, fig.printed)
    elif c.negated is not None:
        layout.negate(c.negated, fig.value, where, scope, c.label, fig.printed)


def figures(cols: Sequence[Col], row: Row) -> list[Fig]:
    return [row.overrides.get(i, c.build(row.funnel)) for i, c in enumerate(cols)]


# ---------------------------------------------------------------------------------------------------------
# Writers: XLSX (openpyxl), XLS (xlwt, optionally GBK text under a wrong or missing codepage), PDF (reportlab).
# ---------------------------------------------------------------------------------------------------------


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "report-builder"
    wb.properties.created = FIXED_TIME
    return wb


def save_xlsx(wb: Workbook, path: Path) -> None:
    """Save, then rewrite the zip with fixed entry times and a fixed modified date, so the bytes repeat."""
    wb.save(path)
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            dst.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


def xl_put(ws: Worksheet, row: int, column: int, fig: Fig | str | int | float | None, bold: bool = False) -> str:
    cell = ws.cell(row=row, column=column)
    if isinstance(fig, Fig):
        cell.value = fig.shown
        if fig.number_format:
            cell.number_format = fig.number_format
    else:
        cell.value = fig
    if bold:
        cell.font = Font(bold=True)
    return f"{ws.title}!{cell.coordinate}"


def xlsx_metric_columns(
    layout: Layout,
    ws: Worksheet,
    top: int,
    cols: Sequence[Col],
    rows: Sequence[Row],
    first_head: str,
    wrap_heads: bool = False,
    left: int = 1,
) -> dict[tuple[int, int], str]:
    """A table with the metrics across the header and one scope per row; returns (row i, col j) -> where."""
    xl_put(ws, top, left, first_head, bold=True)
    for j, c in enumerate(cols):
        text = "\n".join(c.head) if wrap_heads else c.label
        xl_put(ws, top, left + 1 + j, text, bold=True)
        if wrap_heads:
            ws.cell(row=top, column=left + 1 + j).alignment = Alignment(wrap_text=True, horizontal="center")
    places: dict[tuple[int, int], str] = {}
    for i, r in enumerate(rows):
        xl_put(ws, top + 1 + i, left, r.label, bold=r.scope.total)
        for j, (c, fig) in enumerate(zip(cols, figures(cols, r), strict=True)):
            where = xl_put(ws, top + 1 + i, left + 1 + j, fig, bold=r.scope.total)
            record(layout, c, fig, where, r.scope)
            places[(i, j)] = where
    for j in range(len(cols) + 1):
        ws.column_dimensions[get_column_letter(left + j)].width = 16 if j else 24
    return places


def xlsx_metric_rows(
    layout: Layout,
    ws: Worksheet,
    top: int,
    cols: Sequence[Col],
    scopes: Sequence[Row],
    first_head: str,
    scope_heads: Sequence[str],
) -> dict[tuple[int, int], str]:
    """The transpose: one metric per row, one scope per column; returns (scope i, metric j) -> where."""
    xl_put(ws, top, 1, first_head, bold=True)
    for i, head in enumerate(scope_heads):
        xl_put(ws, top, 2 + i, head, bold=True)
    places: dict[tuple[int, int], str] = {}
    for j, c in enumerate(cols):
        xl_put(ws, top + 1 + j, 1, c.label)
        for i, r in enumerate(scopes):
            fig = r.overrides.get(j, c.build(r.funnel))
            where = xl_put(ws, top + 1 + j, 2 + i, fig, bold=r.scope.total)
            record(layout, c, fig, where, r.scope)
            places[(i, j)] = where
    ws.column_dimensions["A"].width = 34
    for i in range(len(scopes)):
        ws.column_dimensions[get_column_letter(2 + i)].width = 18
    return places


class Cp1252Workbook(xlwt.Workbook):  # type: ignore[misc]
    """xlwt writes CODEPAGE 1200 (UTF-16); this one says 1252, as the ccms_vicidial_cn exports do."""

    def _Workbook__codepage_rec(self) -> bytes:
        return struct.pack("<HHH", 0x0042, 2, 1252)


class NoCodepageWorkbook(xlwt.Workbook):  # type: ignore[misc]
    """A BIFF8 workbook with no CODEPAGE record at all."""

    def _Workbook__codepage_rec(self) -> bytes:
        return b""


def gbk_bytes(text: str) -> str:
    """Chinese text as GBK bytes smuggled through xlwt's 8-bit (compressed) string form."""
    return text.encode("gbk").decode("latin-1")


def xls_fig(fig: Fig) -> Fig:
    """A number in a legacy sheet has no number format: it shows as plain digits (5700, not 5,700)."""
    return replace(fig, printed=str(fig.shown)) if isinstance(fig.shown, int) else fig


def xls_where(sheet: str, row: int, column: int) -> str:
    return f"{sheet}!{get_column_letter(column + 1)}{row + 1}"


# PDF --------------------------------------------------------------------------------------------------------

_FONTS_READY = False
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def fonts() -> None:
    """Helvetica for Latin text, DejaVu Sans for Cyrillic and Portuguese/Spanish accents, STSong-Light for Chinese."""
    global _FONTS_READY
    if _FONTS_READY:
        return
    for name, file in (("DejaVu", "DejaVuSans.ttf"), ("DejaVu-Bold", "DejaVuSans-Bold.ttf")):
        path = DEJAVU / file
        if not path.is_file():
            sys.exit(f"blind_report_layouts: the font {path} is needed for Cyrillic PDFs (apt-get install fonts-dejavu-core)")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    _FONTS_READY = True


@dataclass(frozen=True)
class PdfCol:
    """An unruled column: its header lines, the x range it occupies, and how the header sits over the numbers."""

    col: Col
    left: float
    right: float
    head_align: str = "centre"  # centre | left | right


class UnruledPdf:
    """A canvas that draws unruled tables: header words centred or left over right-aligned numbers."""

    def __init__(self, path: Path, font: str, size: float = 8.5, page: tuple[float, float] = A4) -> None:
        fonts()
        self.canvas = Canvas(str(path), pagesize=page, invariant=1)
        self.font, self.size, self.page_size = font, size, page
        self.page = 1
        self.canvas.setFont(font, size)

    def text(self, x: float, y: float, s: str, size: float | None = None, align: str = "left") -> None:
        self.canvas.setFont(self.font, size or self.size)
        draw = {"left": self.canvas.drawString, "right": self.canvas.drawRightString, "centre": self.canvas.drawCentredString}
        draw[align](x, y, s)
        self.canvas.setFont(self.font, self.size)

    def new_page(self) -> None:
        self.canvas.showPage()
        self.page += 1
        self.canvas.setFont(self.font, self.size)

    def header(self, cols: Sequence[PdfCol], first: tuple[str, float], y: float, line: float, valign: str = "bottom") -> float:
        depth = max(len(c.col.head) for c in cols)
        self.text(first[1], y - (depth - 1) * line if valign == "bottom" else y, first[0])
        for c in cols:
            offset = depth - len(c.col.head) if valign == "bottom" else 0
            for k, part in enumerate(c.col.head):
                yy = y - (offset + k) * line
                if c.head_align == "centre":
                    self.text((c.left + c.right) / 2, yy, part, align="centre")
                elif c.head_align == "left":
                    self.text(c.left, yy, part)
                else:
                    self.text(c.right, yy, part, align="right")
        return y - depth * line - 4

    def rows(
        self,
        layout: Layout,
        cols: Sequence[PdfCol],
        rows: Sequence[Row],
        first_x: float,
        y: float,
        line: float,
        bottom: float = 60,
        on_new_page: Callable[[], float] | None = None,
    ) -> float:
        for r in rows:
            if y < bottom and on_new_page is not None:
                self.new_page()
                y = on_new_page()
            self.text(first_x, y, r.label)
            for c, fig in zip(cols, figures([c.col for c in cols], r), strict=True):
                self.text(c.right, y, fig.printed, align="right")
                record(layout, c.col, fig, f"p.{self.page}", r.scope)
            y -= line
        return y

    def save(self) -> None:
        self.canvas.save()


def paragraph_style(font: str, size: float = 9.5, cjk: bool = False) -> ParagraphStyle:
    return ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.45, wordWrap="CJK" if cjk else None)


def ruled_table(data: list[list[str]], font: str, widths: Sequence[float] | None = None) -> Table:
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return t


def build_pdf(path: Path, story: list[Any], page: tuple[float, float] = A4) -> None:
    fonts()
    doc = SimpleDocTemplate(
        str(path), pagesize=page, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm, bottomMargin=18 * mm, invariant=1
    )
    doc.build(story)


# ---------------------------------------------------------------------------------------------------------
# Column sets used by several layouts.
# ---------------------------------------------------------------------------------------------------------


def dials(st: Style = EN, numeric: bool = True) -> Build:
    return lambda f: count_fig(f.dials, st, numeric)


def connected(st: Style = EN, numeric: bool = True) -> Build:
    return lambda f: count_fig(f.connected, st, numeric)


def not_connected(st: Style = EN, numeric: bool = True) -> Build:
    return lambda f: count_fig(f.not_connected, st, numeric)


def effective(st: Style = EN, numeric: bool = True) -> Build:
    return lambda f: count_fig(f.effective, st, numeric)


def conversions(st: Style = EN, numeric: bool = True) -> Build:
    return lambda f: count_fig(f.conversions, st, numeric)


def intents(st: Style = EN, numeric: bool = True) -> Build:
    return lambda f: count_fig(f.intents, st, numeric)


def connect_rate(st: Style = EN, **kw: Any) -> Build:
    return lambda f: pct_fig(f.connected, f.dials, st, **kw)


def not_connected_rate(st: Style = EN, **kw: Any) -> Build:
    return lambda f: pct_fig(f.not_connected, f.dials, st, **kw)


def conv_per_effective(st: Style = EN, **kw: Any) -> Build:
    return lambda f: pct_fig(f.conversions, f.effective, st, **kw)


def avg_talk(kind: str) -> Build:
    return lambda f: dur_fig(avg_seconds(f.talk_s, f.connected), kind)


def talk_total(kind: str) -> Build:
    return lambda f: dur_fig(f.talk_s, kind)


def nothing(text: str) -> Build:
    return lambda f: Fig(text, text, None)


# ---------------------------------------------------------------------------------------------------------
# The layouts.
# ---------------------------------------------------------------------------------------------------------


def en_xlsx_campaign_words(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "en_xlsx_campaign_words",
        "report.xlsx",
        "English monthly campaign summary: campaigns whose names hold metric words (Wealth Leads, Sales Team B, "
        "Conversion Drive, Connect Plus Renewals) in the first column of a metrics-as-columns table; synonyms "
        "(Calls placed, Effective conversations, Closed sales, Conv./Contact); a negated Unanswered column; "
        "avg talk as an Excel mm:ss time; a Grand total whose Closed sales is not the sum of its rows.",
    )
    period = "2026-11"
    names = ["Wealth Leads", "Sales Team B", "Conversion Drive", "Connect Plus Renewals", "Retention Calls Q4"]
    funnels = [draw_funnel(rng, 2500, 9000) for _ in names]
    total = total_of(funnels)
    cols = [
        col("Calls placed", dials(), "total_dials"),
        col("Connected", connected(), "connected"),
        col("Unanswered", not_connected(), negated="connected"),
        col("Connect %", connect_rate(numeric=True), "connect_rate"),
        col("Effective conversations", effective(), "effective_contacts"),
        col("Closed sales", conversions(), "conversions"),
        col("Conv./Contact", conv_per_effective(numeric=True), "conversion_rate"),
        col("Avg talk time (mm:ss)", avg_talk("excel_mmss"), "avg_effective_talk_s"),
    ]
    planted = total.conversions + 14
    rows = [Row(n, Scope(period, campaign=n), f) for n, f in zip(names, funnels, strict=True)]
    rows.append(Row("Grand total", Scope(period, total=True), total, {5: count_fig(planted)}))
    wb = new_workbook()
    ws = wb.active
    ws.title = "Campaign summary"
    ws["A1"] = "Outbound Performance Report - November 2026"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Client: Northbridge Financial    Vendor: Callvista BPO Services    Issued: 03 Dec 2026"
    places = xlsx_metric_columns(lay, ws, 4, cols, rows, "Campaign")
    ws["A11"] = "Connect % = Connected / Calls placed.  Conv./Contact = Closed sales / Effective conversations (talk >= 30 s)."
    ws["A12"] = "Target: connect rate of at least 40% on every campaign."
    lay.target("connect_rate", Decimal("0.40"), ">=", "Campaign summary!A12", "at least 40%")
    lay.inconsistent(
        "total_not_sum",
        "Campaign summary",
        "Grand total",
        "Closed sales",
        places[(len(rows) - 1, 5)],
        f"Grand total of Closed sales is {planted}; its rows add up to {total.conversions}",
        printed=str(planted),
        sum_of_rows=str(total.conversions),
    )
    save_xlsx(wb, folder / lay.file)
    return lay


EN_AGENTS = [
    "Rivera, Ana",
    "Okafor, James",
    "Li, Wei",
    "Smith, Tom",
    "Nair, Priya",
    "Mendes, Carlos",
    "Kim, Grace",
    "O'Brien, Daniel",
    "Khan, Fatima",
    "Evans, Mark",
]


def en_xlsx_agent_sets(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "en_xlsx_agent_sets",
        "report.xlsx",
        "English weekly agent summary of one campaign (dialler-export style): first column holds agent names "
        "('Rivera, Ana'); Dials, Contacts, Sets, Sets/Dial printed as a decimal fraction (a rate, not a count), "
        "Sets/Contact as a percentage, Talk Time as hh:mm:ss text, a negated Missed column, non-metric Login "
        "Hours and Sets/Hr; US dates in the header.",
    )
    period = "2026-11-02..2026-11-08"
    campaign = "Wealth Leads"
    agents = EN_AGENTS[:8]
    funnels = [draw_funnel(rng, 380, 720, (0.25, 0.45)) for _ in agents]
    total = total_of(funnels)
    hours = [Decimal(rng.randint(300, 400)) / 10 for _ in agents]
    cols = [
        col("Dials", dials(), "total_dials"),
        col("Contacts", connected(), "connected"),
        col("Sets", conversions(), "conversions"),
        col("Sets/Dial", lambda f: ratio_fig(f.conversions, f.dials), "conversion_rate"),
        col("Sets/Contact", lambda f: pct_fig(f.conversions, f.connected), "conversion_rate"),
        col("Talk Time", talk_total("hms"), "talk_s"),
        col("Missed", not_connected(), negated="connected"),
    ]
    wb = new_workbook()
    ws = wb.active
    ws.title = "Agent Summary"
    ws["A1"] = "Agent Summary Report"
    ws["A2"] = f"Campaign: {campaign}"
    ws["A3"] = "Date range: 11/02/2026 - 11/08/2026"
    rows = [Row(a, Scope(period, campaign=campaign, agent=a), f) for a, f in zip(agents, funnels, strict=True)]
    rows.append(Row("Totals", Scope(period, campaign=campaign, total=True), total))
    xlsx_metric_columns(lay, ws, 5, cols, rows, "Agent Name")
    # Non-metric columns to the right: login hours and sets per hour.
    xl_put(ws, 5, 9, "Login Hours", bold=True)
    xl_put(ws, 5, 10, "Sets/Hr", bold=True)
    for i, (f, h) in enumerate(zip(funnels, hours, strict=True)):
        ws.cell(row=6 + i, column=9, value=float(h))
        ws.cell(row=6 + i, column=10, value=float((Decimal(f.conversions) / h).quantize(Decimal("0.01"))))
    lay.unmatched += ["Login Hours", "Sets/Hr"]
    save_xlsx(wb, folder / lay.file)
    return lay


ZH_CAMPAIGNS = ["接通专项", "成交冲刺计划", "意向客户回访", "信用卡分期推广"]


def zh_xlsx_monthly_mom(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "zh_xlsx_monthly_mom",
        "report.xlsx",
        "Chinese monthly report: a summary sheet with metrics as rows and 本月 / 上月 / 环比 columns (上月 is a "
        "claim for the previous month, 环比 is not a claim), synonyms 本期累计拨打, 有效沟通量, 成交, a negated "
        "呼出未接通 row, 2分30秒 durations, a one-line prose summary with 约1.3万; a second sheet by campaign "
        "(接通专项, 成交冲刺计划 ...) whose 成交占比 share column adds up to more than 100 %, and a task "
        "completion rate of 103.5 %.",
    )
    cur, prev = "2026-11", "2026-10"
    funnels = [draw_funnel(rng, 2600, 4200) for _ in ZH_CAMPAIGNS]
    month = total_of(funnels)
    last = draw_funnel(rng, 11000, 12500)
    wb = new_workbook()
    ws = wb.active
    ws.title = "月报汇总"
    ws["A1"] = "星呼通信外呼服务月度报告（2026年11月）"
    ws["A1"].font = Font(bold=True, size=14)
    approx = (Decimal(month.dials) / 10000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    cr = pct(month.connected, month.dials)
    ws["A2"] = f"摘要：本月累计外呼约{approx}万通，接通率{cr}%，成交{month.conversions}单，整体运营平稳。"
    s = Scope(cur)
    lay.claim("total_dials", approx * 10000, "月报汇总!A2", s, "累计外呼", f"约{approx}万通")
    lay.claim("connect_rate", cr / 100, "月报汇总!A2", s, "接通率", f"{cr}%")
    lay.claim("conversions", month.conversions, "月报汇总!A2", s, "成交", f"{month.conversions}单")
    for c, head in enumerate(["指标", "本月", "上月", "环比"], start=1):
        xl_put(ws, 4, c, head, bold=True)

    def change(a: Decimal | int, b: Decimal | int) -> str:
        return f"{(Decimal(a) - Decimal(b)) * 100 / Decimal(b):+.1f}%" if b else "-"

    task_now, task_prev = Decimal("103.5"), Decimal("98.2")
    metric_rows: list[tuple[str, str | None, str | None, Callable[[Funnel], Fig]]] = [
        ("本期累计拨打", "total_dials", None, lambda f: count_fig(f.dials)),
        ("号码有效率", "valid_number_rate", None, lambda f: pct_fig(f.valid_numbers, f.unique_numbers, numeric=True)),
        ("接通量", "connected", None, lambda f: count_fig(f.connected)),
        ("呼出未接通", None, "connected", lambda f: count_fig(f.not_connected)),
        ("接通率", "connect_rate", None, lambda f: pct_fig(f.connected, f.dials, numeric=True)),
        ("有效沟通量", "effective_contacts", None, lambda f: count_fig(f.effective)),
        ("有效沟通率", "effective_connect_rate", None, lambda f: pct_fig(f.effective, f.connected, numeric=True)),
        ("意向客户数", "intents", None, lambda f: count_fig(f.intents)),
        ("成交", "conversions", None, lambda f: count_fig(f.conversions)),
        ("成交转化率", "conversion_rate", None, lambda f: pct_fig(f.conversions, f.effective, numeric=True)),
        ("平均通话时长", "avg_effective_talk_s", None, lambda f: dur_fig(avg_seconds(f.talk_s, f.connected), "zh")),
        ("投诉量", "complaints", None, lambda f: count_fig(f.complaints)),
    ]
    r = 5
    for label, metric, neg, build in metric_rows:
        xl_put(ws, r, 1, label)
        figs = []
        for c, (f, period) in enumerate(((month, cur), (last, prev)), start=2):
            fig = build(f)
            where = xl_put(ws, r, c, fig)
            record(lay, Col((label,), build, metric, neg), fig, where, Scope(period))
            figs.append(fig)
        a, b = figs[0].value, figs[1].value
        xl_put(ws, r, 4, change(a, b) if a is not None and b is not None else "-")
        r += 1
    xl_put(ws, r, 1, "外呼任务完成率")
    w1 = xl_put(ws, r, 2, f"{task_now}%")
    w2 = xl_put(ws, r, 3, f"{task_prev}%")
    xl_put(ws, r, 4, f"{task_now - task_prev:+.1f}pt")
    lay.claim("task_completion_rate", task_now / 100, w1, Scope(cur), "外呼任务完成率", f"{task_now}%")
    lay.claim("task_completion_rate", task_prev / 100, w2, Scope(prev), "外呼任务完成率", f"{task_prev}%")
    lay.inconsistent(
        "percentage_above_100",
        "月报汇总",
        "外呼任务完成率",
        "本月",
        w1,
        f"a completion rate of {task_now}% (numbers dialled / numbers in the list) cannot exceed 100 %",
        printed=f"{task_now}%",
    )
    r += 1
    xl_put(ws, r, 1, "坐席出勤率")
    xl_put(ws, r, 2, "96.0%")
    xl_put(ws, r, 3, "95.1%")
    lay.unmatched.append("坐席出勤率")
    ws.column_dimensions["A"].width = 22

    # Second sheet: by campaign, campaign names that hold metric words; the share column adds up to 103 %.
    ws2 = wb.create_sheet("分项目明细")
    ws2["A1"] = "分项目数据（2026年11月）"
    cols = [
        col("拨打量", dials(), "total_dials"),
        col("接通量", connected(), "connected"),
        col("未接通", not_connected(), negated="connected"),
        col("接通率", connect_rate(numeric=True), "connect_rate"),
        col("有效沟通", effective(), "effective_contacts"),
        col("成交量", conversions(), "conversions"),
        col("成交占比", lambda f: Fig(0, "", None)),
    ]
    shares = [pct(f.conversions, month.conversions) for f in funnels]
    shares[1] += 3
    rows = [
        Row(n, Scope(cur, campaign=n), f, {6: Fig(float(sh / 100), f"{sh}%", None, "0.0%")})
        for n, f, sh in zip(ZH_CAMPAIGNS, funnels, shares, strict=True)
    ]
    rows.append(Row("合计", Scope(cur, total=True), month, {6: Fig(1.0, "100.0%", None, "0.0%")}))
    places = xlsx_metric_columns(lay, ws2, 3, cols, rows, "项目名称")
    column = places[(0, 6)].split("!")[1].rstrip("0123456789")
    lay.inconsistent(
        "shares_not_100",
        "分项目明细",
        "rows 接通专项 .. 信用卡分期推广",
        "成交占比",
        f"分项目明细!{column}4:{column}{3 + len(ZH_CAMPAIGNS)}",
        f"the campaign shares of 成交 add up to {sum(shares)}%, not 100 % (成交冲刺计划 printed 3 points too high)",
        printed=f"{sum(shares)}%",
    )
    save_xlsx(wb, folder / lay.file)
    return lay


ZH_AGENTS = [("8001", "张伟"), ("8002", "李娜"), ("8003", "王芳"), ("8005", "刘洋"), ("8007", "陈静"), ("8011", "赵磊")]


def zh_xls_gbk_cp1252(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "zh_xls_gbk_cp1252",
        "report.xls",
        "Legacy BIFF8 .xls agent talk report from a Chinese VICIdial front-end: CODEPAGE says 1252 but every "
        "string (sheet name included) is GBK bytes; first column 工号 gives agent scope; numbers and rates "
        "stored as text (45%), durations as HH:MM:SS text; a negated 呼出未接通 column; a 合计 row whose "
        "呼出总计 is not the sum of its rows.",
    )
    period = "2026-12"
    sheet = "坐席话务统计"
    funnels = [draw_funnel(rng, 300, 900) for _ in ZH_AGENTS]
    total = total_of(funnels)
    cols = [
        col("呼出总计", lambda f: count_fig(f.dials, PLAIN, numeric=False), "total_dials"),
        col("呼出接通", lambda f: count_fig(f.connected, PLAIN, numeric=False), "connected"),
        col("呼出未接通", lambda f: count_fig(f.not_connected, PLAIN, numeric=False), negated="connected"),
        col("接通率", lambda f: pct_fig(f.connected, f.dials, places=0), "connect_rate"),
        col("通话时长", talk_total("hms"), "talk_s"),
        col("平均通话时长", avg_talk("hms"), "avg_effective_talk_s"),
        col("成功", lambda f: count_fig(f.conversions, PLAIN, numeric=False), "conversions"),
    ]
    planted = total.dials - 37
    wb = Cp1252Workbook()
    ws = wb.add_sheet(gbk_bytes(sheet))
    ws.write(0, 0, gbk_bytes("坐席话务统计报表"))
    ws.write(1, 0, gbk_bytes("统计日期：2026-12-01 至 2026-12-31"))
    heads = ["工号", "姓名", *[c.label for c in cols]]
    for j, h in enumerate(heads):
        ws.write(3, j, gbk_bytes(h))
    rows = [Row(no, Scope(period, agent=no), f) for (no, _), f in zip(ZH_AGENTS, funnels, strict=True)] + [
        Row("合计", Scope(period, total=True), total, {0: count_fig(planted, PLAIN, numeric=False)})
    ]
    names = [n for _, n in ZH_AGENTS] + [""]
    for i, (r, name) in enumerate(zip(rows, names, strict=True)):
        ws.write(4 + i, 0, gbk_bytes(r.label))
        ws.write(4 + i, 1, gbk_bytes(name))
        for j, (c, fig) in enumerate(zip(cols, figures(cols, r), strict=True)):
            ws.write(4 + i, 2 + j, gbk_bytes(str(fig.shown)))
            record(lay, c, fig, xls_where(sheet, 4 + i, 2 + j), r.scope)
    lay.inconsistent(
        "total_not_sum",
        sheet,
        "合计",
        "呼出总计",
        xls_where(sheet, 4 + len(ZH_AGENTS), 2),
        f"合计 呼出总计 is {planted}; the agents' rows add up to {total.dials}",
        printed=str(planted),
        sum_of_rows=str(total.dials),
    )
    wb.save(str(folder / lay.file))
    return lay


RU_AGENTS = ["Иванова Татьяна", "Петров Сергей", "Смирнова Ольга", "Кузнецов Андрей", "Попова Марина", "Соколов Дмитрий"]


def ru_xlsx_operators(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "ru_xlsx_operators",
        "report.xlsx",
        "Russian monthly operator report: merged title with the month, a personnel-number column (Таб. №, "
        "not a metric), a row of written column definitions under the header, comma-decimal text rates without "
        "a % sign under 'Доля дозвонов, %', m:ss average talk, a negated Не дозвонились column, "
        "Результативные разговоры and Продажи; an Итого row whose Дозвонились is one more than its rows.",
    )
    period = "2026-11"
    funnels = [draw_funnel(rng, 700, 1500) for _ in RU_AGENTS]
    total = total_of(funnels)
    cols = [
        col("Кол-во звонков", dials(RU), "total_dials"),
        col("Дозвонились", connected(RU), "connected"),
        col("Не дозвонились", not_connected(RU), negated="connected"),
        col("Доля дозвонов, %", connect_rate(RU, bare=True), "connect_rate"),
        col("Результативные разговоры", effective(RU), "effective_contacts"),
        col("Продажи", conversions(RU), "conversions"),
        col("Конверсия, %", conv_per_effective(RU, bare=True), "conversion_rate"),
        col("Ср. время разговора", avg_talk("m_ss"), "avg_effective_talk_s"),
    ]
    wb = new_workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws["A1"] = "Отчет по операторам за ноябрь 2026 г."
    ws.merge_cells("A1:J1")
    ws["A1"].alignment = Alignment(horizontal="center")
    xl_put(ws, 3, 1, "Оператор", bold=True)
    xl_put(ws, 3, 2, "Таб. №", bold=True)
    for j, c in enumerate(cols):
        xl_put(ws, 3, 3 + j, c.label, bold=True)
    defs = [
        "",
        "",
        "все исходящие звонки за период",
        "состоялся разговор с абонентом",
        "нет ответа, занято, сброс",
        "Дозвонились / Кол-во звонков * 100",
        "разговор дольше 30 сек",
        "оформленные полисы",
        "Продажи / Результативные * 100",
        "мм:сс",
    ]
    for j, d in enumerate(defs):
        ws.cell(row=4, column=1 + j, value=d or None)
    planted = total.connected + 1
    rows = [Row(a, Scope(period, agent=a), f) for a, f in zip(RU_AGENTS, funnels, strict=True)]
    rows.append(Row("Итого", Scope(period, total=True), total, {1: count_fig(planted)}))
    for i, r in enumerate(rows):
        xl_put(ws, 5 + i, 1, r.label, bold=r.scope.total)
        if not r.scope.total:
            ws.cell(row=5 + i, column=2, value=1040 + 7 * i)
        for j, (c, fig) in enumerate(zip(cols, figures(cols, r), strict=True)):
            where = xl_put(ws, 5 + i, 3 + j, fig, bold=r.scope.total)
            record(lay, c, fig, where, r.scope)
    ws.column_dimensions["A"].width = 22
    lay.inconsistent(
        "total_not_sum",
        "Лист1",
        "Итого",
        "Дозвонились",
        f"Лист1!D{5 + len(RU_AGENTS)}",
        f"Итого Дозвонились is {planted}; the operators' rows add up to {total.connected}",
        printed=str(planted),
        sum_of_rows=str(total.connected),
    )
    save_xlsx(wb, folder / lay.file)
    return lay


RU_CAMPAIGNS = ["Конверсия Плюс", "Продажи B2B", "Кредитные карты", "Дозвон должникам"]


def ru_pdf_unruled_wrapped(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "ru_pdf_unruled_wrapped",
        "report.pdf",
        "Russian monthly campaign PDF, unruled: header words centred over right-aligned numbers, headers wrapping "
        "onto two lines (Всего / звонков, Не / дозвонились), units on a second line (Время разговора / (сек)); "
        "campaign names holding metric words (Конверсия Плюс, Продажи B2B, Дозвон должникам); numbers grouped "
        "with no-break spaces; an Итого row; page footer and generation date that are not claims.",
    )
    period = "2026-12"
    funnels = [draw_funnel(rng, 4000, 16000) for _ in RU_CAMPAIGNS]
    total = total_of(funnels)
    cols = [
        col(("Всего", "звонков"), dials(RU, numeric=False), "total_dials"),
        col("Дозвонились", connected(RU, numeric=False), "connected"),
        col(("Не", "дозвонились"), not_connected(RU, numeric=False), negated="connected"),
        col(("Доля", "дозвонов"), connect_rate(RU), "connect_rate"),
        col(("Время разговора", "(сек)"), lambda f: Fig(count_text(f.talk_s, RU), count_text(f.talk_s, RU), f.talk_s), "talk_s"),
        col(("Ср. время", "разговора"), avg_talk("mmss"), "avg_effective_talk_s"),
        col("Продажи", conversions(RU, numeric=False), "conversions"),
    ]
    path = folder / lay.file
    pdf = UnruledPdf(path, "DejaVu", 8.5, landscape(A4))
    pdf.text(40, 550, "Ежемесячный отчёт по исходящим кампаниям", size=14)
    pdf.text(40, 532, "Период: декабрь 2026 г.    Исполнитель: ООО «КонтактЦентр-Сервис»")
    rights = [250, 320, 400, 465, 565, 640, 710]
    widths = [70, 70, 70, 60, 95, 70, 60]
    pcols = [PdfCol(c, r - w, r, "centre") for c, r, w in zip(cols, rights, widths, strict=True)]
    y = pdf.header(pcols, ("Кампания", 40), 500, 11)
    rows = [Row(n, Scope(period, campaign=n), f) for n, f in zip(RU_CAMPAIGNS, funnels, strict=True)]
    rows.append(Row("Итого", Scope(period, total=True), total))
    pdf.rows(lay, pcols, rows, 40, y - 4, 16)
    pdf.text(40, 60, "Сформировано 05.01.2027 10:12")
    pdf.text(800, 40, "Стр. 1 из 1", align="right")
    pdf.save()
    return lay


PT_CAMPAIGNS = ["Vendas Premium", "Conversão Digital", "Retenção Clientes", "Portabilidade"]


def pt_pdf_ruled_narrative(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "pt_pdf_ruled_narrative",
        "report.pdf",
        "Portuguese monthly outbound PDF: a narrative paragraph with figures (chamadas realizadas, atendidas, "
        "vendas fechadas, duração média, não atendidas), then a ruled table by campaign (Chamadas, Atendidas, "
        "% Atendidas, Não Atendidas, % Não Atendidas, Duração média, Vendas) with 1.234 / 45,6 % numbers and "
        "a Total row whose % Não Atendidas is the sum of the row percentages (above 100 %).",
    )
    period = "2026-10"
    funnels = [draw_funnel(rng, 3000, 7000) for _ in PT_CAMPAIGNS]
    total = total_of(funnels)
    s = Scope(period)
    fonts()
    body = paragraph_style("DejaVu")
    avg = avg_seconds(total.talk_s, total.connected)
    cr = pct(total.connected, total.dials)
    text = (
        f"Em outubro de 2026 foram realizadas {count_text(total.dials, PT)} chamadas, das quais "
        f"{count_text(total.connected, PT)} foram atendidas ({pct_text(cr, PT)}). Foram fechadas "
        f"{count_text(total.conversions, PT)} vendas. A duração média das chamadas atendidas foi de "
        f"{avg // 60} min {avg % 60:02d} s. Ficaram por atender {count_text(total.not_connected, PT)} chamadas, "
        "sobretudo no período da manhã."
    )
    lay.claim("total_dials", total.dials, "p.1", s, "chamadas realizadas", count_text(total.dials, PT))
    lay.claim("connected", total.connected, "p.1", s, "atendidas", count_text(total.connected, PT))
    lay.claim("connect_rate", cr / 100, "p.1", s, "atendidas (%)", pct_text(cr, PT))
    lay.claim("conversions", total.conversions, "p.1", s, "vendas fechadas", count_text(total.conversions, PT))
    lay.claim("avg_effective_talk_s", avg, "p.1", s, "duração média", f"{avg // 60} min {avg % 60:02d} s")
    lay.negate("connected", total.not_connected, "p.1", s, "por atender", count_text(total.not_connected, PT))
    cols = [
        col("Chamadas", dials(PT, numeric=False), "total_dials"),
        col("Atendidas", connected(PT, numeric=False), "connected"),
        col("% Atendidas", connect_rate(PT), "connect_rate"),
        col("Não Atendidas", not_connected(PT, numeric=False), negated="connected"),
        col("% Não Atendidas", not_connected_rate(PT), negated="connect_rate"),
        col("Duração média", avg_talk("hms"), "avg_effective_talk_s"),
        col("Vendas", conversions(PT, numeric=False), "conversions"),
    ]
    summed = sum((pct(f.not_connected, f.dials) for f in funnels), Decimal(0))
    rows = [Row(n, Scope(period, campaign=n), f) for n, f in zip(PT_CAMPAIGNS, funnels, strict=True)]
    rows.append(
        Row("Total", Scope(period, total=True), total, {4: Fig(pct_text(summed, PT), pct_text(summed, PT), summed / 100)})
    )
    data = [["Campanha", *[c.label for c in cols]]]
    for r in rows:
        figs = figures(cols, r)
        data.append([r.label, *[f.printed for f in figs]])
        for c, fig in zip(cols, figs, strict=True):
            record(lay, c, fig, "p.1", r.scope)
    lay.inconsistent(
        "percentage_above_100",
        "p.1 campaign table",
        "Total",
        "% Não Atendidas",
        "p.1",
        f"the Total row prints {pct_text(summed, PT)} not answered: the row percentages were added, and a share "
        "of calls cannot exceed 100 %",
        printed=pct_text(summed, PT),
    )
    story = [
        Paragraph("Relatório Mensal — Campanhas Outbound", paragraph_style("DejaVu-Bold", 14)),
        Paragraph("Período: outubro de 2026 · Cliente: Seguradora Atlântico · Operação: Lisboa", body),
        Spacer(1, 8),
        Paragraph(text, body),
        Spacer(1, 10),
        ruled_table(data, "DejaVu"),
        Spacer(1, 8),
        Paragraph("Duração média = tempo de conversação / chamadas atendidas. Relatório gerado em 04/11/2026 08:15.", body),
    ]
    build_pdf(folder / lay.file, story, landscape(A4))
    return lay


def es_xlsx_weeks_rows(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "es_xlsx_weeks_rows",
        "report.xlsx",
        "Spanish monthly management report, metrics as rows and weeks as columns (Semana 1 (01/11-07/11) .. "
        "Total mes): Llamadas realizadas, Llamadas contestadas, No contestadas (negated), Tasa de contacto, "
        "Contactos efectivos, Ventas cerradas, Tasa de conversión, Tiempo medio de conversación (m:ss), Quejas, "
        "Bajas solicitadas; comma-decimal text rates; a target row; the month's Ventas cerradas is not the sum of "
        "its weeks.",
    )
    weeks = [
        ("Semana 1 (01/11-07/11)", "2026-11-01..2026-11-07"),
        ("Semana 2 (08/11-14/11)", "2026-11-08..2026-11-14"),
        ("Semana 3 (15/11-21/11)", "2026-11-15..2026-11-21"),
        ("Semana 4 (22/11-30/11)", "2026-11-22..2026-11-30"),
    ]
    funnels = [draw_funnel(rng, 5000, 8000) for _ in weeks]
    total = total_of(funnels)
    cols = [
        col("Llamadas realizadas", dials(ES), "total_dials"),
        col("Llamadas contestadas", connected(ES), "connected"),
        col("No contestadas", not_connected(ES), negated="connected"),
        col("Tasa de contacto", connect_rate(ES), "connect_rate"),
        col("Contactos efectivos", effective(ES), "effective_contacts"),
        col("Ventas cerradas", conversions(ES), "conversions"),
        col("Tasa de conversión", conv_per_effective(ES), "conversion_rate"),
        col("Tiempo medio de conversación", avg_talk("m_ss"), "avg_effective_talk_s"),
        col("Quejas", lambda f: count_fig(f.complaints), "complaints"),
        col("Bajas solicitadas", lambda f: count_fig(f.opt_outs), "opt_outs"),
    ]
    planted = total.conversions - 9
    scopes = [Row(h, Scope(p), f) for (h, p), f in zip(weeks, funnels, strict=True)]
    scopes.append(Row("Total mes", Scope("2026-11", total=True), total, {5: count_fig(planted)}))
    wb = new_workbook()
    ws = wb.active
    ws.title = "Resumen semanal"
    ws["A1"] = "Informe mensual de gestión - Noviembre 2026"
    ws["A1"].font = Font(bold=True, size=13)
    places = xlsx_metric_rows(lay, ws, 3, cols, scopes, "Indicador", [r.label for r in scopes])
    tr = 4 + len(cols)
    xl_put(ws, tr, 1, "Objetivo tasa de contacto")
    where = xl_put(ws, tr, 6, "≥ 40 %")
    lay.target("connect_rate", Decimal("0.40"), ">=", where, "≥ 40 %")
    ws.cell(row=tr + 2, column=1, value="Tasa de conversión = ventas cerradas / contactos efectivos. Fuente: CRM del proveedor.")
    lay.inconsistent(
        "total_not_sum",
        "Resumen semanal",
        "Ventas cerradas",
        "Total mes",
        places[(len(weeks), 5)],
        f"Total mes of Ventas cerradas is {planted}; the weeks add up to {total.conversions}",
        printed=str(planted),
        sum_of_rows=str(total.conversions),
    )
    save_xlsx(wb, folder / lay.file)
    return lay


def minutes_fig(seconds: int, st: Style) -> Fig:
    """Talk time in minutes to one decimal, grouped the vendor's way (1.234,5): read back as seconds."""
    minutes = (Decimal(seconds) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    whole, frac = divmod(minutes, 1)
    text = count_text(int(whole), st) + st.point + str(int(frac * 10))
    return Fig(text, text, minutes * 60)


def pdf_cols(cols: Sequence[Col], rights: Sequence[float], widths: Sequence[float], align: str = "centre") -> list[PdfCol]:
    return [PdfCol(c, r - w, r, align) for c, r, w in zip(cols, rights, widths, strict=True)]


def shares_override(funnels: Sequence[Funnel], index: int, shift: Decimal, column: int) -> list[dict[int, Fig]]:
    """Per-row share-of-conversions figures (no metric), one of them shifted so the column no longer adds up."""
    whole = sum(f.conversions for f in funnels)
    shares = [pct(f.conversions, whole) for f in funnels]
    shares[index] += shift
    return [{column: Fig(f"{s}%", f"{s}%", None)} for s in shares]


def zh_pdf_unruled_campaigns(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "zh_pdf_unruled_campaigns",
        "report.pdf",
        "Chinese monthly project PDF, unruled: header words left-aligned over right-aligned numbers, two-line "
        "headers (外呼 / 总量, 呼出 / 未接通, 有效 / 沟通量, 平均 / 通话时长); projects named 接通专项, 成交冲刺, "
        "有效沟通提升计划 in the first column; 2分30秒 durations; a 成交占比 share column that adds up to 97.6 %; "
        "a 合计 row and a footnote with a threshold (≥30秒) that is not a claim.",
    )
    period = "2026-09"
    names = ["接通专项", "成交冲刺", "意向客户回访", "有效沟通提升计划", "老客户复购"]
    funnels = [draw_funnel(rng, 2000, 6000) for _ in names]
    total = total_of(funnels)
    cols = [
        col(("外呼", "总量"), dials(ZH, numeric=False), "total_dials"),
        col("接通量", connected(ZH, numeric=False), "connected"),
        col(("呼出", "未接通"), not_connected(ZH, numeric=False), negated="connected"),
        col("接通率", connect_rate(ZH), "connect_rate"),
        col(("有效", "沟通量"), effective(ZH, numeric=False), "effective_contacts"),
        col(("成交", "单数"), conversions(ZH, numeric=False), "conversions"),
        col(("平均", "通话时长"), avg_talk("zh"), "avg_effective_talk_s"),
        col(("成交", "占比"), nothing("")),
    ]
    shares = shares_override(funnels, 2, Decimal("-2.5"), 7)
    rows = [Row(n, Scope(period, campaign=n), f, sh) for n, f, sh in zip(names, funnels, shares, strict=True)]
    rows.append(Row("合计", Scope(period, total=True), total, {7: Fig("100%", "100%", None)}))
    pdf = UnruledPdf(folder / lay.file, "STSong-Light", 9, landscape(A4))
    pdf.text(40, 550, "2026年9月外呼项目运营报表", size=15)
    pdf.text(40, 530, "服务商：华信呼叫中心    报表日期：2026-10-08    单位：通")
    pcols = pdf_cols(cols, [215, 285, 350, 410, 480, 545, 640, 710], [55, 55, 55, 50, 55, 50, 70, 50], "left")
    y = pdf.header(pcols, ("项目名称", 40), 495, 13)
    pdf.rows(lay, pcols, rows, 40, y - 6, 18)
    pdf.text(40, 330, "注：接通率=接通量/外呼总量；有效沟通指通话时长≥30秒的通话；成交占比=项目成交单数/合计成交单数。")
    pdf.save()
    summed = sum(Decimal(sh[7].printed.rstrip("%")) for sh in shares)
    lay.inconsistent(
        "shares_not_100",
        "p.1 project table",
        "rows 接通专项 .. 老客户复购",
        "成交占比",
        "p.1",
        f"the project shares of 成交 add up to {summed}%, not 100 % (意向客户回访 printed 2.5 points low)",
        printed=f"{shares[2][7].printed}",
    )
    return lay


EN_FIRST = ["Ana", "James", "Wei", "Tom", "Priya", "Carlos", "Grace", "Daniel", "Fatima", "Mark", "Olga", "Kwame", "Sara"]
EN_LAST = ["Rivera", "Okafor", "Chen", "Smith", "Nair", "Mendes", "Kim", "O'Brien", "Khan", "Evans"]


def en_pdf_unruled_agents_multipage(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "en_pdf_unruled_agents_multipage",
        "report.pdf",
        "English monthly agent productivity PDF over three pages, unruled, headers repeated on every page: header "
        "words centred and wrapped onto two lines (Calls / placed, No / answer, Talk time / (sec), Avg talk / "
        "(mm:ss), Closed / sales) over right-aligned numbers; agent names in the first column; a negated No answer "
        "column; one agent's connect rate printed at 104.3 %; the Total row on the last page.",
    )
    period = "2026-09"
    agents = [f"{EN_FIRST[i % len(EN_FIRST)]} {EN_LAST[(i * 7) % len(EN_LAST)]}" for i in range(40)]
    agents = list(dict.fromkeys(agents))
    funnels = [draw_funnel(rng, 350, 900, (0.28, 0.55)) for _ in agents]
    total = total_of(funnels)
    cols = [
        col(("Calls", "placed"), dials(EN, numeric=False), "total_dials"),
        col("Connected", connected(EN, numeric=False), "connected"),
        col(("No", "answer"), not_connected(EN, numeric=False), negated="connected"),
        col(("Connect", "rate"), connect_rate(EN), "connect_rate"),
        col(("Talk time", "(sec)"), talk_total("sec"), "talk_s"),
        col(("Avg talk", "(mm:ss)"), avg_talk("mmss"), "avg_effective_talk_s"),
        col(("Closed", "sales"), conversions(EN, numeric=False), "conversions"),
    ]
    odd = 17
    rows = [Row(a, Scope(period, agent=a), f) for a, f in zip(agents, funnels, strict=True)]
    rows[odd] = replace(rows[odd], overrides={3: Fig("104.3%", "104.3%", Decimal("1.043"))})
    rows.append(Row("Total", Scope(period, total=True), total))
    per_page = 16
    pages = -(-len(rows) // per_page)
    pdf = UnruledPdf(folder / lay.file, "Helvetica", 8.5)
    pcols = pdf_cols(cols, [230, 290, 345, 400, 470, 525, 570], [50, 50, 45, 45, 60, 45, 40])

    def head() -> float:
        pdf.text(40, 800, "Agent Productivity Report - September 2026", size=13)
        pdf.text(40, 784, "Client: Harbour Telecom    Programme: Outbound retention & upsell    Prepared by: Dialwise Ltd")
        pdf.text(555, 30, f"Page {pdf.page} of {pages}", align="right")
        return pdf.header(pcols, ("Agent", 40), 755, 10) - 4

    y = head()
    for start in range(0, len(rows), per_page):
        if start:
            pdf.new_page()
            y = head()
        y = pdf.rows(lay, pcols, rows[start : start + per_page], 40, y, 14.5)
    pdf.save()
    page_of_odd = odd // per_page + 1
    lay.inconsistent(
        "percentage_above_100",
        "agent table",
        agents[odd],
        "Connect rate",
        f"p.{page_of_odd}",
        f"{agents[odd]}'s connect rate is printed as 104.3 %: connected calls cannot exceed calls placed",
        printed="104.3%",
    )
    return lay


def es_pdf_narrative(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "es_pdf_narrative",
        "report.pdf",
        "Spanish monthly PDF: a narrative paragraph with every headline figure (llamadas realizadas, contestadas, "
        "contactos útiles, ventas, tasa de conversión, tiempo medio de conversación, sin respuesta) and a contractual "
        "target, then a ruled table by campaign (Ventas Hogar, Captación Leads, Tasa Cero Préstamos, Recuperación "
        "Bajas) with a negated Sin respuesta column and Conv./Contacto. Honest: nothing planted.",
    )
    period = "2026-09"
    names = ["Ventas Hogar", "Captación Leads", "Tasa Cero Préstamos", "Recuperación Bajas"]
    funnels = [draw_funnel(rng, 6000, 15000) for _ in names]
    total = total_of(funnels)
    s = Scope(period)
    avg = avg_seconds(total.talk_s, total.connected)
    cr, conv = pct(total.connected, total.dials), pct(total.conversions, total.effective)
    text = (
        f"Durante septiembre de 2026 se realizaron {count_text(total.dials, ES)} llamadas, de las cuales "
        f"{count_text(total.connected, ES)} fueron contestadas ({pct_text(cr, ES)}). Se lograron "
        f"{count_text(total.effective, ES)} contactos útiles y {count_text(total.conversions, ES)} ventas, con una tasa "
        f"de conversión del {pct_text(conv, ES)} sobre contactos útiles. El tiempo medio de conversación fue de "
        f"{avg // 60} min {avg % 60:02d} s. Quedaron sin respuesta {count_text(total.not_connected, ES)} llamadas. "
        "El objetivo contractual de tasa de contacto es del 40 %."
    )
    lay.claim("total_dials", total.dials, "p.1", s, "llamadas realizadas", count_text(total.dials, ES))
    lay.claim("connected", total.connected, "p.1", s, "contestadas", count_text(total.connected, ES))
    lay.claim("connect_rate", cr / 100, "p.1", s, "contestadas (%)", pct_text(cr, ES))
    lay.claim("effective_contacts", total.effective, "p.1", s, "contactos útiles", count_text(total.effective, ES))
    lay.claim("conversions", total.conversions, "p.1", s, "ventas", count_text(total.conversions, ES))
    lay.claim("conversion_rate", conv / 100, "p.1", s, "tasa de conversión", pct_text(conv, ES))
    lay.claim("avg_effective_talk_s", avg, "p.1", s, "tiempo medio de conversación", f"{avg // 60} min {avg % 60:02d} s")
    lay.negate("connected", total.not_connected, "p.1", s, "sin respuesta", count_text(total.not_connected, ES))
    lay.target("connect_rate", Decimal("0.40"), ">=", "p.1", "40 %")
    cols = [
        col("Llamadas", dials(ES, numeric=False), "total_dials"),
        col("Contestadas", connected(ES, numeric=False), "connected"),
        col("Sin respuesta", not_connected(ES, numeric=False), negated="connected"),
        col("% Contacto", connect_rate(ES), "connect_rate"),
        col("Contactos útiles", effective(ES, numeric=False), "effective_contacts"),
        col("Ventas", conversions(ES, numeric=False), "conversions"),
        col("Conv./Contacto", conv_per_effective(ES), "conversion_rate"),
    ]
    rows = [Row(n, Scope(period, campaign=n), f) for n, f in zip(names, funnels, strict=True)]
    rows.append(Row("Total", Scope(period, total=True), total))
    data = [["Campaña", *[c.label for c in cols]]]
    for r in rows:
        figs = figures(cols, r)
        data.append([r.label, *[f.printed for f in figs]])
        for c, fig in zip(cols, figs, strict=True):
            record(lay, c, fig, "p.1", r.scope)
    body = paragraph_style("DejaVu")
    story = [
        Paragraph("Informe mensual de gestión outbound", paragraph_style("DejaVu-Bold", 14)),
        Paragraph("Periodo: septiembre 2026 · Cliente: Banco Meridional · Proveedor: ContactaPlus S.L.", body),
        Spacer(1, 8),
        Paragraph(text, body),
        Spacer(1, 10),
        ruled_table(data, "DejaVu"),
        Spacer(1, 6),
        Paragraph("Contacto útil: conversación de 30 segundos o más con el titular. Emitido el 06/10/2026.", body),
    ]
    build_pdf(folder / lay.file, story, landscape(A4))
    return lay


def zh_xls_gbk_nocodepage_daily(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "zh_xls_gbk_nocodepage_daily",
        "report.xls",
        "Legacy BIFF8 .xls daily report (旬报, ten days) with no CODEPAGE record and GBK bytes in every string: dates "
        "in the first column (day scope), numbers as numbers, 接通率 and 转化率 as text, 平均通话时长(秒) as bare "
        "seconds, a negated 未接通量 column, a 合计 row whose 成单 is not the sum of its days.",
    )
    sheet = "外呼日报"
    days = [f"2026-12-{d:02d}" for d in range(1, 11)]
    funnels = [draw_funnel(rng, 900, 1600) for _ in days]
    total = total_of(funnels)
    cols = [
        col("外呼量", dials(), "total_dials"),
        col("接通量", connected(), "connected"),
        col("未接通量", not_connected(), negated="connected"),
        col("接通率", connect_rate(ZH), "connect_rate"),
        col("有效通话", effective(), "effective_contacts"),
        col("成单", conversions(), "conversions"),
        col("转化率", lambda f: pct_fig(f.conversions, f.effective, ZH, places=2), "conversion_rate"),
        col("平均通话时长(秒)", lambda f: count_fig(avg_seconds(f.talk_s, f.connected)), "avg_effective_talk_s"),
    ]
    planted = total.conversions + 6
    rows = [Row(d, Scope(d), f) for d, f in zip(days, funnels, strict=True)]
    rows.append(Row("合计", Scope("2026-12-01..2026-12-10", total=True), total, {5: count_fig(planted)}))
    wb = NoCodepageWorkbook()
    ws = wb.add_sheet(gbk_bytes(sheet))
    ws.write(0, 0, gbk_bytes("外呼数据日报汇总（2026年12月上旬）"))
    ws.write(1, 0, gbk_bytes("导出时间：2026-12-11 08:30:12"))
    ws.write(3, 0, gbk_bytes("日期"))
    for j, c in enumerate(cols):
        ws.write(3, 1 + j, gbk_bytes(c.label))
    for i, r in enumerate(rows):
        ws.write(4 + i, 0, gbk_bytes(r.label))
        for j, (c, fig) in enumerate(zip(cols, map(xls_fig, figures(cols, r)), strict=True)):
            ws.write(4 + i, 1 + j, fig.shown if isinstance(fig.shown, int) else gbk_bytes(str(fig.shown)))
            record(lay, c, fig, xls_where(sheet, 4 + i, 1 + j), r.scope)
    wb.save(str(folder / lay.file))
    lay.inconsistent(
        "total_not_sum",
        sheet,
        "合计",
        "成单",
        xls_where(sheet, 4 + len(days), 6),
        f"合计 成单 is {planted}; the days add up to {total.conversions}",
        printed=str(planted),
        sum_of_rows=str(total.conversions),
    )
    return lay


PT_AGENTS = ["Ana Souza", "Bruno Lima", "Carla Pereira", "Diego Alves", "Fernanda Costa", "João Ribeiro", "Larissa Melo"]


def pt_xlsx_agents_br(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "pt_xlsx_agents_br",
        "report.xlsx",
        "Brazilian Portuguese agent productivity workbook: period as 01/11/2026 a 30/11/2026, Operador names in the "
        "first column, Ligações realizadas, Ligações atendidas, a negated Não atendidas, Taxa de atendimento and "
        "Conversão as comma-decimal text, Contatos efetivos, Vendas, Tempo médio de conversa hh:mm:ss, Tempo falado (min) "
        "as 1.234,5; one agent's "
        "Taxa de atendimento printed as 104,2 %; a Total geral row.",
    )
    period = "2026-11"
    funnels = [draw_funnel(rng, 600, 1400) for _ in PT_AGENTS]
    total = total_of(funnels)
    br = Style(thousands=".", point=",", pct_space="")
    cols = [
        col("Ligações realizadas", dials(br), "total_dials"),
        col("Ligações atendidas", connected(br), "connected"),
        col("Não atendidas", not_connected(br), negated="connected"),
        col("Taxa de atendimento", connect_rate(br), "connect_rate"),
        col("Contatos efetivos", effective(br), "effective_contacts"),
        col("Vendas", conversions(br), "conversions"),
        col("Conversão", conv_per_effective(br), "conversion_rate"),
        col("Tempo médio de conversa", avg_talk("hms"), "avg_effective_talk_s"),
        col("Tempo falado (min)", lambda f: minutes_fig(f.talk_s, br), "talk_s"),
    ]
    odd = 4
    rows = [Row(a, Scope(period, agent=a), f) for a, f in zip(PT_AGENTS, funnels, strict=True)]
    rows[odd] = replace(rows[odd], overrides={3: Fig("104,2%", "104,2%", Decimal("1.042"))})
    rows.append(Row("Total geral", Scope(period, total=True), total))
    wb = new_workbook()
    ws = wb.active
    ws.title = "Produtividade"
    ws["A1"] = "Relatório de Produtividade por Operador - Ativo"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = "Período: 01/11/2026 a 30/11/2026"
    ws["A3"] = "Emitido em 02/12/2026 às 07:45"
    places = xlsx_metric_columns(lay, ws, 5, cols, rows, "Operador")
    lay.inconsistent(
        "percentage_above_100",
        "Produtividade",
        PT_AGENTS[odd],
        "Taxa de atendimento",
        places[(odd, 3)],
        f"{PT_AGENTS[odd]}'s Taxa de atendimento is 104,2 %: answered calls cannot exceed calls made",
        printed="104,2%",
    )
    save_xlsx(wb, folder / lay.file)
    return lay


class MetricRowsPdf:
    """An unruled metrics-as-rows table: row labels left, one scope per column, column heads left-aligned."""

    @staticmethod
    def draw(
        pdf: UnruledPdf,
        layout: Layout,
        cols: Sequence[Col],
        scopes: Sequence[Row],
        heads: Sequence[tuple[str, ...]],
        rights: Sequence[float],
        width: float,
        y: float,
        line: float,
        head_align: str = "left",
    ) -> float:
        depth = max(len(h) for h in heads)
        for h, right in zip(heads, rights, strict=True):
            for k, part in enumerate(h):
                x = right - width if head_align == "left" else right
                pdf.text(x, y - k * line, part, align="left" if head_align == "left" else "right")
        y -= depth * line + 6
        for j, c in enumerate(cols):
            pdf.text(40, y, c.label)
            for r, right in zip(scopes, rights, strict=True):
                fig = r.overrides.get(j, c.build(r.funnel))
                pdf.text(right, y, fig.printed, align="right")
                record(layout, c, fig, f"p.{pdf.page}", r.scope)
            y -= line + 3
        return y


def en_pdf_metrics_rows_left(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "en_pdf_metrics_rows_left",
        "report.pdf",
        "English monthly PDF, unruled, metrics as rows and weeks as columns: column heads left-aligned over "
        "right-aligned numbers and wrapped (Week 1 / 01-07 Oct); Calls placed, Live connects, Unanswered (negated), "
        "Contact rate, Conversations over 30 s, Closed sales, Sets/Dial (a rate), Avg talk time, Complaints, "
        "Do-not-call requests; the October column is the month's total. Honest: nothing planted.",
    )
    weeks = [
        (("Week 1", "01-07 Oct"), "2026-10-01..2026-10-07"),
        (("Week 2", "08-14 Oct"), "2026-10-08..2026-10-14"),
        (("Week 3", "15-21 Oct"), "2026-10-15..2026-10-21"),
        (("Week 4", "22-31 Oct"), "2026-10-22..2026-10-31"),
    ]
    funnels = [draw_funnel(rng, 4000, 7000) for _ in weeks]
    total = total_of(funnels)
    cols = [
        col("Calls placed", dials(EN, numeric=False), "total_dials"),
        col("Live connects", connected(EN, numeric=False), "connected"),
        col("Unanswered", not_connected(EN, numeric=False), negated="connected"),
        col("Contact rate", connect_rate(EN), "connect_rate"),
        col("Conversations over 30 s", effective(EN, numeric=False), "effective_contacts"),
        col("Closed sales", conversions(EN, numeric=False), "conversions"),
        col("Sets/Dial", lambda f: pct_fig(f.conversions, f.dials, places=2), "conversion_rate"),
        col("Avg talk time", avg_talk("m_ss"), "avg_effective_talk_s"),
        col("Complaints", lambda f: count_fig(f.complaints, numeric=False), "complaints"),
        col("Do-not-call requests", lambda f: count_fig(f.opt_outs, numeric=False), "opt_outs"),
    ]
    scopes = [Row(h[0], Scope(p), f) for (h, p), f in zip(weeks, funnels, strict=True)]
    scopes.append(Row("October", Scope("2026-10", total=True), total))
    heads = [h for h, _ in weeks] + [("October", "total")]
    pdf = UnruledPdf(folder / lay.file, "Helvetica", 9)
    pdf.text(40, 800, "Monthly Service Report: October 2026", size=14)
    pdf.text(
        40, 782, "Outbound sales programme for Greenfield Energy. Figures per calendar week; weeks run Thursday to Wednesday."
    )
    y = MetricRowsPdf.draw(pdf, lay, cols, scopes, heads, [270, 335, 400, 465, 540], 50, 750, 11)
    pdf.text(40, y - 20, "Sets/Dial = closed sales / calls placed. Contact rate = live connects / calls placed.")
    pdf.text(40, y - 34, "Targets agreed for Q4: contact rate 40% or more, complaints below 0.5% of calls placed.")
    lay.target("connect_rate", Decimal("0.40"), ">=", "p.1", "40% or more")
    lay.target("complaint_rate", Decimal("0.005"), "<", "p.1", "below 0.5%")
    pdf.save()
    return lay


def zh_pdf_narrative(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "zh_pdf_narrative",
        "report.pdf",
        "Chinese monthly PDF in prose: 共计外呼1.2万通, 接通5,236通, 呼出未接通 (negated), 有效沟通量, 有效接通率, "
        "意向客户, 成交 单, 成交转化率, 平均通话时长2分18秒, 投诉 起, 退订 人; next month's targets (不低于); then a "
        "two-column ruled table of 核心指标 repeating the exact figures. Honest: nothing planted.",
    )
    period = "2026-10"
    f = draw_funnel(rng, 11500, 12400)
    s = Scope(period)
    wan = (Decimal(f.dials) / 10000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    cr, ecr = pct(f.connected, f.dials), pct(f.effective, f.connected)
    conv = pct(f.conversions, f.effective)
    avg = avg_seconds(f.talk_s, f.connected)
    p1 = (
        f"一、总体情况：本月（2026年10月）共计外呼{wan}万通，其中接通{f.connected:,}通，接通率{cr}%；呼出未接通"
        f"{f.not_connected:,}通，主要集中在工作日上午。有效沟通量{f.effective:,}通，有效接通率{ecr}%。"
    )
    p2 = (
        f"二、转化情况：意向客户{f.intents}人，最终成交{f.conversions}单，成交转化率{conv}%（成交/有效沟通量）。平均通话"
        f"时长{zh_dur(avg)}。投诉{f.complaints}起，退订{f.opt_outs}人。"
    )
    p3 = "三、下月目标：接通率不低于45%，成交转化率不低于5%。"
    lay.claim("total_dials", wan * 10000, "p.1", s, "共计外呼", f"{wan}万通")
    lay.claim("connected", f.connected, "p.1", s, "接通", f"{f.connected:,}")
    lay.claim("connect_rate", cr / 100, "p.1", s, "接通率", f"{cr}%")
    lay.negate("connected", f.not_connected, "p.1", s, "呼出未接通", f"{f.not_connected:,}")
    lay.claim("effective_contacts", f.effective, "p.1", s, "有效沟通量", f"{f.effective:,}")
    lay.claim("effective_connect_rate", ecr / 100, "p.1", s, "有效接通率", f"{ecr}%")
    lay.claim("intents", f.intents, "p.1", s, "意向客户", f"{f.intents}")
    lay.claim("conversions", f.conversions, "p.1", s, "成交", f"{f.conversions}")
    lay.claim("conversion_rate", conv / 100, "p.1", s, "成交转化率", f"{conv}%")
    lay.claim("avg_effective_talk_s", avg, "p.1", s, "平均通话时长", zh_dur(avg))
    lay.claim("complaints", f.complaints, "p.1", s, "投诉", f"{f.complaints}")
    lay.claim("opt_outs", f.opt_outs, "p.1", s, "退订", f"{f.opt_outs}")
    lay.target("connect_rate", Decimal("0.45"), ">=", "p.1", "不低于45%")
    lay.target("conversion_rate", Decimal("0.05"), ">=", "p.1", "不低于5%")
    table = [
        ["核心指标", "本月数值"],
        ["外呼总量（通）", f"{f.dials:,}"],
        ["接通量（通）", f"{f.connected:,}"],
        ["接通率", f"{cr}%"],
        ["有效沟通量（通）", f"{f.effective:,}"],
        ["成交量（单）", f"{f.conversions}"],
        ["平均通话时长", zh_dur(avg)],
    ]
    for label, metric, value in [
        ("外呼总量（通）", "total_dials", f.dials),
        ("接通量（通）", "connected", f.connected),
        ("接通率", "connect_rate", cr / 100),
        ("有效沟通量（通）", "effective_contacts", f.effective),
        ("成交量（单）", "conversions", f.conversions),
        ("平均通话时长", "avg_effective_talk_s", avg),
    ]:
        printed = next(r[1] for r in table if r[0] == label)
        lay.claim(metric, value, "p.1", s, label, printed)
    body = paragraph_style("STSong-Light", 10.5, cjk=True)
    story = [
        Paragraph("2026年10月外呼服务月报", paragraph_style("STSong-Light", 16, cjk=True)),
        Paragraph("甲方：某股份制银行信用卡中心　　乙方：云声科技外呼服务部　　报送日期：2026年11月3日", body),
        Spacer(1, 8),
        Paragraph(p1, body),
        Paragraph(p2, body),
        Paragraph(p3, body),
        Spacer(1, 10),
        ruled_table(table, "STSong-Light", [60 * mm, 40 * mm]),
    ]
    build_pdf(folder / lay.file, story)
    return lay


def ru_pdf_label_value_two_pages(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "ru_pdf_label_value_two_pages",
        "report.pdf",
        "Russian two-page PDF act of services: page 1 lists label: value lines (Совершено звонков, Успешных "
        "дозвонов, Не дозвонились (negated), Доля дозвонов, Целевых разговоров, Сделок, Конверсия в сделку, Среднее "
        "время разговора 2 мин 35 с, Жалоб, Отказов от звонков) and a sentence; page 2 an unruled campaign table "
        "with left-aligned heads, campaigns Конверсия-2026, Повторные продажи, 'Недозвон: повтор' (a campaign named "
        "with a negated word) and an Итого row. Honest: nothing planted.",
    )
    period = "2026-10"
    names = ["Конверсия-2026", "Повторные продажи", "Недозвон: повтор"]
    funnels = [draw_funnel(rng, 3000, 7000) for _ in names]
    t = total_of(funnels)
    s = Scope(period)
    avg = avg_seconds(t.talk_s, t.connected)
    cr, conv = pct(t.connected, t.dials), pct(t.conversions, t.effective)
    avg_text = f"{avg // 60} мин {avg % 60} с"
    lines: list[tuple[str, str, str | None, str | None, Decimal | int]] = [
        ("Совершено звонков", count_text(t.dials, RU_PLAIN), "total_dials", None, t.dials),
        ("Успешных дозвонов", count_text(t.connected, RU_PLAIN), "connected", None, t.connected),
        ("Не дозвонились", count_text(t.not_connected, RU_PLAIN), None, "connected", t.not_connected),
        ("Доля дозвонов", pct_text(cr, RU), "connect_rate", None, cr / 100),
        ("Целевых разговоров", count_text(t.effective, RU_PLAIN), "effective_contacts", None, t.effective),
        ("Сделок", count_text(t.conversions, RU_PLAIN), "conversions", None, t.conversions),
        ("Конверсия в сделку", pct_text(conv, RU), "conversion_rate", None, conv / 100),
        ("Среднее время разговора", avg_text, "avg_effective_talk_s", None, avg),
        ("Жалоб", str(t.complaints), "complaints", None, t.complaints),
        ("Отказов от звонков", str(t.opt_outs), "opt_outs", None, t.opt_outs),
    ]
    pdf = UnruledPdf(folder / lay.file, "DejaVu", 10)
    pdf.text(40, 800, "Отчёт об оказании услуг исходящего обзвона", size=14)
    pdf.text(40, 782, "за октябрь 2026 г. (приложение № 2 к акту от 05.11.2026)")
    y = 745
    for label, printed, metric, neg, value in lines:
        pdf.text(40, y, f"{label}:")
        pdf.text(300, y, printed, align="right")
        if metric:
            lay.claim(metric, value, "p.1", s, label, printed)
        elif neg:
            lay.negate(neg, value, "p.1", s, label, printed)
        y -= 17
    pdf.text(40, y - 14, "Целевой разговор: разговор с лицом, принимающим решение, длительностью от 30 секунд.")
    pdf.text(
        40, y - 30, "Все показатели рассчитаны по данным АТС исполнителя; 3 рабочих дня простоя по вине заказчика исключены."
    )
    pdf.new_page()
    pdf.text(40, 800, "Разбивка по кампаниям", size=13)
    cols = [
        col("Звонков", dials(RU_PLAIN, numeric=False), "total_dials"),
        col("Дозвонов", connected(RU_PLAIN, numeric=False), "connected"),
        col(("Не", "дозвонились"), not_connected(RU_PLAIN, numeric=False), negated="connected"),
        col(("Доля", "дозвонов"), connect_rate(RU), "connect_rate"),
        col("Сделок", conversions(RU_PLAIN, numeric=False), "conversions"),
    ]
    pcols = pdf_cols(cols, [250, 320, 400, 470, 540], [55, 55, 70, 55, 50], "left")
    rows = [Row(n, Scope(period, campaign=n), f) for n, f in zip(names, funnels, strict=True)]
    rows.append(Row("Итого", Scope(period, total=True), t))
    yy = pdf.header(pcols, ("Кампания", 40), 765, 12, valign="top")
    pdf.rows(lay, pcols, rows, 40, yy - 4, 16)
    pdf.save()
    return lay


def en_xls_campaign_columns(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "en_xls_campaign_columns",
        "report.xls",
        "English legacy .xls (BIFF8, proper UTF-16 codepage) with metrics as rows and campaigns as columns (Wealth "
        "Leads, Sales Team B, Conversion Drive, Total): Dial attempts, Answered, Not answered (negated), Answer rate, "
        "Conversations > 30s, Deals closed, Close rate, Avg talk (sec), Opt-outs; the Total of Answered is not the "
        "sum of the campaigns.",
    )
    period = "2026-10"
    sheet = "Summary"
    names = ["Wealth Leads", "Sales Team B", "Conversion Drive"]
    funnels = [draw_funnel(rng, 3000, 9000) for _ in names]
    total = total_of(funnels)
    cols = [
        col("Dial attempts", dials(), "total_dials"),
        col("Answered", connected(), "connected"),
        col("Not answered", not_connected(), negated="connected"),
        col("Answer rate", connect_rate(EN), "connect_rate"),
        col("Conversations > 30s", effective(), "effective_contacts"),
        col("Deals closed", conversions(), "conversions"),
        col("Close rate", conv_per_effective(EN), "conversion_rate"),
        col("Avg talk (sec)", lambda f: count_fig(avg_seconds(f.talk_s, f.connected)), "avg_effective_talk_s"),
        col("Opt-outs", lambda f: count_fig(f.opt_outs), "opt_outs"),
    ]
    planted = total.connected - 40
    scopes = [Row(n, Scope(period, campaign=n), f) for n, f in zip(names, funnels, strict=True)]
    scopes.append(Row("Total", Scope(period, total=True), total, {1: count_fig(planted)}))
    wb = xlwt.Workbook()
    ws = wb.add_sheet(sheet)
    ws.write(0, 0, "Campaign Results Summary")
    ws.write(1, 0, "Reporting period: October 2026")
    ws.write(3, 0, "Metric")
    for i, r in enumerate(scopes):
        ws.write(3, 1 + i, r.label)
    for j, c in enumerate(cols):
        ws.write(4 + j, 0, c.label)
        for i, r in enumerate(scopes):
            fig = xls_fig(r.overrides.get(j, c.build(r.funnel)))
            ws.write(4 + j, 1 + i, fig.shown)
            record(lay, c, fig, xls_where(sheet, 4 + j, 1 + i), r.scope)
    wb.save(str(folder / lay.file))
    lay.inconsistent(
        "total_not_sum",
        sheet,
        "Answered",
        "Total",
        xls_where(sheet, 5, 4),
        f"Total Answered is {planted}; the campaigns add up to {total.connected}",
        printed=str(planted),
        sum_of_rows=str(total.connected),
    )
    return lay


ES_AGENTS = ["María García", "José Martínez", "Lucía Fernández", "Carlos Ruiz", "Elena Torres", "Andrés Gómez"]


def es_xls_agents_cp1252(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "es_xls_agents_cp1252",
        "report.xls",
        "Spanish legacy .xls (BIFF8, CODEPAGE 1252, accented text as 8-bit Latin-1 strings): agents in the first "
        "column (María García ...), Llamadas, Contestadas, a negated No contestadas, % Contacto and Conv./Contacto "
        "as '45,6 %' text, Ventas, T. medio conversación as m:ss; a TOTAL row. Honest: nothing planted.",
    )
    period = "2026-12"
    sheet = "Agentes"
    funnels = [draw_funnel(rng, 500, 1100) for _ in ES_AGENTS]
    total = total_of(funnels)
    cols = [
        col("Llamadas", dials(), "total_dials"),
        col("Contestadas", connected(), "connected"),
        col("No contestadas", not_connected(), negated="connected"),
        col("% Contacto", connect_rate(ES), "connect_rate"),
        col("Ventas", conversions(), "conversions"),
        col("Conv./Contacto", lambda f: pct_fig(f.conversions, f.connected, ES), "conversion_rate"),
        col("T. medio conversación", avg_talk("m_ss"), "avg_effective_talk_s"),
    ]
    rows = [Row(a, Scope(period, agent=a), f) for a, f in zip(ES_AGENTS, funnels, strict=True)]
    rows.append(Row("TOTAL", Scope(period, total=True), total))
    wb = Cp1252Workbook()
    ws = wb.add_sheet(sheet)
    ws.write(0, 0, "Productividad por agente - Diciembre 2026")
    ws.write(1, 0, "Campaña saliente: captación de clientes (todas las listas)")
    ws.write(3, 0, "Agente")
    for j, c in enumerate(cols):
        ws.write(3, 1 + j, c.label)
    for i, r in enumerate(rows):
        ws.write(4 + i, 0, r.label)
        for j, (c, fig) in enumerate(zip(cols, map(xls_fig, figures(cols, r)), strict=True)):
            ws.write(4 + i, 1 + j, fig.shown)
            record(lay, c, fig, xls_where(sheet, 4 + i, 1 + j), r.scope)
    wb.save(str(folder / lay.file))
    return lay


def zh_en_bilingual_xlsx(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "zh_en_bilingual_xlsx",
        "report.xlsx",
        "Bilingual (Chinese over English) agent workbook of a Chinese vendor for a foreign client: each header cell "
        "holds both words on two lines (外呼总量 / Total Calls, 未接通 / Not Connected ...), a merged title with "
        "2026年12月 / Dec 2026, agent names in the first column, numeric % cells, 平均通话时长 as 2分30秒 text; a "
        "合计 Total row. Honest: nothing planted.",
    )
    period = "2026-12"
    agents = ["王静", "孙浩", "周敏", "吴磊", "郑丽", "冯涛", "何婷"]
    funnels = [draw_funnel(rng, 800, 1500) for _ in agents]
    total = total_of(funnels)
    cols = [
        col(("外呼总量", "Total Calls"), dials(), "total_dials"),
        col(("接通数", "Connected"), connected(), "connected"),
        col(("未接通", "Not Connected"), not_connected(), negated="connected"),
        col(("接通率", "Connect Rate"), connect_rate(numeric=True), "connect_rate"),
        col(("有效通话", "Effective Calls"), effective(), "effective_contacts"),
        col(("意向数", "Leads"), intents(), "intents"),
        col(("成单量", "Orders"), conversions(), "conversions"),
        col(("转化率", "Conv. Rate"), conv_per_effective(numeric=True), "conversion_rate"),
        col(("平均通话时长", "Avg Talk"), avg_talk("zh"), "avg_effective_talk_s"),
    ]
    rows = [Row(a, Scope(period, agent=a), f) for a, f in zip(agents, funnels, strict=True)]
    rows.append(Row("合计 Total", Scope(period, total=True), total))
    wb = new_workbook()
    ws = wb.active
    ws.title = "坐席指标 Agent KPI"
    ws["A1"] = "坐席绩效月报 Agent Performance Monthly Report  2026年12月 / Dec 2026"
    ws.merge_cells("A1:J1")
    xlsx_metric_columns(lay, ws, 3, cols, rows, "坐席\nAgent", wrap_heads=True)
    ws.row_dimensions[3].height = 32
    save_xlsx(wb, folder / lay.file)
    return lay


def pt_pdf_unruled_daily_multipage(rng: random.Random, folder: Path) -> Layout:
    lay = Layout(
        "pt_pdf_unruled_daily_multipage",
        "report.pdf",
        "Portuguese daily call report over two pages, unruled, header only on page 1 (page 2 continues the columns "
        "without it): days 01/10/2026 .. 31/10/2026 in the first column (day scope), Chamadas, Atendidas, a negated "
        "Não atendidas, % Atendidas, Duração média, Vendas; the Total do mês of Atendidas is 100 more than its days.",
    )
    days = [dt.date(2026, 10, d) for d in range(1, 32)]
    funnels = [draw_funnel(rng, 400, 900) for _ in days]
    total = total_of(funnels)
    cols = [
        col("Chamadas", dials(PT, numeric=False), "total_dials"),
        col("Atendidas", connected(PT, numeric=False), "connected"),
        col("Não atendidas", not_connected(PT, numeric=False), negated="connected"),
        col("% Atendidas", connect_rate(PT), "connect_rate"),
        col("Duração média", avg_talk("mmss"), "avg_effective_talk_s"),
        col("Vendas", conversions(PT, numeric=False), "conversions"),
    ]
    planted = total.connected + 100
    rows = [Row(d.strftime("%d/%m/%Y"), Scope(d.isoformat()), f) for d, f in zip(days, funnels, strict=True)]
    rows.append(Row("Total do mês", Scope("2026-10", total=True), total, {1: count_fig(planted, PT, numeric=False)}))
    pdf = UnruledPdf(folder / lay.file, "DejaVu", 8.5)
    pdf.text(40, 800, "Relatório diário de chamadas - Outubro 2026", size=13)
    pdf.text(40, 784, "Central: Porto · Serviço: televendas ativas · Fonte: PABX (Asterisk/FreePBX)")
    pcols = pdf_cols(cols, [200, 270, 350, 420, 490, 550], [50, 50, 60, 50, 55, 40], "left")
    y = pdf.header(pcols, ("Data", 40), 755, 11)

    def carry_on() -> float:
        pdf.text(555, 30, f"{pdf.page}/2", align="right")
        return 800.0

    pdf.text(555, 30, "1/2", align="right")
    pdf.rows(lay, pcols, rows, 40, y - 4, 14, bottom=330, on_new_page=carry_on)
    pdf.save()
    lay.inconsistent(
        "total_not_sum",
        "daily table",
        "Total do mês",
        "Atendidas",
        f"p.{pdf.page}",
        f"Total do mês of Atendidas is {planted}; the days add up to {total.connected}",
        printed=count_text(planted, PT),
        sum_of_rows=str(total.connected),
    )
    return lay


LAYOUTS: list[Callable[[random.Random, Path], Layout]] = [
    en_xlsx_campaign_words,
    en_xlsx_agent_sets,
    zh_xlsx_monthly_mom,
    zh_xls_gbk_cp1252,
    ru_xlsx_operators,
    ru_pdf_unruled_wrapped,
    pt_pdf_ruled_narrative,
    es_xlsx_weeks_rows,
    zh_pdf_unruled_campaigns,
    en_pdf_unruled_agents_multipage,
    es_pdf_narrative,
    zh_xls_gbk_nocodepage_daily,
    pt_xlsx_agents_br,
    en_pdf_metrics_rows_left,
    zh_pdf_narrative,
    ru_pdf_label_value_two_pages,
    en_xls_campaign_columns,
    es_xls_agents_cp1252,
    zh_en_bilingual_xlsx,
    pt_pdf_unruled_daily_multipage,
]


def write_layout(build: Callable[[random.Random, Path], Layout], out: Path) -> Layout:
    name = build.__name__
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(zlib.crc32(name.encode()))
    layout = build(rng, folder)
    assert layout.name == name, (layout.name, name)
    text = yaml.safe_dump(layout.golden(), sort_keys=False, allow_unicode=True, width=110)
    (folder / "golden.yaml").write_text(text, encoding="utf-8")
    return layout


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write the layouts into")
    parser.add_argument("--only", nargs="*", default=None, help="layout names to write (default: all)")
    args = parser.parse_args(argv)
    for build in LAYOUTS:
        if args.only and build.__name__ not in args.only:
            continue
        layout = write_layout(build, args.out)
        print(
            f"{layout.name:32} {len(layout.claims):4} claims {len(layout.negated):3} negated "
            f"{len(layout.inconsistencies):2} inconsistencies"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
