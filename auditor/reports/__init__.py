"""Vendor reports -> claimed figures, each with its source.

``parse_report(path)`` picks the reader most confident about the file (or the
one named) from a registry; readers register through :func:`register_report_reader`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from auditor.errors import ReportParseError, UnknownFormatError
from auditor.location import SourceRef
from auditor.reports.model import ClaimedFigure, ReportExtraction, TargetFigure, UnmatchedFigure

__all__ = [
    "ClaimedFigure",
    "ReportExtraction",
    "ReportReader",
    "TargetFigure",
    "UnmatchedFigure",
    "all_report_readers",
    "parse_report",
    "register_report_reader",
]


class ReportReader(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def suffixes(self) -> tuple[str, ...]: ...

    def sniff(self, path: Path, head: bytes) -> float:
        """Confidence in [0, 1] that this reader understands ``path``."""
        ...

    def read(self, path: Path) -> ReportExtraction: ...


_READERS: dict[str, ReportReader] = {}


def register_report_reader(reader: ReportReader) -> ReportReader:
    _READERS[reader.name] = reader
    return reader


def all_report_readers() -> dict[str, ReportReader]:
    if not _READERS:
        from auditor.reports.excel import ExcelReader
        from auditor.reports.pdf import PdfReader
        from auditor.reports.xls import XlsReader

        register_report_reader(ExcelReader())
        register_report_reader(PdfReader())
        register_report_reader(XlsReader())
    return dict(_READERS)


def parse_report(path: str | Path, reader: str | None = None) -> ReportExtraction:
    """Every claimed figure of one report, with sources; unknown labels are kept as unmatched."""
    path = Path(path)
    readers = all_report_readers()
    if not path.is_file():
        raise ReportParseError("no such report file", location=SourceRef(file=str(path)), hint="check the --report path")
    if reader is not None:
        if reader not in readers:
            raise UnknownFormatError(f"unknown report reader {reader!r}", hint=f"choose one of: {', '.join(sorted(readers))}")
        return readers[reader].read(path)
    with path.open("rb") as handle:
        head = handle.read(8192)
    scored = sorted(((r.sniff(path, head), name) for name, r in readers.items()), reverse=True)
    if not scored or scored[0][0] <= 0:
        suffixes = sorted({s for r in readers.values() for s in r.suffixes})
        raise UnknownFormatError(
            f"no report reader understands {path.suffix or 'this file'}",
            location=SourceRef(file=str(path)),
            hint=f"supported report files: {', '.join(suffixes)}",
        )
    return readers[scored[0][1]].read(path)
