"""Honest call records in a time zone, written with offsets, naive or in UTC (fixtures/zones/honest_zones.yaml)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import yaml

from tests.conftest import FIXTURES

CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "zones" / "honest_zones.yaml").read_text(encoding="utf-8"))["cases"]
#: Dials placed on each local day.
DIALS_PER_DAY = 40
#: The honest operation's hours on the vendor's local clock (the default calling window is 08:00-21:00).
OPEN, CLOSE = 9, 20


@dataclass(frozen=True)
class Dial:
    """One dial at a local wall-clock time in ``zone``."""

    local: datetime  # aware, in the vendor's zone
    phone: str

    def written(self, how: str) -> str:
        if how == "offset":
            return self.local.isoformat(timespec="seconds")
        if how == "naive":
            return self.local.strftime("%Y-%m-%d %H:%M:%S")
        if how == "utc":
            return self.local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        raise ValueError(how)


@dataclass
class Records:
    """The dials of a case and how many were placed on each local day."""

    dials: list[Dial]
    per_day: dict[str, int] = field(default_factory=dict)

    def frame(self, how: str) -> pd.DataFrame:
        rng = np.random.default_rng(len(self.dials))
        answered = rng.random(len(self.dials)) < 0.5
        return pd.DataFrame(
            {
                "call_id": [f"c{i:05d}" for i in range(len(self.dials))],
                "start_time": [d.written(how) for d in self.dials],
                "phone": [d.phone for d in self.dials],
                "disposition": np.where(answered, "answered", "no_answer"),
                "talk_s": np.where(answered, rng.integers(20, 300, len(self.dials)), 0),
            }
        )


def honest_dials(zone: str, first_day: date, days: int, *, seed: str = "", extra_hours: tuple[float, ...] = ()) -> Records:
    """:data:`DIALS_PER_DAY` dials a day between :data:`OPEN` and :data:`CLOSE` local time, one per number.

    ``extra_hours``: local hours of day (22.5 = 22:30) of further dials on the first day, to numbers of their own.
    """
    rng = np.random.default_rng(zlib.crc32(f"{zone}{first_day}{seed}".encode()))
    tz = ZoneInfo(zone)
    dials: list[Dial] = []
    per_day: dict[str, int] = {}
    for d in range(days):
        day = first_day + timedelta(days=d)
        seconds = np.sort(rng.integers(OPEN * 3600, CLOSE * 3600, DIALS_PER_DAY))
        for s in seconds:
            dials.append(Dial(datetime.combine(day, time(), tzinfo=tz) + timedelta(seconds=int(s)), ""))
        per_day[day.isoformat()] = DIALS_PER_DAY
    for hour in extra_hours:
        dials.append(Dial(datetime.combine(first_day, time(), tzinfo=tz) + timedelta(hours=hour), ""))
        per_day[first_day.isoformat()] += 1
    numbers = rng.choice(10**8, size=len(dials), replace=False)
    dials = [Dial(d.local, f"139{n:08d}") for d, n in zip(dials, numbers, strict=True)]
    return Records(dials, per_day)


def write_case(case: dict[str, Any], folder: Path, records: Records | None = None) -> dict[str, Path]:
    """The case's calls (CSV), engagement and, when it names a zone, mapping file; ``records`` default to its honest dials."""
    records = records or honest_dials(case["zone"], case["first_day"], case["days"], seed=case["name"])
    folder.mkdir(parents=True, exist_ok=True)
    out = {"calls": folder / "calls.csv", "engagement": folder / "engagement.yaml"}
    frame = records.frame(case["written"])
    engagement = {"name": case["name"]}
    if case.get("engagement"):
        engagement["timezone"] = case["engagement"]
    out["engagement"].write_text(yaml.safe_dump(engagement), encoding="utf-8")
    if case.get("mapping"):  # an export with its own column names, described by a mapping file
        frame = frame.rename(columns={"call_id": "ID", "start_time": "Started", "phone": "Number", "disposition": "Result"})
        out["mapping"] = folder / "export.mapping.yaml"
        mapping = {
            "columns": {"call_id": "ID", "start_time": "Started", "phone": "Number", "disposition": "Result", "talk_s": "talk_s"},
            "timezone": case["mapping"],
        }
        out["mapping"].write_text(yaml.safe_dump(mapping), encoding="utf-8")
    frame.to_csv(out["calls"], index=False)
    return out


def case_named(name: str) -> dict[str, Any]:
    return next(c for c in CASES if c["name"] == name)
