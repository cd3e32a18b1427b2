"""Drawing the sample: population, strata, sizes, then a seeded draw per stratum.

Reproducible: the population is put in ``call_id`` order before drawing, so the same
records, settings and seed give the same sample whatever order the files list calls in.
The seed, the settings and a fingerprint of the population (sha256 of its sorted call ids)
go into the plan.

The steps are shared with the streamed draw of big files (:mod:`auditor.streaming.sample`):
:func:`population` and :func:`tally_of` on a table or on one split of it, :func:`plan_draw`
and :func:`draw_positions` on the summed :class:`Tally`, :func:`make_plan` and
:func:`sample_frame` on the result. A missing call id sorts and is fingerprinted as
:data:`NA_CALL_ID`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from auditor import __version__
from auditor.errors import ConfigError
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW, CallTable
from auditor.metrics.compute import row_frame
from auditor.metrics.settings import MetricSettings
from auditor.sampling.plan import SamplingPlan, StratumPlan
from auditor.sampling.settings import LABELS, POPULATIONS, STRATA, SamplingSettings
from auditor.sampling.size import SizePlan, sample_size
from auditor.sampling.strata import allocate

ALL = "all"
NO_VALUE = "(none)"
#: A missing call id, as it is sorted and fingerprinted.
NA_CALL_ID = "<NA>"
#: The population's order: call id text, then the row's file and its row there (ties: the row's place in the input).
ORDER_KEY = "call_key"
#: Columns of the drawn sample (before the reviewer columns).
SAMPLE_COLUMNS = (
    "sample_no",
    "stratum",
    "call_id",
    "recording_id",
    "start_time",
    "agent_id",
    "campaign",
    "phone",
    "disposition",
    "talk_s",
    "claimed_outcome",
)
#: The call-table columns :func:`sample_frame` reads (besides ``stratum``).
SAMPLED_FROM = ("call_id", "recording_id", "start_time", "agent_id", "campaign", "phone", "disposition", "talk_s", "outcome")
REVIEW_COLUMNS = (*LABELS, "reviewer", "note")
_BLOCKS = {
    "total_dials": "is_dial",
    "valid_dials": "is_valid",
    "connected": "is_connected",
    "effective_contacts": "is_effective",
    "intents": "is_intent",
    "conversions": "is_conversion",
    "complaints": "is_complaint",
    "compliant_calls": "is_compliant",
}
_BLOCK_NEEDS = {"intents": "outcome", "conversions": "outcome", "complaints": "complaint"}


@dataclass(frozen=True)
class Sample:
    """A drawn sample: one row per call to review (unmasked; writers mask), and its plan."""

    frame: pd.DataFrame
    plan: SamplingPlan


@dataclass
class Tally:
    """What some rows add to the plan: their count, population per stratum, block counts (overall, per stratum), days.

    Tallies of disjoint parts of the records add up to the tally of the whole.
    """

    rows: int = 0
    population: dict[str, int] = field(default_factory=dict)
    blocks: dict[str, int] = field(default_factory=dict)  # the known blocks only
    by_stratum: dict[str, dict[str, int]] = field(default_factory=dict)
    first_day: str | None = None
    last_day: str | None = None

    def __add__(self, other: Tally) -> Tally:
        strata = sorted({*self.by_stratum, *other.by_stratum})
        return Tally(
            rows=self.rows + other.rows,
            population=_add_counts(self.population, other.population),
            blocks=_add_counts(self.blocks, other.blocks),
            by_stratum={k: _add_counts(self.by_stratum.get(k, {}), other.by_stratum.get(k, {})) for k in strata},
            first_day=min((d for d in (self.first_day, other.first_day) if d is not None), default=None),
            last_day=max((d for d in (self.last_day, other.last_day) if d is not None), default=None),
        )

    @property
    def population_size(self) -> int:
        return sum(self.population.values())


def _add_counts(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: a.get(k, 0) + b.get(k, 0) for k in {*a, *b}}


def call_id_keys(call_ids: pd.Series) -> pd.Series:
    """Call ids as the text they are sorted and fingerprinted by (a missing one is :data:`NA_CALL_ID`)."""
    return call_ids.astype("string").fillna(NA_CALL_ID)


def fingerprint_of(sorted_ids: Iterable[Iterable[str]]) -> str:
    """sha256 over call ids already in order, one per line, given in chunks (a chunk is any iterable of ids)."""
    digest = hashlib.sha256()
    first = True
    for chunk in sorted_ids:
        text = "\n".join(chunk)
        if not text and not first:
            continue
        digest.update((text if first else "\n" + text).encode("utf-8"))
        first = False
    return digest.hexdigest()


def population_fingerprint(call_ids: pd.Series) -> str:
    """sha256 over the sorted call ids, one per line (a missing id counts as :data:`NA_CALL_ID`)."""
    return fingerprint_of([np.sort(call_id_keys(call_ids).to_numpy(dtype=object))])


def seeded(settings: SamplingSettings) -> SamplingSettings:
    """The settings with their seed, a fresh one when they have none."""
    return replace(settings, seed=settings.seed if settings.seed is not None else secrets.randbits(63))


def population(frame: pd.DataFrame, rows: pd.DataFrame, settings: SamplingSettings) -> pd.DataFrame:
    """The rows of ``frame`` in the population (its index kept), with their ``day``, ``stratum`` and ``call_key``."""
    in_population = rows[POPULATIONS[settings.population][0]].fillna(False).astype(bool).to_numpy()
    pop = frame.loc[in_population].copy()
    pop["day"] = rows.loc[in_population, "day"]
    pop["stratum"] = stratum_labels(pop, settings.strata)
    pop[ORDER_KEY] = call_id_keys(pop["call_id"])
    return pop


def population_order(pop: pd.DataFrame) -> pd.DataFrame:
    """The population in drawing order: call id text, then source file (reading order) and row, stably."""
    return pop.sort_values([ORDER_KEY, SOURCE_FILE, SOURCE_ROW], kind="stable")


def tally_of(calls: CallTable, rows: pd.DataFrame, pop: pd.DataFrame, strata: tuple[str, ...]) -> Tally:
    """The tally of the rows of ``calls`` (``rows`` its row frame, ``pop`` its :func:`population`)."""
    frame = calls.frame
    known = {b: c for b, c in _BLOCKS.items() if b not in _BLOCK_NEEDS or calls.has(_BLOCK_NEEDS[b])}
    flags = pd.DataFrame({b: rows[c].fillna(False).astype(bool).to_numpy() for b, c in known.items()}, index=frame.index)
    labels = stratum_labels(frame.assign(day=rows["day"]), strata)
    by_stratum = flags.groupby(labels.to_numpy()).sum().astype("int64")
    days = rows["day"].dropna()
    return Tally(
        rows=len(frame),
        population={str(k): int(v) for k, v in pop["stratum"].value_counts(sort=False).to_dict().items()},
        blocks={b: int(flags[b].sum()) for b in known},
        by_stratum={str(k): {str(b): int(v) for b, v in row.items()} for k, row in by_stratum.to_dict("index").items()},
        first_day=None if days.empty else str(days.min()),
        last_day=None if days.empty else str(days.max()),
    )


def plan_draw(tally: Tally, settings: SamplingSettings) -> tuple[SizePlan, dict[str, int]]:
    """The sample size and each stratum's share; a ConfigError when no call is in the population."""
    if not tally.population_size:
        raise ConfigError(
            f"no call of the {tally.rows:,} in the records is in population '{settings.population}'",
            hint="choose another --population (connected, converted, ...) or check that the records carry the outcome column",
        )
    size = sample_size(settings.confidence, settings.tolerable, settings.expected, population=tally.population_size)
    per = allocate(
        size.n,
        {k: tally.population[k] for k in sorted(tally.population)},
        settings.allocation,
        settings.min_per_stratum,
        size_of=lambda n: sample_size(settings.confidence, settings.tolerable, settings.expected, population=n).n,
    )
    return size, per


def draw_positions(per: dict[str, int], tally: Tally, seed: int) -> dict[str, np.ndarray]:
    """Per stratum (sorted names, those with a share), the sorted positions drawn among its members in drawing order."""
    rng = np.random.default_rng(seed)
    out = {}
    for stratum in sorted(per):
        if per[stratum]:
            out[stratum] = np.sort(rng.choice(tally.population[stratum], size=per[stratum], replace=False))
    return out


def make_plan(
    settings: SamplingSettings,
    tally: Tally,
    size: SizePlan,
    per: dict[str, int],
    fingerprint: str,
    timezone: str,
    sources: tuple[dict[str, str], ...],
) -> SamplingPlan:
    """The plan of a draw from the records ``tally`` sums up (``settings`` seeded)."""
    assert settings.seed is not None
    unknown = {b: None for b in _BLOCKS if b not in tally.blocks}
    counts: dict[str, int | None] = {b: tally.blocks.get(b, 0) if b not in unknown else None for b in _BLOCKS}
    return SamplingPlan(
        settings=settings,
        seed=settings.seed,
        size=size,
        population_size=tally.population_size,
        strata=tuple(
            StratumPlan(k, tally.population[k], per[k], _stratum_counts(tally.by_stratum.get(k), unknown)) for k in sorted(per)
        ),
        fingerprint=fingerprint,
        created=datetime.now(UTC).replace(microsecond=0).isoformat(),
        timezone=timezone,
        calls=sources,
        block_counts=counts,
        version=__version__,
        first_day=tally.first_day,
        last_day=tally.last_day,
    )


def _stratum_counts(counts: dict[str, int] | None, unknown: dict[str, None]) -> dict[str, int | None]:
    if counts is None:
        return {}
    return {b: (None if b in unknown else counts.get(b, 0)) for b in _BLOCKS}


def draw_sample(
    calls: CallTable,
    settings: SamplingSettings,
    metric_settings: MetricSettings | None = None,
    sources: tuple[dict[str, str], ...] = (),
) -> Sample:
    """Plan and draw a stratified, seeded sample from ``calls``."""
    settings = seeded(settings)
    assert settings.seed is not None
    rows = row_frame(calls, metric_settings or MetricSettings())
    pop = population(calls.frame, rows, settings)
    tally = tally_of(calls, rows, pop, settings.strata)
    size, per = plan_draw(tally, settings)
    pop = population_order(pop)
    positions = {str(k): v for k, v in pop.groupby("stratum", sort=False).indices.items()}  # row positions, drawing order
    picked = [np.asarray(pop.index[positions[k]][chosen]) for k, chosen in draw_positions(per, tally, settings.seed).items()]
    index = np.concatenate(picked) if picked else np.array([], dtype=np.int64)
    fingerprint = fingerprint_of([pop[ORDER_KEY].to_numpy(dtype=object)])
    plan = make_plan(settings, tally, size, per, fingerprint, calls.zone.label, sources)
    return Sample(frame=sample_frame(pop.loc[index], calls.timezone), plan=plan)


def stratum_labels(pop: pd.DataFrame, keys: tuple[str, ...]) -> pd.Series:
    """Each row's stratum: its values of the stratum keys joined by `` | `` (``all`` without keys)."""
    if not keys:
        return pd.Series(ALL, index=pop.index, dtype="string")
    parts = [pop[STRATA[k]].astype("string").fillna(NO_VALUE) for k in keys]
    label = parts[0]
    for part in parts[1:]:
        label = label + " | " + part
    return label


def sample_frame(chosen: pd.DataFrame, tz: str) -> pd.DataFrame:
    """The sample's columns (:data:`SAMPLE_COLUMNS`) of the chosen rows, in their order."""
    out = pd.DataFrame(
        {
            "sample_no": np.arange(1, len(chosen) + 1),
            "stratum": chosen["stratum"].to_numpy(),
            "call_id": chosen["call_id"].astype("string").to_numpy(),
            "recording_id": chosen["recording_id"].astype("string").to_numpy(),
            "start_time": chosen["start_time"].dt.tz_convert(tz).dt.strftime("%Y-%m-%d %H:%M:%S").to_numpy(),
            "agent_id": chosen["agent_id"].astype("string").to_numpy(),
            "campaign": chosen["campaign"].astype("string").to_numpy(),
            "phone": chosen["phone"].astype("string").to_numpy(),
            "disposition": chosen["disposition"].astype("string").to_numpy(),
            "talk_s": chosen["talk_s"].to_numpy(),
            "claimed_outcome": chosen["outcome"].astype("string").to_numpy(),
        }
    )
    return out.reset_index(drop=True)
