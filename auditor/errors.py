"""Errors a user can act on.

::

    AuditorError                 .message, .hint, .location
    ├── InputError
    │   ├── ReportParseError     a vendor report cannot be read
    │   ├── RecordFormatError    call records cannot be read
    │   └── UnknownFormatError   no reader recognises the file
    ├── RulePackError            a rule pack is malformed
    ├── ConfigError              engagement file or option is invalid
    └── ResourceError            the machine lacks room the run needs (disk)

The CLI prints ``Error: <message>`` and the hint, and exits with code 2. Any
other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from auditor.location import SourceRef


class AuditorError(Exception):
    """Base of every error that is the input's fault, not the program's."""

    def __init__(self, message: str, *, hint: str | None = None, location: SourceRef | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location

    def __str__(self) -> str:
        where = f"{self.location.describe()}: " if self.location else ""
        return f"{where}{self.message}"


class InputError(AuditorError):
    """An input file cannot be used."""


class ReportParseError(InputError):
    """A vendor report cannot be parsed."""


class RecordFormatError(InputError):
    """Call records are not in a readable shape."""


class UnknownFormatError(InputError):
    """No reader recognises the file."""


class RulePackError(AuditorError):
    """A rule pack is malformed."""


class ConfigError(AuditorError):
    """An engagement file or option is invalid."""


class ResourceError(AuditorError):
    """The machine lacks room the run needs, such as disk for temporary files."""
