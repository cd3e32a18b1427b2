#!/usr/bin/env python
"""Seeded generator of honest vendor audits, and their scorer (issue 16, section 7).

Each audit is a folder written as an honest vendor and its dialler would write it:

* call records in one export format (canonical CSV with English or Chinese headers, XLSX, Parquet,
  Asterisk ``Master.csv``, FreeSWITCH ``mod_cdr_csv``, Twilio, VICIdial ``vicidial_log``, Five9 call
  log, or a custom layout read through a mapping file), sometimes with inbound calls and internal
  extensions mixed into the outbound file and told apart by the export's own direction field;
* one or more vendor reports (XLSX, legacy XLS, PDF) in Chinese, English, Russian, Portuguese or
  Spanish, that print the TRUE figures recomputed here from those records under METRICS.md's default
  definitions (or a variant the label itself names), rounded the way the cell shows them;
* sometimes an ``engagement.yaml`` (time zone, period) or a ``mapping.yaml``;
* ``manifest.json``: how the audit was made and every figure printed, with its metric, scope, exact
  value and printed text, so extraction can be scored.

The records follow the rules: dials only inside 09:00-20:00 in the called party's local time, at
most 3 a day and 10 a week per number, no redial after an opt-out, abandoned calls below 2 % of
outbound connected + abandoned (overall and per campaign), talk times from a smooth log-normal (no
bunching at the 30 s threshold, no heaping on whole minutes), agents never on two calls at once and
far below a shift of talk a day. ``check_honest`` verifies each of these on the generated calls.

Written from the issue, METRICS.md, CONTRACT.md, the user docs and the public documentation of the
exports, without reading auditor's readers.

    python scripts/honest_audits.py OUT [--seed 16] [--count 28]   # write the corpus
    python scripts/honest_audits.py OUT --score                     # + claims recall (auditor extract --format json)
    python scripts/honest_audits.py OUT --audit                     # + medium+ findings per audit (triage)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import subprocess
import sys
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_SEED = 16
DEFAULT_COUNT = 32
PERIOD = "2025-09"

# The operation's rules (what an honest vendor keeps to; the tool's defaults are wider: 08:00-21:00).
WINDOW_START = time(9, 0)
WINDOW_END = time(20, 0)
LAST_DIAL = time(19, 40)
LUNCH = (time(12, 0), time(13, 0))
PER_DAY_CAP = 3
PER_WEEK_CAP = 10
ABANDONED_CAP = Fraction(2, 100)  # kept well under the 3 % regulatory cap
SHIFT_S = 8 * 3600
EFFECTIVE_S = 30

OUTBOUND, INBOUND, INTERNAL = "outbound", "inbound", "internal"
ANSWERED, NO_ANSWER, BUSY, REJECTED = "answered", "no_answer", "busy", "rejected"
VOICEMAIL, INVALID, FAILED, ABANDONED = (
    "voicemail",
    "invalid_number",
    "failed",
    "abandoned",
)
RETRY = {NO_ANSWER, BUSY, VOICEMAIL, FAILED, ABANDONED}
OUTCOME_RANK = {"none": 0, "effective": 1, "intent": 2, "converted": 3}

# What each export can say. FULL: outcome and flags columns; TALK: talk time only (effective by the
# 30 s threshold); STATUS: a dialler status per call (sale, do-not-call, ...), no outcome ladder.
FULL, TALK, STATUS = "full", "talk", "status"
EXPORTS: dict[str, tuple[str, frozenset[str]]] = {
    "canonical-csv-en": (
        FULL,
        frozenset({ANSWERED, NO_ANSWER, BUSY, REJECTED, VOICEMAIL, INVALID, FAILED, ABANDONED}),
    ),
    "canonical-csv-zh": (
        FULL,
        frozenset({ANSWERED, NO_ANSWER, BUSY, REJECTED, INVALID, FAILED, ABANDONED}),
    ),
    "canonical-xlsx": (
        FULL,
        frozenset({ANSWERED, NO_ANSWER, BUSY, REJECTED, VOICEMAIL, INVALID, FAILED, ABANDONED}),
    ),
    "parquet": (
        FULL,
        frozenset({ANSWERED, NO_ANSWER, BUSY, REJECTED, VOICEMAIL, INVALID, FAILED, ABANDONED}),
    ),
    "mapped": (
        FULL,
        frozenset({ANSWERED, NO_ANSWER, BUSY, VOICEMAIL, INVALID, FAILED, ABANDONED}),
    ),
    "asterisk": (TALK, frozenset({ANSWERED, NO_ANSWER, BUSY, FAILED})),
    "freeswitch": (TALK, frozenset({ANSWERED, NO_ANSWER, BUSY, REJECTED, INVALID})),
    "freeswitch-header": (
        TALK,
        frozenset({ANSWERED, NO_ANSWER, BUSY, REJECTED, INVALID}),
    ),
    "twilio": (TALK, frozenset({ANSWERED, NO_ANSWER, BUSY, VOICEMAIL})),
    "vicidial": (
        STATUS,
        frozenset({ANSWERED, NO_ANSWER, BUSY, VOICEMAIL, INVALID, ABANDONED}),
    ),
    "five9": (STATUS, frozenset({ANSWERED, NO_ANSWER, BUSY, VOICEMAIL, ABANDONED})),
}


# --------------------------------------------------------------------------------------------------
# Domain
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Call:
    """One dial attempt (or one inbound/internal call) as the vendor's switch saw it."""

    call_id: str
    start: datetime  # aware, in the vendor's zone
    answer: datetime | None
    end: datetime
    phone: str  # digits; the customer's number (inbound: the caller), or an extension
    campaign: str
    agent: str | None
    disposition: str
    talk_s: int
    outcome: str | None  # None: not answered, or not recorded by this export
    complaint: bool = False
    opt_out: bool = False
    follow_up: bool = False
    direction: str = OUTBOUND
    seq: int = 0  # order of creation, for stable ids
    talk_ms: int = 0  # talk in milliseconds (talk_s whole seconds + the switch's milliseconds), for exports in ms

    @property
    def ring_s(self) -> int:
        stop = self.answer or self.end
        return int((stop - self.start).total_seconds())


@dataclass(frozen=True, slots=True)
class ReportPlan:
    """One vendor report file: its format and the blocks it prints, in order."""

    fmt: str  # xlsx | xls | pdf
    blocks: tuple[str, ...]
    values: str = "text"  # workbooks: "text" (the printed strings) or "native" (numbers with formats)
    ruled: bool = True  # pdf: grid lines or none
    wrap_headers: bool = False  # pdf: headers on two lines, the unit on the second
    name: str = "report"


@dataclass(frozen=True, slots=True)
class AuditSpec:
    """What one honest audit looks like; details (numbers, talk times, labels) come from its seed."""

    name: str
    language: str  # zh en ru pt es
    export: str
    times: str  # offset | naive-engagement | naive | utc-engagement | mapping-zone | aware
    zone: str  # IANA zone of the vendor's (and the called parties') wall clock
    country: str  # cn ru us br co mx
    campaigns: tuple[str, ...]
    reports: tuple[ReportPlan, ...]
    n_leads: int = 400
    start_day: date = date(2025, 9, 8)
    n_days: int = 10
    mode: str = "preview"  # preview: agents dial every call; predictive: the dialler dials, agents take answers
    p_answer: float = 0.5
    campaign_answer: tuple[float, ...] = ()  # per-campaign answer probability (default: p_answer for all)
    inbound: int = 0
    internal: int = 0
    engagement: bool = False
    n_agents: int = 6
    seed: int = 0
    daily_files: bool = False  # canonical CSV: one file per local day in a folder
    period: str = "month"  # how the report states its period: month | range
    rates: str = "pct"  # how the report prints rates: pct (45.6%) | ratio (0.456)

    @property
    def knowledge(self) -> str:
        return EXPORTS[self.export][0]

    @property
    def supported(self) -> frozenset[str]:
        """Dispositions the export can state (Chinese exports write no voicemail: 无人接听)."""
        allowed = EXPORTS[self.export][1]
        return allowed - {VOICEMAIL} if self.language == "zh" else allowed


@dataclass(slots=True)
class Printed:
    """A figure a report printed: what it means and how it was written."""

    metric: str | None  # METRICS.md id; None for figures with no metric (a negated count)
    definition: str  # "default" or the variant the label names
    scope: dict[str, str | None]
    value: float
    tolerance: float
    text: str
    label: str
    file: str
    meaning: str = ""  # for metric None: what the figure is

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "definition": self.definition,
            "scope": self.scope,
            "value": self.value,
            "tolerance": self.tolerance,
            "text": self.text,
            "label": self.label,
            "file": self.file,
            "meaning": self.meaning,
        }


# --------------------------------------------------------------------------------------------------
# Simulation
# --------------------------------------------------------------------------------------------------


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def working_days(first: date, count: int) -> list[date]:
    """Monday to Saturday from ``first``."""
    days: list[date] = []
    day = first
    while len(days) < count:
        if day.weekday() < 6:
            days.append(day)
        day += timedelta(days=1)
    return days


def phone_number(country: str, rng: random.Random) -> str:
    """A number as the vendor's system stores it for that country (digits only)."""
    digits = "".join(str(rng.randrange(10)) for _ in range(9))
    if country == "cn":
        return "1" + rng.choice("3589") + digits
    if country == "ru":
        return "79" + digits
    if country in ("us",):
        return "1" + str(rng.randrange(2, 10)) + digits[:2] + str(rng.randrange(2, 10)) + digits[2:8]
    if country == "br":
        return "5511" + "9" + digits[:8]
    if country == "co":
        return "573" + digits
    if country == "mx":
        return "5255" + digits[:8]
    if country == "gb":
        return "447" + digits
    raise ValueError(country)


AGENT_NAMES = {
    "zh": [
        "1001",
        "1002",
        "1003",
        "1005",
        "1008",
        "1011",
        "1013",
        "1016",
        "1019",
        "1021",
    ],
    "en": [
        "jsmith",
        "mgarcia",
        "tnguyen",
        "abrown",
        "kpatel",
        "lwilson",
        "rjones",
        "dlee",
        "sclark",
        "ewhite",
    ],
    "ru": [
        "Иванова А.",
        "Петров С.",
        "Смирнова Е.",
        "Кузнецов Д.",
        "Попова О.",
        "Волков И.",
        "Соколова М.",
        "Лебедев П.",
    ],
    "pt": [
        "Ana Souza",
        "Bruno Lima",
        "Carla Dias",
        "Diego Rocha",
        "Elisa Melo",
        "Fábio Reis",
        "Gisele Prado",
        "Hugo Alves",
    ],
    "es": [
        "María López",
        "José Pérez",
        "Lucía Gómez",
        "Carlos Ruiz",
        "Sofía Díaz",
        "Javier Mora",
        "Elena Vega",
        "Pablo Ríos",
    ],
}


def agents_for(spec: AuditSpec) -> list[str]:
    """The agent ids the export carries: VICIdial user ids, Five9 user names, else the vendor's own."""
    names = AGENT_NAMES[spec.language][: spec.n_agents]
    if spec.export == "vicidial":
        return [f"{6001 + i}" for i in range(len(names))]
    if spec.export == "five9":
        return [_slug(n) for n in names]
    return names


def _slug(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_name.lower() if ch.isalnum())


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def _talk_seconds(rng: random.Random) -> int:
    """Talk time of an answered call: a smooth log-normal (median 62 s), whole seconds."""
    return max(2, min(1500, int(round(rng.lognormvariate(math.log(62), 0.95)))))


def _answered_result(rng: random.Random, talk: int, complaint_room: bool) -> tuple[str, bool, bool, bool]:
    """(outcome, complaint, opt_out, follow_up) of an answered call, honest and plausible.

    ``complaint_room``: a complaint keeps the complaint rate under 0.6 % of effective contacts
    (a vendor with 100 % compliant dials and a high complaint rate would be implausible).
    """
    if rng.random() < 0.03:
        return "none", False, True, False
    if talk < EFFECTIVE_S or rng.random() < 0.1:
        return "none", False, False, False
    complaint = complaint_room and rng.random() < 0.004
    p_intent = 0.14 + (0.08 if talk > 120 else 0.0)
    if rng.random() >= p_intent:
        return "effective", complaint, False, False
    if rng.random() < 0.35:
        return "converted", False, False, rng.random() < 0.2
    return "intent", False, False, rng.random() < 0.6


@dataclass(slots=True)
class _Lead:
    phone: str
    campaign: str
    invalid: bool
    p_answer: float


@dataclass(slots=True)
class _Job:
    lead: int
    attempt: int
    disposition: str = ""
    talk: int = 0


def _draw_disposition(spec: AuditSpec, lead: _Lead, rng: random.Random) -> str:
    if lead.invalid:
        return INVALID if INVALID in spec.supported else FAILED
    r = rng.random()
    if r < lead.p_answer:
        return ANSWERED
    r = (r - lead.p_answer) / (1 - lead.p_answer)
    for disposition, share in (
        (VOICEMAIL, 0.14),
        (BUSY, 0.14),
        (REJECTED, 0.07),
        (FAILED, 0.02),
    ):
        if r < share:
            if disposition in spec.supported:
                return disposition
            return BUSY if disposition == REJECTED else NO_ANSWER
        r -= share
    return NO_ANSWER


def _ring(disposition: str, rng: random.Random) -> int:
    low, high = {
        ANSWERED: (4, 24),
        NO_ANSWER: (25, 45),
        BUSY: (1, 6),
        REJECTED: (3, 14),
        VOICEMAIL: (14, 28),
        INVALID: (1, 4),
        FAILED: (0, 3),
        ABANDONED: (4, 20),
    }[disposition]
    return rng.randint(low, high)


class _Clock:
    """One agent's day: calls one after another, never two at once, spread over the window."""

    def __init__(self, day: date, zone: ZoneInfo, rng: random.Random) -> None:
        self.zone = zone
        self.now = _local(day, WINDOW_START, zone) + timedelta(seconds=rng.randint(0, 900))
        self.lunch = (_local(day, LUNCH[0], zone), _local(day, LUNCH[1], zone))
        self.last = _local(day, LAST_DIAL, zone)

    def next_start(self, remaining: int, rng: random.Random) -> datetime | None:
        free = (self.last - self.now).total_seconds() - 3600 * (self.now < self.lunch[0]) - 75 * remaining
        gap = max(5.0, free / max(remaining, 1)) * rng.uniform(0.3, 1.7)
        start = self.now + timedelta(seconds=int(gap))
        if self.lunch[0] <= start < self.lunch[1]:
            start = self.lunch[1] + timedelta(seconds=rng.randint(0, 600))
        return start if start < self.last else None


def simulate(spec: AuditSpec) -> list[Call]:
    """The audit's calls, outbound (and mixed-in inbound/internal), in start order."""
    rng = random.Random(spec.seed)
    zone = ZoneInfo(spec.zone)
    days = working_days(spec.start_day, spec.n_days)
    agents = agents_for(spec)
    answer_by_campaign = dict(
        zip(
            spec.campaigns,
            spec.campaign_answer or (spec.p_answer,) * len(spec.campaigns),
            strict=True,
        )
    )
    leads = []
    for i in range(spec.n_leads):
        campaign = spec.campaigns[i % len(spec.campaigns)]
        invalid = rng.random() < 0.05 and (INVALID in spec.supported or FAILED in spec.supported)
        leads.append(
            _Lead(
                phone_number(spec.country, rng),
                campaign,
                invalid,
                answer_by_campaign[campaign],
            )
        )
    queue: dict[int, list[_Job]] = defaultdict(list)
    for i in range(len(leads)):
        queue[rng.randrange(0, max(1, len(days) - 3))].append(_Job(i, 1))
    calls: list[Call] = []
    opted_out: set[int] = set()
    abandoned: Counter[str] = Counter()
    connected: Counter[str] = Counter()
    seq = 0

    complaints = effective = 0

    def add(job: _Job, start: datetime, agent: str | None, disposition: str) -> None:
        nonlocal seq, complaints, effective
        lead = leads[job.lead]
        ring = _ring(disposition, rng)
        answer = start + timedelta(seconds=ring) if disposition in (ANSWERED, ABANDONED, VOICEMAIL) else None
        talk, outcome, flags = 0, None, (False, False, False)
        if disposition == ANSWERED:
            talk = job.talk
            outcome, *rest = _answered_result(rng, talk, Fraction(complaints + 1, effective + 1) < Fraction(6, 1000))
            flags = (rest[0], rest[1], rest[2])
            connected[lead.campaign] += 1
            complaints += rest[0]
            effective += outcome != "none"
        end = (answer or start + timedelta(seconds=ring)) + timedelta(seconds=talk)
        if disposition == ABANDONED:
            end = (answer or start) + timedelta(seconds=rng.randint(2, 6))
        if disposition == VOICEMAIL:  # the machine picks up; the dialler hangs up on the beep
            end = (answer or start) + timedelta(seconds=rng.randint(3, 12))
        seq += 1
        talk_ms = talk * 1000 + (rng.randrange(1000) if talk else 0)
        calls.append(
            Call(
                f"{seq:06d}",
                start,
                answer,
                end,
                lead.phone,
                lead.campaign,
                agent,
                disposition,
                talk,
                outcome,
                *flags,
                seq=seq,
                talk_ms=talk_ms,
            )
        )
        if flags[1]:
            opted_out.add(job.lead)
        if disposition in RETRY and job.attempt < 3 and job.lead not in opted_out:
            later = day_index + rng.choice((1, 1, 2, 3))
            if later < len(days):
                queue[later].append(_Job(job.lead, job.attempt + 1))

    for day_index, day in enumerate(days):
        jobs = queue.pop(day_index, [])
        rng.shuffle(jobs)
        by_agent: list[list[_Job]] = [[] for _ in agents]
        dialler: list[_Job] = []
        for k, job in enumerate(jobs):
            lead = leads[job.lead]
            job.disposition = _draw_disposition(spec, lead, rng)
            job.talk = _talk_seconds(rng)
            if spec.mode == "predictive" and job.disposition == ANSWERED and ABANDONED in spec.supported and rng.random() < 0.012:
                c = lead.campaign
                if Fraction(abandoned[c] + 1, abandoned[c] + 1 + connected[c] + 1) < ABANDONED_CAP:
                    job.disposition = ABANDONED
                    abandoned[c] += 1
            if spec.mode == "predictive" and job.disposition != ANSWERED:
                dialler.append(job)
            else:
                by_agent[k % len(agents)].append(job)
        for agent, todo in zip(agents, by_agent, strict=True):
            clock = _Clock(day, zone, rng)
            for n, job in enumerate(todo):
                start = clock.next_start(len(todo) - n, rng)
                if start is None:  # the day is over: the lead waits for tomorrow
                    if day_index + 1 < len(days):
                        queue[day_index + 1].append(_Job(job.lead, job.attempt))
                    continue
                add(job, start, agent, job.disposition)
                clock.now = calls[-1].end + timedelta(seconds=rng.randint(8, 40))
        window = (_local(day, WINDOW_START, zone), _local(day, LAST_DIAL, zone))
        span = int((window[1] - window[0]).total_seconds())
        for job in dialler:
            add(
                job,
                window[0] + timedelta(seconds=rng.randrange(span)),
                None,
                job.disposition,
            )
    calls.extend(_other_directions(spec, days, zone, rng, len(calls)))
    calls.sort(key=lambda c: (c.start, c.seq))
    return calls


def _other_directions(spec: AuditSpec, days: list[date], zone: ZoneInfo, rng: random.Random, first: int) -> list[Call]:
    """Inbound calls (some outside the outbound window: they are not dials) and internal extension calls."""
    out: list[Call] = []
    seq = first + 1000
    for kind, count in ((INBOUND, spec.inbound), (INTERNAL, spec.internal)):
        handlers = ["IN01", "IN02"] if kind == INBOUND else ["SUP1"]
        busy_until: dict[str, datetime] = {}
        starts = sorted(
            _local(rng.choice(days), time(8, 0), zone) + timedelta(seconds=rng.randrange(int(13.5 * 3600))) for _ in range(count)
        )
        for start in starts:
            handler = handlers[len(out) % len(handlers)]
            begin = max(start, busy_until.get(handler, start))
            ring = rng.randint(3, 15)
            talk = _talk_seconds(rng) if kind == INBOUND else rng.randint(10, 90)
            answer = begin + timedelta(seconds=ring)
            end = answer + timedelta(seconds=talk)
            busy_until[handler] = end + timedelta(seconds=30)
            seq += 1
            phone = phone_number(spec.country, rng) if kind == INBOUND else str(rng.randrange(8100, 8199))
            out.append(
                Call(
                    f"{seq:06d}",
                    begin,
                    answer,
                    end,
                    phone,
                    "",
                    handler,
                    ANSWERED,
                    talk,
                    None,
                    direction=kind,
                    seq=seq,
                )
            )
    return out


# --------------------------------------------------------------------------------------------------
# Honesty: the rules the records keep, checked on what was generated
# --------------------------------------------------------------------------------------------------


def check_honest(calls: Sequence[Call], zone_name: str) -> dict[str, int]:
    """Counts of rule breaks in the outbound calls (all must be 0 for an honest audit)."""
    zone = ZoneInfo(zone_name)
    dials = [c for c in calls if c.direction == OUTBOUND]
    problems: Counter[str] = Counter()
    per_day: Counter[tuple[str, date]] = Counter()
    per_week: Counter[tuple[str, tuple[int, int]]] = Counter()
    opted: dict[str, datetime] = {}
    for c in sorted(dials, key=lambda c: c.start):
        local = c.start.astimezone(zone)
        if not (WINDOW_START <= local.time() < WINDOW_END):
            problems["outside_window"] += 1
        per_day[c.phone, local.date()] += 1
        per_week[c.phone, local.isocalendar()[:2]] += 1
        if c.phone in opted and c.start > opted[c.phone]:
            problems["after_opt_out"] += 1
        if c.opt_out:
            opted.setdefault(c.phone, c.start)
        if c.talk_s and c.answer and (c.end - c.answer).total_seconds() != c.talk_s:
            problems["talk_not_answer_to_end"] += 1
    problems["over_daily_cap"] = sum(n - PER_DAY_CAP for n in per_day.values() if n > PER_DAY_CAP)
    problems["over_weekly_cap"] = sum(n - PER_WEEK_CAP for n in per_week.values() if n > PER_WEEK_CAP)
    for campaign in {c.campaign for c in dials} | {None}:
        scoped = [c for c in dials if campaign is None or c.campaign == campaign]
        ab = sum(c.disposition == ABANDONED for c in scoped)
        conn = sum(c.disposition == ANSWERED for c in scoped)
        if ab and Fraction(ab, ab + conn) >= Fraction(3, 100):
            problems["abandoned_over_cap"] += 1
    by_agent: dict[str, list[Call]] = defaultdict(list)
    for c in calls:
        if c.agent:
            by_agent[c.agent].append(c)
    for agent_calls in by_agent.values():
        agent_calls.sort(key=lambda c: c.start)
        for a, b in zip(agent_calls, agent_calls[1:], strict=False):
            if b.start < a.end:
                problems["agent_overlap"] += 1
        talk_per_day: Counter[date] = Counter()
        for c in agent_calls:
            talk_per_day[c.start.astimezone(zone).date()] += c.talk_s
        problems["agent_talk_beyond_shift"] += sum(t > SHIFT_S for t in talk_per_day.values())
    ids = Counter(c.call_id for c in calls)
    problems["duplicate_call_id"] = sum(n - 1 for n in ids.values() if n > 1)
    return {k: v for k, v in sorted(problems.items())}


# --------------------------------------------------------------------------------------------------
# Truth: the figures under METRICS.md's default definitions, from the records as exported
# --------------------------------------------------------------------------------------------------


def visible(call: Call, knowledge: str) -> Call:
    """The call as its export shows it: TALK exports carry no outcome or flags; STATUS exports
    carry sale / do-not-call / callback through the status, which is all the figures here use."""
    if knowledge == TALK:
        return replace(call, outcome=None, complaint=False, follow_up=False)
    return call


# The flag columns each export carries; a figure built on a flag the export lacks is unknown, not 0.
FLAGS = {
    "canonical-csv-en": frozenset({"complaint", "opt_out", "follow_up"}),
    "canonical-csv-zh": frozenset({"complaint", "opt_out", "follow_up"}),
    "parquet": frozenset({"complaint", "opt_out", "follow_up"}),
    "canonical-xlsx": frozenset({"complaint", "opt_out"}),
    "vicidial": frozenset({"opt_out"}),  # the DNC status
    "five9": frozenset({"opt_out"}),  # the Do Not Call disposition
}
FLAG_FIGURES = {
    "complaint": ("complaints", "complaint_rate"),
    "opt_out": ("opt_outs", "opt_out_rate"),
    "follow_up": ("follow_up_rate",),
}


def figures(
    calls: Sequence[Call], zone: ZoneInfo, in_ms: bool = False, flags: frozenset[str] = frozenset()
) -> dict[str, Fraction | None]:
    """Every building block and rate METRICS.md defines that these records can give (exact).

    ``in_ms``: the export writes talk time in milliseconds (sums and averages use them).
    """
    n = len(calls)

    def talk_of(c: Call) -> Fraction:
        return Fraction(c.talk_ms, 1000) if in_ms else Fraction(c.talk_s)

    answered = [c for c in calls if c.disposition == ANSWERED]

    def is_effective(c: Call) -> bool:
        if c.outcome is not None:
            return OUTCOME_RANK[c.outcome] >= 1
        return c.talk_s >= EFFECTIVE_S

    effective = [c for c in answered if is_effective(c)]
    intents = [c for c in effective if c.outcome in ("intent", "converted")]
    conversions = [c for c in answered if c.outcome == "converted"]
    invalid = sum(c.disposition == INVALID for c in calls)
    failed = sum(c.disposition == FAILED for c in calls)
    valid = [c for c in calls if c.disposition not in (INVALID, FAILED)]
    abandoned = sum(c.disposition == ABANDONED for c in calls)
    unique = len({c.phone for c in calls})
    valid_numbers = len({c.phone for c in valid})
    talk = sum((talk_of(c) for c in answered), Fraction(0))
    effective_talk = sum((talk_of(c) for c in effective), Fraction(0))
    agent_days = len({(c.agent, c.start.astimezone(zone).date()) for c in calls if c.agent})
    follow_ups = sum(c.follow_up for c in intents)

    def ratio(a: int | Fraction, b: int | Fraction) -> Fraction | None:
        return Fraction(a) / b if b else None

    out: dict[str, Fraction | None] = {
        "total_dials": Fraction(n),
        "unique_numbers": Fraction(unique),
        "invalid_dials": Fraction(invalid),
        "failed": Fraction(failed),
        "valid_dials": Fraction(len(valid)),
        "connected": Fraction(len(answered)),
        "unanswered": Fraction(n - len(answered)),
        "effective_contacts": Fraction(len(effective)),
        "intents": Fraction(len(intents)),
        "conversions": Fraction(len(conversions)),
        "complaints": Fraction(sum(c.complaint for c in answered)),
        "opt_outs": Fraction(sum(c.opt_out for c in answered)),
        "abandoned": Fraction(abandoned),
        "talk_s": Fraction(talk),
        "effective_talk_s": Fraction(effective_talk),
        "connect_rate": ratio(len(answered), n),
        "valid_number_rate": ratio(valid_numbers, unique),
        "invalid_number_rate": None if not unique else 1 - Fraction(valid_numbers, unique),
        "effective_connect_rate": ratio(len(effective), len(answered)),
        "call_completion_rate": ratio(sum(c.talk_s >= EFFECTIVE_S for c in answered), len(answered)),
        "avg_effective_talk_s": ratio(effective_talk, len(effective)),
        "att": ratio(talk, len(answered)),
        "intent_rate": ratio(len(intents), len(effective)),
        "conversion_rate": ratio(len(conversions), len(effective)),
        "conversions_per_connected": ratio(len(conversions), len(answered)),
        "conversions_per_dial": ratio(len(conversions), n),
        "complaint_rate": ratio(sum(c.complaint for c in answered), len(effective)),
        "opt_out_rate": ratio(sum(c.opt_out for c in answered), len(effective)),
        "follow_up_rate": ratio(follow_ups, len(intents)),
        "abandoned_rate": ratio(abandoned, abandoned + len(answered)),
        "effective_talk_s_per_agent_day": ratio(effective_talk, agent_days),
    }
    for flag, keys in FLAG_FIGURES.items():
        if flag not in flags:
            out.update(dict.fromkeys(keys))
    return out


# Figures printed under a label of their own: metric id and definition (None: no metric).
FIGURE_METRIC: dict[str, tuple[str | None, str]] = {
    "att": ("avg_effective_talk_s", "talk_s/connected"),
    "conversions_per_connected": ("conversion_rate", "conversions/connected"),
    "conversions_per_dial": ("conversion_rate", "conversions/total_dials"),
    "unanswered": (None, "total_dials - connected"),
}
RATES = {
    "connect_rate",
    "valid_number_rate",
    "invalid_number_rate",
    "effective_connect_rate",
    "call_completion_rate",
    "intent_rate",
    "conversion_rate",
    "conversions_per_connected",
    "conversions_per_dial",
    "complaint_rate",
    "opt_out_rate",
    "follow_up_rate",
    "abandoned_rate",
}
SECONDS = {"avg_effective_talk_s", "att", "effective_talk_s_per_agent_day"}


# --------------------------------------------------------------------------------------------------
# Vendor wording: labels a real vendor would print, per language (one is chosen per audit)
# --------------------------------------------------------------------------------------------------

WORDING = Path(__file__).with_suffix(".yaml")  # labels, headers and sentences per language (data, not code)


def _wording() -> dict[str, Any]:
    import yaml

    with WORDING.open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


_DATA = _wording()
LABELS: dict[str, dict[str, list[str]]] = _DATA["labels"]
WORDS: dict[str, dict[str, str]] = _DATA["words"]
NARRATIVE: dict[str, dict[str, str]] = _DATA["narrative"]

# Targets an honest report may print next to its figures (met by every audit's figures).
TARGETS = {
    "connect_rate": (">=", Fraction(30, 100)),
    "effective_connect_rate": (">=", Fraction(50, 100)),
    "conversion_rate": (">=", Fraction(2, 100)),
    "complaint_rate": ("<=", Fraction(1, 100)),
    "opt_out_rate": ("<=", Fraction(15, 100)),
    "abandoned_rate": ("<=", Fraction(3, 100)),
    "intent_rate": (">=", Fraction(8, 100)),
}

GROUPS = {
    "total_dials": "volume",
    "unique_numbers": "volume",
    "connected": "volume",
    "connect_rate": "volume",
    "effective_contacts": "quality",
    "effective_connect_rate": "quality",
    "avg_effective_talk_s": "quality",
    "att": "quality",
}
GROUP_ORDER = ("volume", "quality", "results")

SUMMARY_KEYS = {
    FULL: [
        "total_dials",
        "unique_numbers",
        "connected",
        "unanswered",
        "connect_rate",
        "valid_number_rate",
        "invalid_number_rate",
        "effective_contacts",
        "effective_connect_rate",
        "call_completion_rate",
        "avg_effective_talk_s",
        "att",
        "intents",
        "intent_rate",
        "conversions",
        "conversion_rate",
        "complaints",
        "complaint_rate",
        "opt_outs",
        "opt_out_rate",
        "follow_up_rate",
        "abandoned_rate",
        "effective_talk_s_per_agent_day",
    ],
    TALK: [
        "total_dials",
        "unique_numbers",
        "connected",
        "unanswered",
        "connect_rate",
        "effective_contacts",
        "effective_connect_rate",
        "avg_effective_talk_s",
        "att",
    ],
    STATUS: [
        "total_dials",
        "connected",
        "unanswered",
        "connect_rate",
        "conversions",
        "conversions_per_connected",
        "conversions_per_dial",
        "opt_outs",
        "abandoned_rate",
        "att",
    ],
}
TABLE_KEYS = {
    ("campaign", FULL): [
        "total_dials",
        "connected",
        "connect_rate",
        "effective_contacts",
        "conversions",
        "conversion_rate",
        "avg_effective_talk_s",
    ],
    ("campaign", TALK): [
        "total_dials",
        "connected",
        "connect_rate",
        "effective_contacts",
        "avg_effective_talk_s",
    ],
    ("campaign", STATUS): ["total_dials", "connected", "connect_rate", "conversions"],
    ("agent", FULL): [
        "total_dials",
        "connected",
        "effective_contacts",
        "avg_effective_talk_s",
        "conversions",
        "conversion_rate",
    ],
    ("agent", STATUS): ["connected", "conversions"],
    ("day", FULL): [
        "total_dials",
        "connected",
        "connect_rate",
        "effective_contacts",
        "conversions",
    ],
    ("day", TALK): [
        "total_dials",
        "connected",
        "connect_rate",
        "effective_contacts",
        "avg_effective_talk_s",
    ],
    ("day", STATUS): ["total_dials", "connected", "connect_rate", "conversions"],
}


# --------------------------------------------------------------------------------------------------
# Printing numbers the way the vendor's locale and cells show them
# --------------------------------------------------------------------------------------------------


def round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded half away from zero at ``places`` decimals (what a report's cell shows)."""
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Style:
    """How one vendor prints numbers."""

    language: str
    pct_decimals: int = 1
    seconds: str = "plain1"  # plain1 | plain0 | mmss | hms | zh | unit
    thousands: str = ","
    decimal: str = "."
    pct_space: bool = False
    day_format: str = "%Y-%m-%d"
    rates: str = "pct"  # pct (45.6%) | ratio (0.456)


def _group(digits: str, sep: str) -> str:
    if not sep:
        return digits
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def _decimal_text(value: Decimal, style: Style) -> str:
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    text = _group(whole, style.thousands)
    return sign + text + (style.decimal + frac if frac else "")


@dataclass(frozen=True, slots=True)
class Shown:
    """A figure as printed: its text, the slack its rounding leaves, and the native cell (workbooks)."""

    text: str
    tolerance: float
    native: float | int | None
    number_format: str | None
    unit_label: str = ""  # appended to the label ("(s)") when the text carries no unit


def show(key: str, value: Fraction, style: Style, bare: bool = False) -> Shown:
    """The printed form of one figure; ``bare``: no unit in the text (a unit column says it)."""
    if key in RATES:
        places = style.pct_decimals
        if style.rates == "ratio" and not bare:
            ratio = round_half_up(value, places + 2)
            return Shown(
                _decimal_text(ratio, style),
                0.5 * 10 ** -(places + 2),
                float(value),
                "0." + "0" * (places + 2),
            )
        pct = round_half_up(value * 100, places)
        if bare:
            return Shown(_decimal_text(pct, style), 0.5 * 10**-places / 100, None, None)
        text = _decimal_text(pct, style) + (" %" if style.pct_space else "%")
        return Shown(text, 0.5 * 10**-places / 100, float(value), "0." + "0" * places + "%")
    if key in SECONDS:
        unit = WORDS[style.language]["seconds"]
        if bare:
            return Shown(_decimal_text(round_half_up(value, 1), style), 0.05, None, None)
        if style.seconds in ("plain1", "unit"):
            shown = round_half_up(value, 1)
            text = _decimal_text(shown, style)
            if style.seconds == "unit":
                suffix = {"zh": "秒", "ru": " сек", "en": " s", "pt": " s", "es": " s"}[style.language]
                return Shown(text + suffix, 0.05, None, None)
            return Shown(text, 0.05, float(value), "0.0", unit)
        whole = int(round_half_up(value, 0))
        if style.seconds == "plain0":
            return Shown(_decimal_text(Decimal(whole), style), 0.5, float(value), "0", unit)
        h, rest = divmod(whole, 3600)
        m, s = divmod(rest, 60)
        if style.seconds == "mmss" and not h:
            return Shown(f"{m}:{s:02d}", 0.5, whole / 86400, "m:ss")
        if style.seconds == "zh":
            return Shown((f"{h}小时" if h else "") + f"{m}分{s}秒", 0.5, None, None)
        return Shown(f"{h:02d}:{m:02d}:{s:02d}", 0.5, whole / 86400, "[hh]:mm:ss")
    whole = int(value)
    assert whole == value, (key, value)
    return Shown(
        _group(str(whole), style.thousands),
        0.5,
        whole,
        "#,##0" if style.thousands else "0",
    )


def target_text(key: str, style: Style) -> str:
    op, bound = TARGETS[key]
    sign = "≥" if op == ">=" else "≤"
    return f"{sign} {_decimal_text(round_half_up(bound * 100, 0), style)}%"


# --------------------------------------------------------------------------------------------------
# Reports: blocks of text and tables, then written as XLSX, XLS or PDF
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Cell:
    text: str
    native: float | int | None = None
    number_format: str | None = None
    numeric: bool = False


@dataclass(slots=True)
class Block:
    kind: str  # title | text | table
    sheet: str
    text: str = ""
    rows: list[list[Cell]] = field(default_factory=list)
    header_rows: int = 1
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row1, col1, row2, col2) in the block, inclusive


Scope = dict[str, str | None]


@dataclass(slots=True)
class Truth:
    """The figures of every scope, from the outbound calls as their export shows them."""

    overall: dict[str, Fraction | None]
    campaign: dict[str, dict[str, Fraction | None]]
    agent: dict[str, dict[str, Fraction | None]]
    day: dict[date, dict[str, Fraction | None]]


def truth_of(calls: Sequence[Call], spec: AuditSpec) -> Truth:
    zone = ZoneInfo(spec.zone)
    dials = [visible(c, spec.knowledge) for c in calls if c.direction == OUTBOUND]
    by: dict[str, dict[Any, list[Call]]] = {
        "campaign": defaultdict(list),
        "agent": defaultdict(list),
        "day": defaultdict(list),
    }
    for c in dials:
        by["campaign"][c.campaign].append(c)
        if c.agent:
            by["agent"][c.agent].append(c)
        by["day"][c.start.astimezone(zone).date()].append(c)
    ms = spec.export == "mapped" and MAPPED[mapped_layout(spec)]["unit"] == "ms"
    flags = FLAGS.get(spec.export, frozenset())
    return Truth(
        figures(dials, zone, ms, flags),
        {k: figures(v, zone, ms, flags) for k, v in sorted(by["campaign"].items())},
        {k: figures(v, zone, ms, flags) for k, v in sorted(by["agent"].items())},
        {k: figures(v, zone, ms, flags) for k, v in sorted(by["day"].items())},
    )


class ReportBuilder:
    """Lays out one report's blocks and records every figure it prints."""

    def __init__(
        self,
        spec: AuditSpec,
        plan: ReportPlan,
        style: Style,
        labels: dict[str, str],
        truth: Truth,
        rng: random.Random,
    ):
        self.spec, self.plan, self.style, self.labels, self.truth, self.rng = (
            spec,
            plan,
            style,
            labels,
            truth,
            rng,
        )
        self.words = WORDS[spec.language]
        self.file = f"{plan.name}.{plan.fmt}"
        self.blocks: list[Block] = []
        self.printed: list[Printed] = []

    # -- figures -----------------------------------------------------------------------------------
    def available(self, keys: Iterable[str], values: dict[str, Fraction | None]) -> list[str]:
        out = []
        for key in keys:
            if key not in self.labels or values.get(key) is None:
                continue
            if key == "abandoned_rate" and not (self.spec.mode == "predictive" and ABANDONED in self.spec.supported):
                continue
            if key == "att" and self.spec.export == "vicidial":
                continue
            out.append(key)
        return out

    def label(self, key: str, with_unit: bool = True) -> str:
        label = self.labels[key]
        if with_unit and key in SECONDS and self.style.seconds in ("plain1", "plain0"):
            label += " " + self.words["seconds"]
        return label

    def figure(self, key: str, value: Fraction, scope: Scope, label: str, bare: bool = False) -> Cell:
        shown = show(key, value, self.style, bare)
        metric, definition = FIGURE_METRIC.get(key, (key, "default"))
        self.printed.append(
            Printed(
                metric,
                definition,
                scope,
                float(value),
                shown.tolerance,
                shown.text,
                label,
                self.file,
                key if metric is None else "",
            )
        )
        native = self.plan.values == "native" and self.plan.fmt != "pdf" and shown.native is not None
        return Cell(
            shown.text,
            shown.native if native else None,
            shown.number_format if native else None,
            numeric=True,
        )

    def scope(
        self,
        campaign: str | None = None,
        agent: str | None = None,
        day: date | None = None,
    ) -> Scope:
        return {
            "campaign": campaign,
            "agent_id": agent,
            "period": day.isoformat() if day else PERIOD,
        }

    def pick(self, keys: list[str], low: int, must: Sequence[str] = ()) -> list[str]:
        """A seeded subset of ``keys`` in their order, with ``must`` always in."""
        chosen = [k for k in keys if k in must or self.rng.random() < 0.7]
        if len(chosen) < low:
            chosen = keys[: max(low, len(chosen))]
        return chosen

    # -- blocks ------------------------------------------------------------------------------------
    def build(self) -> None:
        sheet = self.words["summary"]
        self.blocks.append(Block("title", sheet, text=self.words["title"]))
        if self.spec.period == "range":
            days = sorted(self.truth.day)
            first, last = (
                d.strftime("%Y-%m-%d" if self.style.day_format == "zh-md" else self.style.day_format) for d in (days[0], days[-1])
            )
            self.blocks.append(Block("text", sheet, text=self.words["period_range"].format(first, last)))
        else:
            self.blocks.append(Block("text", sheet, text=self.words["period"]))
        for name in self.plan.blocks:
            getattr(self, "block_" + name.replace("-", "_"))()

    def block_summary(self, target: bool = False) -> None:
        keys = self.pick(
            self.available(SUMMARY_KEYS[self.spec.knowledge], self.truth.overall),
            6,
            ("total_dials", "connected", "connect_rate"),
        )
        header = [self.words["indicator"]] + ([self.words["target"], self.words["actual"]] if target else [self.words["value"]])
        rows = [[Cell(h) for h in header]]
        for key in keys:
            value = self.truth.overall[key]
            assert value is not None
            label = self.label(key)
            row = [Cell(label)]
            if target:
                row.append(Cell(target_text(key, self.style) if key in TARGETS else "—"))
            row.append(self.figure(key, value, self.scope(), label))
            rows.append(row)
        self.blocks.append(Block("table", self.words["summary"], rows=rows))

    def block_summary_target(self) -> None:
        self.block_summary(target=True)

    def block_summary_units(self) -> None:
        """Indicator | unit | value: the unit in a column of its own, the value bare (45.6 under '%')."""
        keys = self.pick(
            self.available(SUMMARY_KEYS[self.spec.knowledge], self.truth.overall),
            6,
            ("total_dials", "connected", "connect_rate"),
        )
        rows = [
            [
                Cell(self.words["indicator"]),
                Cell(self.words["unit"]),
                Cell(self.words["value"]),
            ]
        ]
        for key in keys:
            value = self.truth.overall[key]
            assert value is not None
            unit = (
                self.words["unit_rate"]
                if key in RATES
                else self.words["unit_seconds"]
                if key in SECONDS
                else self.words["unit_count"]
            )
            label = self.labels[key]
            rows.append(
                [
                    Cell(label),
                    Cell(unit),
                    self.figure(key, value, self.scope(), label, bare=True),
                ]
            )
        self.blocks.append(Block("table", self.words["summary"], rows=rows))

    def block_campaign_columns_grouped(self) -> None:
        """Per-campaign table under a first header row of merged group names (Volume / Quality / Results)."""
        self.scope_columns("campaign", grouped=True)

    def block_summary_columns(self) -> None:
        keys = self.pick(
            self.available(SUMMARY_KEYS[self.spec.knowledge], self.truth.overall),
            5,
            ("total_dials", "connect_rate"),
        )[:9]
        header = [Cell(self.words["month_col"])] + [Cell(self.label(k)) for k in keys]
        row = [Cell("2025-09")]
        for key in keys:
            value = self.truth.overall[key]
            assert value is not None
            row.append(self.figure(key, value, self.scope(), self.label(key)))
        self.blocks.append(Block("table", self.words["summary"], rows=[header, row]))

    def block_narrative(self) -> None:
        values = self.truth.overall
        parts = NARRATIVE[self.spec.language]
        text = parts["start"]
        pieces: list[tuple[str, str]] = [
            ("total_dials", parts["total_dials"]),
            ("connected", parts["connected"]),
            ("connect_rate", parts["connect_rate"]),
        ]
        if self.spec.knowledge != STATUS and values["effective_contacts"] is not None:
            pieces.append(("effective_contacts", parts["effective_contacts"]))
        if self.spec.knowledge != TALK:
            pieces.append(("conversions", parts["conversions"]))
        for key, fragment in pieces:
            value = values[key]
            assert value is not None
            cell = self.figure(key, value, self.scope(), fragment.split("{")[0].strip() or key)
            text += fragment.format(cell.text)
        text += parts["end"]
        self.blocks.append(Block("text", self.words["summary"], text=text))

    def _scoped(self, scope: str) -> tuple[list[Any], dict[Any, dict[str, Fraction | None]], str, str]:
        table = getattr(self.truth, scope)
        keys = list(table)
        sheet = self.words["by_" + scope]
        return keys, table, sheet, self.words[scope]

    def _scope_name(self, scope: str, key: Any) -> str:
        if scope == "day":
            day: date = key
            if self.style.day_format == "zh-md":
                return f"{day.month}月{day.day}日"
            return day.strftime(self.style.day_format)
        return str(key)

    def _scope_of(self, scope: str, key: Any) -> Scope:
        return self.scope(**{scope: key})

    def _table_keys(self, scope: str) -> list[str]:
        keys = TABLE_KEYS.get((scope, self.spec.knowledge), [])
        if scope == "agent" and self.spec.mode == "predictive":
            keys = [k for k in keys if k != "total_dials"]
        return self.pick(self.available(keys, self.truth.overall), 3, keys[:1])

    def scope_columns(self, scope: str, grouped: bool = False) -> None:
        names, table, sheet, head = self._scoped(scope)
        keys = self._table_keys(scope)
        rows = [[Cell(head)] + [Cell(self._header(k)) for k in keys]]
        merges: list[tuple[int, int, int, int]] = []
        if grouped:
            keys.sort(key=lambda k: GROUP_ORDER.index(GROUPS.get(k, "results")))
            rows = [
                [Cell(head)] + [Cell("") for _ in keys],
                [Cell("")] + [Cell(self._header(k)) for k in keys],
            ]
            merges.append((0, 0, 1, 0))
            col = 1
            for group in GROUP_ORDER:
                width = sum(GROUPS.get(k, "results") == group for k in keys)
                if width:
                    rows[0][col] = Cell(self.words["group_" + group])
                    if width > 1:
                        merges.append((0, col, 0, col + width - 1))
                    col += width
        for name in names:
            row = [Cell(self._scope_name(scope, name))]
            for key in keys:
                value = table[name][key]
                row.append(
                    self.figure(key, value, self._scope_of(scope, name), self.label(key)) if value is not None else Cell("-")
                )
            rows.append(row)
        if self.rng.random() < 0.75:
            row = [Cell(self.words["total"])]
            for key in keys:
                value = self.truth.overall[key]
                assert value is not None
                row.append(self.figure(key, value, self.scope(), self.label(key)))
            rows.append(row)
        self.blocks.append(
            Block(
                "table",
                sheet,
                rows=rows,
                header_rows=2 if grouped else 1,
                merges=merges,
            )
        )

    def scope_rows(self, scope: str) -> None:
        names, table, sheet, _ = self._scoped(scope)
        keys = self._table_keys(scope)
        total = self.rng.random() < 0.75
        header = [Cell(self.words["indicator"])] + [Cell(self._scope_name(scope, n)) for n in names]
        rows = [header + ([Cell(self.words["total"])] if total else [])]
        for key in keys:
            row = [Cell(self.label(key))]
            for name in names:
                value = table[name][key]
                row.append(
                    self.figure(key, value, self._scope_of(scope, name), self.label(key)) if value is not None else Cell("-")
                )
            if total:
                value = self.truth.overall[key]
                assert value is not None
                row.append(self.figure(key, value, self.scope(), self.label(key)))
            rows.append(row)
        self.blocks.append(Block("table", sheet, rows=rows))

    def _header(self, key: str) -> str:
        label = self.label(key)
        if self.plan.wrap_headers:
            if " (" in label:
                return label.replace(" (", "\n(")
            words = label.split(" ")
            if len(words) > 1:
                half = (len(words) + 1) // 2
                return " ".join(words[:half]) + "\n" + " ".join(words[half:])
        return label

    def block_campaign_columns(self) -> None:
        self.scope_columns("campaign")

    def block_campaign_rows(self) -> None:
        self.scope_rows("campaign")

    def block_agent_columns(self) -> None:
        self.scope_columns("agent")

    def block_agent_rows(self) -> None:
        self.scope_rows("agent")

    def block_day_columns(self) -> None:
        self.scope_columns("day")

    def block_day_rows(self) -> None:
        self.scope_rows("day")


def freeze_zip(path: Path) -> None:
    """Rewrite a workbook's zip with fixed entry times, so the same seed gives the same bytes."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    stamp = b'<dcterms:modified xsi:type="dcterms:W3CDTF">2025-10-03T09:00:00Z</dcterms:modified>'
    entries = [
        (
            n,
            re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", stamp, d) if n == "docProps/core.xml" else d,
        )
        for n, d in entries
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            target.writestr(
                zipfile.ZipInfo(name, date_time=(2025, 10, 1, 0, 0, 0)),
                data,
                zipfile.ZIP_DEFLATED,
            )


def write_xlsx(blocks: Sequence[Block], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    rows_used: dict[str, int] = {}
    for block in blocks:
        if block.sheet not in book.sheetnames:
            book.create_sheet(block.sheet[:31])
            rows_used[block.sheet] = 0
        sheet = book[block.sheet[:31]]
        row = rows_used[block.sheet] + 1
        if block.kind in ("title", "text"):
            sheet.cell(row, 1, block.text).font = Font(bold=block.kind == "title", size=14 if block.kind == "title" else 11)
            rows_used[block.sheet] = row + (1 if block.kind == "text" else 0)
            continue
        for r, cells in enumerate(block.rows):
            for c, cell in enumerate(cells):
                target = sheet.cell(
                    row + r,
                    c + 1,
                    cell.native if cell.native is not None else cell.text,
                )
                if cell.number_format:
                    target.number_format = cell.number_format
                if r < block.header_rows:
                    target.font = Font(bold=True)
                    target.fill = PatternFill("solid", fgColor="DDEBF7")
                    target.alignment = Alignment(wrap_text=True, horizontal="center")
                elif cell.numeric:
                    target.alignment = Alignment(horizontal="right")
        for r1, c1, r2, c2 in block.merges:
            sheet.merge_cells(
                start_row=row + r1,
                start_column=c1 + 1,
                end_row=row + r2,
                end_column=c2 + 1,
            )
        sheet.column_dimensions["A"].width = 28
        rows_used[block.sheet] = row + len(block.rows) + 1
    fixed = datetime(2025, 10, 3, 9, 0, 0)
    book.properties.created = fixed
    book.properties.modified = fixed
    book.save(path)
    freeze_zip(path)


def write_xls(blocks: Sequence[Block], path: Path) -> None:
    import xlwt  # type: ignore[import-untyped]

    book = xlwt.Workbook(encoding="utf-8")
    sheets: dict[str, Any] = {}
    rows_used: dict[str, int] = {}
    bold = xlwt.easyxf("font: bold on")
    formats: dict[str, Any] = {}
    for block in blocks:
        if block.sheet not in sheets:
            sheets[block.sheet] = book.add_sheet(block.sheet[:31])
            rows_used[block.sheet] = 0
        sheet = sheets[block.sheet]
        row = rows_used[block.sheet]
        if block.kind in ("title", "text"):
            sheet.write(
                row,
                0,
                block.text,
                bold if block.kind == "title" else xlwt.Style.default_style,
            )
            rows_used[block.sheet] = row + (2 if block.kind == "text" else 1)
            continue
        for r, cells in enumerate(block.rows):
            for c, cell in enumerate(cells):
                if r < block.header_rows:
                    sheet.write(row + r, c, cell.text, bold)
                elif cell.native is not None and cell.number_format:
                    if cell.number_format not in formats:
                        formats[cell.number_format] = xlwt.easyxf(num_format_str=cell.number_format)
                    sheet.write(row + r, c, cell.native, formats[cell.number_format])
                else:
                    sheet.write(row + r, c, cell.text)
        for r1, c1, r2, c2 in block.merges:
            sheet.merge(row + r1, row + r2, c1, c2)
        sheet.col(0).width = 256 * 28
        rows_used[block.sheet] = row + len(block.rows) + 1
    book.save(str(path))


def _pdf_font(language: str) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if language == "zh":
        if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light"
    for candidate in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ):
        if Path(candidate).exists():
            if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("DejaVuSans", candidate))
            return "DejaVuSans"
    if language == "ru":  # GB2312 holds Cyrillic: the CID font draws it where no TrueType font is found
        return _pdf_font("zh")
    return "Helvetica"


def write_pdf(blocks: Sequence[Block], path: Path, language: str, ruled: bool) -> None:
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    rl_config.invariant = 1
    font = _pdf_font(language)
    wide = any(len(b.rows[0]) > 6 for b in blocks if b.kind == "table")
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4) if wide else A4,
        title="report",
        author="vendor",
    )
    title = ParagraphStyle("t", fontName=font, fontSize=15, leading=20, spaceAfter=6)
    body = ParagraphStyle("b", fontName=font, fontSize=10, leading=14, spaceAfter=6)
    story: list[Any] = []
    for block in blocks:
        if block.kind == "title":
            story.append(Paragraph(block.text, title))
        elif block.kind == "text":
            story.append(Paragraph(block.text, body))
        else:
            data = [[cell.text for cell in row] for row in block.rows]
            head = block.header_rows - 1
            table = Table(data, repeatRows=block.header_rows)
            commands: list[tuple[Any, ...]] = [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("ALIGN", (1, head + 1), (-1, -1), "RIGHT"),
                ("ALIGN", (0, 0), (-1, head), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
            commands += [("SPAN", (c1, r1), (c2, r2)) for r1, c1, r2, c2 in block.merges]
            if ruled:
                commands += [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, head), colors.lightgrey),
                ]
            else:
                commands += [
                    ("LINEBELOW", (0, head), (-1, head), 0.8, colors.black),
                    ("ALIGN", (0, 0), (0, head), "LEFT"),
                ]
            table.setStyle(TableStyle(commands))
            story += [table, Spacer(1, 12)]
    doc.build(story)


def write_report(builder: ReportBuilder, folder: Path) -> Path:
    path = folder / builder.file
    if builder.plan.fmt == "xlsx":
        write_xlsx(builder.blocks, path)
    elif builder.plan.fmt == "xls":
        write_xls(builder.blocks, path)
    else:
        write_pdf(builder.blocks, path, builder.spec.language, builder.plan.ruled)
    return path


# --------------------------------------------------------------------------------------------------
# Call-record exports
# --------------------------------------------------------------------------------------------------


def _iso(moment: datetime | None, spec: AuditSpec, sep: str = " ") -> str:
    if moment is None:
        return ""
    if spec.times == "offset":
        return moment.isoformat(sep=sep)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def stamp(moment: datetime | None) -> str:
    """Local wall-clock time as switches write it (no zone)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _uuid(rng: random.Random) -> str:
    h = _hex(rng, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _bool(value: bool, answered: bool, words: tuple[str, str]) -> str:
    if not answered:
        return ""
    return words[0] if value else words[1]


EN_DISPOSITIONS = {
    ANSWERED: "Answered",
    NO_ANSWER: "No Answer",
    BUSY: "Busy",
    REJECTED: "Rejected",
    VOICEMAIL: "Voicemail",
    INVALID: "Invalid Number",
    FAILED: "Failed",
    ABANDONED: "Abandoned",
}
ZH_DISPOSITIONS = {
    ANSWERED: "已接通",
    NO_ANSWER: "无人接听",
    BUSY: "忙线",
    REJECTED: "拒接",
    INVALID: "空号",
    FAILED: "呼叫失败",
    ABANDONED: "呼损",
}
ZH_OUTCOMES = {
    "none": "无效",
    "effective": "有效沟通",
    "intent": "意向",
    "converted": "成交",
}
ZH_DIRECTIONS = {OUTBOUND: "呼出", INBOUND: "呼入", INTERNAL: "内线"}


def export_canonical_csv(spec: AuditSpec, calls: Sequence[Call], folder: Path, rng: random.Random) -> dict[str, Any]:
    directions = bool(spec.inbound or spec.internal)
    if spec.export == "canonical-csv-zh":
        header = [
            "通话ID",
            "开始时间",
            "接通时间",
            "结束时间",
            "被叫号码",
            "外呼任务",
            "坐席工号",
            "呼叫结果",
            "通话时长(秒)",
            "客户意向",
            "投诉",
            "退订",
            "二次跟进",
        ]
        if directions:
            header.append("呼叫类型")
        encoding = rng.choice(["utf-8-sig", "gb18030"])
        rows = []
        for c in calls:
            answered = c.disposition == ANSWERED and c.direction == OUTBOUND
            row = [
                f"ZH{c.call_id}",
                _iso(c.start, spec),
                _iso(c.answer if c.disposition == ANSWERED else None, spec),
                _iso(c.end, spec),
                c.phone,
                c.campaign,
                c.agent or "",
                ZH_DISPOSITIONS[c.disposition],
                str(c.talk_s),
                ZH_OUTCOMES[c.outcome] if answered and c.outcome else "",
                _bool(c.complaint, answered, ("是", "否")),
                _bool(c.opt_out, answered, ("是", "否")),
                _bool(c.follow_up, answered, ("是", "否")),
            ]
            if directions:
                row.append(ZH_DIRECTIONS[c.direction])
            rows.append(row)
        delimiter = ","
    else:
        human = rng.random() < 0.5
        header = (
            [
                "Call ID",
                "Start Time",
                "Answer Time",
                "End Time",
                "Called Number",
                "Campaign",
                "Agent",
                "Call Result",
                "Talk Time",
            ]
            if human
            else [
                "call_id",
                "start_time",
                "answer_time",
                "end_time",
                "phone",
                "campaign",
                "agent_id",
                "disposition",
                "talk_s",
            ]
        )
        header += ["outcome", "complaint", "opt_out", "follow_up"] + (["direction"] if directions else [])
        flag_words = rng.choice([("yes", "no"), ("1", "0"), ("true", "false")])
        sep = rng.choice([" ", "T"])
        encoding = "utf-8"
        rows = []
        for c in calls:
            answered = c.disposition == ANSWERED and c.direction == OUTBOUND
            row = [
                f"C{c.call_id}",
                _iso(c.start, spec, sep),
                _iso(c.answer if c.disposition == ANSWERED else None, spec, sep),
                _iso(c.end, spec, sep),
                c.phone,
                c.campaign,
                c.agent or "",
                EN_DISPOSITIONS[c.disposition] if human else c.disposition,
                str(c.talk_s),
                (c.outcome or "") if answered else "",
                _bool(c.complaint, answered, flag_words),
                _bool(c.opt_out, answered, flag_words),
                _bool(c.follow_up, answered, flag_words),
            ]
            if directions:
                row.append(c.direction)
            rows.append(row)
        delimiter = rng.choice([",", ";"]) if spec.language in ("ru", "pt", "es") else ","
    if spec.daily_files:  # one file per local day, as a dialler's nightly export drops them
        zone = ZoneInfo(spec.zone)
        by_day: dict[date, list[list[str]]] = defaultdict(list)
        for call, row in zip(calls, rows, strict=True):
            by_day[call.start.astimezone(zone).date()].append(row)
        daily = folder / "calls"
        daily.mkdir(exist_ok=True)
        prefix = "话单_" if spec.export == "canonical-csv-zh" else "calls_"
        for day, day_rows in sorted(by_day.items()):
            _write_csv(
                daily / f"{prefix}{day:%Y%m%d}.csv",
                header,
                day_rows,
                encoding,
                delimiter,
            )
        return {"calls": daily.name, "encoding": encoding, "delimiter": delimiter}
    path = folder / "calls.csv"
    _write_csv(path, header, rows, encoding, delimiter)
    return {"calls": path.name, "encoding": encoding, "delimiter": delimiter}


def _write_csv(
    path: Path,
    header: list[str],
    rows: Iterable[list[str]],
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


def export_canonical_xlsx(spec: AuditSpec, calls: Sequence[Call], folder: Path, rng: random.Random) -> dict[str, Any]:
    from openpyxl import Workbook

    zh = spec.language == "zh"
    directions = bool(spec.inbound or spec.internal)
    header = (
        [
            "通话ID",
            "开始时间",
            "结束时间",
            "被叫号码",
            "外呼任务",
            "坐席工号",
            "呼叫结果",
            "通话时长",
            "客户意向",
            "投诉",
            "退订",
        ]
        if zh
        else [
            "Call ID",
            "Start Time",
            "End Time",
            "Phone",
            "Campaign",
            "Agent ID",
            "Disposition",
            "Talk Time",
            "Outcome",
            "Complaint",
            "Opt Out",
        ]
    )
    if directions:
        header.append("呼叫类型" if zh else "Direction")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "明细" if zh else "Calls"
    sheet.append(["外呼话单明细 2025年9月" if zh else "Call detail export, September 2025"])
    sheet.append(header)
    as_dates = spec.times != "offset"
    for c in calls:
        answered = c.disposition == ANSWERED and c.direction == OUTBOUND
        words = ("是", "否") if zh else ("Yes", "No")
        row: list[Any] = [
            f"X{c.call_id}",
            c.start.replace(tzinfo=None) if as_dates else _iso(c.start, spec),
            c.end.replace(tzinfo=None) if as_dates else _iso(c.end, spec),
            c.phone,
            c.campaign,
            c.agent or "",
            (ZH_DISPOSITIONS if zh else EN_DISPOSITIONS)[c.disposition],
            c.talk_s,
            ((ZH_OUTCOMES[c.outcome] if zh else c.outcome) if answered and c.outcome else ""),
            _bool(c.complaint, answered, words),
            _bool(c.opt_out, answered, words),
        ]
        if directions:
            row.append(ZH_DIRECTIONS[c.direction] if zh else c.direction)
        sheet.append(row)
        if as_dates:
            for col in (2, 3):
                sheet.cell(sheet.max_row, col).number_format = "yyyy-mm-dd hh:mm:ss"
    fixed = datetime(2025, 10, 1, 8, 0, 0)
    book.properties.created = fixed
    book.properties.modified = fixed
    path = folder / "calls.xlsx"
    book.save(path)
    freeze_zip(path)
    return {"calls": path.name}


def export_parquet(spec: AuditSpec, calls: Sequence[Call], folder: Path, rng: random.Random) -> dict[str, Any]:
    import pandas as pd

    directions = bool(spec.inbound or spec.internal)
    frame = pd.DataFrame(
        {
            "call_id": [f"P{c.call_id}" for c in calls],
            "start_time": pd.to_datetime([c.start for c in calls]).tz_convert(spec.zone),
            "answer_time": pd.to_datetime(
                [c.answer if c.disposition == ANSWERED else None for c in calls],
                utc=True,
            ).tz_convert(spec.zone),
            "end_time": pd.to_datetime([c.end for c in calls]).tz_convert(spec.zone),
            "phone": [c.phone for c in calls],
            "campaign": [c.campaign or None for c in calls],
            "agent_id": [c.agent for c in calls],
            "disposition": [c.disposition for c in calls],
            "talk_s": [c.talk_s for c in calls],
            "outcome": [c.outcome if c.disposition == ANSWERED and c.direction == OUTBOUND else None for c in calls],
            "complaint": pd.array(
                [c.complaint if c.disposition == ANSWERED and c.direction == OUTBOUND else None for c in calls],
                dtype="boolean",
            ),
            "opt_out": pd.array(
                [c.opt_out if c.disposition == ANSWERED and c.direction == OUTBOUND else None for c in calls],
                dtype="boolean",
            ),
            "follow_up": pd.array(
                [c.follow_up if c.disposition == ANSWERED and c.direction == OUTBOUND else None for c in calls],
                dtype="boolean",
            ),
        }
    )
    if directions:
        frame["direction"] = [c.direction for c in calls]
    path = folder / "calls.parquet"
    frame.to_parquet(path, index=False)
    return {"calls": path.name}


MAPPED: dict[str, dict[str, Any]] = {
    "pt": {
        "header": [
            "Protocolo",
            "Data/Hora",
            "Telefone",
            "Resultado",
            "Duração (ms)",
            "Operador",
            "Campanha",
            "Tabulação",
        ],
        "dispositions": {
            ANSWERED: "ATENDIDA",
            NO_ANSWER: "NAO ATENDE",
            BUSY: "OCUPADO",
            VOICEMAIL: "CAIXA POSTAL",
            INVALID: "NUMERO INEXISTENTE",
            FAILED: "FALHA DE REDE",
            ABANDONED: "ABANDONADA",
        },
        "outcomes": {
            "none": "SEM INTERESSE",
            "effective": "CONTATO EFETIVO",
            "intent": "INTERESSE",
            "converted": "VENDA",
        },
        "format": "%d/%m/%Y %H:%M:%S",
        "date_order": "dmy",
        "unit": "ms",
        "delimiter": ";",
    },
    "ru": {
        "header": [
            "ID звонка",
            "Дата и время",
            "Номер клиента",
            "Статус",
            "Длительность разговора",
            "Оператор",
            "Кампания",
            "Результат",
        ],
        "dispositions": {
            ANSWERED: "Отвечен",
            NO_ANSWER: "Не отвечен",
            BUSY: "Занято",
            VOICEMAIL: "Автоответчик",
            INVALID: "Несуществующий номер",
            FAILED: "Ошибка сети",
            ABANDONED: "Сброшен",
        },
        "outcomes": {
            "none": "Отказ",
            "effective": "Разговор",
            "intent": "Интерес",
            "converted": "Продажа",
        },
        "format": "%d.%m.%Y %H:%M:%S",
        "date_order": "dmy",
        "unit": "s",
        "talk_format": "hms",
        "delimiter": ";",
        "encoding": "cp1251",
    },
    "en": {
        "header": [
            "Ref",
            "When",
            "Dialled",
            "Result",
            "Talk secs",
            "Rep",
            "List",
            "Wrap code",
        ],
        "dispositions": {
            ANSWERED: "CONNECTED",
            NO_ANSWER: "NO REPLY",
            BUSY: "ENGAGED",
            VOICEMAIL: "MACHINE",
            INVALID: "BAD NUMBER",
            FAILED: "NETWORK FAIL",
            ABANDONED: "DROPPED",
        },
        "outcomes": {
            "none": "NOT INTERESTED",
            "effective": "SPOKE",
            "intent": "INTERESTED",
            "converted": "SALE",
        },
        "format": "%d/%m/%Y %H:%M:%S",
        "date_order": "dmy",
        "unit": "s",
        "delimiter": ",",
    },
}


def mapped_layout(spec: AuditSpec) -> str:
    return spec.language if spec.language in MAPPED else "en"


def _mapped_phone(phone: str, language: str) -> str:
    """The number as the CRM shows it: (11) 95997-1977, +7 (916) 123-45-67, 07911 123456."""
    if language == "pt":
        national = phone[2:]
        return f"({national[:2]}) {national[2:7]}-{national[7:]}"
    if language == "ru":
        n = phone[1:]
        return f"+7 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
    return "0" + phone[2:]


def export_mapped(spec: AuditSpec, calls: Sequence[Call], folder: Path, rng: random.Random) -> dict[str, Any]:
    layout = MAPPED[mapped_layout(spec)]
    header = layout["header"]
    rows = []
    for c in calls:
        answered = c.disposition == ANSWERED
        talk = c.talk_ms if answered else 0
        talk_text = _hms(c.talk_s) if layout.get("talk_format") == "hms" else str(talk if layout["unit"] == "ms" else c.talk_s)
        rows.append(
            [
                f"{20250900000 + int(c.call_id)}",
                c.start.strftime(layout["format"]),
                _mapped_phone(c.phone, spec.language),
                layout["dispositions"][c.disposition],
                talk_text,
                c.agent or "",
                c.campaign,
                layout["outcomes"][c.outcome] if answered and c.outcome else "",
            ]
        )
    path = folder / "export.csv"
    _write_csv(path, header, rows, layout.get("encoding", "utf-8"), layout["delimiter"])
    canonical = [
        "call_id",
        "start_time",
        "phone",
        "disposition",
        "talk_s",
        "agent_id",
        "campaign",
        "outcome",
    ]
    lines = [
        "# How this vendor's CRM export reads (written by the buyer from the vendor's field list)",
        "columns:",
    ]
    lines += [f"  {k}: {json.dumps(h, ensure_ascii=False)}" for k, h in zip(canonical, header, strict=True)]
    lines.append("dispositions:")
    lines += [f"  {json.dumps(v, ensure_ascii=False)}: {k}" for k, v in layout["dispositions"].items()]
    lines.append("outcomes:")
    lines += [f"  {json.dumps(v, ensure_ascii=False)}: {k}" for k, v in layout["outcomes"].items()]
    lines += [
        f"timezone: {spec.zone}",
        f"date_order: {layout['date_order']}",
        f"duration_unit: {layout['unit']}",
        f"delimiter: {json.dumps(layout['delimiter'])}",
        "header: true",
    ]
    if "encoding" in layout:
        lines.append(f"encoding: {layout['encoding']}")
    (folder / "mapping.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"calls": path.name, "mapping": "mapping.yaml"}


def _our_number(country: str) -> str:
    return {
        "cn": "4008205555",
        "ru": "74952300000",
        "us": "13125550142",
        "br": "551130030000",
        "co": "5716015000",
        "mx": "525550001234",
        "gb": "442071234567",
    }[country]


def export_asterisk(spec: AuditSpec, calls: Sequence[Call], folder: Path, rng: random.Random) -> dict[str, Any]:
    """cdr-csv Master.csv, 18 columns (loguniqueid, loguserfield), no header, local time."""
    ext = {a: f"80{i + 1:02d}" for i, a in enumerate(agents_for(spec))}
    disp = {
        ANSWERED: "ANSWERED",
        NO_ANSWER: "NO ANSWER",
        BUSY: "BUSY",
        FAILED: "FAILED",
    }
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    for c in calls:
        duration = int((c.end - c.start).total_seconds())
        uniqueid = f"{int(c.start.timestamp())}.{c.seq}"
        if c.direction == OUTBOUND:
            src = ext[c.agent] if c.agent else "8000"
            row: list[Any] = [
                c.campaign,
                src,
                c.phone,
                "from-internal",
                f'"{src}" <{src}>',
                f"SIP/{src}-{_hex(rng, 8)}",
                f"SIP/trunk-{_hex(rng, 8)}",
                "Dial",
                f"SIP/trunk/{c.phone},60,tT",
            ]
        elif c.direction == INBOUND:
            target = f"81{int(c.agent[-1]):02d}" if c.agent else "8100"
            row = [
                "",
                c.phone,
                _our_number(spec.country),
                "from-trunk",
                f'"{c.phone}" <{c.phone}>',
                f"SIP/trunk-{_hex(rng, 8)}",
                f"SIP/{target}-{_hex(rng, 8)}",
                "Dial",
                f"SIP/{target},30",
            ]
        else:
            row = [
                "",
                "8900",
                c.phone,
                "from-internal",
                '"Supervisor" <8900>',
                f"SIP/8900-{_hex(rng, 8)}",
                f"SIP/{c.phone}-{_hex(rng, 8)}",
                "Dial",
                f"SIP/{c.phone},20",
            ]
        row += [
            stamp(c.start),
            stamp(c.answer if c.disposition == ANSWERED else None),
            stamp(c.end),
            duration,
            c.talk_s if c.disposition == ANSWERED else 0,
            disp[c.disposition],
            "DOCUMENTATION",
            uniqueid,
            "",
        ]
        writer.writerow(row)
    path = folder / "Master.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return {"calls": path.name}


Q850 = {
    ANSWERED: "NORMAL_CLEARING",
    NO_ANSWER: "NO_ANSWER",
    BUSY: "USER_BUSY",
    REJECTED: "CALL_REJECTED",
    INVALID: "UNALLOCATED_NUMBER",
}


def export_freeswitch(spec: AuditSpec, calls: Sequence[Call], folder: Path, rng: random.Random) -> dict[str, Any]:
    """mod_cdr_csv: the 'example' template (15 fields, no header) or a template with a header row."""
    header = spec.export == "freeswitch-header"
    ext = {a: f"10{i + 1:02d}" for i, a in enumerate(agents_for(spec))}
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    if header:
        writer.writerow(
            [
                "uuid",
                "direction",
                "caller_id_name",
                "caller_id_number",
                "destination_number",
                "context",
                "start_stamp",
                "answer_stamp",
                "end_stamp",
                "duration",
                "billsec",
                "hangup_cause",
                "accountcode",
            ]
        )
    for c in calls:
        duration = int((c.end - c.start).total_seconds())
        answered = c.disposition == ANSWERED
        if c.direction == OUTBOUND:
            name, number, dest, context, direction = (
                "Outbound Call",
                ext.get(c.agent or "", "1000"),
                c.phone,
                "default",
                "outbound",
            )
        elif c.direction == INBOUND:
            name, number, dest, context, direction = (
                c.phone,
                c.phone,
                _our_number(spec.country),
                "public",
                "inbound",
            )
        else:
            name, number, dest, context, direction = (
                "Supervisor",
                "1099",
                c.phone,
                "default",
                "inbound",
            )
        uuid = _uuid(rng)
        if header:
            writer.writerow(
                [
                    uuid,
                    direction,
                    name,
                    number,
                    dest,
                    context,
                    stamp(c.start),
                    stamp(c.answer if answered else None),
                    stamp(c.end),
                    str(duration),
                    str(c.talk_s if answered else 0),
                    Q850[c.disposition],
                    c.campaign,
                ]
            )
        else:
            writer.writerow(
                [
                    name,
                    number,
                    dest,
                    context,
                    stamp(c.start),
                    stamp(c.answer if answered else None),
                    stamp(c.end),
                    str(duration),
                    str(c.talk_s if answered else 0),
                    Q850[c.disposition],
                    uuid,
                    _uuid(rng) if answered else "",
                    c.campaign,
                    "PCMA",
                    "PCMA",
                ]
            )
    path = folder / "Master.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return {"calls": path.name}


def export_twilio(spec: AuditSpec, calls: Sequence[Call], folder: Path, rng: random.Random) -> dict[str, Any]:
    """Call log CSV of the Calls resource (times in UTC, RFC 2822), outbound-api dials and inbound calls."""
    ours = "+" + _our_number(spec.country)
    header = [
        "Call Sid",
        "Parent Call Sid",
        "Date Created",
        "Start Time",
        "End Time",
        "Duration",
        "From",
        "To",
        "Direction",
        "Status",
        "Answered By",
        "Price",
        "Price Unit",
    ]
    rows = []
    for c in calls:

        def rfc(m: datetime) -> str:
            return m.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")

        status = {
            ANSWERED: "completed",
            VOICEMAIL: "completed",
            NO_ANSWER: "no-answer",
            BUSY: "busy",
        }[c.disposition]
        by = {ANSWERED: "human", VOICEMAIL: "machine_start"}.get(c.disposition, "")
        duration = c.talk_s if c.disposition == ANSWERED else (int((c.end - c.answer).total_seconds()) if c.answer else 0)
        if c.direction == INBOUND:
            frm, to, direction, by = "+" + c.phone, ours, "inbound", ""
        else:
            frm, to, direction = ours, "+" + c.phone, "outbound-api"
        minutes = math.ceil(duration / 60) if status == "completed" else 0
        rows.append(
            [
                "CA" + _hex(rng, 32),
                "",
                rfc(c.start - timedelta(seconds=1)),
                rfc(c.start),
                rfc(c.end),
                str(duration),
                frm,
                to,
                direction,
                status,
                by,
                f"-{minutes * 0.014:.4f}" if minutes else "",
                "USD",
            ]
        )
    path = folder / "twilio_calls.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return {"calls": path.name}


def _status(c: Call, vicidial: bool) -> str:
    if c.disposition == ANSWERED:
        if c.outcome == "converted":
            return "SALE" if vicidial else "Sale"
        if c.opt_out:
            return "DNC" if vicidial else "Do Not Call"
        if c.outcome == "intent":
            return "CALLBK" if vicidial else "Call Back"
        return "NI" if vicidial else "Not Interested"
    table = (
        {
            NO_ANSWER: "NA",
            BUSY: "AB",
            VOICEMAIL: "AA",
            INVALID: "ADC",
            ABANDONED: "DROP",
        }
        if vicidial
        else {
            NO_ANSWER: "No Answer",
            BUSY: "Busy",
            VOICEMAIL: "Answering Machine",
            ABANDONED: "Abandon",
        }
    )
    return table[c.disposition]


def _national(phone: str, country: str) -> tuple[str, str]:
    code = {
        "us": "1",
        "co": "57",
        "mx": "52",
        "br": "55",
        "ru": "7",
        "cn": "86",
        "gb": "44",
    }[country]
    return code, phone[len(code) :] if phone.startswith(code) else phone


def export_vicidial(spec: AuditSpec, calls: Sequence[Call], folder: Path, rng: random.Random) -> dict[str, Any]:
    header = [
        "uniqueid",
        "lead_id",
        "list_id",
        "campaign_id",
        "call_date",
        "start_epoch",
        "end_epoch",
        "length_in_sec",
        "status",
        "phone_code",
        "phone_number",
        "user",
        "comments",
        "processed",
        "user_group",
        "term_reason",
        "alt_dial",
    ]
    lead_ids: dict[str, int] = {}
    rows = []
    for c in calls:
        lead = lead_ids.setdefault(c.phone, 100000 + len(lead_ids))
        code, national = _national(c.phone, spec.country)
        answered = c.disposition == ANSWERED
        term = "ABANDON" if c.disposition == ABANDONED else (rng.choice(["CALLER", "AGENT"]) if answered else "NONE")
        rows.append(
            [
                f"{int(c.start.timestamp())}.{c.seq}",
                str(lead),
                "1001" if c.campaign == spec.campaigns[0] else "1002",
                c.campaign,
                c.start.strftime("%Y-%m-%d %H:%M:%S"),
                str(int(c.start.timestamp())),
                str(int(c.end.timestamp())),
                str(c.talk_s if answered else 0),
                _status(c, True),
                code,
                national,
                c.agent or "VDAD",
                "AUTO",
                "N",
                "AGENTS" if c.agent else "",
                term,
                "MAIN",
            ]
        )
    path = folder / "vicidial_log.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return {"calls": path.name}


def _hms(seconds: int) -> str:
    h, rest = divmod(max(0, seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}"


def export_five9(spec: AuditSpec, calls: Sequence[Call], folder: Path, rng: random.Random) -> dict[str, Any]:
    header = [
        "CALL ID",
        "TIMESTAMP",
        "CAMPAIGN",
        "CALL TYPE",
        "AGENT",
        "AGENT NAME",
        "DISPOSITION",
        "ANI",
        "DNIS",
        "CALL TIME",
        "RING TIME",
        "TALK TIME",
        "HOLD TIME",
        "AFTER CALL WORK TIME",
        "ABANDONED",
    ]
    _, ours = _national(_our_number(spec.country), spec.country)
    rows = []
    for c in calls:
        _, national = _national(c.phone, spec.country)
        start = c.start
        clock = f"{(start.hour % 12) or 12}:{start.minute:02d}:{start.second:02d} {'AM' if start.hour < 12 else 'PM'}"
        when = f"{start.month}/{start.day}/{start.year} {clock}"
        inbound = c.direction == INBOUND
        agent = f"{c.agent}@vendor.example" if c.agent else ""
        rows.append(
            [
                f"{300000000 + c.seq}",
                when,
                "Inbound Support" if inbound else c.campaign,
                "Inbound" if inbound else "Outbound",
                agent,
                (c.agent or "").title(),
                "Not Interested" if inbound else _status(c, False),
                national if inbound else ours,
                ours if inbound else national,
                _hms(int((c.end - c.start).total_seconds())),
                _hms(c.ring_s),
                _hms(c.talk_s),
                "0:00:00",
                _hms(rng.randint(5, 40) if c.agent else 0),
                "1" if c.disposition == ABANDONED else "0",
            ]
        )
    path = folder / "call_log.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return {"calls": path.name}


EXPORTERS: dict[str, Callable[[AuditSpec, Sequence[Call], Path, random.Random], dict[str, Any]]] = {
    "canonical-csv-en": export_canonical_csv,
    "canonical-csv-zh": export_canonical_csv,
    "canonical-xlsx": export_canonical_xlsx,
    "parquet": export_parquet,
    "mapped": export_mapped,
    "asterisk": export_asterisk,
    "freeswitch": export_freeswitch,
    "freeswitch-header": export_freeswitch,
    "twilio": export_twilio,
    "vicidial": export_vicidial,
    "five9": export_five9,
}


# --------------------------------------------------------------------------------------------------
# The corpus: hand-picked combinations, details from each audit's seed
# --------------------------------------------------------------------------------------------------

R = ReportPlan
BASE: list[AuditSpec] = [
    AuditSpec(
        "zh_csv_offset_campaigns",
        "zh",
        "canonical-csv-zh",
        "offset",
        "Asia/Shanghai",
        "cn",
        ("高意向客户回访", "成交转化专项"),
        (R("xlsx", ("summary", "campaign_columns")),),
        n_leads=450,
    ),
    AuditSpec(
        "zh_csv_engagement_predictive_pdf",
        "zh",
        "canonical-csv-zh",
        "naive-engagement",
        "Asia/Shanghai",
        "cn",
        ("信用卡分期", "有效客户激活"),
        (R("pdf", ("narrative", "summary", "day_columns")),),
        mode="predictive",
        n_leads=500,
    ),
    AuditSpec(
        "zh_xlsx_records_inbound_xls_agents",
        "zh",
        "canonical-xlsx",
        "naive",
        "Asia/Shanghai",
        "cn",
        ("理财产品推广",),
        (R("xls", ("summary_target", "agent_columns"), values="native"),),
        inbound=25,
        internal=10,
        n_agents=5,
    ),
    AuditSpec(
        "zh_parquet_aware_campaign_rows",
        "zh",
        "parquet",
        "aware",
        "Asia/Shanghai",
        "cn",
        ("高意向客户回访", "信用卡分期", "成交转化专项"),
        (R("xlsx", ("narrative", "campaign_rows"), values="native"),),
        n_leads=480,
    ),
    AuditSpec(
        "zh_asterisk_engagement_pdf_unruled",
        "zh",
        "asterisk",
        "naive-engagement",
        "Asia/Shanghai",
        "cn",
        ("WEALTH", "SALES_B"),
        (R("pdf", ("summary", "campaign_columns"), ruled=False),),
        inbound=20,
        internal=10,
    ),
    AuditSpec(
        "zh_csv_offset_directions_daily",
        "zh",
        "canonical-csv-zh",
        "offset",
        "Asia/Shanghai",
        "cn",
        ("有效客户激活",),
        (R("xlsx", ("day_columns", "summary")),),
        inbound=40,
        internal=15,
    ),
    AuditSpec(
        "zh_csv_naive_prose_pdf",
        "zh",
        "canonical-csv-zh",
        "naive",
        "Asia/Shanghai",
        "cn",
        ("成交转化专项", "信用卡分期"),
        (R("pdf", ("narrative", "summary_columns")),),
    ),
    AuditSpec(
        "en_csv_minus5_campaigns_days",
        "en",
        "canonical-csv-en",
        "offset",
        "America/Chicago",
        "us",
        ("Wealth Leads", "Sales Team B", "Conversion Push"),
        (R("xlsx", ("summary", "campaign_columns", "day_columns")),),
        n_leads=540,
    ),
    AuditSpec(
        "en_twilio_utc_engagement_pdf",
        "en",
        "twilio",
        "utc-engagement",
        "America/New_York",
        "us",
        ("Outbound",),
        (R("pdf", ("summary", "day_columns")),),
        inbound=30,
    ),
    AuditSpec(
        "en_five9_engagement_predictive",
        "en",
        "five9",
        "naive-engagement",
        "America/Chicago",
        "us",
        ("Wealth Leads", "Sales Team B"),
        (R("xlsx", ("summary", "campaign_columns")),),
        mode="predictive",
        inbound=20,
    ),
    AuditSpec(
        "en_freeswitch_naive_xls",
        "en",
        "freeswitch",
        "naive",
        "Europe/London",
        "gb",
        ("SALES_B", "WEALTH"),
        (R("xls", ("summary_columns", "campaign_columns")),),
    ),
    AuditSpec(
        "en_vicidial_engagement_pdf_wrapped",
        "en",
        "vicidial",
        "naive-engagement",
        "America/New_York",
        "us",
        ("WEALTH", "SALESB"),
        (R("pdf", ("narrative", "campaign_columns"), wrap_headers=True),),
        mode="predictive",
        n_leads=500,
    ),
    AuditSpec(
        "en_mapped_london_targets",
        "en",
        "mapped",
        "mapping-zone",
        "Europe/London",
        "gb",
        ("Conversion Push", "Retention Calls"),
        (R("xlsx", ("summary_target", "agent_columns")),),
    ),
    AuditSpec(
        "en_xlsx_records_summary_columns",
        "en",
        "canonical-xlsx",
        "naive-engagement",
        "America/Chicago",
        "us",
        ("Retention Calls", "Intent Follow-up"),
        (R("xlsx", ("summary_columns", "agent_rows"), values="native"),),
    ),
    AuditSpec(
        "en_csv_london_two_reports",
        "en",
        "canonical-csv-en",
        "naive-engagement",
        "Europe/London",
        "gb",
        ("Wealth Leads", "Conversion Push"),
        (
            R("pdf", ("summary",), name="monthly_summary"),
            R("xlsx", ("agent_columns", "day_rows"), name="agent_detail"),
        ),
    ),
    AuditSpec(
        "en_asterisk_naive_campaign_rows",
        "en",
        "asterisk",
        "naive",
        "America/Chicago",
        "us",
        ("WEALTH", "SALES_B"),
        (R("xlsx", ("summary", "campaign_rows")),),
    ),
    AuditSpec(
        "ru_csv_offset_campaigns",
        "ru",
        "canonical-csv-en",
        "offset",
        "Europe/Moscow",
        "ru",
        ("Конверсия осень", "Продажи Б"),
        (R("xlsx", ("summary", "campaign_columns")),),
    ),
    AuditSpec(
        "ru_asterisk_engagement_pdf",
        "ru",
        "asterisk",
        "naive-engagement",
        "Europe/Moscow",
        "ru",
        ("sales_msk", "retention"),
        (R("pdf", ("summary", "campaign_columns")),),
        inbound=20,
        internal=10,
    ),
    AuditSpec(
        "ru_parquet_aware_agents_xls",
        "ru",
        "parquet",
        "aware",
        "Europe/Moscow",
        "ru",
        ("Удержание клиентов",),
        (R("xls", ("summary", "agent_columns")),),
    ),
    AuditSpec(
        "ru_freeswitch_header_directions",
        "ru",
        "freeswitch-header",
        "naive-engagement",
        "Europe/Moscow",
        "ru",
        ("PRODAZHI", "UDERZHANIE"),
        (R("xlsx", ("summary", "day_columns"), values="native"),),
        inbound=25,
        internal=8,
    ),
    AuditSpec(
        "pt_mapped_saopaulo_pdf",
        "pt",
        "mapped",
        "mapping-zone",
        "America/Sao_Paulo",
        "br",
        ("Vendas Premium", "Retenção Clientes"),
        (R("pdf", ("narrative", "summary", "campaign_columns")),),
        n_leads=760,
        n_agents=8,
    ),
    AuditSpec(
        "pt_csv_offset_campaigns_agents",
        "pt",
        "canonical-csv-en",
        "offset",
        "America/Sao_Paulo",
        "br",
        ("Vendas Premium", "Retenção Clientes"),
        (R("xlsx", ("summary", "campaign_columns", "agent_columns")),),
    ),
    AuditSpec(
        "pt_freeswitch_header_xls_daily",
        "pt",
        "freeswitch-header",
        "naive-engagement",
        "America/Sao_Paulo",
        "br",
        ("VENDAS", "RETENCAO"),
        (R("xls", ("summary", "day_columns")),),
        inbound=20,
    ),
    AuditSpec(
        "pt_parquet_aware_day_rows",
        "pt",
        "parquet",
        "aware",
        "America/Sao_Paulo",
        "br",
        ("Vendas Premium",),
        (R("xlsx", ("summary_columns", "day_rows"), values="native"),),
    ),
    AuditSpec(
        "es_csv_bogota_minus5",
        "es",
        "canonical-csv-en",
        "offset",
        "America/Bogota",
        "co",
        ("Ventas Hogar", "Conversión Plus"),
        (R("xlsx", ("summary", "day_columns", "campaign_columns")),),
    ),
    AuditSpec(
        "es_xlsx_records_naive_pdf_unruled",
        "es",
        "canonical-xlsx",
        "naive",
        "America/Mexico_City",
        "mx",
        ("Ventas Hogar",),
        (R("pdf", ("summary", "agent_columns"), ruled=False),),
    ),
    AuditSpec(
        "es_vicidial_engagement_rows",
        "es",
        "vicidial",
        "naive-engagement",
        "America/Bogota",
        "co",
        ("VENTAS", "CONVPLUS"),
        (R("xlsx", ("summary", "campaign_rows")),),
        mode="predictive",
    ),
    AuditSpec(
        "zh_csv_daily_files_grouped_units",
        "zh",
        "canonical-csv-zh",
        "naive-engagement",
        "Asia/Shanghai",
        "cn",
        ("有效客户激活", "理财产品推广"),
        (R("xlsx", ("summary_units", "campaign_columns_grouped")),),
        daily_files=True,
        period="range",
    ),
    AuditSpec(
        "ru_mapped_moscow_cp1251_units",
        "ru",
        "mapped",
        "mapping-zone",
        "Europe/Moscow",
        "ru",
        ("Продажи Б", "Удержание клиентов"),
        (R("pdf", ("summary_units", "agent_columns")),),
    ),
    AuditSpec(
        "en_csv_ratios_grouped_range",
        "en",
        "canonical-csv-en",
        "naive",
        "America/Chicago",
        "us",
        ("Conversion Push", "Intent Follow-up"),
        (R("xlsx", ("summary", "campaign_columns_grouped"), values="native"),),
        rates="ratio",
        period="range",
    ),
    AuditSpec(
        "es_csv_offset_daily_files_grouped_pdf",
        "es",
        "canonical-csv-en",
        "offset",
        "America/Bogota",
        "co",
        ("Ventas Hogar", "Conversión Plus"),
        (R("pdf", ("summary_units", "campaign_columns_grouped")),),
        daily_files=True,
    ),
    AuditSpec(
        "es_five9_naive_pdf",
        "es",
        "five9",
        "naive",
        "America/Los_Angeles",
        "us",
        ("Ventas Hogar", "Sales Team B"),
        (R("pdf", ("summary", "campaign_columns")),),
        mode="predictive",
    ),
]


def corpus_specs(seed: int = DEFAULT_SEED, count: int = DEFAULT_COUNT) -> list[AuditSpec]:
    """``count`` audits: the base table, then the same combinations again under other seeds."""
    specs: list[AuditSpec] = []
    for i in range(count):
        base = BASE[i % len(BASE)]
        round_ = i // len(BASE)
        name = base.name if round_ == 0 else f"{base.name}_r{round_}"
        rng = random.Random(seed * 1_000_003 + _crc(name))
        specs.append(
            replace(
                base,
                name=name,
                seed=rng.randrange(2**31),
                start_day=date(2025, 9, rng.choice((1, 2, 8, 9))),
                n_days=rng.randint(9, 12),
                p_answer=round(rng.uniform(0.42, 0.6), 3),
                engagement=base.engagement or base.times in ("naive-engagement", "utc-engagement"),
            )
        )
    return specs


def style_for(spec: AuditSpec, rng: random.Random) -> Style:
    return replace(_style_for(spec, rng), rates=spec.rates)


def _style_for(spec: AuditSpec, rng: random.Random) -> Style:
    lang = spec.language
    if lang == "zh":
        return Style(
            lang,
            rng.choice((1, 2)),
            rng.choice(("plain1", "zh", "plain0")),
            rng.choice((",", "")),
            ".",
            False,
            rng.choice(("%Y-%m-%d", "zh-md")),
        )
    if lang == "en":
        return Style(
            lang,
            rng.choice((1, 2)),
            rng.choice(("plain1", "mmss", "hms")),
            ",",
            ".",
            False,
            rng.choice(("%Y-%m-%d", "%d %b %Y")),
        )
    if lang == "ru":
        return Style(
            lang,
            rng.choice((1, 2)),
            rng.choice(("plain1", "unit", "hms")),
            rng.choice((" ", "\u00a0")),
            ",",
            rng.random() < 0.5,
            "%d.%m.%Y",
        )
    if lang == "pt":
        return Style(
            lang,
            rng.choice((1, 2)),
            rng.choice(("plain1", "mmss", "hms")),
            ".",
            ",",
            False,
            "%d/%m/%Y",
        )
    return Style(
        lang,
        rng.choice((1, 2)),
        rng.choice(("plain1", "unit", "mmss")),
        ".",
        ",",
        rng.random() < 0.5,
        "%d/%m/%Y",
    )


def write_engagement(spec: AuditSpec, folder: Path) -> str:
    lines = [
        f"name: {spec.name} (honest vendor, September 2025)",
        "scenario: marketing",
        f"timezone: {spec.zone}",
        f"period: {PERIOD}",
    ]
    (folder / "engagement.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "engagement.yaml"


def _stream(spec: AuditSpec, purpose: str) -> random.Random:
    """A random stream of its own per purpose: adding a label, a block or an audit changes no other choice."""
    return random.Random(spec.seed * 1_000_003 + _crc(purpose))


def generate_one(spec: AuditSpec, root: Path) -> dict[str, Any]:
    """Write one audit folder and return its manifest."""
    folder = root / spec.name
    folder.mkdir(parents=True, exist_ok=True)
    calls = simulate(spec)
    problems = check_honest(calls, spec.zone)
    if any(problems.values()):
        raise AssertionError(f"{spec.name}: the generated records break the rules: {problems}")
    files = EXPORTERS[spec.export](spec, calls, folder, _stream(spec, "export"))
    engagement = write_engagement(spec, folder) if spec.engagement else None
    truth = truth_of(calls, spec)
    style = style_for(spec, _stream(spec, "style"))
    labels = {key: _stream(spec, "label " + key).choice(options) for key, options in LABELS[spec.language].items()}
    printed: list[Printed] = []
    reports = []
    for plan in spec.reports:
        builder = ReportBuilder(spec, plan, style, labels, truth, _stream(spec, "report " + plan.name))
        builder.build()
        reports.append(write_report(builder, folder).name)
        printed += builder.printed
    dials = [c for c in calls if c.direction == OUTBOUND]
    manifest = {
        "name": spec.name,
        "language": spec.language,
        "export": spec.export,
        "knowledge": spec.knowledge,
        "times": spec.times,
        "zone": spec.zone,
        "mode": spec.mode,
        "calls": files["calls"],
        "mapping": files.get("mapping"),
        "engagement": engagement,
        "reports": reports,
        "layouts": [f"{p.fmt}:{'+'.join(p.blocks)}" for p in spec.reports],
        "campaigns": list(spec.campaigns),
        "style": {
            "pct_decimals": style.pct_decimals,
            "seconds": style.seconds,
            "thousands": style.thousands,
            "decimal": style.decimal,
        },
        "counts": {
            "rows": len(calls),
            "outbound": len(dials),
            "inbound": sum(c.direction == INBOUND for c in calls),
            "internal": sum(c.direction == INTERNAL for c in calls),
            "connected": sum(c.disposition == ANSWERED for c in dials),
            "abandoned": sum(c.disposition == ABANDONED for c in dials),
        },
        "honest_checks": problems,
        "figures": [p.to_dict() for p in printed],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def generate(
    root: Path,
    seed: int = DEFAULT_SEED,
    count: int = DEFAULT_COUNT,
    only: Sequence[str] = (),
) -> dict[str, Path]:
    """Write the corpus under ``root``: audit name -> folder."""
    out: dict[str, Path] = {}
    for spec in corpus_specs(seed, count):
        if only and spec.name not in only:
            continue
        generate_one(spec, root)
        out[spec.name] = root / spec.name
    return out


def audit_inputs(folder: Path) -> dict[str, Any]:
    """Keyword arguments of ``auditor.audit`` for one generated audit folder."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {
        "calls": folder / manifest["calls"],
        "reports": [folder / r for r in manifest["reports"]],
        "engagement": folder / manifest["engagement"] if manifest["engagement"] else None,
        "mapping": folder / manifest["mapping"] if manifest["mapping"] else None,
    }


# --------------------------------------------------------------------------------------------------
# Scoring: claims extracted against figures printed; findings against an honest vendor
# --------------------------------------------------------------------------------------------------

JUDGED = ("discrepancy", "definition", "consistency", "plausibility", "compliance")
SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def _same_scope(claim: dict[str, Any], printed: dict[str, Any]) -> bool:
    cs, ps = claim.get("scope") or {}, printed["scope"]
    if (cs.get("campaign") or None) != ps["campaign"] or (cs.get("agent_id") or None) != ps["agent_id"]:
        return False
    if len(ps["period"]) == len(PERIOD):  # the whole report's period: the month, or the printed date range
        period = cs.get("period")
        return period in (None, PERIOD) or (
            isinstance(period, str) and period.startswith(PERIOD) and len(period) > len("2025-09-01")
        )
    return cs.get("period") == ps["period"]


def _matches(claim: dict[str, Any], printed: dict[str, Any]) -> bool:
    if claim.get("metric") != printed["metric"] or claim.get("value") is None:
        return False
    return (
        _same_scope(claim, printed) and abs(float(claim["value"]) - float(printed["value"])) <= float(printed["tolerance"]) + 1e-9
    )


def score_claims(folder: Path, python: str = sys.executable) -> dict[str, Any]:
    """Recall (printed figures with a metric that came back as claims) and the claims that match no printed figure."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    cmd = [python, "-m", "auditor", "extract", "--format", "json", *manifest["reports"]]
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {
            "name": manifest["name"],
            "error": done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"],
            "printed": 0,
            "found": 0,
            "claims": 0,
            "wrong": [],
        }
    claims = [c for report in json.loads(done.stdout) for c in report["claims"]]
    printed = [p for p in manifest["figures"] if p["metric"]]
    found = [p for p in printed if any(_matches(c, p) for c in claims)]
    missed = [p for p in printed if p not in found]
    wrong = [c for c in claims if not any(_matches(c, p) for p in printed)]
    return {
        "name": manifest["name"],
        "printed": len(printed),
        "found": len(found),
        "claims": len(claims),
        "missed": [f"{p['label']} = {p['text']} ({p['metric']}, {_scope_text(p['scope'])})" for p in missed],
        "wrong": [
            f"{c.get('label')!s} = {c['source'].get('text')!s} read as {c.get('metric')} {c.get('value')}"
            f" ({_scope_text(c.get('scope') or {})})"
            for c in wrong
        ],
    }


def _scope_text(scope: dict[str, Any]) -> str:
    parts = [f"{k}={v}" for k, v in scope.items() if v]
    return ", ".join(parts) or "overall"


def offending(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings an honest vendor must not get: medium or above in the judged categories."""
    return [f for f in findings if f["category"] in JUDGED and SEVERITY_RANK[f["severity"]] >= SEVERITY_RANK["medium"]]


def audit_folder(folder: Path) -> list[dict[str, Any]]:
    import auditor

    result = auditor.audit(**audit_inputs(folder))
    return offending(f.to_dict() for f in result.findings)


def recompute_differences(folder: Path) -> list[str]:
    """Overall figures the report printed (default definitions) that ``auditor.recompute`` gives otherwise.

    Tells reading the records apart from reading the report: where the records are read as the
    vendor meant them, the tool's recompute equals the generator's truth exactly.
    """
    import auditor

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    inputs = audit_inputs(folder)
    metrics = auditor.recompute(inputs["calls"], engagement=inputs["engagement"], mapping=inputs["mapping"])
    out = set()
    for printed in manifest["figures"]:
        scope = printed["scope"]
        if (
            not printed["metric"]
            or printed["definition"] != "default"
            or scope["campaign"]
            or scope["agent_id"]
            or scope["period"] != PERIOD
        ):
            continue
        found = metrics.get(printed["metric"])
        value = getattr(found, "value", None)
        if value is None or abs(float(value) - printed["value"]) > 1e-9 * max(1.0, abs(printed["value"])):
            shown = "unknown" if value is None else f"{float(value):.6g}"
            out.add(f"{printed['metric']}: records {printed['value']:.6g}, recomputed {shown}")
    return sorted(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("out", type=Path, help="folder to write the audits into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT)
    parser.add_argument("--only", nargs="*", default=(), help="audit names to write (default: all)")
    parser.add_argument(
        "--score",
        action="store_true",
        help="measure claims recall with `auditor extract --format json`",
    )
    parser.add_argument(
        "--audit",
        action="store_true",
        help="run auditor.audit on each and list medium+ findings",
    )
    parser.add_argument(
        "--recompute", action="store_true", help="compare the overall figures with auditor.recompute of the records"
    )
    args = parser.parse_args(argv)
    folders = generate(args.out, args.seed, args.count, args.only)
    print(f"{len(folders)} honest audits written under {args.out}")
    if args.score:
        totals = Counter[str]()
        for name, folder in folders.items():
            s = score_claims(folder)
            totals["printed"] += s["printed"]
            totals["found"] += s["found"]
            totals["claims"] += s["claims"]
            totals["wrong"] += len(s["wrong"])
            print(
                f"{name}: {s['found']}/{s['printed']} printed figures extracted, {s['claims']} claims,"
                f" {len(s['wrong'])} match no printed figure" + (f", error {s['error']}" if s.get("error") else "")
            )
            for line in s.get("missed", [])[:6]:
                print("   missed:", line)
            for line in s["wrong"][:6]:
                print("   wrong: ", line)
        if totals["printed"]:
            print(
                f"recall {totals['found']}/{totals['printed']} = {totals['found'] / totals['printed']:.1%}; "
                f"claims matching no printed figure {totals['wrong']}/{totals['claims']}"
            )
    if args.recompute:
        agree = 0
        for name, folder in folders.items():
            differences = recompute_differences(folder)
            agree += not differences
            print(f"{name}: " + ("recompute equals the generator's figures" if not differences else "; ".join(differences)))
        print(f"{agree}/{len(folders)} audits: records read as the vendor meant them (overall figures)")
    if args.audit:
        failing = 0
        total = 0
        for name, folder in folders.items():
            bad = audit_folder(folder)
            total += len(bad)
            failing += bool(bad)
            print(f"{name}: {len(bad)} medium+ findings")
            for f in bad:
                print(f"   {f['severity']} {f['category']} {f['rule']}: {f['message'][:220]}")
        print(f"{len(folders) - failing}/{len(folders)} honest audits without a medium+ finding; {total} medium+ findings in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
