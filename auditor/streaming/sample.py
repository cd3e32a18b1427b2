"""Draw a recording sample from big canonical CSV or Parquet files without holding their table.

The same draw as :func:`auditor.sampling.draw.draw_sample` (same rows in the same order, same
plan), in four passes on worker processes (:mod:`auditor.streaming.sample_parts`):

1. the blocks spill every column to splits by phone number;
2. each split by phone is read as a call table: its row frame gives the population, the
   block counts and the days (:class:`~auditor.sampling.draw.Tally`, added up here), and the
   population's sort keys go to splits by call id;
3. each split of sort keys is sorted in drawing order (call id text, file, source row);
   the sizes and the drawn positions per stratum follow from the tally alone;
4. the sorted splits are merged here (``heapq.merge``, a few thousand keys per split held at
   a time): the merged call ids stream into the fingerprint, and counting each stratum's
   members in merged order finds the drawn rows; only their columns are then read back.

Memory stays bounded by the split size (:data:`~auditor.streaming.recompute.AUDIT_SPLIT_ROWS`
rows read as a call table at a time), whatever the file size; the disk holds every column
(:data:`SAMPLE_SPILL_BYTES_PER_ROW`).
"""

from __future__ import annotations

import heapq
import logging
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from auditor.ingest.blocks import BlockProgress, StreamUnsupported
from auditor.ingest.zone import ZoneEvidence, decide_zone
from auditor.metrics.settings import MetricSettings
from auditor.sampling.draw import Sample, Tally, draw_positions, fingerprint_of, make_plan, plan_draw, sample_frame, seeded
from auditor.sampling.settings import SamplingSettings
from auditor.streaming import recompute
from auditor.streaming.block import supplied_of
from auditor.streaming.plan import StreamPlan
from auditor.streaming.sample_parts import STRATUM, fetch_split, sort_split, sorted_keys, spill_block, tally_split
from auditor.streaming.spill import spill_folder
from auditor.streaming.workers import Workers, default_workers

log = logging.getLogger(__name__)

#: Disk the splits take per row: every column, and the population's sort keys twice (split, then sorted);
#: measured on the benchmark file (10 million rows: 2.0 GB).
SAMPLE_SPILL_BYTES_PER_ROW = 200
#: Call ids hashed into the fingerprint at a time.
_HASH_IDS = 65_536


def sample_files(
    paths: str | Path | Iterable[str | Path],
    settings: SamplingSettings,
    *,
    timezone: str | None = None,
    format: str | None = None,
    dispositions: Mapping[str, object],
    outcomes: Mapping[str, object],
    metric_settings: MetricSettings | None = None,
    sources: tuple[dict[str, str], ...] = (),
    workers: int | None = None,
    progress: BlockProgress | None = None,
    pinned: tuple[Mapping[str, object], Mapping[str, object]] = ({}, {}),
) -> Sample:
    """The sample ``draw_sample(read_calls(paths), settings, ...)`` draws, with bounded memory.

    Raises :class:`StreamUnsupported` when a file has no block reader or there are no records
    (read them whole instead), and the table path's ConfigError when no call is in the population.
    ``timezone``: the engagement's; None lets the start times decide, as :func:`~auditor.streaming.recompute_files` does.
    """
    files, readers = recompute.block_readers(paths, format)
    settings = seeded(settings)
    assert settings.seed is not None
    rows = recompute.guess_rows(files, readers)
    splits = max(1, math.ceil(rows / recompute.AUDIT_SPLIT_ROWS))
    count = workers or default_workers(rows)
    zone = recompute.first_zone(files, readers, timezone)
    plan = StreamPlan(
        timezone=zone.name,
        dispositions=dict(dispositions),
        outcomes=dict(outcomes),
        settings=metric_settings or MetricSettings(),
        groupings=(),
        scopes=(),
        spill_dir="",
        splits=splits,
        pinned=pinned,
        zone=zone,
    )
    draw = _Draw(files, readers, settings, sources, count, rows, progress)
    try:
        return draw.run(plan)
    except recompute.ZoneChanged as changed:
        log.info("reading the files again in %s (%s)", changed.zone.name, changed.zone.basis)
        return draw.run(replace(plan, timezone=changed.zone.name, zone=changed.zone), check_zone=False)


@dataclass(frozen=True)
class _Draw:
    """One streamed draw of a sample from ``files``, in the zone of the plan it is run with."""

    files: list[Path]
    readers: list[Any]
    settings: SamplingSettings
    sources: tuple[dict[str, str], ...]
    count: int
    rows: int
    progress: BlockProgress | None

    def run(self, template: StreamPlan, *, check_zone: bool = True) -> Sample:
        settings, splits, files = self.settings, template.splits, self.files
        assert settings.seed is not None
        with spill_folder(self.rows, SAMPLE_SPILL_BYTES_PER_ROW) as folder:
            plan = replace(template, spill_dir=folder)
            with Workers(plan, self.count) as pool:
                read = list(pool.map(spill_block, recompute.block_tasks(files, self.readers, self.progress)))
                if not sum(b.rows for b in read):
                    raise StreamUnsupported("no records")
                seen = sum((b.zone_seen for b in read), ZoneEvidence())
                zone = decide_zone(plan.given_zone, None, seen)
                recompute.changed_zone(zone, plan.zone or zone, check_zone)
                supplied = supplied_of({c for b in read for c in b.raw_columns}, {c for b in read for c in b.derived})
                names = tuple(str(p) for p in files)
                tally = sum(pool.map(tally_split, ((part, supplied, names, settings) for part in range(splits))), Tally())
                size, per = plan_draw(tally, settings)
                list(pool.map(sort_split, ((part,) for part in range(splits))))
                fingerprint, picks = _merge(folder, splits, draw_positions(per, tally, settings.seed))
                order = np.array([row for stratum in sorted(picks) for row in picks[stratum]], dtype="int64")
                wanted = np.sort(order)
                parts = [p for p in pool.map(fetch_split, ((part, wanted) for part in range(splits))) if p is not None]
        chosen = pd.concat(parts).loc[order]
        chosen[STRATUM] = pd.array([stratum for stratum in sorted(picks) for _ in picks[stratum]], dtype="string")
        log.info("drew %s of %s rows in %s splits, %s worker(s)", len(order), tally.rows, splits, self.count)
        return Sample(
            frame=sample_frame(chosen, zone.name),
            plan=make_plan(settings, tally, size, per, fingerprint, zone.label, self.sources),
        )


def _merge(folder: str, splits: int, positions: dict[str, np.ndarray]) -> tuple[str, dict[str, list[int]]]:
    """The fingerprint of the population's call ids in drawing order, and the row numbers drawn per stratum."""
    picks: dict[str, list[int]] = {stratum: [] for stratum in positions}
    targets = {stratum: chosen.tolist() for stratum, chosen in positions.items()}
    seen: dict[str, int] = {}

    def ids() -> Iterator[str]:
        for key, _, _, row, stratum in heapq.merge(*(sorted_keys(folder, part) for part in range(splits))):
            position = seen.get(stratum, 0)
            seen[stratum] = position + 1
            wanted = targets.get(stratum)
            if wanted and len(picks[stratum]) < len(wanted) and wanted[len(picks[stratum])] == position:
                picks[stratum].append(row)
            yield key

    return fingerprint_of(_chunks(ids(), _HASH_IDS)), picks


def _chunks(values: Iterator[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


__all__ = ["SAMPLE_SPILL_BYTES_PER_ROW", "sample_files"]
