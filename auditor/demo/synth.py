"""A seeded, realistic synthetic outbound call centre: the demo data, test fixtures and benchmarks.

Agents work shifts of back-to-back dials (no overlapping calls), numbers come from
per-campaign lead lists with 1-3 attempts each (never again after an opt-out),
predictive-dialler drops stay well under the 3 % cap, invalid numbers stay invalid,
answered calls have log-normal talk times, outcomes follow the funnel
(effective -> intent -> converted) and flags (complaint, opt-out, follow-up,
survey score, revenue) follow the outcomes. Knobs let a fixture misbehave on
purpose: calls after hours, redials after opt-out, talk padded just above the
effective threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

DISPOSITIONS = ("answered", "no_answer", "busy", "rejected", "voicemail", "abandoned", "failed")


@dataclass(frozen=True)
class CampaignProfile:
    """How one campaign's dials tend to end."""

    name: str
    invalid_share: float = 0.12  # of numbers in its list
    answer_p: float = 0.48  # per dial to a valid number
    intent_p: float = 0.16  # per effective contact
    convert_p: float = 0.25  # per intent
    median_talk_s: float = 75.0
    order_value: float = 2000.0


@dataclass(frozen=True)
class SynthConfig:
    seed: int = 20261101
    n_dials: int = 12_000
    n_agents: int = 30
    start: str = "2026-10-01"
    days: int = 31
    timezone: str = "Asia/Shanghai"
    campaigns: tuple[CampaignProfile, ...] = field(
        default_factory=lambda: (
            CampaignProfile(
                "信用卡分期", invalid_share=0.10, answer_p=0.50, intent_p=0.14, convert_p=0.22, median_talk_s=95, order_value=3200
            ),
            CampaignProfile(
                "保险续保", invalid_share=0.08, answer_p=0.55, intent_p=0.20, convert_p=0.30, median_talk_s=120, order_value=4800
            ),
            CampaignProfile(
                "电商大促", invalid_share=0.18, answer_p=0.42, intent_p=0.12, convert_p=0.30, median_talk_s=55, order_value=380
            ),
        )
    )
    shift_start_h: float = 9.0
    effective_threshold_s: float = 30.0
    after_hours_share: float = 0.0  # dials moved to 21:00-22:00
    opt_out_redial_share: float = 0.0  # share of opted-out numbers dialled again later
    padded_share: float = 0.0  # share of short answered calls stretched to just above the threshold
    rounded_share: float = 0.0  # share of answered talk times rounded to whole minutes


def generate_calls(config: SynthConfig | None = None) -> pd.DataFrame:
    """Canonical call records (one row per dial) as a DataFrame with string timestamps."""
    cfg = config or SynthConfig()
    rng = np.random.default_rng(cfg.seed)
    n = cfg.n_dials
    campaigns = cfg.campaigns
    agent_campaign = np.arange(cfg.n_agents) % len(campaigns)
    agents = np.array([f"A{i + 1:03d}" for i in range(cfg.n_agents)])

    days = pd.date_range(cfg.start, periods=cfg.days, freq="D")
    working = days[days.day_of_week < 6]  # Monday-Saturday
    agent_day = rng.integers(0, cfg.n_agents * len(working), size=n)
    agent_idx = agent_day % cfg.n_agents
    day_idx = agent_day // cfg.n_agents
    camp_idx = agent_campaign[agent_idx]

    phone, number_invalid = _numbers(rng, camp_idx, campaigns)
    disposition = _dispositions(rng, camp_idx, number_invalid, campaigns)
    answered = disposition == "answered"

    ring = np.select(
        [answered, disposition == "no_answer", disposition == "busy", disposition == "voicemail", disposition == "abandoned"],
        [rng.uniform(4, 22, n), rng.uniform(30, 45, n), rng.uniform(1, 4, n), rng.uniform(15, 25, n), rng.uniform(3, 10, n)],
        default=rng.uniform(1, 6, n),
    ).round(0)
    median = np.array([c.median_talk_s for c in campaigns])[camp_idx]
    hang_up_early = rng.random(n) < 0.32
    talk = np.where(hang_up_early, rng.uniform(3, 28, n), rng.lognormal(np.log(median), 0.55, n)).round(0)
    talk = np.where(answered, np.clip(talk, 1, 1800), 0.0)
    talk = np.where(disposition == "voicemail", rng.uniform(5, 20, n).round(0), talk)
    talk = np.where(disposition == "abandoned", rng.uniform(1, 3, n).round(0), talk)
    if cfg.padded_share > 0:
        pad = answered & (talk < cfg.effective_threshold_s) & (rng.random(n) < cfg.padded_share)
        talk = np.where(pad, cfg.effective_threshold_s + rng.integers(0, 5, n), talk)
    if cfg.rounded_share > 0:
        rounded = answered & (talk >= 60) & (rng.random(n) < cfg.rounded_share)
        talk = np.where(rounded, np.round(talk / 60) * 60, talk)

    outcome, complaint, opt_out, follow_up, csat, revenue = _outcomes(rng, camp_idx, answered, talk, cfg)

    start_local = _schedule(rng, agent_day, day_idx, ring, talk, working, cfg)
    if cfg.after_hours_share > 0:
        late = rng.random(n) < cfg.after_hours_share
        moved = start_local.normalize() + pd.to_timedelta(21 * 3600 + rng.integers(0, 3500, n), unit="s")
        start_local = pd.DatetimeIndex(np.where(late, moved, start_local))
    answer_time = start_local + pd.to_timedelta(ring, unit="s")
    end_time = answer_time + pd.to_timedelta(talk, unit="s")
    end_time = pd.DatetimeIndex(
        np.where(
            answered | (disposition == "voicemail") | (disposition == "abandoned"),
            end_time,
            start_local + pd.to_timedelta(ring, unit="s"),
        )
    )

    frame = pd.DataFrame(
        {
            "call_id": [f"C{cfg.seed % 10000:04d}{i:08d}" for i in range(n)],
            "start_time": start_local,
            "answer_time": pd.Series(answer_time).where(answered | (disposition == "voicemail") | (disposition == "abandoned")),
            "end_time": end_time,
            "phone": phone,
            "campaign": np.array([c.name for c in campaigns])[camp_idx],
            "agent_id": agents[agent_idx],
            "disposition": disposition,
            "ring_s": ring,
            "talk_s": talk,
            "outcome": outcome,
            "complaint": complaint,
            "opt_out": opt_out,
            "follow_up": follow_up,
            "csat_score": csat,
            "revenue": revenue,
            "recording_id": np.where(answered, [f"REC-{i:08d}" for i in range(n)], ""),
        }
    )
    frame = frame.sort_values(["start_time", "call_id"], kind="stable").reset_index(drop=True)
    frame = _respect_opt_outs(frame)
    if cfg.opt_out_redial_share > 0:
        frame = _redial_opt_outs(rng, frame, cfg.opt_out_redial_share)
    for column in ("start_time", "answer_time", "end_time"):
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d %H:%M:%S")
    return frame


def _numbers(
    rng: np.random.Generator, camp_idx: np.ndarray, campaigns: tuple[CampaignProfile, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Each dial's number from its campaign's lead list (about 1.6 dials per number)."""
    n = len(camp_idx)
    phone = np.empty(n, dtype=object)
    invalid = np.zeros(n, dtype=bool)
    prefixes = np.array(
        [
            "130",
            "131",
            "132",
            "135",
            "136",
            "137",
            "138",
            "139",
            "150",
            "151",
            "152",
            "157",
            "158",
            "159",
            "166",
            "177",
            "180",
            "181",
            "186",
            "187",
            "188",
            "189",
            "199",
        ]
    )
    for c, profile in enumerate(campaigns):
        rows = np.flatnonzero(camp_idx == c)
        size = max(1, int(len(rows) / 1.6))
        suffix = rng.choice(100_000_000, size=size, replace=False)
        book = np.char.add(rng.choice(prefixes, size=size), np.char.zfill(suffix.astype(str), 8))
        bad = rng.random(size) < profile.invalid_share
        # weights give some numbers 2-3 attempts and most one
        pick = rng.integers(0, size, size=len(rows))
        phone[rows] = book[pick]
        invalid[rows] = bad[pick]
    return phone, invalid


def _dispositions(
    rng: np.random.Generator, camp_idx: np.ndarray, number_invalid: np.ndarray, campaigns: tuple[CampaignProfile, ...]
) -> np.ndarray:
    n = len(camp_idx)
    answer_p = np.array([c.answer_p for c in campaigns])[camp_idx]
    u = rng.random(n)
    rest = 1 - answer_p
    # shares of the non-answered valid outcomes
    # no_answer, busy, rejected, voicemail, abandoned; remainder (5 %) failed. Drops scale with answers
    # (about 1.5 % of abandoned + connected, under the usual 3 % cap), and no_answer takes the rest of 58 %.
    abandoned = np.minimum(0.015 * answer_p / np.where(rest > 0, rest, 1), 0.05)
    out = np.where(u < answer_p, "answered", "")
    v = (u - answer_p) / np.where(rest > 0, rest, 1)
    labels = np.array(["no_answer", "busy", "rejected", "voicemail", "abandoned", "failed"])
    cuts = np.column_stack([0.58 - abandoned, 0.75 - abandoned, 0.87 - abandoned, 0.95 - abandoned, np.full(n, 0.95)])
    idx = (v[:, None] >= cuts).sum(axis=1)
    other = labels[idx]
    out = np.where(out == "", other, out)
    return np.where(number_invalid, np.where(rng.random(n) < 0.97, "invalid_number", "failed"), out).astype(object)


def _outcomes(
    rng: np.random.Generator, camp_idx: np.ndarray, answered: np.ndarray, talk: np.ndarray, cfg: SynthConfig
) -> tuple[np.ndarray, ...]:
    n = len(camp_idx)
    campaigns = cfg.campaigns
    effective = answered & (talk >= cfg.effective_threshold_s)
    intent_p = np.array([c.intent_p for c in campaigns])[camp_idx]
    convert_p = np.array([c.convert_p for c in campaigns])[camp_idx]
    intent = effective & (rng.random(n) < intent_p)
    converted = intent & (rng.random(n) < convert_p)
    outcome = np.where(
        converted, "converted", np.where(intent, "intent", np.where(effective, "effective", np.where(answered, "none", "")))
    )
    complaint = answered & (rng.random(n) < np.where(effective, 0.004, 0.002))
    opt_out = answered & ~intent & (rng.random(n) < 0.07)
    follow_up = intent & (rng.random(n) < 0.55)
    surveyed = answered & (rng.random(n) < 0.30)
    score = np.clip(np.round(rng.normal(4.1, 0.9, n)), 1, 5)
    csat = np.where(surveyed, score, np.nan)
    value = np.array([c.order_value for c in campaigns])[camp_idx]
    # campaigns with no order value (notification) draw from a dummy mean and keep no revenue
    drawn = np.round(rng.lognormal(np.log(np.where(value > 0, value, 1.0)), 0.35, n), 2)
    revenue = np.where(converted & (value > 0), drawn, np.nan)

    def as_flag(mask: np.ndarray) -> np.ndarray:
        return np.where(answered, np.where(mask, "1", "0"), "")

    return outcome, as_flag(complaint), as_flag(opt_out), as_flag(follow_up), csat, revenue


def _schedule(
    rng: np.random.Generator,
    agent_day: np.ndarray,
    day_idx: np.ndarray,
    ring: np.ndarray,
    talk: np.ndarray,
    working: pd.DatetimeIndex,
    cfg: SynthConfig,
) -> pd.DatetimeIndex:
    """Back-to-back dials per agent-day: each starts after the previous one ended plus wrap-up and idle time."""
    n = len(agent_day)
    shift_s = 11 * 3600.0  # 09:00-20:00
    work = ring + talk + rng.uniform(8, 40, n)  # the call itself plus wrap-up
    gaps = rng.exponential(1.0, n)
    groups_n = int(agent_day.max()) + 1 if n else 0
    work_sum = np.bincount(agent_day, weights=work, minlength=groups_n)
    gap_sum = np.bincount(agent_day, weights=gaps, minlength=groups_n)
    fill = rng.uniform(0.55, 0.95, groups_n)  # how much of the shift an agent-day spans
    scale = np.maximum(shift_s * fill - work_sum, 0.0) / np.where(gap_sum > 0, gap_sum, 1.0)
    busy = work + gaps * scale[agent_day]
    order = np.argsort(agent_day, kind="stable")
    busy_sorted = busy[order]
    groups = agent_day[order]
    cumulative = np.cumsum(busy_sorted)
    first = np.r_[True, groups[1:] != groups[:-1]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    offset_sorted = cumulative - busy_sorted - (cumulative[group_start] - busy_sorted[group_start])
    jitter = rng.uniform(0, 1200, n)  # the agent's first dial of the day: 09:00-09:20
    offset = np.empty(n)
    offset[order] = offset_sorted + jitter[order][group_start]
    base = working[day_idx] + pd.to_timedelta(cfg.shift_start_h * 3600, unit="s")
    return base + pd.to_timedelta(np.round(offset), unit="s")


def _respect_opt_outs(frame: pd.DataFrame) -> pd.DataFrame:
    """An honest vendor never dials a number again after it opted out: such dials go to fresh numbers instead."""
    opted = (frame["opt_out"] == "1").astype("int64")
    earlier = opted.groupby(frame["phone"], sort=False).cumsum() - opted  # frame is in time order
    redial = (earlier > 0).to_numpy()
    frame = frame.copy()
    frame.loc[redial, "phone"] = [f"1990{i:07d}" for i in range(int(redial.sum()))]  # fresh leads (an unused prefix range)
    return frame


def _redial_opt_outs(rng: np.random.Generator, frame: pd.DataFrame, share: float) -> pd.DataFrame:
    """Dial again, a day or more later, some numbers that opted out."""
    opted = frame[(frame["opt_out"] == "1")]
    chosen = opted.sample(frac=share, random_state=int(rng.integers(0, 2**31)))
    if chosen.empty:
        return frame
    redials = chosen.copy()
    shift = pd.to_timedelta(rng.integers(1, 4, len(redials)), unit="D")
    for column in ("start_time", "answer_time", "end_time"):
        redials[column] = pd.to_datetime(redials[column]) + shift
    redials["call_id"] = [f"{cid}R" for cid in redials["call_id"]]
    redials["disposition"] = "no_answer"
    for column in ("answer_time",):
        redials[column] = pd.NaT
    redials["talk_s"] = 0.0
    for column in ("outcome", "complaint", "opt_out", "follow_up", "recording_id"):
        redials[column] = ""
    redials["csat_score"] = np.nan
    redials["revenue"] = np.nan
    return (
        pd.concat([frame, redials], ignore_index=True)
        .sort_values(["start_time", "call_id"], kind="stable")
        .reset_index(drop=True)
    )
