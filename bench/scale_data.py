"""Seeded call records of any size, written in blocks (bounded memory), for bench_scale.py: canonical or a vendor export.

    python bench/scale_data.py --rows 10000000 --output /tmp/auditor-bench/calls-10000000.csv
    python bench/scale_data.py --rows 1000000 --format asterisk --output /tmp/auditor-bench/Master-1000000.csv

Every canonical column is present, with realistic shapes: 11-digit numbers dialled about
twice each, 400 agents on 4 campaigns (Chinese names), 31 days of dialling, dispositions,
log-normal talk times, outcomes and flags on answered calls, survey scores and revenue.
The values are already canonical (English dispositions, ISO timestamps), so the bench times
the auditor, not the vendor-format adapters.

``--format`` writes the SAME seeded calls (same seed: same numbers, times, ring and talk
seconds, agents, campaigns) as a vendor's export instead, for timing the adapters of
``auditor/ingest/adapters``. Whatever an export cannot say is lost; what it can say reads
back to the canonical calls. Kept by every format: the call count (legs and child rows are
extra lines that the adapters fold away), which calls connected and their talk seconds, so
connected calls, talk, completed calls and effective contacts (talk >= 30 s when the export
has no outcome) equal the canonical file's, and so do valid dials (every format keeps
invalid numbers and failures apart from the rest, if not always from each other). Lossy
mappings are marked ``lossy`` below. Format-only randomness (vendor code variants, legs)
comes from a second generator, so the canonical draws never change.

asterisk
    Header-less ``cdr-csv`` Master.csv, the 21-column layout (``LAYOUTS[21]`` of
    cdr_asterisk.py: the classic 18 + peeraccount, linkedid, sequence), quoted as cdr_csv
    writes (strings and dates quoted, duration/billsec/sequence bare, an unset answer
    time empty). accountcode = campaign, src = the agent's extension (8xxx),
    dst = the number, billsec = talk, duration = ring + talk, uniqueid = linkedid =
    ``<start epoch>.<seq>``. Dispositions: answered -> ANSWERED, no_answer -> NO ANSWER,
    busy -> BUSY, failed -> CONGESTION; lossy: rejected -> BUSY (the callee declined),
    voicemail -> NO ANSWER and abandoned -> NO ANSWER (the canonical calls carry no talk,
    so ANSWERED would add connected calls), invalid_number -> FAILED (read back as failed).
    About 3 % of calls are ring groups: an extra leg right after the answered leg, same
    linkedid, another uniqueid, NO ANSWER, rang for the ring time; the adapter collapses
    it (``multi_leg_calls``). The adapter reads neither accountcode nor the agent, so the
    calls have no campaign and no agent.
freeswitch
    ``mod_cdr_csv`` with a header row of variable names (the default template's 15 plus a
    ``campaign`` channel variable), every field quoted as its templates write them.
    accountcode = the agent's extension (1xxx, read as agent), billsec = talk, duration =
    ring + talk, answer_stamp only on answered legs. hangup_cause (Q.850 names,
    tables/q850.yaml): answered -> NORMAL_CLEARING (a few RECOVERY_ON_TIMER_EXPIRE,
    MEDIA_TIMEOUT: answered whatever the cause), no_answer -> NO_ANSWER, ORIGINATOR_CANCEL,
    NO_USER_RESPONSE, SUBSCRIBER_ABSENT, NORMAL_CLEARING; busy -> USER_BUSY; rejected ->
    CALL_REJECTED; invalid_number -> UNALLOCATED_NUMBER, NUMBER_CHANGED,
    INVALID_NUMBER_FORMAT; failed -> NORMAL_TEMPORARY_FAILURE, NO_ROUTE_DESTINATION,
    GATEWAY_DOWN, NORMAL_CIRCUIT_CONGESTION; lossy: voicemail -> NO_ANSWER, abandoned ->
    ORIGINATOR_CANCEL (both read back as no_answer).
twilio
    Console call-log CSV (``Date Created, Start Time, End Time, Call Sid, Parent Call Sid,
    From, To, Direction, Status, Duration, Answered By``), times ``2026-10-01 09:32:01 UTC``,
    E.164 numbers (+86...), sids ``CA`` + 32 hex digits. answered -> completed (Answered By
    human or unknown), voicemail -> completed answered by a machine (its Duration is the
    message, 5-40 s; read back as voicemail with no talk), no_answer -> no-answer, busy ->
    busy, failed -> failed; lossy: rejected -> busy, invalid_number -> failed, abandoned ->
    canceled (read back as no_answer). About 2 % of rows are ``<Dial>`` child legs of an
    answered call (Parent Call Sid = the row before, Direction outbound-dial, To
    client:agentNNN); the adapter leaves them out (``child_legs``). No campaign or agent.
five9
    Call Log report (``CALL ID, TIMESTAMP, CAMPAIGN, AGENT, DNIS, ANI, DISPOSITION, TALK
    TIME, RING TIME, CALL TYPE``), TIMESTAMP ``Mon, 05 Oct 2026 09:00:03``, H:MM:SS
    durations, dispositions of tables/five9.yaml, some with campaign suffixes
    (``Left Message-Email-BP O.O.A.``, ``Call Back-BP``, ``Not Interested-Price-BP``).
    Answered calls are dispositioned by outcome (converted: Sale, Appointment Set...;
    intent: Callback; effective: Not Interested, Owner Not Home, Declined; none: Hang Up,
    Dead Air, [None], or Do Not Call when the canonical call opted out), so conversions,
    intents and effective contacts read back exactly; lossy: rejected -> Busy Signal,
    opt-outs and follow-ups only where a disposition says so (Do Not Call, Callback).
vicidial
    ``vicidial_log`` export (uniqueid, lead_id, list_id, campaign_id, call_date,
    start_epoch, end_epoch, length_in_sec, status, phone_code, phone_number, user, ...),
    statuses of tables/vicidial.yaml by disposition and outcome (SALE, CALLBK/CBHOLD,
    NI/NP/DEC, XFER/PU or DNC, NA/N, B/AB, AA/AM/AL/A, DC/ADC, ERI, DROP/PDROP/XDROP);
    length_in_sec = talk (0 unless answered); lead_id is one per number, list_id one per
    campaign; lossy: rejected -> B, opt-outs and follow-ups only where a status says so.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

BLOCK = 500_000  # rows drawn at a time: part of the seeded data (another size draws other calls)
CHUNK = 100_000  # rows converted and written to CSV at a time (memory only)
CAMPAIGNS = np.array(["信用卡分期", "保险续保", "电商大促", "notification-2026"])
DISPOSITIONS = np.array(["answered", "no_answer", "busy", "rejected", "voicemail", "invalid_number", "failed", "abandoned"])
DISPOSITION_P = np.array([0.43, 0.25, 0.08, 0.06, 0.04, 0.11, 0.02, 0.01])
START = np.datetime64("2026-10-01T00:00:00", "s")
FORMATS = ("canonical", "asterisk", "freeswitch", "twilio", "five9", "vicidial")
#: Share of calls written with an extra ring-group leg (asterisk) or a <Dial> child leg (twilio); all answered calls.
MULTI_LEG_SHARE = {"asterisk": 0.03, "twilio": 0.02}
#: The caller id each campaign dials from (Shanghai numbers).
CALLER_IDS = np.array(["02160001001", "02160001002", "02160001003", "02160001004"])
VICIDIAL_CAMPAIGNS = np.array(["CARD01", "INSUR02", "SHOP03", "NOTIF04"])


def _draw(rng: np.random.Generator, first: int, n: int, numbers: int) -> dict[str, np.ndarray]:
    """One block of calls as numpy arrays (the draws, in their order, make the seeded data: do not reorder)."""
    ids = np.arange(first, first + n)
    number = rng.integers(0, numbers, n)
    phone = 13_000_000_000 + number * 7919 % 8_999_999_999
    agent = rng.integers(0, 400, n)
    day = rng.integers(0, 31, n)
    start = START + (day * 86400 + rng.integers(8 * 3600, 21 * 3600 + 1800, n)).astype("timedelta64[s]")
    disposition = DISPOSITIONS[rng.choice(len(DISPOSITIONS), n, p=DISPOSITION_P)]
    answered = disposition == "answered"
    ring = rng.integers(1, 40, n).astype(float)
    talk = np.where(answered, np.clip(rng.lognormal(np.log(60), 0.9, n).round(0), 1, 3600), 0.0)
    answer = start + ring.astype("timedelta64[s]")
    end = answer + talk.astype("timedelta64[s]")
    effective = answered & (talk >= 30)
    u = rng.random(n)
    outcome = np.where(
        ~answered, "", np.where(~effective, "none", np.where(u < 0.03, "converted", np.where(u < 0.15, "intent", "effective")))
    )
    flag = lambda p: np.where(answered, np.where(rng.random(n) < p, "1", "0"), "")  # noqa: E731
    surveyed = answered & (rng.random(n) < 0.3)
    csat = np.where(surveyed, rng.integers(1, 6, n).astype(float), np.nan)
    revenue = np.where(outcome == "converted", rng.lognormal(np.log(2000), 0.4, n).round(2), np.nan)
    complaint, opt_out, follow_up = flag(0.003), flag(0.05), flag(0.2)
    return {
        "ids": ids,
        "number": number,
        "phone": phone,
        "agent": agent,
        "start": start,
        "answer": answer,
        "end": end,
        "disposition": disposition,
        "answered": answered,
        "ring": ring,
        "talk": talk,
        "outcome": outcome,
        "complaint": complaint,
        "opt_out": opt_out,
        "follow_up": follow_up,
        "csat": csat,
        "revenue": revenue,
    }


def _canonical(c: dict[str, np.ndarray], rng: np.random.Generator, seed: int) -> pa.Table:
    ids, answered = pa.array(c["ids"]), pa.array(c["answered"])
    return pa.table(
        {
            "call_id": pc.binary_join_element_wise("C", pc.cast(ids, pa.string()), ""),
            "start_time": _stamp(c["start"]),
            "answer_time": pc.if_else(answered, _stamp(c["answer"]), None),
            "end_time": _stamp(c["end"]),
            "phone": _str(c["phone"]),
            "campaign": _text(CAMPAIGNS[c["agent"] % len(CAMPAIGNS)]),
            "agent_id": pc.binary_join_element_wise("A", _str(c["agent"]), ""),
            "disposition": _text(c["disposition"]),
            "ring_s": pa.array(c["ring"]),
            "talk_s": pa.array(c["talk"]),
            "outcome": _text(c["outcome"]),
            "complaint": _text(c["complaint"]),
            "opt_out": _text(c["opt_out"]),
            "follow_up": _text(c["follow_up"]),
            "csat_score": pa.array(c["csat"], from_pandas=True),
            "revenue": pa.array(c["revenue"], from_pandas=True),
            "recording_id": pc.if_else(answered, pc.binary_join_element_wise("REC-", pc.cast(ids, pa.string()), ""), None),
        }
    )


# --- vectorised text helpers -------------------------------------------------------------


def _text(a: np.ndarray) -> pa.Array:
    return pa.array(a.astype(str))


def _str(a: np.ndarray) -> pa.Array:
    """Integers as decimal text."""
    return pc.cast(pa.array(np.asarray(a).astype(np.int64)), pa.string())


def _stamp(a: np.ndarray, fmt: str = "%Y-%m-%d %H:%M:%S") -> pa.Array:
    return pc.strftime(pa.array(a), format=fmt)


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _pad(a: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(_str(a), width=width, padding="0")


def _epoch(a: np.ndarray) -> np.ndarray:
    return a.astype("datetime64[s]").astype(np.int64)


def _hms(seconds: np.ndarray) -> pa.Array:
    """``H:MM:SS`` (Five9 report durations)."""
    s = seconds.astype(np.int64)
    return _join(_str(s // 3600), ":", _pad(s // 60 % 60, 2), ":", _pad(s % 60, 2))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 of each value: stable pseudo-random 64-bit ids from row numbers."""
    z = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def _hex(ids: np.ndarray, seed: int, salt: int, digits: int = 32) -> np.ndarray:
    """``digits`` hex characters per id as an ``(n, digits)`` byte matrix (two hashed 64-bit words)."""
    key = ids.astype(np.uint64) * np.uint64(64) + np.uint64(salt) + (np.uint64(seed) << np.uint64(40))
    words = [_mix(key), _mix(key ^ np.uint64(0x5DEECE66D))]
    shifts = np.arange(15, -1, -1, dtype=np.uint64) * np.uint64(4)
    nibbles = np.concatenate([(w[:, None] >> shifts) & np.uint64(0xF) for w in words], axis=1)
    return _HEX[nibbles[:, :digits]]


def _chars(matrix: np.ndarray) -> pa.Array:
    """An ``(n, k)`` matrix of ASCII bytes as n strings of k characters (no copy per row)."""
    n, k = matrix.shape
    offsets = np.arange(0, (n + 1) * k, k, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(matrix).tobytes()))


def _uuid(ids: np.ndarray, seed: int, salt: int) -> pa.Array:
    h = _hex(ids, seed, salt)
    out = np.empty((len(ids), 36), dtype=np.uint8)
    out[:, [8, 13, 18, 23]] = ord("-")
    out[:, [i for i in range(36) if i not in (8, 13, 18, 23)]] = h
    return _chars(out)


Options = tuple[tuple[str, float], ...]


def _pick(rng: np.random.Generator, keys: np.ndarray, table: dict[str, Options]) -> pa.Array:
    """Per row, one of the vendor values listed for its key, by weight."""
    values = sorted({v for options in table.values() for v, _ in options})
    index = {v: i for i, v in enumerate(values)}
    u = rng.random(len(keys))
    out = np.full(len(keys), -1, dtype=np.int32)
    for key, options in table.items():
        mask = keys == key
        cum = np.cumsum([p for _, p in options])
        codes = np.array([index[v] for v, _ in options], dtype=np.int32)
        out[mask] = codes[np.minimum(np.searchsorted(cum / cum[-1], u[mask], side="right"), len(codes) - 1)]
    if (out < 0).any():
        raise ValueError(f"no vendor value for {sorted(set(keys[out < 0]))}")
    return pc.take(pa.array(values), pa.array(out))


def _kind(c: dict[str, np.ndarray]) -> np.ndarray:
    """The canonical disposition, or for answered calls the outcome (``none+opt_out`` when a no-outcome call opted out)."""
    kind = np.where(c["answered"], c["outcome"], c["disposition"])
    return np.where(c["answered"] & (c["outcome"] == "none") & (c["opt_out"] == "1"), "none+opt_out", kind)


def _legs(rng: np.random.Generator, c: dict[str, np.ndarray], fmt: str) -> tuple[np.ndarray, np.ndarray]:
    """``(order, leg)``: row order with each multi-leg call's extra line right after it, and which lines are extra."""
    p = MULTI_LEG_SHARE[fmt] / DISPOSITION_P[0]
    multi = c["answered"] & (rng.random(len(c["ids"])) < p)
    order = np.repeat(np.arange(len(multi)), 1 + multi.astype(np.int64))
    leg = np.zeros(len(order), dtype=bool)
    leg[1:] = order[1:] == order[:-1]
    return order, leg


# --- the vendor exports --------------------------------------------------------------------

ASTERISK: dict[str, Options] = {
    "answered": (("ANSWERED", 1),),
    "no_answer": (("NO ANSWER", 1),),
    "busy": (("BUSY", 1),),
    "rejected": (("BUSY", 1),),
    "voicemail": (("NO ANSWER", 1),),
    "invalid_number": (("FAILED", 1),),
    "failed": (("CONGESTION", 1),),
    "abandoned": (("NO ANSWER", 1),),
}


def _asterisk(c: dict[str, np.ndarray], rng: np.random.Generator, seed: int) -> pa.Table:
    order, leg = _legs(rng, c, "asterisk")
    c = {k: v[order] for k, v in c.items()}
    ids = c["ids"]
    seq = ids * 2 + leg  # Asterisk's channel counter: a leg is the next channel
    extension = _join("8", _pad(c["agent"], 3))
    epoch = _str(_epoch(c["start"]))
    uniqueid = _join(epoch, ".", _str(seq))
    linkedid = _join(epoch, ".", _str(ids * 2))
    answered = c["answered"] & ~leg
    talk = np.where(leg, 0, c["talk"]).astype(np.int64)
    disposition = pc.if_else(pa.array(leg), "NO ANSWER", _pick(rng, c["disposition"], ASTERISK))
    trunk = np.where(leg, "SIP/ringgroup-", "SIP/trunk-")
    return pa.table(
        {
            "accountcode": _text(CAMPAIGNS[c["agent"] % len(CAMPAIGNS)]),
            "src": extension,
            "dst": _str(c["phone"]),
            "dcontext": pa.array(np.full(len(ids), "from-dialler")),
            "clid": _join('"Agent ', _pad(c["agent"], 3), '" <', extension, ">"),
            "channel": _join("SIP/", extension, "-", _chars(_hex(ids, seed, 1, 8))),
            "dstchannel": _join(_text(trunk), _chars(_hex(seq, seed, 2, 8))),
            "lastapp": pa.array(np.full(len(ids), "Dial")),
            "lastdata": _join("SIP/trunk/", _str(c["phone"]), ",60"),
            "start": _stamp(c["start"]),
            "answer": pc.if_else(pa.array(answered), _stamp(c["answer"]), None),
            "end": _stamp(np.where(leg, c["answer"], c["end"])),
            "duration": pa.array(c["ring"].astype(np.int64) + talk),
            "billsec": pa.array(talk),
            "disposition": disposition,
            "amaflags": pa.array(np.full(len(ids), "DOCUMENTATION")),
            "uniqueid": uniqueid,
            "userfield": pa.array(np.full(len(ids), "")),
            "peeraccount": pa.array(np.full(len(ids), "")),
            "linkedid": linkedid,
            "sequence": pa.array(seq),
        }
    )


FREESWITCH: dict[str, Options] = {
    "answered": (("NORMAL_CLEARING", 0.98), ("RECOVERY_ON_TIMER_EXPIRE", 0.01), ("MEDIA_TIMEOUT", 0.01)),
    "no_answer": (
        ("NO_ANSWER", 0.5),
        ("ORIGINATOR_CANCEL", 0.25),
        ("NO_USER_RESPONSE", 0.1),
        ("SUBSCRIBER_ABSENT", 0.1),
        ("NORMAL_CLEARING", 0.05),
    ),
    "busy": (("USER_BUSY", 1),),
    "rejected": (("CALL_REJECTED", 1),),
    "voicemail": (("NO_ANSWER", 1),),
    "invalid_number": (("UNALLOCATED_NUMBER", 0.8), ("NUMBER_CHANGED", 0.1), ("INVALID_NUMBER_FORMAT", 0.1)),
    "failed": (
        ("NORMAL_TEMPORARY_FAILURE", 0.4),
        ("NO_ROUTE_DESTINATION", 0.2),
        ("GATEWAY_DOWN", 0.2),
        ("NORMAL_CIRCUIT_CONGESTION", 0.2),
    ),
    "abandoned": (("ORIGINATOR_CANCEL", 1),),
}


def _freeswitch(c: dict[str, np.ndarray], rng: np.random.Generator, seed: int) -> pa.Table:
    n, ids, answered = len(c["ids"]), c["ids"], pa.array(c["answered"])
    extension = _join("1", _pad(c["agent"], 3))
    return pa.table(
        {
            "caller_id_name": pa.array(np.full(n, "Outbound Call")),
            "caller_id_number": extension,
            "destination_number": _str(c["phone"]),
            "context": pa.array(np.full(n, "default")),
            "start_stamp": _stamp(c["start"]),
            "answer_stamp": pc.if_else(answered, _stamp(c["answer"]), ""),
            "end_stamp": _stamp(c["end"]),
            "duration": _str(c["ring"] + c["talk"]),
            "billsec": _str(c["talk"]),
            "hangup_cause": _pick(rng, c["disposition"], FREESWITCH),
            "uuid": _uuid(ids, seed, 3),
            "bleg_uuid": pc.if_else(answered, _uuid(ids, seed, 4), ""),
            "accountcode": extension,
            "read_codec": pa.array(np.full(n, "PCMA")),
            "write_codec": pa.array(np.full(n, "PCMA")),
            "campaign": _text(CAMPAIGNS[c["agent"] % len(CAMPAIGNS)]),
        }
    )


TWILIO: dict[str, Options] = {
    "answered": (("completed", 1),),
    "voicemail": (("completed", 1),),
    "no_answer": (("no-answer", 1),),
    "busy": (("busy", 1),),
    "rejected": (("busy", 1),),
    "invalid_number": (("failed", 1),),
    "failed": (("failed", 1),),
    "abandoned": (("canceled", 1),),
}
ANSWERED_BY: dict[str, Options] = {
    "answered": (("human", 0.9), ("unknown", 0.1)),
    "voicemail": (("machine_end_beep", 0.6), ("machine_start", 0.2), ("machine_end_silence", 0.1), ("machine_end_other", 0.1)),
}


def _twilio(c: dict[str, np.ndarray], rng: np.random.Generator, seed: int) -> pa.Table:
    machine = c["disposition"] == "voicemail"
    message = np.where(machine, rng.integers(5, 41, len(machine)), 0).astype(float)
    c = {**c, "message": message}
    order, leg = _legs(rng, c, "twilio")
    c = {k: v[order] for k, v in c.items()}
    ids, is_leg = c["ids"], pa.array(leg)
    sid = _join("CA", _chars(_hex(ids, seed, 5)))
    leg_sid = _join("CA", _chars(_hex(ids, seed, 6)))
    completed = c["answered"] | (c["disposition"] == "voicemail")
    duration = np.where(c["answered"], c["talk"], c["message"])
    end = np.where(c["answered"], c["end"], c["answer"] + c["message"].astype("timedelta64[s]"))
    start = np.where(leg, c["answer"], c["start"])
    kind = np.where(completed, c["disposition"], "")
    answered_by = pc.if_else(pa.array(completed & ~leg), _pick(rng, np.where(completed, kind, "answered"), ANSWERED_BY), None)
    return pa.table(
        {
            "Date Created": _stamp(start, "%Y-%m-%d %H:%M:%S UTC"),
            "Start Time": _stamp(start, "%Y-%m-%d %H:%M:%S UTC"),
            "End Time": _stamp(end, "%Y-%m-%d %H:%M:%S UTC"),
            "Call Sid": pc.if_else(is_leg, leg_sid, sid),
            "Parent Call Sid": pc.if_else(is_leg, sid, None),
            "From": _join("+86", _text(np.char.lstrip(CALLER_IDS, "0")[c["agent"] % len(CALLER_IDS)])),
            "To": pc.if_else(is_leg, _join("client:agent", _pad(c["agent"], 3)), _join("+86", _str(c["phone"]))),
            "Direction": pc.if_else(is_leg, "outbound-dial", "outbound-api"),
            "Status": _pick(rng, c["disposition"], TWILIO),
            "Duration": pc.if_else(pa.array(completed), _str(duration), None),
            "Answered By": answered_by,
        }
    )


FIVE9: dict[str, Options] = {
    "converted": (("Sale", 0.5), ("Appointment Set", 0.2), ("Appointment Set-BP", 0.1), ("Transferred To 3rd Party", 0.2)),
    "intent": (("Callback", 0.6), ("Call Back-BP", 0.4)),
    "effective": (("Not Interested", 0.5), ("Not Interested-Price-BP", 0.2), ("Owner Not Home", 0.15), ("Declined", 0.15)),
    "none": (("Hang Up", 0.5), ("Dead Air", 0.2), ("[None]", 0.3)),
    "none+opt_out": (("Do Not Call", 1),),
    "no_answer": (("No Answer", 0.8), ("Ringing", 0.1), ("Answering Machine-Fax-Ringing-Busy Signal", 0.1)),
    "busy": (("Busy", 0.6), ("Busy Signal", 0.4)),
    "rejected": (("Busy Signal", 1),),
    "voicemail": (
        ("Answering Machine", 0.4),
        ("Left Message", 0.2),
        ("Left Message-Email-BP", 0.2),
        ("Left Message-Email-BP O.O.A.", 0.1),
        ("Sent To Voicemail", 0.1),
    ),
    "invalid_number": (
        ("Wrong-OR-Disconnected Number", 0.4),
        ("Operator Intercept", 0.3),
        ("Disconnected Number", 0.2),
        ("Fax", 0.1),
    ),
    "failed": (("Dial Error", 0.7), ("System Error", 0.3)),
    "abandoned": (("Abandon", 0.7), ("Abandoned", 0.3)),
}


def _five9(c: dict[str, np.ndarray], rng: np.random.Generator, seed: int) -> pa.Table:
    n = len(c["ids"])
    return pa.table(
        {
            "CALL ID": _str(300_000_000_000 + c["ids"]),
            "TIMESTAMP": _stamp(c["start"], "%a, %d %b %Y %H:%M:%S"),
            "CAMPAIGN": _text(CAMPAIGNS[c["agent"] % len(CAMPAIGNS)]),
            "AGENT": _join("agent", _pad(c["agent"], 3), "@vendor.example"),
            "DNIS": _str(c["phone"]),
            "ANI": _text(CALLER_IDS[c["agent"] % len(CALLER_IDS)]),
            "DISPOSITION": _pick(rng, _kind(c), FIVE9),
            "TALK TIME": _hms(c["talk"]),
            "RING TIME": _hms(c["ring"]),
            "CALL TYPE": pa.array(np.full(n, "Outbound")),
        }
    )


VICIDIAL: dict[str, Options] = {
    "converted": (("SALE", 1),),
    "intent": (("CALLBK", 0.8), ("CBHOLD", 0.2)),
    "effective": (("NI", 0.6), ("NP", 0.2), ("DEC", 0.2)),
    "none": (("XFER", 0.6), ("PU", 0.4)),
    "none+opt_out": (("DNC", 1),),
    "no_answer": (("NA", 0.8), ("N", 0.2)),
    "busy": (("B", 0.7), ("AB", 0.3)),
    "rejected": (("B", 1),),
    "voicemail": (("AA", 0.5), ("AM", 0.3), ("AL", 0.1), ("A", 0.1)),
    "invalid_number": (("DC", 0.5), ("ADC", 0.5)),
    "failed": (("ERI", 1),),
    "abandoned": (("DROP", 0.6), ("PDROP", 0.3), ("XDROP", 0.1)),
}
TERM_REASON: dict[str, Options] = {
    "answered": (("CALLER", 0.5), ("AGENT", 0.5)),
    "abandoned": (("ABANDON", 1),),
    "other": (("NONE", 1),),
}


def _vicidial(c: dict[str, np.ndarray], rng: np.random.Generator, seed: int) -> pa.Table:
    n, campaign = len(c["ids"]), c["agent"] % len(CAMPAIGNS)
    talk = c["talk"].astype(np.int64)
    begin = _epoch(np.where(c["answered"], c["answer"], c["start"]))
    reason = np.where(c["answered"], "answered", np.where(c["disposition"] == "abandoned", "abandoned", "other"))
    return pa.table(
        {
            "uniqueid": _join(_str(_epoch(c["start"])), ".", _str(c["ids"])),
            "lead_id": _str(100_000 + c["number"]),
            "list_id": _str(1001 + campaign),
            "campaign_id": _text(VICIDIAL_CAMPAIGNS[campaign]),
            "call_date": _stamp(c["start"]),
            "start_epoch": pa.array(begin),
            "end_epoch": pa.array(begin + talk),
            "length_in_sec": pa.array(talk),
            "status": _pick(rng, _kind(c), VICIDIAL),
            "phone_code": pa.array(np.full(n, "86")),
            "phone_number": _str(c["phone"]),
            "user": _str(6000 + c["agent"]),
            "comments": pa.array(np.full(n, "AUTO")),
            "processed": pa.array(np.full(n, "N")),
            "user_group": pa.array(np.full(n, "AGENTS")),
            "term_reason": _pick(rng, reason, TERM_REASON),
            "alt_dial": pa.array(np.full(n, "MAIN")),
        }
    )


Convert = Callable[[dict[str, np.ndarray], np.random.Generator, int], pa.Table]
#: format -> (block converter, CSV header written, CSV quoting as the vendor writes it)
WRITERS: dict[str, tuple[Convert, bool, str]] = {
    "canonical": (_canonical, True, "needed"),
    "asterisk": (_asterisk, False, "needed"),  # cdr_csv: strings quoted, integers bare, unset times empty
    "freeswitch": (_freeswitch, True, "all_valid"),  # the cdr_csv.conf templates quote every variable
    "twilio": (_twilio, True, "none"),
    "five9": (_five9, True, "needed"),  # TIMESTAMP has a comma
    "vicidial": (_vicidial, True, "none"),
}


@dataclass(frozen=True)
class Written:
    path: Path
    format: str
    calls: int
    lines: int  # data lines (calls plus extra legs/child rows), header excluded
    seconds: float


def generate(rows: int, path: Path, seed: int = 20261204, format: str = "canonical") -> Written:
    """Write ``rows`` calls to ``path`` in ``format``; the same seed gives the same calls in every format."""
    if format not in WRITERS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if path.suffix == ".parquet" and format != "canonical":
        raise ValueError("vendor exports are CSV; Parquet is for the canonical format only")
    began = time.perf_counter()
    convert, header, quoting = WRITERS[format]
    rng = np.random.default_rng(seed)
    extra = np.random.default_rng([seed, FORMATS.index(format)])  # format-only draws; the calls' draws stay the same
    numbers = max(1, rows // 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    writer: pacsv.CSVWriter | None = None
    sink: pa.NativeFile | None = None
    parquet = None
    lines = 0
    chunk = BLOCK if path.suffix == ".parquet" else CHUNK  # Parquet: one row group per block, as before
    try:
        for first in range(0, rows, BLOCK):
            n = min(BLOCK, rows - first)
            calls = _draw(rng, first, n, numbers)
            for part in range(0, n, chunk):
                table = convert({k: v[part : part + chunk] for k, v in calls.items()}, extra, seed)
                lines += table.num_rows
                if path.suffix == ".parquet":
                    if parquet is None:
                        import pyarrow.parquet as pq

                        parquet = pq.ParquetWriter(tmp, table.schema)
                    parquet.write_table(table)
                    continue
                if writer is None:
                    sink = pa.OSFile(str(tmp), "wb")
                    if header and format != "canonical":  # the vendor's header line, unquoted (pyarrow quotes every name)
                        sink.write((",".join(table.column_names) + "\n").encode())
                    options = pacsv.WriteOptions(include_header=header and format == "canonical", quoting_style=quoting)
                    writer = pacsv.CSVWriter(sink, table.schema, write_options=options)
                writer.write_table(table)
    finally:
        for open_writer in (writer, sink, parquet):
            if open_writer is not None:
                open_writer.close()
    tmp.replace(path)
    return Written(path, format, rows, lines, time.perf_counter() - began)


def write_calls(rows: int, path: Path, seed: int = 20261204, format: str = "canonical") -> Path:
    """Write ``rows`` call records to ``path`` (canonical: CSV or Parquet by suffix; exports: CSV); same seed, same calls."""
    return generate(rows, path, seed, format).path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument("--format", choices=FORMATS, default="canonical", help="canonical records or a vendor export")
    args = parser.parse_args()
    done = generate(args.rows, args.output, args.seed, args.format)
    size = done.path.stat().st_size
    print(done.path)
    print(
        f"{done.format}: {done.lines:,} lines for {done.calls:,} calls "
        f"({done.lines - done.calls:,} extra legs), {size / 1e6:,.1f} MB, {size / max(done.calls, 1):.0f} bytes/call, "
        f"{done.seconds:.1f} s ({done.calls / max(done.seconds, 1e-9):,.0f} calls/s)"
    )


if __name__ == "__main__":
    main()
