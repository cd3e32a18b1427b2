"""Ordered, bounded work on a few processes (or in this one): results come back in task order."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from auditor.streaming import plan as plan_state
from auditor.streaming.plan import StreamPlan

T = TypeVar("T")
R = TypeVar("R")

#: ``AUDITOR_WORKERS`` overrides the number of worker processes (1: everything in this process).
WORKERS_ENV = "AUDITOR_WORKERS"


def default_workers(rows: int, *, small: int = 500_000) -> int:
    """One process below ``small`` rows (starting workers costs about a second); else one per core, at most 4."""
    given = os.environ.get(WORKERS_ENV)
    if given and given.isdigit() and int(given) > 0:
        return int(given)
    if rows < small:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _context() -> multiprocessing.context.BaseContext:
    """Fork on Linux: no re-import of the caller's script (a script without a ``__main__`` guard works); spawn elsewhere."""
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


class Workers:
    """``with Workers(plan, n) as w: for r in w.map(fn, tasks): ...`` - ``fn(*task)`` runs with ``plan`` installed.

    At most ``2 * n`` tasks are queued at once, so a fast reader cannot pile blocks up in memory.
    """

    def __init__(self, plan: StreamPlan, count: int) -> None:
        self.plan = plan
        self.count = max(1, count)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        if self.count > 1:
            self._pool = ProcessPoolExecutor(
                self.count, mp_context=_context(), initializer=plan_state.start_worker, initargs=(self.plan,)
            )
            # start every worker now, before this process starts pyarrow's reading threads
            for started in [self._pool.submit(os.getpid) for _ in range(self.count)]:
                started.result()
        else:
            plan_state.install(self.plan)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        else:
            plan_state.install(None)

    def map(self, fn: Callable[..., R], tasks: Iterable[tuple[Any, ...]]) -> Iterator[R]:
        if self._pool is None:
            for task in tasks:
                yield fn(*task)
            return
        pending: deque[Future[R]] = deque()
        for task in tasks:
            pending.append(self._pool.submit(fn, *task))
            while len(pending) >= 2 * self.count:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


__all__ = ["WORKERS_ENV", "Workers", "default_workers"]
