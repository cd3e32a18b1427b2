"""The zone the call records' local times are read in, and how it was known.

Local hour, local day and the calling window need a zone. It is decided once per input,
in this order (:func:`decide_zone`):

1. ``engagement`` - the engagement's ``timezone:``;
2. ``mapping`` - the mapping file's ``timezone:``;
3. ``offset`` - the UTC offsets the start times are written with (``09:14:15+08:00`` is 09:14
   on the clock at +08:00): one offset gives that fixed-offset zone, several give the IANA
   zone whose clock changes fit every (instant, offset) pair seen (-05:00 in winter and
   -04:00 in summer: America/New_York);
4. ``assumed`` - naive times with no zone anywhere are the vendor's own wall clock; times
   written only in UTC (``Z``, ``+00:00``) state the instant but not the local clock; offsets
   no zone explains are read at the commonest one. Zone-dependent findings then carry the
   assumption (``evidence["assumptions"]``) and are at most medium.

:class:`ZoneEvidence` is what the start times say, collected per block and added up, so a
file read in blocks decides exactly as the same file read whole.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from auditor.ingest.normalise import HAS_OFFSET, NAMED_OFFSET, matches, to_timestamp

ZoneSource = Literal["engagement", "mapping", "offset", "assumed"]
#: Where a zone can come from, most authoritative first.
ZONE_SOURCES: tuple[ZoneSource, ...] = ("engagement", "mapping", "offset", "assumed")
#: Evidence key listing what a finding rests on (auditor.findings.ASSUMPTIONS; not imported: ingest is below findings).
_ASSUMPTIONS = "assumptions"
#: Zone names the search considers: the geographic IANA areas (no aliases such as US/Eastern or EST5EDT).
_AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
#: (instant, offset) pairs the first, cheap pass of the zone search tests every zone on.
_FIRST_PASS = 512
_NS_PER_MINUTE = 60_000_000_000
#: The zone naive times are held in when nothing names one: their wall clock, unchanged (no DST gap or overlap).
WALL_CLOCK = "UTC"


@dataclass(frozen=True)
class TableZone:
    """The zone local times are read in (``name``, for pandas), where it came from (``source``) and why (``basis``)."""

    name: str = "UTC"
    source: ZoneSource = "engagement"
    basis: str = "the engagement's timezone"
    #: ``basis`` in a few words, for messages
    short: str = "the engagement's timezone"
    #: some start times carry no offset (read as this zone's clock)
    naive: bool = False
    #: some start times carry a UTC offset
    offsets: bool = False
    #: the start times mix offsets no single zone explains, or naive and zoned values (the ``mixed_timezones`` note)
    mixed: bool = False

    @property
    def assumed(self) -> bool:
        return self.source == "assumed"

    @property
    def unplaced(self) -> bool:
        """Naive times nobody placed: ``name`` is only a stand-in that keeps their wall clock."""
        return self.assumed and not self.offsets

    @property
    def label(self) -> str:
        """The zone as a reader sees it: the IANA name or ``UTC+08:00``; ``records' clock`` for naive times nobody placed."""
        return "records' clock" if self.unplaced else self.name

    def dial_zone(self, called_party: str | None = None) -> str:
        """The zone a dial's local time is read in: the called party's when set, unless the times are an unplaced wall clock."""
        return called_party if called_party is not None and not self.unplaced else self.name

    def for_dials(self, called_party: str | None) -> TableZone:
        """The zone a check of the called party's local time reads (``called_party_timezone``, when set) and how it was known.

        Exact when the call times are instants; naive times nobody placed are taken as that zone's clock.
        """
        if called_party is None:
            return self
        if self.unplaced:
            basis = "the call times carry no zone; they were taken as the called party's clock (called_party_timezone)"
            # placed now (offsets=True): the name is the called party's zone, no longer a stand-in
            return replace(self, name=called_party, basis=basis, short="assumed: the called party's clock", offsets=True)
        source: ZoneSource = "assumed" if self.assumed and self.naive else "engagement"  # naive rows in an assumed zone
        return replace(
            self,
            name=called_party,
            source=source,
            basis="the engagement's called_party_timezone" + (f"; naive call times: {self.basis}" if source == "assumed" else ""),
            short="the engagement's called_party_timezone",
        )

    def describe(self) -> str:
        """``Asia/Shanghai, the engagement's timezone``: the zone and, in a few words, how it was known (for messages)."""
        return f"{self.label}, {self.short}"

    def evidence(self) -> dict[str, Any]:
        """Evidence of a zone-dependent finding: ``timezone``, ``timezone_source``, ``timezone_basis`` and, when the zone is
        assumed, ``assumptions`` (which caps the finding at medium)."""
        out: dict[str, Any] = {"timezone": self.label, "timezone_source": self.source, "timezone_basis": self.basis}
        sentence = self.assumption()
        if sentence:
            out[_ASSUMPTIONS] = [sentence]
        return out

    def assumption(self) -> str | None:
        """The sentence a zone-dependent finding adds to ``evidence["assumptions"]``; None when the zone is known."""
        if not self.assumed:
            return None
        return f"time zone assumed ({self.label}): {self.basis}; local hours and days may be off"

    def warning(self) -> str | None:
        """The run warning for an assumed zone (naive times nobody placed, UTC-only times, offsets no zone explains)."""
        if not self.assumed:
            return None
        if self.unplaced:
            return (
                "no time zone given (engagement or mapping 'timezone:') and the call times carry none: naive call times were "
                "taken as the vendor's local wall clock; findings that depend on the local hour or day are at most medium"
            )
        return (
            f"call times read as {self.label} ({self.basis}); findings that depend on the local hour or day are at most "
            "medium: give the engagement's 'timezone:' to judge them"
        )

    def to_dict(self) -> dict[str, Any]:
        return {"timezone": self.label, "source": self.source, "basis": self.basis}


GIVEN = TableZone()


def fixed_zone(minutes: int) -> str:
    """The pandas name of a fixed UTC offset: ``UTC+08:00``, ``UTC-05:30`` (``UTC`` for 0)."""
    if minutes == 0:
        return "UTC"
    return f"UTC{offset_text(minutes)}"


def offset_text(minutes: int) -> str:
    """``+08:00`` / ``-05:30``."""
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(int(minutes)), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


@dataclass
class ZoneEvidence:
    """What the start times say about their zone, added up block by block.

    ``minutes`` holds, per UTC offset (in minutes), the distinct UTC minutes of the start
    times written with it: enough to test a zone's clock changes against every row
    (transitions fall on whole minutes).
    """

    naive: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    minutes: dict[int, np.ndarray] = field(default_factory=dict)
    unread: int = 0  # written with a zone abbreviation (EST, CST) that names no single offset

    @classmethod
    def of(cls, raw: pd.Series, parsed: pd.Series | None = None) -> ZoneEvidence:
        """The evidence of a start-time column: its values as read (``raw``) and, when already parsed, as instants.

        Without ``parsed`` only the values written with an offset are parsed (the table builder
        parses them the same way, so a file read in blocks gives the same evidence).
        """
        out = cls()
        if pd.api.types.is_datetime64_any_dtype(raw):
            if getattr(raw.dt, "tz", None) is None:
                out.naive = int(raw.notna().sum())
                return out
            known = raw.notna().to_numpy()
            utc = raw.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").view("int64")
            wall = raw.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").view("int64")
            out._add_offsets(((wall - utc) // _NS_PER_MINUTE)[known], utc[known])
            return out
        text = raw.astype("string[pyarrow]")
        array = pa.array(text.array)
        array = pc.utf8_trim_whitespace(array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array)
        present = pc.fill_null(pc.not_equal(array, ""), False).to_numpy(zero_copy_only=False)
        zoned = matches(text, HAS_OFFSET).to_numpy(dtype=bool) & present
        out.naive = int((present & ~zoned).sum())
        if not zoned.any():
            return out
        rows = np.flatnonzero(zoned)
        found = pc.struct_field(pc.extract_regex(array.take(pa.array(rows)), pattern=NAMED_OFFSET), [0])
        encoded = pc.dictionary_encode(found)  # few distinct offsets: each read once
        per_value = np.array([_offset_minutes(v) for v in encoded.dictionary.to_pylist()] + [np.nan], dtype="float64")
        minutes = per_value[encoded.indices.fill_null(len(encoded.dictionary)).to_numpy(zero_copy_only=False)]
        stamps = parsed.iloc[rows] if parsed is not None else to_timestamp(raw.iloc[rows], WALL_CLOCK)[0]
        readable = ~np.isnan(minutes) & stamps.notna().to_numpy()
        out.unread = int(np.isnan(minutes).sum())
        utc = stamps.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").view("int64")
        out._add_offsets(minutes[readable].astype("int64"), utc[readable])
        return out

    def _add_offsets(self, offsets: np.ndarray, utc: np.ndarray) -> None:
        minute = utc // _NS_PER_MINUTE
        for offset in np.unique(offsets):
            mine = offsets == offset
            key = int(offset)
            self.counts[key] = self.counts.get(key, 0) + int(mine.sum())
            seen = np.unique(minute[mine])
            self.minutes[key] = seen if key not in self.minutes else np.union1d(self.minutes[key], seen)

    def __add__(self, other: ZoneEvidence) -> ZoneEvidence:
        out = ZoneEvidence(self.naive + other.naive, dict(self.counts), dict(self.minutes), self.unread + other.unread)
        for key, n in other.counts.items():
            out.counts[key] = out.counts.get(key, 0) + n
            out.minutes[key] = other.minutes[key] if key not in out.minutes else np.union1d(out.minutes[key], other.minutes[key])
        return out

    @property
    def zoned(self) -> int:
        return sum(self.counts.values())

    def fitting_zones(self) -> list[str]:
        """The IANA zones whose UTC offset at every start time seen is the offset it was written with, preferred first."""
        if len(self.counts) < 2:
            return []
        minutes = np.concatenate([self.minutes[k] for k in sorted(self.minutes)])
        offsets = np.concatenate([np.full(len(self.minutes[k]), k, dtype="int64") for k in sorted(self.minutes)])
        order = np.argsort(minutes, kind="stable")
        minutes, offsets = minutes[order], offsets[order]
        if (np.diff(minutes) == 0).any():  # one minute written with two offsets: no zone has both at once
            return []
        ends = np.flatnonzero(np.diff(offsets) != 0)
        first = np.unique(np.concatenate(([0, len(minutes) - 1], ends, ends + 1)))  # every run of one offset: its ends
        if len(first) > _FIRST_PASS:
            first = first[np.linspace(0, len(first) - 1, _FIRST_PASS).astype("int64")]
        survivors = [z for z in candidate_zones() if _fits(z, minutes[first], offsets[first])]
        return [z for z in survivors if _fits(z, minutes, offsets)]


def _offset_minutes(text: str | None) -> float:
    """Minutes east of UTC of an offset as written (``Z``, ``+0800``, ``-05:00``, `` UTC``); NaN for an abbreviation."""
    if text is None:
        return np.nan
    value = text.strip().replace(":", "")
    if value in ("Z", "UTC", "GMT"):
        return 0.0
    if len(value) in (3, 5) and value[0] in "+-" and value[1:].isdigit():  # +0800, or +08 (PostgreSQL)
        sign = -1 if value[0] == "-" else 1
        return float(sign * (int(value[1:3]) * 60 + int(value[3:5] or 0)))
    return np.nan


def _fits(zone: str, minutes: np.ndarray, offsets: np.ndarray) -> bool:
    instants = pd.DatetimeIndex(minutes * _NS_PER_MINUTE, tz="UTC")
    wall = instants.tz_convert(zone).tz_localize(None).asi8
    return bool(((wall - instants.tz_localize(None).asi8) // _NS_PER_MINUTE == offsets).all())


@cache
def candidate_zones() -> tuple[str, ...]:
    """The geographic IANA zones this system knows: the preferred ones (``zones.yaml``) first, then alphabetically."""
    known = {z for z in zoneinfo.available_timezones() if z.split("/")[0] in _AREAS}
    text = resources.files("auditor.ingest").joinpath("zones.yaml").read_text(encoding="utf-8")
    preferred = [z for z in yaml.safe_load(text)["preferred"] if z in known]
    return (*preferred, *sorted(known - set(preferred)))


def decide_zone(given: str | None, mapping: str | None, seen: ZoneEvidence) -> TableZone:
    """The zone local times are read in: the engagement's, the mapping's, the records' offsets, else an assumption."""
    zones = seen.fitting_zones()  # [] for fewer than two offsets
    mixed = (seen.naive > 0 and bool(seen.counts)) or (len(seen.counts) > 1 and not zones)

    def zone(name: str, source: ZoneSource, basis: str, short: str) -> TableZone:
        return TableZone(name, source, basis, short, naive=seen.naive > 0, offsets=bool(seen.counts), mixed=mixed)

    if given is not None:
        return zone(given, "engagement", "the engagement's timezone", "the engagement's timezone")
    if mapping is not None:
        return zone(mapping, "mapping", "the mapping's timezone", "the mapping's timezone")
    if not seen.counts:
        return zone(WALL_CLOCK, "assumed", _NO_ZONE, "assumed: no zone given")
    shown = ", ".join(offset_text(k) for k in sorted(seen.counts, key=lambda k: (-seen.counts[k], k)))
    if len(seen.counts) == 1:
        (offset,) = seen.counts
        if offset == 0:
            basis = "the call times are written in UTC, which need not be the callers' local clock"
            return zone("UTC", "assumed", basis, "assumed: the call times are written in UTC")
        return zone(
            fixed_zone(offset), "offset", f"the UTC offset the call times are written with ({shown})", "the records' UTC offset"
        )
    if zones:
        others = f"; {len(zones) - 1} other zone(s) give the same local times" if len(zones) > 1 else ""
        basis = f"its clock changes fit every UTC offset the call times carry ({shown}){others}"
        return zone(zones[0], "offset", basis, "from the records' UTC offsets")
    commonest = max(seen.counts, key=lambda k: (seen.counts[k], -k))
    basis = f"the call times carry UTC offsets no single zone explains ({shown}); read at the commonest, {offset_text(commonest)}"
    return zone(fixed_zone(commonest), "assumed", basis, "assumed: the commonest of mixed UTC offsets")


_NO_ZONE = "the call times carry no zone and neither the engagement nor a mapping names one; read as the vendor's wall clock"
