"""Drawing the sample: population, strata, sizes, then a seeded draw per stratum.

Reproducible: the population is put in ``call_id`` order before drawing, so the same
records, settings and seed give the same sample whatever order the files list calls in.
The seed, the settings and a fingerprint of the population (sha256 of its sorted call ids)
go into the plan.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from auditor import __version__
from auditor.errors import ConfigError
from auditor.ingest.table import CallTable
from auditor.metrics.compute import row_frame
from auditor.metrics.settings import MetricSettings
from auditor.sampling.plan import SamplingPlan, StratumPlan
from auditor.sampling.settings import LABELS, POPULATIONS, STRATA, SamplingSettings
from auditor.sampling.size import sample_size
from auditor.sampling.strata import allocate

ALL = "all"
NO_VALUE = "(none)"
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


def population_fingerprint(call_ids: pd.Series) -> str:
    """sha256 over the sorted call ids, one per line."""
    ordered = np.sort(call_ids.astype(str).to_numpy())
    return hashlib.sha256("\n".join(ordered).encode("utf-8")).hexdigest()


def draw_sample(
    calls: CallTable,
    settings: SamplingSettings,
    metric_settings: MetricSettings | None = None,
    sources: tuple[dict[str, str], ...] = (),
) -> Sample:
    """Plan and draw a stratified, seeded sample from ``calls``."""
    seed = settings.seed if settings.seed is not None else secrets.randbits(63)
    settings = replace(settings, seed=seed)
    rows = row_frame(calls, metric_settings or MetricSettings())
    frame = calls.frame
    in_population = rows[POPULATIONS[settings.population][0]].fillna(False).astype(bool).to_numpy()
    pop = frame.loc[in_population].copy()
    pop["day"] = rows.loc[in_population, "day"]
    pop["stratum"] = _stratum_labels(pop, settings.strata)
    pop = pop.sort_values(["call_id", "source_file", "source_row"], kind="stable")
    if pop.empty:
        raise ConfigError(
            f"no call of the {len(frame):,} in the records is in population '{settings.population}'",
            hint="choose another --population (connected, converted, ...) or check that the records carry the outcome column",
        )
    size = sample_size(settings.confidence, settings.tolerable, settings.expected, population=len(pop))
    sizes = {str(k): int(v) for k, v in pop.groupby("stratum", sort=True).size().items()}
    per = allocate(
        size.n,
        sizes,
        settings.allocation,
        settings.min_per_stratum,
        size_of=lambda n: sample_size(settings.confidence, settings.tolerable, settings.expected, population=n).n,
    )
    rng = np.random.default_rng(seed)
    picked: list[np.ndarray] = []
    for stratum in sorted(per):
        members = pop.index[(pop["stratum"] == stratum).to_numpy()]
        if per[stratum]:
            chosen = np.sort(rng.choice(len(members), size=per[stratum], replace=False))
            picked.append(np.asarray(members[chosen]))
    index = np.concatenate(picked) if picked else np.array([], dtype=np.int64)
    sample = _sample_frame(pop.loc[index], calls.timezone)
    known = {b: c for b, c in _BLOCKS.items() if b not in _BLOCK_NEEDS or calls.has(_BLOCK_NEEDS[b])}
    flags = pd.DataFrame({b: rows[c].fillna(False).astype(bool).to_numpy() for b, c in known.items()}, index=frame.index)
    counts: dict[str, int | None] = {b: (int(flags[b].sum()) if b in known else None) for b in _BLOCKS}
    labels = _stratum_labels(frame.assign(day=rows["day"]), settings.strata)
    by_stratum = flags.groupby(labels.to_numpy()).sum().astype("int64")
    stratum_counts = {
        str(k): {b: (int(row[b]) if b in known else None) for b in _BLOCKS} for k, row in by_stratum.to_dict("index").items()
    }
    plan = SamplingPlan(
        settings=settings,
        seed=seed,
        size=size,
        population_size=len(pop),
        strata=tuple(StratumPlan(k, int(sizes[k]), per[k], stratum_counts.get(k, {})) for k in sorted(per)),
        fingerprint=population_fingerprint(pop["call_id"]),
        created=datetime.now(UTC).replace(microsecond=0).isoformat(),
        timezone=calls.timezone,
        calls=sources,
        block_counts=counts,
        version=__version__,
    )
    return Sample(frame=sample, plan=plan)


def _stratum_labels(pop: pd.DataFrame, keys: tuple[str, ...]) -> pd.Series:
    if not keys:
        return pd.Series(ALL, index=pop.index, dtype="string")
    parts = [pop[STRATA[k]].astype("string").fillna(NO_VALUE) for k in keys]
    label = parts[0]
    for part in parts[1:]:
        label = label + " | " + part
    return label


def _sample_frame(chosen: pd.DataFrame, tz: str) -> pd.DataFrame:
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
