#!/usr/bin/env python
"""Seeded generator of manipulated vendor audits: one documented trick each (issue 16, the other side).

The honest corpus (``scripts/honest_audits.py``) proves auditor does not accuse honest vendors. This one
proves the fix did not blind it: each audit is an honest audit of that generator (records in one of its
exports, reports in one of its layouts and languages, offset or naive times) with exactly ONE trick a
vendor uses to look better, and the finding a careful auditor must raise because of it:

* a **report** trick leaves the records honest and prints figures computed another way: from a doctored
  copy of the records (conversions added, talk padded, dials invented, complaints dropped, calls of 10 s
  counted as effective) or under a flattering denominator without saying so;
* a **records** trick is in the call records themselves (dials at night, beyond the frequency cap, after
  an opt-out or to the client's do-not-call list, ghost calls on a busy agent, talk padded to just above
  the 30 s threshold or beyond the answered interval, dropped calls above the cap); the report prints
  what those records give.

Each audit's ``manifest.json`` carries the honest generator's manifest plus ``trick``: what was done,
what it changed (counts, claimed and true values), and ``expected``: the findings any one of which a
careful auditor must raise (category, rule, metric, minimum severity, scope, and where a printed figure
is involved, its printed and true values). The generator checks on the records that every records trick
is there and that every report trick left the records honest.

Written blind: from issue 16, METRICS.md, CONTRACT.md, the user docs, rules/README.md and the seeds'
articles, on top of the honest generator, without reading auditor's readers, rules or label lists.

    python scripts/manipulated_audits.py OUT              # write the corpus
    python scripts/manipulated_audits.py OUT --audit      # + whether each trick is caught, and how
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
import honest_audits as honest  # noqa: E402  (the honest generator: records, exports, layouts, wording)

Call = honest.Call
AuditSpec = honest.AuditSpec
R = honest.ReportPlan

DEFAULT_SEED = 1616
SEVERITY_RANK = honest.SEVERITY_RANK
QUIET_VERDICT = "No material problems found"


# --------------------------------------------------------------------------------------------------
# What a careful auditor must raise
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expect:
    """One finding that catches the trick: any of a trick's Expects is enough."""

    category: str
    min_severity: str
    metric: str | None = None  # the finding's metric (None: any, or a record-level finding)
    rules: tuple[str, ...] = ()  # rule ids that may raise it (empty: any rule of the category)
    scope: str = "overall"  # overall | campaign: the claim's scope the finding is about


@dataclass(frozen=True, slots=True)
class Trick:
    """A way a vendor inflates, and what it takes to catch it."""

    id: str
    layer: str  # report | records
    what: str  # the trick, as a reader would describe it
    must: tuple[str, ...]  # figures the report must print (the trick shows in them)
    expect: tuple[Expect, ...]
    knowledge: frozenset[str] = frozenset({honest.FULL, honest.TALK, honest.STATUS})
    needs_engagement: bool = False  # the engagement file is part of the trick (price, threshold, do-not-call list)
    subtle_severity: str | None = None  # the least a careful auditor raises for the subtle dose, when lower
    local_time: bool = False  # judged on local hours or days: at most medium while the zone is only assumed


# --------------------------------------------------------------------------------------------------
# Helpers on calls
# --------------------------------------------------------------------------------------------------


def outbound(calls: Iterable[Call]) -> list[Call]:
    return [c for c in calls if c.direction == honest.OUTBOUND]


class Agenda:
    """Every agent's busy intervals, to place fabricated calls where the agent is free (or not)."""

    def __init__(self, calls: Iterable[Call]) -> None:
        self.busy: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
        for c in calls:
            if c.agent:
                self.busy[c.agent].append((c.start, c.end))

    def free(self, agent: str | None, start: datetime, end: datetime, margin_s: int = 20) -> bool:
        if agent is None:
            return True
        pad = timedelta(seconds=margin_s)
        return all(end + pad <= s or start >= e + pad for s, e in self.busy[agent])

    def book(self, agent: str | None, start: datetime, end: datetime) -> None:
        if agent:
            self.busy[agent].append((start, end))

    def next_start(self, call: Call) -> datetime | None:
        """When the call's agent starts the next call after this one (None: no later call)."""
        if not call.agent:
            return None
        later = [s for s, _ in self.busy[call.agent] if s > call.start]
        return min(later) if later else None


class Ids:
    """Fresh sequence numbers and call ids for fabricated calls (exports derive ids from them)."""

    def __init__(self, calls: Sequence[Call]) -> None:
        self.next = max(c.seq for c in calls) + 5000

    def take(self) -> tuple[str, int]:
        self.next += 1
        return f"{self.next:06d}", self.next


def local_day(call: Call, zone: ZoneInfo) -> date:
    return call.start.astimezone(zone).date()


def fabricated(
    template: Call,
    ids: Ids,
    start: datetime,
    disposition: str,
    talk: int,
    rng: random.Random,
    **changes: Any,
) -> Call:
    """A new call like ``template`` (number, campaign, agent) at ``start`` with ``disposition``."""
    call_id, seq = ids.take()
    ring = rng.randint(4, 20) if disposition in (honest.ANSWERED, honest.VOICEMAIL, honest.ABANDONED) else rng.randint(20, 40)
    answer = start + timedelta(seconds=ring) if disposition == honest.ANSWERED else None
    end = (answer or start + timedelta(seconds=ring)) + timedelta(seconds=talk)
    values: dict[str, Any] = {
        "call_id": call_id,
        "seq": seq,
        "start": start,
        "answer": answer,
        "end": end,
        "disposition": disposition,
        "talk_s": talk,
        "talk_ms": talk * 1000 + (rng.randrange(1000) if talk else 0),
        "outcome": "none" if disposition == honest.ANSWERED else None,
        "complaint": False,
        "opt_out": False,
        "follow_up": False,
    }
    values.update(changes)
    return replace(template, **values)


def free_start(
    agenda: Agenda,
    agent: str | None,
    day: date,
    zone: ZoneInfo,
    length_s: int,
    rng: random.Random,
    window: tuple[time, time] = (time(9, 5), time(19, 30)),
) -> datetime | None:
    """A start inside ``window`` on ``day`` where ``agent`` is free for ``length_s`` (None: none found)."""
    first = datetime.combine(day, window[0], tzinfo=zone)
    span = int((datetime.combine(day, window[1], tzinfo=zone) - first).total_seconds()) - length_s
    for _ in range(400):
        start = first + timedelta(seconds=rng.randrange(max(span, 1)))
        if agenda.free(agent, start, start + timedelta(seconds=length_s)):
            return start
    return None


# --------------------------------------------------------------------------------------------------
# How much: every trick comes in a plain dose and a subtle one (just past what rounding can hide)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dose:
    """How hard a trick is pushed: a share drawn from [low, high], never fewer than ``floor`` calls."""

    low: float
    high: float
    floor: int = 1

    def share(self, rng: random.Random) -> float:
        return rng.uniform(self.low, self.high)

    def count(self, population: int, rng: random.Random) -> int:
        return min(population, max(self.floor, round(population * self.share(rng))))


# trick id -> {"plain": Dose, "subtle": Dose}; what the share means is said in each function's docstring
DOSES: dict[str, dict[str, Dose]] = {
    "conversions_inflated": {"plain": Dose(0.2, 0.6, 3), "subtle": Dose(0.08, 0.15, 2)},
    "effective_talk_padded": {"plain": Dose(0.2, 0.4), "subtle": Dose(0.06, 0.1)},
    "dials_inflated": {"plain": Dose(0.15, 0.3), "subtle": Dose(0.05, 0.08)},
    "effective_threshold_lowered": {"plain": Dose(10, 10), "subtle": Dose(20, 20)},
    "complaints_understated": {"plain": Dose(0.75, 0.75), "subtle": Dose(0.4, 0.5)},
    "valid_rate_inflated": {"plain": Dose(0.6, 0.6), "subtle": Dose(0.25, 0.25)},
    "campaign_row_inflated": {"plain": Dose(0.15, 0.25, 5), "subtle": Dose(0.05, 0.08, 3)},
    "dials_outside_window": {"plain": Dose(0.02, 0.05, 10), "subtle": Dose(0.004, 0.006, 3)},
    "dials_beyond_daily_cap": {"plain": Dose(0.07, 0.1), "subtle": Dose(0.01, 0.02)},
    "redial_after_opt_out": {"plain": Dose(1.0, 1.0, 6), "subtle": Dose(0.2, 0.3, 2)},
    "agent_ghost_calls": {"plain": Dose(0.04, 0.07, 8), "subtle": Dose(0.005, 0.01, 2)},
    "talk_bunched_at_threshold": {"plain": Dose(0.75, 0.75), "subtle": Dose(0.35, 0.35)},
    "talk_beyond_answer": {"plain": Dose(0.07, 0.1, 10), "subtle": Dose(0.008, 0.012, 3)},
    "abandoned_above_cap": {"plain": Dose(0.06, 0.09), "subtle": Dose(0.037, 0.045)},
    "do_not_call_dialled": {"plain": Dose(8, 12), "subtle": Dose(2, 2)},
    "day_row_inflated": {"plain": Dose(0.2, 0.3, 5), "subtle": Dose(0.08, 0.12, 3)},
    "headline_rate_edited": {"plain": Dose(0.06, 0.1), "subtle": Dose(0.02, 0.03)},
    "talk_rounded_to_minutes": {"plain": Dose(0.5, 0.6), "subtle": Dose(0.2, 0.25)},
    "calls_copied": {"plain": Dose(0.04, 0.06, 8), "subtle": Dose(0.01, 0.015, 3)},
    "rows_repeated": {"plain": Dose(0.04, 0.06, 10), "subtle": Dose(0.005, 0.01, 3)},
}
NO_DOSE = Dose(0, 0)


# --------------------------------------------------------------------------------------------------
# Report tricks: the records stay honest; the report is computed from a doctored copy of them
# (each function gets the outbound dials as the export shows them and returns the copy)
# --------------------------------------------------------------------------------------------------


def doctor_conversions(dials: list[Call], rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Answered effective calls that did not convert are booked as conversions (share: the inflation)."""
    real = sum(c.outcome == "converted" for c in dials)
    candidates = [i for i, c in enumerate(dials) if c.disposition == honest.ANSWERED and c.outcome in ("effective", "intent")]
    extra = min(len(candidates), max(dose.floor, round(real * dose.share(rng))))
    out = list(dials)
    for i in rng.sample(candidates, extra):
        out[i] = replace(out[i], outcome="converted", opt_out=False)
    facts.update(real_conversions=real, booked_conversions=real + extra, inflation=round((real + extra) / max(real, 1) - 1, 3))
    return out


def doctor_talk(dials: list[Call], rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Every effective conversation (talk >= 30 s) gets more talk in the report's copy (share: the padding)."""
    pad = dose.share(rng)
    out = []
    for c in dials:
        if c.disposition == honest.ANSWERED and c.talk_s >= honest.EFFECTIVE_S:
            extra = round(c.talk_s * pad)
            c = replace(c, talk_s=c.talk_s + extra, talk_ms=c.talk_ms + extra * 1000)
        out.append(c)
    facts.update(talk_padding=round(pad, 3))
    return out


def doctor_dials(dials: list[Call], rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Invented unanswered attempts, copies of real dials minutes later (share: dials added)."""
    ids = Ids(dials)
    extra = [
        fabricated(c, ids, c.start + timedelta(minutes=rng.randint(3, 40)), honest.NO_ANSWER, 0, rng)
        for c in rng.sample(dials, dose.count(len(dials), rng))
    ]
    facts.update(real_dials=len(dials), billed_dials=len(dials) + len(extra))
    return sorted(dials + extra, key=lambda c: (c.start, c.seq))


def doctor_effective_threshold(dials: list[Call], rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Answered calls of ``dose.low`` seconds or more counted as effective contacts (the contract says 30 s)."""
    cut = int(dose.low)
    out = []
    for c in dials:
        if c.disposition == honest.ANSWERED:
            outcome = c.outcome if c.outcome not in (None, "none") else "effective"
            c = replace(c, outcome=outcome if c.talk_s >= cut else "none")
        out.append(c)
    facts.update(
        counted_from_s=cut,
        answered_below_30s_counted=sum(c.disposition == honest.ANSWERED and cut <= c.talk_s < honest.EFFECTIVE_S for c in dials),
    )
    return out


def doctor_complaints(dials: list[Call], rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Complaints left out of the report (share: the part left out)."""
    flagged = [i for i, c in enumerate(dials) if c.complaint]
    dropped = set(rng.sample(flagged, max(1, round(len(flagged) * dose.share(rng)))))
    out = [replace(c, complaint=False) if i in dropped else c for i, c in enumerate(dials)]
    facts.update(complaints_in_records=len(flagged), complaints_reported=len(flagged) - len(dropped))
    return out


def doctor_invalid(dials: list[Call], rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Dials to invalid numbers booked as 'no answer', all but 5 % of the numbers: the list looks cleaned."""
    invalid = sorted({c.phone for c in dials if c.disposition == honest.INVALID})
    shown = set(rng.sample(invalid, min(len(invalid), round(0.05 * len({c.phone for c in dials})))))
    out = [
        replace(c, disposition=honest.NO_ANSWER) if c.disposition == honest.INVALID and c.phone not in shown else c for c in dials
    ]
    facts.update(invalid_numbers_in_records=len(invalid), invalid_numbers_reported=len(shown))
    return out


# Figure overrides: a rate printed under its plain label, computed over another denominator.
def over_valid_dials(values: dict[str, Fraction | None]) -> None:
    connected, valid = values["connected"], values["valid_dials"]
    values["connect_rate"] = connected / valid if connected is not None and valid else None


def over_intents(values: dict[str, Fraction | None]) -> None:
    conversions, intents = values["conversions"], values["intents"]
    values["conversion_rate"] = conversions / intents if conversions is not None and intents else None


def edit_headline(truth: honest.Truth, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> None:
    """The overall connect rate raised by ``dose`` points; every count and every row left as the records give them."""
    real = truth.overall["connect_rate"]
    assert real is not None
    printed = real + Fraction(dose.share(rng)).limit_denominator(10_000)
    truth.overall["connect_rate"] = printed
    facts.update(connect_rate_in_records=round(float(real), 4), connect_rate_printed=round(float(printed), 4))


# --------------------------------------------------------------------------------------------------
# Records tricks: what the export carries (the report prints these records' figures)
# --------------------------------------------------------------------------------------------------


def tamper_window(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Dials moved to 21:05-22:40 or 07:00-07:45 local time, same day, agents one call at a time (share: of dials)."""
    zone = ZoneInfo(spec.zone)
    dials = outbound(calls)
    chosen = {c.seq for c in rng.sample(dials, dose.count(len(dials), rng))}
    cursor: dict[tuple[str | None, date, str], datetime] = {}
    out, moved = [], 0
    for c in calls:
        if c.seq not in chosen:
            out.append(c)
            continue
        day = local_day(c, zone)
        slot = rng.choice(("evening", "morning"))
        first, last = (time(21, 5), time(22, 40)) if slot == "evening" else (time(7, 0), time(7, 45))
        key = (c.agent, day, slot)
        begin = cursor.get(key, datetime.combine(day, first, tzinfo=zone) + timedelta(seconds=rng.randint(0, 1200)))
        if begin.time() >= last:
            out.append(c)
            continue
        shift = begin - c.start
        moved_call = replace(c, start=c.start + shift, answer=c.answer + shift if c.answer else None, end=c.end + shift)
        cursor[key] = moved_call.end + timedelta(seconds=rng.randint(20, 90))
        out.append(moved_call)
        moved += 1
    facts.update(dials_moved_outside_window=moved, outbound_dials=len(dials))
    return sorted(out, key=lambda c: (c.start, c.seq))


def tamper_caps(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Numbers hammered: 3-4 extra dials in one day to numbers dialled once that day, until the dials beyond
    the 3-a-day cap reach the share of valid dials (plain: 7-10 %, so the compliant-call rate falls below 95 %)."""
    zone = ZoneInfo(spec.zone)
    dials = outbound(calls)
    agenda, ids = Agenda(calls), Ids(calls)
    per_day: Counter[tuple[str, date]] = Counter((c.phone, local_day(c, zone)) for c in dials)
    target = dose.share(rng)
    added: list[Call] = []
    pool = [c for c in dials if c.disposition not in (honest.INVALID, honest.FAILED)]
    rng.shuffle(pool)
    valid = len(pool)

    def beyond() -> int:
        return sum(n - honest.PER_DAY_CAP for n in per_day.values() if n > honest.PER_DAY_CAP)

    for c in pool:
        if beyond() >= max(1, target * (valid + len(added))):
            break
        day = local_day(c, zone)
        if per_day[c.phone, day] != 1:
            continue
        for _ in range(rng.choice((3, 4))):
            start = free_start(agenda, c.agent, day, zone, 60, rng)
            if start is None:
                break
            call = fabricated(c, ids, start, rng.choice((honest.NO_ANSWER, honest.NO_ANSWER, honest.BUSY)), 0, rng)
            agenda.book(call.agent, call.start, call.end)
            added.append(call)
            per_day[c.phone, day] += 1
    facts.update(dials_added=len(added), dials_beyond_daily_cap=beyond())
    return sorted(calls + added, key=lambda c: (c.start, c.seq))


def tamper_opt_out(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Numbers that opted out dialled again on a later day, 1-2 redials each (share: of the opted-out numbers)."""
    zone = ZoneInfo(spec.zone)
    dials = outbound(calls)
    agenda, ids = Agenda(calls), Ids(calls)
    days = sorted({local_day(c, zone) for c in dials})
    opted = [c for c in dials if c.opt_out and local_day(c, zone) < days[-1]]
    if len(opted) < dose.floor:  # a few more people ask not to be called (flag set on short answered calls)
        more = [
            c
            for c in dials
            if c.disposition == honest.ANSWERED and c.outcome == "none" and not c.opt_out and local_day(c, zone) < days[-1]
        ]
        marked = {c.seq for c in rng.sample(more, min(len(more), dose.floor - len(opted)))}
        calls = [replace(c, opt_out=True, complaint=False, follow_up=False) if c.seq in marked else c for c in calls]
        dials = outbound(calls)
        opted = [c for c in dials if c.opt_out and local_day(c, zone) < days[-1]]
    added: list[Call] = []
    for c in rng.sample(opted, dose.count(len(opted), rng)):
        later = [d for d in days if d > local_day(c, zone)]
        for day in sorted(rng.sample(later, min(len(later), rng.choice((1, 2))))):
            answered = rng.random() < 0.4
            talk = rng.randint(6, 25) if answered else 0
            start = free_start(agenda, c.agent, day, zone, 60 + talk, rng)
            if start is None:
                continue
            call = fabricated(c, ids, start, honest.ANSWERED if answered else honest.NO_ANSWER, talk, rng)
            agenda.book(call.agent, call.start, call.end)
            added.append(call)
    facts.update(opted_out_numbers=len({c.phone for c in opted}), redials_after_opt_out=len(added))
    return sorted(calls + added, key=lambda c: (c.start, c.seq))


def tamper_overlap(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Ghost conversations: answered effective calls booked to agents while they are on a call (share: of their calls)."""
    ids = Ids(calls)
    held = [c for c in outbound(calls) if c.agent and c.disposition == honest.ANSWERED and c.talk_s >= 40 and c.answer]
    ghosts = []
    for c in rng.sample(held, dose.count(len(held), rng)):
        assert c.answer is not None
        start = c.answer + timedelta(seconds=rng.randint(5, c.talk_s // 2))
        talk = int(rng.uniform(35, 150))
        number = honest.phone_number(spec.country, rng)
        outcome = rng.choice(("effective", "effective", "intent"))
        ghosts.append(fabricated(c, ids, start, honest.ANSWERED, talk, rng, phone=number, outcome=outcome))
    facts.update(ghost_calls=len(ghosts))
    return sorted(calls + ghosts, key=lambda c: (c.start, c.seq))


def tamper_bunching(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Answered calls of 12-29 s kept alive to 30-34 s and booked effective (share: the chance each one is)."""
    agenda = Agenda(calls)
    chance = dose.share(rng)
    out, padded = [], 0
    for c in calls:
        if c.direction == honest.OUTBOUND and c.disposition == honest.ANSWERED and 12 <= c.talk_s < 30 and rng.random() < chance:
            talk = min(34, 30 + int(rng.expovariate(1 / 1.6)))
            assert c.answer is not None
            end = c.answer + timedelta(seconds=talk)
            following = agenda.next_start(c)
            if following is None or end + timedelta(seconds=2) < following:
                outcome = "effective" if c.outcome == "none" and not c.opt_out else c.outcome
                c = replace(c, talk_s=talk, talk_ms=talk * 1000 + c.talk_ms % 1000, end=end, outcome=outcome)
                padded += 1
        out.append(c)
    answered = [c.talk_s for c in outbound(out) if c.disposition == honest.ANSWERED]
    facts.update(
        calls_padded_to_threshold=padded,
        answered_25_30s=sum(25 <= t < 30 for t in answered),
        answered_30_35s=sum(30 <= t < 35 for t in answered),
    )
    return out


def tamper_talk_beyond_answer(
    calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]
) -> list[Call]:
    """Answered calls that carry more talk than answer-to-hang-up, even than the whole call (share: of answered)."""
    answered = [c for c in outbound(calls) if c.disposition == honest.ANSWERED]
    chosen = {c.seq for c in rng.sample(answered, dose.count(len(answered), rng))}
    out = []
    for c in calls:
        if c.seq in chosen:
            extra = c.ring_s + rng.randint(20, 75)
            c = replace(c, talk_s=c.talk_s + extra, talk_ms=c.talk_ms + extra * 1000)
        out.append(c)
    facts.update(calls_with_talk_beyond_answer=len(chosen))
    return out


def tamper_abandoned(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """The predictive dialler drops answered calls (share: abandoned / (abandoned + connected); the cap is 3 %)."""
    dials = outbound(calls)
    already = sum(c.disposition == honest.ABANDONED for c in dials)
    answered = [c for c in dials if c.disposition == honest.ANSWERED and c.outcome in ("none", "effective", None)]
    total = already + sum(c.disposition == honest.ANSWERED for c in dials)
    chosen = {c.seq for c in rng.sample(answered, max(0, round(total * dose.share(rng)) - already))}
    out = []
    for c in calls:
        if c.seq in chosen:
            assert c.answer is not None
            c = replace(
                c,
                disposition=honest.ABANDONED,
                agent=None,
                talk_s=0,
                talk_ms=0,
                outcome=None,
                complaint=False,
                opt_out=False,
                follow_up=False,
                end=c.answer + timedelta(seconds=rng.randint(2, 6)),
            )
        out.append(c)
    dials = outbound(out)
    facts.update(
        abandoned=sum(c.disposition == honest.ABANDONED for c in dials),
        connected=sum(c.disposition == honest.ANSWERED for c in dials),
    )
    return out


def tamper_complaints(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Complaints the records carry: 2.5-4 % of effective contacts (the report leaves some out)."""
    effective = [
        c for c in outbound(calls) if c.disposition == honest.ANSWERED and c.outcome in ("effective", "intent", "converted")
    ]
    want = max(8, round(len(effective) * rng.uniform(0.025, 0.04)))
    have = {c.seq for c in effective if c.complaint}
    chosen = have | {c.seq for c in rng.sample([c for c in effective if c.seq not in have], max(0, want - len(have)))}
    return [replace(c, complaint=True) if c.seq in chosen else c for c in calls]


def tamper_invalid(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """A list nobody cleaned: numbers never answered become invalid (share: of those numbers); the report hides them."""
    dials = outbound(calls)
    answered = {c.phone for c in dials if c.disposition in (honest.ANSWERED, honest.ABANDONED, honest.VOICEMAIL)}
    silent = sorted({c.phone for c in dials} - answered)
    dead = set(rng.sample(silent, dose.count(len(silent), rng)))
    out = []
    for c in calls:
        if c.direction == honest.OUTBOUND and c.phone in dead and c.disposition != honest.INVALID:
            end = c.start + timedelta(seconds=rng.randint(1, 4))
            c = replace(c, disposition=honest.INVALID, answer=None, end=end, talk_s=0, talk_ms=0, outcome=None)
        out.append(c)
    facts.update(numbers_made_invalid=len(dead), numbers_dialled=len({c.phone for c in dials}))
    return out


def tamper_minutes(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Talk of answered calls of 45 s or more rewritten to the nearest whole minute (share: the chance each one is)."""
    agenda = Agenda(calls)
    chance = dose.share(rng)
    out, rounded = [], 0
    for c in calls:
        if c.direction == honest.OUTBOUND and c.disposition == honest.ANSWERED and c.talk_s >= 45 and rng.random() < chance:
            talk = max(60, 60 * round(c.talk_s / 60))
            assert c.answer is not None
            end = c.answer + timedelta(seconds=talk)
            following = agenda.next_start(c)
            if talk != c.talk_s and (following is None or end + timedelta(seconds=2) < following):
                c = replace(c, talk_s=talk, talk_ms=talk * 1000, end=end)
                rounded += 1
        out.append(c)
    facts.update(talk_rounded_to_minutes=rounded)
    return out


def tamper_copies(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Answered calls copied under new call ids (same number, agent and times): the export is padded (share: of answered)."""
    ids = Ids(calls)
    answered = [c for c in outbound(calls) if c.disposition == honest.ANSWERED and c.agent]
    copies = []
    for c in rng.sample(answered, dose.count(len(answered), rng)):
        call_id, seq = ids.take()
        copies.append(replace(c, call_id=call_id, seq=seq))
    facts.update(calls_copied=len(copies))
    return sorted(calls + copies, key=lambda c: (c.start, c.seq))


def tamper_repeats(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Rows repeated as they are, call id included (share: of the dials); the report counts every row."""
    dials = outbound(calls)
    repeats = rng.sample(dials, dose.count(len(dials), rng))
    facts.update(rows_repeated=len(repeats))
    return sorted(calls + repeats, key=lambda c: (c.start, c.seq))


def tamper_dnc(calls: list[Call], spec: AuditSpec, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> list[Call]:
    """Nothing moves: the client's do-not-call list (engagement) holds numbers the vendor dialled anyway."""
    return calls


# --------------------------------------------------------------------------------------------------
# The tricks
# --------------------------------------------------------------------------------------------------

DISCREPANCY = ("claim-mismatch",)
DEFINITION = ("claim-definition-mismatch",)
CALLING_RULES = ("dials-break-calling-rules", "compliant-call-rate-below-floor")
BUNCHING = ("talk-bunched-above-threshold", "talk-density-jumps-at-threshold")

TRICKS: dict[str, Trick] = {
    t.id: t
    for t in (
        Trick(
            "connect_rate_over_valid",
            "report",
            "connect rate printed over valid dials (invalid and failed numbers left out of the denominator), "
            "under a plain 'connect rate' label; the contract binds connected / total dials",
            ("connect_rate", "total_dials", "connected"),
            (
                Expect("definition", "medium", "connect_rate", DEFINITION),
                Expect("discrepancy", "high", "connect_rate", DISCREPANCY),
            ),
        ),
        Trick(
            "conversion_over_intents",
            "report",
            "conversion rate printed over intents (deal conversion) under a plain 'conversion rate' label; "
            "the contract binds conversions / effective contacts",
            ("conversion_rate",),
            (
                Expect("definition", "medium", "conversion_rate", DEFINITION),
                Expect("discrepancy", "high", "conversion_rate", DISCREPANCY),
            ),
            knowledge=frozenset({honest.FULL}),
        ),
        Trick(
            "conversions_inflated",
            "report",
            "20-60 % more conversions printed than the records hold (answered calls booked as sales), "
            "consistently in every scope the report prints",
            ("conversions",),
            (
                Expect("discrepancy", "high", "conversions", DISCREPANCY),
                Expect("discrepancy", "high", "conversion_rate", DISCREPANCY),
            ),
            knowledge=frozenset({honest.FULL, honest.STATUS}),
        ),
        Trick(
            "effective_talk_padded",
            "report",
            "average effective talk time printed 20-40 % above the records (every effective call's talk padded)",
            ("avg_effective_talk_s",),
            (Expect("discrepancy", "high", "avg_effective_talk_s", DISCREPANCY),),
            knowledge=frozenset({honest.FULL, honest.TALK}),
        ),
        Trick(
            "dials_inflated",
            "report",
            "15-30 % more dials printed than the records hold (invented unanswered attempts; billed per dial)",
            ("total_dials",),
            (Expect("discrepancy", "medium", "total_dials", DISCREPANCY),),
            needs_engagement=True,
        ),
        Trick(
            "effective_threshold_lowered",
            "report",
            "effective contacts counted from 10 s of talk (subtle: 20 s) instead of the contract's 30 s",
            ("effective_contacts", "effective_connect_rate"),
            (
                Expect("discrepancy", "high", "effective_contacts", DISCREPANCY),
                Expect("definition", "medium", "effective_contacts", DEFINITION),
                Expect("discrepancy", "high", "effective_connect_rate", DISCREPANCY),
            ),
            knowledge=frozenset({honest.FULL, honest.TALK}),
            needs_engagement=True,
        ),
        Trick(
            "campaign_row_inflated",
            "report",
            "one campaign's connected calls printed 15-25 % above the records in the per-campaign table; "
            "the total is left as it was, so the rows add up to more than the total",
            ("connected",),
            (
                Expect("consistency", "high", "connected", ("report-total-not-sum-of-rows",)),
                Expect("discrepancy", "high", "connected", DISCREPANCY, scope="campaign"),
            ),
        ),
        Trick(
            "day_row_inflated",
            "report",
            "one day's connected calls printed 20-30 % (subtle: 8-12 %) above the records in the per-day table; "
            "the month's total is left as it was, so the days add up to more than the month",
            ("connected",),
            (Expect("consistency", "high", "connected", ("report-total-not-sum-of-rows",)),),
        ),
        Trick(
            "headline_rate_edited",
            "report",
            "the headline connect rate raised by 6-10 points (subtle: 2-3) without touching the counts printed next to "
            "it; campaign and day rows left honest",
            ("connect_rate", "total_dials", "connected"),
            (
                Expect(
                    "consistency", "high", "connect_rate", ("report-rate-not-from-its-counts", "report-total-not-sum-of-rows")
                ),
                Expect("discrepancy", "high", "connect_rate", DISCREPANCY),
            ),
        ),
        Trick(
            "complaints_understated",
            "report",
            "three complaints in four left out of the report: complaints and the complaint rate understated",
            ("complaints", "complaint_rate"),
            (
                Expect("discrepancy", "high", "complaint_rate", DISCREPANCY),
                Expect("discrepancy", "high", "complaints", DISCREPANCY),
            ),
            knowledge=frozenset({honest.FULL}),
        ),
        Trick(
            "valid_rate_inflated",
            "report",
            "a list nobody cleaned (a fifth of the numbers invalid in the records) reported as clean: dials to "
            "invalid numbers booked as 'no answer', so the valid-number rate looks high",
            ("valid_number_rate", "invalid_number_rate"),
            (
                Expect("discrepancy", "high", "valid_number_rate", DISCREPANCY),
                Expect("discrepancy", "high", "invalid_number_rate", DISCREPANCY),
            ),
            knowledge=frozenset({honest.FULL}),
        ),
        Trick(
            "talk_bunched_at_threshold",
            "records",
            "answered calls of 12-29 s kept alive to 30-34 s so that they count as effective contacts",
            ("effective_contacts",),
            (Expect("plausibility", "high", None, BUNCHING),),
            knowledge=frozenset({honest.FULL, honest.TALK}),
        ),
        Trick(
            "dials_outside_window",
            "records",
            "2-5 % of the dials placed at 21:05-22:40 or 07:00-07:45 in the called party's local time "
            "(the engagement, the mapping or the times' offset gives the zone); the window is 08:00-21:00",
            (),
            (Expect("compliance", "high", None, CALLING_RULES),),
            local_time=True,
        ),
        Trick(
            "dials_beyond_daily_cap",
            "records",
            "numbers dialled 4-5 times in one day until 7-10 % (subtle: 1-2 %) of the valid dials are beyond "
            "the 3-a-day cap; the plain dose takes the compliant-call rate below 95 %",
            (),
            (Expect("compliance", "high", None, CALLING_RULES),),
            local_time=True,
            subtle_severity="medium",
        ),
        Trick(
            "redial_after_opt_out",
            "records",
            "numbers that opted out dialled again on later days",
            (),
            (Expect("compliance", "high", None, CALLING_RULES),),
            knowledge=frozenset({honest.FULL, honest.STATUS}),
        ),
        Trick(
            "do_not_call_dialled",
            "records",
            "numbers on the client's do-not-call list (engagement `do_not_call`) dialled",
            (),
            (Expect("compliance", "high", None, CALLING_RULES),),
            needs_engagement=True,
        ),
        Trick(
            "agent_ghost_calls",
            "records",
            "ghost conversations: answered effective calls booked to agents while they were on another call",
            (),
            (Expect("plausibility", "high", None, ("agent-on-two-calls-at-once",)),),
        ),
        Trick(
            "talk_beyond_answer",
            "records",
            "talk seconds padded beyond the answered interval (talk longer than answer-to-hang-up, even the whole call)",
            ("avg_effective_talk_s",),
            (Expect("plausibility", "high", None, ("talk-longer-than-answered",)),),
            knowledge=frozenset({honest.FULL, honest.TALK}),
        ),
        Trick(
            "talk_rounded_to_minutes",
            "records",
            "talk times of half (subtle: a fifth) of the answered calls of 45 s or more rewritten to whole minutes",
            (),
            (Expect("plausibility", "medium", None, ("talk-heaped-on-whole-minutes",)),),
            knowledge=frozenset({honest.FULL, honest.TALK}),
        ),
        Trick(
            "calls_copied",
            "records",
            "4-6 % (subtle: 1-1.5 %) of the answered calls copied under new call ids: same number, agent and times",
            (),
            (
                Expect("plausibility", "high", None, ("agent-on-two-calls-at-once",)),
                Expect("data_quality", "medium", None, ("records-data-quality",)),
            ),
        ),
        Trick(
            "rows_repeated",
            "records",
            "4-6 % (subtle: 0.5-1 %) of the rows repeated as they are, call id included; the report counts every row",
            ("total_dials",),
            (
                Expect("data_quality", "medium", None, ("records-data-quality",)),
                Expect("discrepancy", "medium", "total_dials", DISCREPANCY),
            ),
        ),
        Trick(
            "abandoned_above_cap",
            "records",
            "the predictive dialler drops 6-9 % of answered calls (abandoned / (abandoned + connected); the cap is 3 %)",
            (),
            (Expect("compliance", "high", None, ("abandoned-rate-above-cap",)),),
        ),
    )
}

RECORDS: dict[str, Callable[[list[Call], AuditSpec, random.Random, Dose, dict[str, Any]], list[Call]]] = {
    "talk_bunched_at_threshold": tamper_bunching,
    "dials_outside_window": tamper_window,
    "dials_beyond_daily_cap": tamper_caps,
    "redial_after_opt_out": tamper_opt_out,
    "do_not_call_dialled": tamper_dnc,
    "talk_rounded_to_minutes": tamper_minutes,
    "calls_copied": tamper_copies,
    "rows_repeated": tamper_repeats,
    "agent_ghost_calls": tamper_overlap,
    "talk_beyond_answer": tamper_talk_beyond_answer,
    "abandoned_above_cap": tamper_abandoned,
    "complaints_understated": tamper_complaints,  # the records carry the complaints the report drops
    "valid_rate_inflated": tamper_invalid,  # the records carry the invalid numbers the report hides
}
DOCTORS: dict[str, Callable[[list[Call], random.Random, Dose, dict[str, Any]], list[Call]]] = {
    "conversions_inflated": doctor_conversions,
    "effective_talk_padded": doctor_talk,
    "dials_inflated": doctor_dials,
    "effective_threshold_lowered": doctor_effective_threshold,
    "complaints_understated": doctor_complaints,
    "valid_rate_inflated": doctor_invalid,
}
OVERRIDES: dict[str, tuple[Callable[[dict[str, Fraction | None]], None], str]] = {
    "connect_rate_over_valid": (over_valid_dials, "connected/valid_dials"),
    "conversion_over_intents": (over_intents, "conversions/intents"),
}
OVERRIDES_METRIC = {"connect_rate_over_valid": "connect_rate", "conversion_over_intents": "conversion_rate"}


# --------------------------------------------------------------------------------------------------
# The corpus: an honest base (export, times, layout, language) and one trick each
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Manipulated:
    name: str
    base: str  # name of an audit of the honest corpus (honest_audits.BASE) whose make-up it takes
    trick: str
    changes: dict[str, Any] = field(default_factory=dict)  # AuditSpec fields changed from the base
    dose: str = "plain"  # plain | subtle (DOSES)
    records: bool = True  # False: the report is audited alone (no call records given)


M = Manipulated
CORPUS: list[Manipulated] = [
    # report tricks
    M(
        "zh_connect_over_valid_offset",
        "zh_csv_offset_campaigns",
        "connect_rate_over_valid",
        {"campaigns": ("信用卡分期", "有效客户激活")},
    ),
    M("ru_connect_over_valid_parquet_xls", "ru_parquet_aware_agents_xls", "connect_rate_over_valid"),
    M("en_connect_over_valid_asterisk", "en_asterisk_naive_campaign_rows", "connect_rate_over_valid", {"engagement": True}),
    M("en_conversion_over_intents_pdf", "en_csv_london_two_reports", "conversion_over_intents"),
    M("es_conversion_over_intents_pdf_unruled", "es_xlsx_records_naive_pdf_unruled", "conversion_over_intents"),
    M(
        "en_conversions_inflated_vicidial_pdf",
        "en_vicidial_engagement_pdf_wrapped",
        "conversions_inflated",
        {"reports": (R("pdf", ("summary", "campaign_columns"), wrap_headers=True),)},
    ),
    M(
        "zh_conversions_inflated_parquet",
        "zh_parquet_aware_campaign_rows",
        "conversions_inflated",
        {"campaigns": ("信用卡分期", "理财产品推广"), "reports": (R("xlsx", ("summary", "campaign_rows"), values="native"),)},
    ),
    M(
        "ru_conversions_inflated_offset",
        "ru_csv_offset_campaigns",
        "conversions_inflated",
        {"campaigns": ("Продажи Б", "Удержание клиентов")},
    ),
    M("pt_conversions_inflated_mapped_pdf", "pt_mapped_saopaulo_pdf", "conversions_inflated"),
    M(
        "zh_talk_padded_asterisk_pdf",
        "zh_asterisk_engagement_pdf_unruled",
        "effective_talk_padded",
        {"inbound": 0, "internal": 0, "reports": (R("pdf", ("summary",)),)},
    ),
    M(
        "en_talk_padded_freeswitch_xls",
        "en_freeswitch_naive_xls",
        "effective_talk_padded",
        {"reports": (R("xls", ("summary", "campaign_columns")),)},
    ),
    M("ru_talk_padded_mapped_units", "ru_mapped_moscow_cp1251_units", "effective_talk_padded"),
    M("en_dials_inflated_twilio_pdf", "en_twilio_utc_engagement_pdf", "dials_inflated", {"inbound": 0}),
    M("zh_dials_inflated_daily_files", "zh_csv_daily_files_grouped_units", "dials_inflated"),
    M(
        "en_effective_10s_csv_offset",
        "en_csv_minus5_campaigns_days",
        "effective_threshold_lowered",
        {"campaigns": ("Retention Calls", "Spring Offer")},
    ),
    M(
        "ru_effective_10s_freeswitch",
        "ru_freeswitch_header_directions",
        "effective_threshold_lowered",
        {"inbound": 0, "internal": 0},
    ),
    M(
        "en_campaign_row_inflated_grouped",
        "en_csv_ratios_grouped_range",
        "campaign_row_inflated",
        {"campaigns": ("Spring Offer", "Retention Calls", "Card Upgrade")},
    ),
    M(
        "zh_campaign_row_inflated_xls",
        "zh_csv_naive_prose_pdf",
        "campaign_row_inflated",
        {"times": "naive", "reports": (R("xls", ("summary", "campaign_columns")),)},
    ),
    M(
        "zh_complaints_understated_xls",
        "zh_xlsx_records_inbound_xls_agents",
        "complaints_understated",
        {"inbound": 0, "internal": 0},
    ),
    M(
        "en_complaints_understated_offset",
        "en_csv_minus5_campaigns_days",
        "complaints_understated",
        {"campaigns": ("Retention Calls", "Spring Offer"), "reports": (R("xlsx", ("summary", "campaign_columns")),)},
    ),
    # records tricks
    M("zh_bunching_predictive_pdf", "zh_csv_engagement_predictive_pdf", "talk_bunched_at_threshold", {"n_leads": 1300}),
    M("en_bunching_asterisk", "en_asterisk_naive_campaign_rows", "talk_bunched_at_threshold", {"n_leads": 1300}),
    M("ru_bunching_parquet", "ru_parquet_aware_agents_xls", "talk_bunched_at_threshold", {"n_leads": 1300}),
    M(
        "en_window_offset_engagement",
        "en_csv_minus5_campaigns_days",
        "dials_outside_window",
        {"campaigns": ("Retention Calls", "Spring Offer"), "reports": (R("xlsx", ("summary", "campaign_columns")),)},
    ),
    M("zh_window_naive_engagement_xlsx", "zh_xlsx_records_inbound_xls_agents", "dials_outside_window"),
    M("pt_window_freeswitch_inbound", "pt_freeswitch_header_xls_daily", "dials_outside_window"),
    M("es_window_vicidial", "es_vicidial_engagement_rows", "dials_outside_window"),
    M("en_window_twilio_inbound", "en_twilio_utc_engagement_pdf", "dials_outside_window"),
    M("en_window_twilio_outbound_only", "en_twilio_utc_engagement_pdf", "dials_outside_window", {"inbound": 0}, dose="subtle"),
    M(
        "zh_window_offset_no_engagement",
        "zh_csv_offset_campaigns",
        "dials_outside_window",
        {"campaigns": ("信用卡分期", "有效客户激活"), "engagement": False},
    ),
    M("ru_window_mapping_zone", "ru_mapped_moscow_cp1251_units", "dials_outside_window", {"engagement": False}),
    M("en_window_naive_zone_assumed", "en_csv_ratios_grouped_range", "dials_outside_window", {"engagement": False}),
    M("ru_caps_parquet_engagement", "ru_parquet_aware_agents_xls", "dials_beyond_daily_cap"),
    M("en_caps_mapped_london", "en_mapped_london_targets", "dials_beyond_daily_cap"),
    M("es_caps_naive_zone_assumed", "es_xlsx_records_naive_pdf_unruled", "dials_beyond_daily_cap", {"engagement": False}),
    M("en_opt_out_vicidial", "en_vicidial_engagement_pdf_wrapped", "redial_after_opt_out"),
    M("zh_opt_out_offset", "zh_csv_offset_campaigns", "redial_after_opt_out", {"campaigns": ("信用卡分期", "有效客户激活")}),
    M("es_opt_out_csv_offset", "es_csv_bogota_minus5", "redial_after_opt_out"),
    M("en_dnc_csv_naive", "en_csv_ratios_grouped_range", "do_not_call_dialled"),
    M("zh_dnc_parquet", "zh_parquet_aware_campaign_rows", "do_not_call_dialled", {"campaigns": ("信用卡分期",)}),
    M("en_ghosts_xlsx_records", "en_xlsx_records_summary_columns", "agent_ghost_calls"),
    M("zh_ghosts_csv_offset", "zh_csv_offset_directions_daily", "agent_ghost_calls", {"inbound": 0, "internal": 0}),
    M("en_ghosts_five9", "en_five9_engagement_predictive", "agent_ghost_calls", {"inbound": 0}),
    M("en_ghosts_freeswitch_naive", "en_freeswitch_naive_xls", "agent_ghost_calls", {"engagement": True}),
    M("en_talk_beyond_answer_asterisk", "en_asterisk_naive_campaign_rows", "talk_beyond_answer"),
    M("zh_talk_beyond_answer_csv", "zh_csv_naive_prose_pdf", "talk_beyond_answer"),
    M("zh_day_row_inflated_pdf", "zh_csv_engagement_predictive_pdf", "day_row_inflated"),
    M("en_day_row_inflated_two_reports", "en_csv_london_two_reports", "day_row_inflated"),
    M("ru_day_row_inflated_freeswitch", "ru_freeswitch_header_directions", "day_row_inflated", {"inbound": 0, "internal": 0}),
    M("en_headline_rate_vicidial_pdf", "en_vicidial_engagement_pdf_wrapped", "headline_rate_edited"),
    M(
        "ru_headline_rate_offset",
        "ru_csv_offset_campaigns",
        "headline_rate_edited",
        {"campaigns": ("Продажи Б", "Удержание клиентов")},
    ),
    M(
        "zh_headline_rate_report_only",
        "zh_csv_offset_campaigns",
        "headline_rate_edited",
        {"campaigns": ("信用卡分期", "有效客户激活")},
        records=False,
    ),
    M(
        "en_headline_rate_subtle_report_only",
        "en_csv_minus5_campaigns_days",
        "headline_rate_edited",
        {"campaigns": ("Spring Offer", "Retention Calls"), "reports": (R("xlsx", ("summary", "campaign_columns")),)},
        dose="subtle",
        records=False,
    ),
    M("en_minutes_mapped_london", "en_mapped_london_targets", "talk_rounded_to_minutes", {"n_leads": 1300}),
    M(
        "zh_minutes_parquet",
        "zh_parquet_aware_campaign_rows",
        "talk_rounded_to_minutes",
        {"n_leads": 1300, "campaigns": ("信用卡分期",)},
    ),
    M("en_copies_csv_naive", "en_csv_london_two_reports", "calls_copied"),
    M("es_copies_five9", "es_five9_naive_pdf", "calls_copied"),
    M("zh_repeats_csv_offset", "zh_csv_offset_directions_daily", "rows_repeated", {"inbound": 0, "internal": 0}),
    M("en_repeats_xlsx_records", "en_xlsx_records_summary_columns", "rows_repeated", dose="subtle"),
    M("es_abandoned_vicidial", "es_vicidial_engagement_rows", "abandoned_above_cap"),
    M("zh_abandoned_predictive_csv", "zh_csv_engagement_predictive_pdf", "abandoned_above_cap"),
    M("en_valid_rate_csv_offset", "en_csv_minus5_campaigns_days", "valid_rate_inflated", {"campaigns": ("Spring Offer",)}),
    M("zh_valid_rate_xlsx_records", "zh_xlsx_records_inbound_xls_agents", "valid_rate_inflated", {"inbound": 0, "internal": 0}),
    # subtle doses: just past what rounding or a sloppy export could explain
    M("en_conversions_subtle_csv", "en_csv_london_two_reports", "conversions_inflated", dose="subtle"),
    M(
        "zh_talk_padded_subtle_csv",
        "zh_csv_naive_prose_pdf",
        "effective_talk_padded",
        {"reports": (R("xlsx", ("summary", "campaign_columns")),)},
        dose="subtle",
    ),
    M("ru_dials_subtle_parquet", "ru_parquet_aware_agents_xls", "dials_inflated", dose="subtle"),
    M("en_effective_20s_asterisk", "en_asterisk_naive_campaign_rows", "effective_threshold_lowered", dose="subtle"),
    M(
        "zh_complaints_subtle_csv",
        "zh_csv_offset_campaigns",
        "complaints_understated",
        {"campaigns": ("信用卡分期", "有效客户激活")},
        dose="subtle",
    ),
    M(
        "en_campaign_row_subtle_xlsx",
        "en_five9_engagement_predictive",
        "campaign_row_inflated",
        {"inbound": 0, "campaigns": ("Spring Offer", "Retention Calls")},
        dose="subtle",
    ),
    M("en_window_subtle_vicidial", "en_vicidial_engagement_pdf_wrapped", "dials_outside_window", dose="subtle"),
    M(
        "zh_caps_subtle_offset",
        "zh_csv_offset_directions_daily",
        "dials_beyond_daily_cap",
        {"inbound": 0, "internal": 0},
        dose="subtle",
    ),
    M("zh_opt_out_subtle_xlsx", "zh_xlsx_records_inbound_xls_agents", "redial_after_opt_out", dose="subtle"),
    M("ru_ghosts_subtle_parquet", "ru_parquet_aware_agents_xls", "agent_ghost_calls", dose="subtle"),
    M("en_bunching_subtle_csv", "en_csv_ratios_grouped_range", "talk_bunched_at_threshold", {"n_leads": 1300}, dose="subtle"),
    M(
        "ru_talk_beyond_answer_subtle",
        "ru_asterisk_engagement_pdf",
        "talk_beyond_answer",
        {"inbound": 0, "internal": 0},
        dose="subtle",
    ),
    M("en_abandoned_subtle_five9", "en_five9_engagement_predictive", "abandoned_above_cap", {"inbound": 0}, dose="subtle"),
    M("es_dnc_subtle_csv", "es_csv_bogota_minus5", "do_not_call_dialled", dose="subtle"),
]


def corpus(seed: int = DEFAULT_SEED) -> list[tuple[Manipulated, AuditSpec]]:
    """Every manipulated audit with the honest AuditSpec its records and reports are made from."""
    bases = {b.name: b for b in honest.BASE}
    out = []
    for item in CORPUS:
        trick = TRICKS[item.trick]
        rng = random.Random(seed * 1_000_003 + honest._crc(item.name))
        base = replace(bases[item.base], **item.changes)
        given = "engagement" in item.changes  # an audit may leave the engagement out on purpose (zone assumed)
        engagement = base.engagement or (
            not given and (base.times in ("naive-engagement", "utc-engagement") or trick.needs_engagement or trick.local_time)
        )
        if trick.id == "abandoned_above_cap":
            base = replace(base, mode="predictive")
        spec = replace(
            base,
            name=item.name,
            seed=rng.randrange(2**31),
            start_day=date(2025, 9, rng.choice((1, 2, 8, 9))),
            n_days=rng.randint(9, 12),
            p_answer=round(rng.uniform(0.42, 0.6), 3),
            engagement=engagement,
        )
        if spec.knowledge not in trick.knowledge:
            raise ValueError(f"{item.name}: the {spec.export} export cannot show trick {trick.id}")
        out.append((item, spec))
    return out


# --------------------------------------------------------------------------------------------------
# Writing one audit
# --------------------------------------------------------------------------------------------------


class TrickReport(honest.ReportBuilder):
    """The honest report builder, made to print the figures the trick shows in."""

    must: tuple[str, ...] = ()

    def pick(self, keys: list[str], low: int, must: Sequence[str] = ()) -> list[str]:
        return super().pick(keys, low, (*must, *self.must))

    def block_summary_columns(self) -> None:  # the trick's figures first: the block prints at most 9
        keys = self.available(honest.SUMMARY_KEYS[self.spec.knowledge], self.truth.overall)
        order = [k for k in self.must if k in keys] + [k for k in keys if k not in self.must]
        saved = honest.SUMMARY_KEYS[self.spec.knowledge]
        honest.SUMMARY_KEYS[self.spec.knowledge] = order
        try:
            super().block_summary_columns()
        finally:
            honest.SUMMARY_KEYS[self.spec.knowledge] = saved


def truth_from(dials: Sequence[Call], spec: AuditSpec) -> honest.Truth:
    """Figures of every scope from outbound dials already as the export shows them (see honest.truth_of)."""
    zone = ZoneInfo(spec.zone)
    by: dict[str, dict[Any, list[Call]]] = {"campaign": defaultdict(list), "agent": defaultdict(list), "day": defaultdict(list)}
    for c in dials:
        by["campaign"][c.campaign].append(c)
        if c.agent:
            by["agent"][c.agent].append(c)
        by["day"][local_day(c, zone)].append(c)
    ms = spec.export == "mapped" and honest.MAPPED[honest.mapped_layout(spec)]["unit"] == "ms"
    flags = honest.FLAGS.get(spec.export, frozenset())  # a figure built on a flag the export lacks is unknown

    def of(calls: list[Call]) -> dict[str, Fraction | None]:
        return honest.figures(calls, zone, ms, flags)

    return honest.Truth(
        of(list(dials)),
        {k: of(v) for k, v in sorted(by["campaign"].items())},
        {k: of(v) for k, v in sorted(by["agent"].items())},
        {k: of(v) for k, v in sorted(by["day"].items())},
    )


def every_scope(truth: honest.Truth) -> Iterable[dict[str, Fraction | None]]:
    yield truth.overall
    for table in (truth.campaign, truth.agent, truth.day):
        yield from table.values()


def inflate_row(truth: honest.Truth, table: str, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> str:
    """One row's connected calls (and its connect rate) printed higher (share: by how much); the total untouched.

    ``table``: ``campaign`` (the first campaign) or ``day`` (a day in the middle of the period)."""
    rows: dict[Any, dict[str, Fraction | None]] = getattr(truth, table)
    key = sorted(rows)[0] if table == "campaign" else sorted(rows)[len(rows) // 2]
    row = rows[key]
    real = row["connected"]
    assert real is not None
    extra = max(dose.floor, round(real * Fraction(dose.share(rng)).limit_denominator(1000)))
    row["connected"] = real + extra
    if row["total_dials"]:
        row["connect_rate"] = row["connected"] / row["total_dials"]
    for over_connects in ("effective_connect_rate", "call_completion_rate", "conversions_per_connected", "att", "abandoned_rate"):
        row[over_connects] = None  # figures over connects are not printed for that row (they would move with it)
    facts.update({table: str(key), "connected_in_records": int(real), "connected_printed": int(real + extra)})
    return str(key)


def write_engagement(spec: AuditSpec, folder: Path, extra: Sequence[str]) -> str:
    lines = [
        f"name: {spec.name} (vendor audit, September 2025)",
        "scenario: marketing",
        f"timezone: {spec.zone}",
        f"period: {honest.PERIOD}",
        *extra,
    ]
    (folder / "engagement.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "engagement.yaml"


def dnc_list(calls: Sequence[Call], spec: AuditSpec, folder: Path, rng: random.Random, dose: Dose, facts: dict[str, Any]) -> str:
    """The client's do-not-call list: numbers the records dial (``dose.low``-``dose.high`` of them), and as many
    they never dial."""
    dialled = sorted({c.phone for c in outbound(calls)})
    listed = rng.sample(dialled, rng.randint(int(dose.low), int(dose.high)))
    never = [honest.phone_number(spec.country, rng) for _ in range(max(5, len(listed)))]
    rows = ["phone"] + sorted(listed + [n for n in never if n not in dialled])
    (folder / "dnc.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    facts.update(
        dnc_numbers_dialled=len(listed),
        dials_to_dnc_numbers=sum(c.phone in set(listed) for c in outbound(calls)),
    )
    return "dnc.csv"


def _engagement_extra(trick: Trick) -> list[str]:
    if trick.id == "dials_inflated":
        return ["price: {model: per_dial, rate: 0.35, currency: USD}"]
    if trick.id == "effective_threshold_lowered":
        return ["effective_threshold_s: 30"]
    if trick.id == "do_not_call_dialled":
        return ["do_not_call: dnc.csv"]
    return []


def check_trick(trick: Trick, spec: AuditSpec, calls: Sequence[Call], facts: dict[str, Any]) -> dict[str, int]:
    """The records as exported: a records trick is there; a report trick left them honest."""
    problems = honest.check_honest(calls, spec.zone)
    shows = {
        "dials_outside_window": problems.get("outside_window", 0) >= max(1, facts.get("dials_moved_outside_window", 0)),
        "dials_beyond_daily_cap": problems.get("over_daily_cap", 0) > 0,
        "redial_after_opt_out": problems.get("after_opt_out", 0) >= max(1, facts.get("redials_after_opt_out", 0)),
        "agent_ghost_calls": problems.get("agent_overlap", 0) >= 1,
        "talk_beyond_answer": problems.get("talk_not_answer_to_end", 0) >= 1,
        "abandoned_above_cap": problems.get("abandoned_over_cap", 0) > 0,
        "talk_bunched_at_threshold": facts.get("calls_padded_to_threshold", 0) >= 20,
        "talk_rounded_to_minutes": facts.get("talk_rounded_to_minutes", 0) >= 30,
        "calls_copied": problems.get("agent_overlap", 0) >= 1,
        "rows_repeated": problems.get("duplicate_call_id", 0) >= 1,
        "do_not_call_dialled": facts.get("dials_to_dnc_numbers", 0) >= 2,
    }
    if trick.id in shows:
        if not shows[trick.id]:
            raise AssertionError(f"{spec.name}: the records do not show trick {trick.id}: {problems} {facts}")
        return problems
    if trick.layer == "report" and any(problems.values()):
        raise AssertionError(f"{spec.name}: report trick {trick.id} but the records break the rules: {problems}")
    return problems


def _stream(spec: AuditSpec, purpose: str) -> random.Random:
    return random.Random(spec.seed * 1_000_003 + honest._crc("manipulated " + purpose))


def _figure_key(printed: honest.Printed) -> str | None:
    """The honest generator's figure key of a printed figure (att, conversions_per_dial, ... or the metric)."""
    for key, (metric, definition) in honest.FIGURE_METRIC.items():
        if (metric, definition) == (printed.metric, printed.definition) or (metric is None and printed.meaning == key):
            return key
    return printed.metric


def _printed_entry(printed: honest.Printed, true: dict[str, Fraction | None]) -> dict[str, Any]:
    """A printed figure the trick shows in, with what the records give for it (under its label's definition)."""
    real = true.get(_figure_key(printed) or "")
    return {
        "label": printed.label,
        "text": printed.text,
        "value": printed.value,
        "tolerance": printed.tolerance,
        "definition": printed.definition,
        "file": printed.file,
        "true": None if real is None else float(real),
    }


def zone_assumed(spec: AuditSpec) -> bool:
    """Naive call times and no engagement or mapping to place them: local hours rest on an assumption."""
    return spec.times == "naive" and not spec.engagement


def expected_findings(
    trick: Trick,
    spec: AuditSpec,
    dose: str,
    printed: Sequence[honest.Printed],
    true: honest.Truth,
    campaign: str | None,
) -> list[dict[str, Any]]:
    """Each Expect of the trick, with the printed figures it is about (when it is about figures)."""
    out = []
    for expect in trick.expect:
        assumed = trick.local_time and zone_assumed(spec)
        subtle = dose == "subtle" and trick.subtle_severity is not None
        item: dict[str, Any] = {
            "category": expect.category,
            "rules": list(expect.rules),
            "metric": expect.metric,
            "min_severity": "medium" if assumed else trick.subtle_severity if subtle else expect.min_severity,
            "scope": {"campaign": campaign if expect.scope == "campaign" else None, "agent_id": None},
        }
        if assumed:
            item["why_medium"] = "naive times and no zone given: the local-time checks rest on an assumption"
        elif subtle:
            item["why_medium"] = "the subtle dose: the catalogue rates this breach medium below the compliant-call floor"
        if expect.metric and trick.layer == "report" and expect.category in ("discrepancy", "definition"):
            want_campaign = campaign if expect.scope == "campaign" else None
            values = true.campaign[want_campaign] if want_campaign else true.overall
            shown = [
                p
                for p in printed
                if p.metric == expect.metric
                and p.scope["campaign"] == want_campaign
                and p.scope["agent_id"] is None
                and p.scope["period"] == honest.PERIOD
            ]
            if not shown:
                continue  # the report does not print that figure: this way of catching it is not open
            item["printed"] = [_printed_entry(p, values) for p in shown]
        out.append(item)
    if not out:
        raise AssertionError(f"trick {trick.id}: the report prints none of the figures that would show it")
    return out


TWIN = "__twin"


def generate_one(item: Manipulated, spec: AuditSpec, root: Path, twin: bool = False) -> dict[str, Any]:
    """Write one manipulated audit folder and return its manifest.

    ``twin``: write its honest twin instead (``<name>__twin``): the same records, engagement, layout and
    wording with the trick left out, to show that what catches the trick is the trick.
    """
    trick = TRICKS[item.trick]
    folder = root / (spec.name + (TWIN if twin else ""))
    folder.mkdir(parents=True, exist_ok=True)
    facts: dict[str, Any] = {"dose": item.dose}
    dose = DOSES.get(trick.id, {}).get(item.dose, NO_DOSE)
    calls = honest.simulate(spec)
    if item.trick in RECORDS and not twin:
        calls = RECORDS[item.trick](calls, spec, _stream(spec, "records"), dose, facts)
    files: dict[str, Any] = {"calls": None}
    if item.records:
        files = honest.EXPORTERS[spec.export](spec, calls, folder, honest._stream(spec, "export"))
    extra = _engagement_extra(trick)
    if trick.id == "do_not_call_dialled":
        dnc_list(calls, spec, folder, _stream(spec, "dnc"), Dose(0, 0) if twin else dose, facts)
    engagement = write_engagement(spec, folder, extra) if spec.engagement else None
    problems = honest.check_honest(calls, spec.zone) if twin else check_trick(trick, spec, calls, facts)

    dials = [honest.visible(c, spec.knowledge) for c in outbound(calls)]
    true = truth_from(dials, spec)
    if item.trick in DOCTORS and not twin:
        shown = truth_from(DOCTORS[item.trick](dials, _stream(spec, "doctor"), dose, facts), spec)
    else:
        shown = copy.deepcopy(true)
    definition = None
    if item.trick in OVERRIDES and not twin:
        override, definition = OVERRIDES[item.trick]
        for values in every_scope(shown):
            override(values)
    campaign = None
    if trick.id == "campaign_row_inflated" and not twin:
        campaign = inflate_row(shown, "campaign", _stream(spec, "campaign row"), dose, facts)
    if trick.id == "day_row_inflated" and not twin:
        inflate_row(shown, "day", _stream(spec, "day row"), dose, facts)
    if trick.id == "headline_rate_edited" and not twin:
        edit_headline(shown, _stream(spec, "headline"), dose, facts)

    style = honest.style_for(spec, honest._stream(spec, "style"))
    labels = {key: honest._stream(spec, "label " + key).choice(options) for key, options in honest.LABELS[spec.language].items()}
    printed: list[honest.Printed] = []
    reports = []
    for plan in spec.reports:
        builder = TrickReport(spec, plan, style, labels, shown, honest._stream(spec, "report " + plan.name))
        builder.must = trick.must
        builder.build()
        reports.append(honest.write_report(builder, folder).name)
        printed += builder.printed
    for p in printed:  # the manifest says what each figure really is
        if definition and p.metric == OVERRIDES_METRIC.get(trick.id) and p.definition == "default":
            p.definition = definition
    expected = [] if twin else expected_findings(trick, spec, item.dose, printed, true, campaign)

    outbound_calls = outbound(calls)
    manifest = {
        "name": spec.name + (TWIN if twin else ""),
        "base": item.base,
        "twin_of": spec.name if twin else None,
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
        "trick": {
            "id": "none" if twin else trick.id,
            "layer": trick.layer,
            "what": trick.what,
            "facts": facts,
            "expected": expected,
        },
        "counts": {
            "rows": len(calls),
            "outbound": len(outbound_calls),
            "inbound": sum(c.direction == honest.INBOUND for c in calls),
            "internal": sum(c.direction == honest.INTERNAL for c in calls),
            "connected": sum(c.disposition == honest.ANSWERED for c in outbound_calls),
            "abandoned": sum(c.disposition == honest.ABANDONED for c in outbound_calls),
        },
        "record_checks": problems,
        "figures": [p.to_dict() for p in printed],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def generate(root: Path, seed: int = DEFAULT_SEED, only: Sequence[str] = (), twins: Sequence[str] = ()) -> dict[str, Path]:
    """Write the corpus under ``root``: audit name -> folder; ``twins``: also the honest twins of these audits."""
    out: dict[str, Path] = {}
    for item, spec in corpus(seed):
        if only and spec.name not in only:
            continue
        generate_one(item, spec, root)
        out[spec.name] = root / spec.name
        if spec.name in twins:
            generate_one(item, spec, root, twin=True)
            out[spec.name + TWIN] = root / (spec.name + TWIN)
    return out


def audit_inputs(folder: Path) -> dict[str, Any]:
    """Keyword arguments of ``auditor.audit`` for one audit folder (``calls`` None: the report is audited alone)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {
        "calls": folder / manifest["calls"] if manifest["calls"] else None,
        "reports": [folder / r for r in manifest["reports"]],
        "engagement": folder / manifest["engagement"] if manifest["engagement"] else None,
        "mapping": folder / manifest["mapping"] if manifest["mapping"] else None,
    }


# --------------------------------------------------------------------------------------------------
# Judging: is the trick caught?
# --------------------------------------------------------------------------------------------------


def _catches(finding: dict[str, Any], expected: dict[str, Any]) -> bool:
    if finding["category"] != expected["category"]:
        return False
    if expected["rules"] and finding["rule"] not in expected["rules"]:
        return False
    if SEVERITY_RANK[finding["severity"]] < SEVERITY_RANK[expected["min_severity"]]:
        return False
    if expected["metric"] and finding.get("metric") != expected["metric"]:
        return False
    scope = finding.get("scope") or {}
    if expected["metric"] and (scope.get("campaign") or None) != expected["scope"]["campaign"]:
        return False
    if "printed" in expected and finding.get("claimed") is not None:
        claimed = float(finding["claimed"])
        return any(abs(claimed - p["value"]) <= p["tolerance"] + 1e-9 for p in expected["printed"])
    return True


def catching(findings: Iterable[dict[str, Any]], manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings that catch the audit's trick (any expected one, at or above its severity)."""
    expected = manifest["trick"]["expected"]
    return [f for f in findings if any(_catches(f, e) for e in expected)]


def verdict_of(result: Any) -> str:
    """The verdict's headline as every output prints it (``summary.verdict`` of the findings JSON)."""
    summary = result.to_dict()["summary"]
    if isinstance(summary.get("verdict"), dict):
        return str(summary["verdict"]["headline"])
    from auditor.render.view import build_view  # before summary.verdict existed

    return str(build_view(result).verdict)


def judge(folder: Path, manifest: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run auditor on one audit: the findings that catch its trick, the verdict, the nearest misses.

    ``manifest``: judge against another audit's expected findings (an honest twin against its manipulated one's).
    """
    import auditor

    manifest = manifest or json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    try:
        result = auditor.audit(**audit_inputs(folder))
    except auditor.AuditorError as error:  # refused input: nothing is caught, and that is worth seeing
        return {"name": manifest["name"], "trick": manifest["trick"]["id"], "caught": False, "error": str(error)[:300]}
    findings = [f.to_dict() for f in result.findings]
    caught = catching(findings, manifest)
    expected = manifest["trick"]["expected"]
    related = [
        f
        for f in findings
        if any(f["category"] == e["category"] and (not e["metric"] or f.get("metric") == e["metric"]) for e in expected)
        and f not in caught
    ]
    metrics = {e["metric"] for e in expected if e["metric"]}
    claims = [c for c in result.claims if c.metric in metrics]
    return {
        "name": manifest["name"],
        "trick": manifest["trick"]["id"],
        "caught": bool(caught),
        "verdict": verdict_of(result),
        "catching": caught,
        "related": related,
        "claims_read": len(result.claims),
        "trick_claims_read": [f"{c.label} {c.value} {c.scope}" for c in claims][:4] if claims else [],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the audits into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--only", nargs="*", default=(), help="audit names to write (default: all)")
    parser.add_argument("--audit", action="store_true", help="run auditor on each and say whether its trick is caught")
    parser.add_argument("--twins", action="store_true", help="with --audit: also audit each one's honest twin")
    args = parser.parse_args(argv)
    names = [spec.name for _, spec in corpus(args.seed)]
    folders = generate(args.out, args.seed, args.only, names if args.twins else ())
    print(f"{len(folders)} audits written under {args.out}")
    if not args.audit:
        return 0
    by_trick: dict[str, Counter[str]] = defaultdict(Counter)
    for name, folder in folders.items():
        if name.endswith(TWIN):
            continue
        j = judge(folder)
        by_trick[j["trick"]]["caught" if j["caught"] else "missed"] += 1
        twin = ""
        if name + TWIN in folders:
            t = judge(folders[name + TWIN], json.loads((folder / "manifest.json").read_text(encoding="utf-8")))
            by_trick[j["trick"]]["twin caught"] += t["caught"]
            twin = "; the honest twin is caught too (noise, not the trick)" if t["caught"] else "; honest twin not caught"
            twin += f" (twin refused: {t['error']})" if "error" in t else ""
        if "error" in j:
            print(f"REFUSED {name} [{j['trick']}]: {j['error']}")
            continue
        status = "CAUGHT" if j["caught"] else "MISSED"
        print(f"{status} {name} [{j['trick']}] verdict: {j['verdict']}; {j['claims_read']} claims read{twin}")
        for f in j["catching"][:2]:
            print(f"   by {f['severity']} {f['rule']}: {f['message'][:200]}")
        if not j["caught"]:
            for f in j["related"][:3]:
                print(f"   near: {f['severity']} {f['rule']} {f.get('metric')}: {f['message'][:200]}")
            print(f"   trick figures read: {j['trick_claims_read']}")
    for trick, n in sorted(by_trick.items()):
        print(
            f"{trick}: {n['caught']} caught, {n['missed']} missed" + (f", twin caught {n['twin caught']}" if args.twins else "")
        )
    caught = sum(n["caught"] for n in by_trick.values())
    print(f"{caught}/{sum(n['caught'] + n['missed'] for n in by_trick.values())} tricks caught")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
