"""Progress of a long audit: the stage names the library reports, and a terminal display for the CLI.

The library never prints: :func:`auditor.api.audit` takes an optional callback
``progress(stage)`` and calls it when a stage starts. The CLI passes a
:class:`TerminalProgress` when stderr is a terminal, and nothing otherwise (or
with ``--quiet``), so pipes, files and CI logs stay clean.

A callback may also have ``advance(done, total)``: the audit then reports how far a
long stage is (bytes of the call-record file read so far), and the display shows a
percentage (:meth:`TerminalProgress.advance`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TextIO

ProgressCallback = Callable[[str], None]

EXTRACTING = "extracting reports"
READING = "reading records"
RECOMPUTING = "recomputing"
RULES = "rules"
RENDERING = "rendering"
#: Stages in the order an audit passes through them.
STAGES = (EXTRACTING, READING, RECOMPUTING, RULES, RENDERING)


class TerminalProgress:
    """One status line on a terminal, rewritten in place: ``[2/5] reading records  3.1 s``.

    A background thread refreshes the elapsed time (every ``interval`` seconds) so
    a long stage shows it is alive. :meth:`close` erases the line, leaving the
    terminal as it was. Use as a context manager.
    """

    SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

    def __init__(self, stream: TextIO, *, stages: tuple[str, ...] = STAGES, interval: float = 0.1) -> None:
        self.stream = stream
        self.stages = stages
        self.interval = interval
        self._stage: str | None = None
        self._fraction: float | None = None
        self._stage_started = 0.0
        self._started = time.monotonic()
        self._tick = 0
        self._width = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, stage: str) -> None:
        with self._lock:
            self._stage = stage
            self._fraction = None
            self._stage_started = time.monotonic()
            self._draw()
        if self._thread is None and self.interval > 0:
            self._thread = threading.Thread(target=self._run, name="auditor-progress", daemon=True)
            self._thread.start()

    def advance(self, done: int, total: int) -> None:
        """How far the current stage is: ``done`` of ``total`` (bytes, rows); shown as a percentage."""
        with self._lock:
            self._fraction = min(1.0, done / total) if total > 0 else None
            self._draw()

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def line(self) -> str:
        """The status line for the current stage (empty before the first stage)."""
        if self._stage is None:
            return ""
        number = f"[{self.stages.index(self._stage) + 1}/{len(self.stages)}] " if self._stage in self.stages else ""
        spin = self.SPINNER[self._tick % len(self.SPINNER)]
        elapsed = time.monotonic() - self._stage_started
        total = time.monotonic() - self._started
        share = f" {self._fraction:.0%}" if self._fraction is not None else ""
        return f"{spin} {number}{self._stage}{share}  {elapsed:.1f} s (total {total:.1f} s)"

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self._width:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
            self._width = 0
            self._stage = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with self._lock:
                self._tick += 1
                self._draw()

    def _draw(self) -> None:
        text = self.line()
        if not text:
            return
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = max(self._width, len(text))
