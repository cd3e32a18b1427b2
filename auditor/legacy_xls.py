"""Legacy ``.xls`` (BIFF) workbooks opened with xlrd, their text as the writer meant it.

Chinese systems (the ccms VICIdial front-end among them) write workbooks whose strings are GBK
bytes while the CODEPAGE record says 1252, or is missing. xlrd then returns ``×øÏ¯`` for 坐席:
BIFF8 stores such strings as 8-bit "compressed" text that xlrd always decodes as Latin-1, and
BIFF5 strings go through the codepage (cp1252, which fails on bytes it leaves undefined).

:func:`open_xls` opens the workbook and decides once, for the whole workbook, whether its text
is GBK: at least two thirds of its non-ASCII strings (sheet names and text cells) must read as
clean Chinese once taken back to their bytes, and none may hold Chinese already, so a real
Western workbook (``Não Atendidas``, ``María García``) is left alone. A BIFF5 workbook is then
re-read as GBK; a BIFF8 one gets a :class:`GbkRepair` to apply to each string it reads. Every
reader of ``.xls`` files opens them here (the call-record reader ``auditor.ingest.adapters.excel_legacy``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_CJK = re.compile(r"[\u3400-\u9fff]")
#: A CJK character run straight into a Latin letter: what GBK-decoding real Latin-1 text gives.
_CJK_NEXT_TO_LATIN = re.compile(r"[\u3400-\u9fff][A-Za-z]|[A-Za-z][\u3400-\u9fff]")
#: Prefixes of the single-byte codecs a CODEPAGE record may name (xlrd's spelling, "-" and "_" dropped).
_SINGLE_BYTE = ("cp125", "cp437", "cp850", "latin", "iso8859", "ascii", "mac")
_SCAN_ROWS = 200


def gbk_reading(text: str, encoding: str | None = None) -> str | None:
    """The GBK reading of a string xlrd decoded through a single-byte codec (Latin-1 for BIFF8
    text, ``encoding`` for BIFF5), when that gives clean Chinese; else None."""
    for codec in ("latin-1", encoding or "cp1252"):
        try:
            fixed = text.encode(codec).decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError, LookupError):
            continue
        if _CJK.search(fixed) and not _CJK_NEXT_TO_LATIN.search(fixed):
            return fixed
    return None


@dataclass(frozen=True)
class GbkRepair:
    """The GBK readings of a workbook's strings (``repair(text)`` gives the text to use)."""

    fixes: Mapping[str, str]
    encoding: str | None = None

    def __call__(self, text: str) -> str:
        if text.isascii():
            return text
        return self.fixes.get(text) or gbk_reading(text, self.encoding) or text

    def __len__(self) -> int:
        return len(self.fixes)


def gbk_repair(strings: Iterable[str], encoding: str | None = None) -> GbkRepair | None:
    """A repair when the strings are GBK read through a single-byte codec (the rule in the module docstring), else None."""
    if encoding is not None and not _single_byte(encoding):
        encoding = None  # BIFF8 text is Latin-1 whatever the CODEPAGE says (1200 when it is missing)
    found = {s for s in strings if isinstance(s, str) and not s.isascii()}
    if not found or any(_CJK.search(s) for s in found):
        return None
    fixes = {s: f for s in found if (f := gbk_reading(s, encoding)) is not None}
    if len(fixes) * 3 < len(found) * 2:
        return None
    return GbkRepair(fixes, encoding)


def _single_byte(encoding: str) -> bool:
    return encoding.lower().replace("_", "").replace("-", "").startswith(_SINGLE_BYTE)


def workbook_strings(book: Any, rows: int = _SCAN_ROWS) -> list[str]:
    """The sheet names and the text cells of the first ``rows`` rows of every sheet."""
    out = list(book.sheet_names())
    for sheet in book.sheets():
        for r in range(min(sheet.nrows, rows)):
            out += [v for v in sheet.row_values(r) if isinstance(v, str)]
    return out


@dataclass(frozen=True)
class LegacyWorkbook:
    """An opened ``.xls``: the xlrd book, the repair its strings need (None: none or already re-read),
    and a sentence saying what was done about its text (None: nothing)."""

    book: Any
    repair: GbkRepair | None
    note: str | None

    def text(self, value: str) -> str:
        """A string of the workbook as its writer meant it."""
        return self.repair(value) if self.repair is not None else value


def open_xls(path: Path | str, **kwargs: Any) -> LegacyWorkbook:
    """Open ``path`` with ``xlrd.open_workbook(path, **kwargs)``, its text read as GBK when it is.

    xlrd's own exceptions (damaged, encrypted, not a workbook) propagate for the caller to word.
    """
    import xlrd  # type: ignore[import-untyped]  # imported here: only .xls input needs it

    try:
        book = xlrd.open_workbook(str(path), **kwargs)
    except UnicodeDecodeError:  # BIFF5 GBK bytes that cp1252 leaves undefined
        book = xlrd.open_workbook(str(path), encoding_override="gbk", **kwargs)
        return LegacyWorkbook(book, None, _note(None, "GBK"))
    declared = book.codepage
    repair = gbk_repair(workbook_strings(book), str(book.encoding or "") or None)
    if repair is None:
        return LegacyWorkbook(book, None, None)
    if book.biff_version < 80:  # BIFF5: strings go through the codepage, so read them as GBK
        book = xlrd.open_workbook(str(path), encoding_override="gbk", **kwargs)
        return LegacyWorkbook(book, None, _note(declared, "GBK"))
    return LegacyWorkbook(book, repair, _note(declared, "GBK"))


def _note(codepage: int | None, read_as: str) -> str:
    said = f"its codepage says {codepage}" if codepage not in (None, 1200) else "its codepage record is missing (or says UTF-16)"
    return f"the workbook's text is Chinese ({read_as}) but {said}; read as {read_as}"
