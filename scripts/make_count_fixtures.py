"""Generate fixtures/ingest/counts/: aggregated dialler reports (calls counted per agent and disposition) and their truth.

Seeded (``random.Random(9)``), so anyone can regenerate the files byte for byte:

    python scripts/make_count_fixtures.py

A fixed plan says how many calls each agent ended with each disposition; the files are
written from it in the layouts diallers use: Five9's pivoted "Total dials" report (one
column per disposition, ``"<Disposition> / CALLS count"``, blank = 0, campaign-suffixed
custom dispositions), its "Total contacts" report (the same calls for a few dispositions),
a long export (agent, campaign, disposition, count, with a ``Total`` row and thousands
separators), a pivot with an unlabelled totals row, and broken files. ``expected.yaml``
gives, per file or file set, the calls, their canonical dispositions, the dials and
conversions per agent and the notes, all computed here from the plan (the canonical
meaning of each disposition is written here by hand, not taken from auditor), and
``names.yaml`` the agents a report's names must match (tests/ingest/test_counts.py).
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fixtures" / "ingest" / "counts"

#: Five9 dispositions of the plan: (name, canonical disposition, converting, a contact in the contacts report).
FIVE9 = [
    ("Answering Machine-Fax-Ringing-Busy Signal", "no_answer", False, False),
    ("Left Message", "voicemail", False, False),
    ("Left Message-Email-BP O.O.A.", "voicemail", False, False),
    ("Wrong-OR-Disconnected Number", "invalid_number", False, False),
    ("Dead Air", "answered", False, False),
    ("[None]", "answered", False, False),
    ("Owner Not Home", "answered", False, False),
    ("Callback - 2 weeks", "answered", False, False),
    ("Do Not Call", "answered", False, False),
    ("Not Interested", "answered", False, True),
    ("Not Interested-Email-LBT", "answered", False, True),
    ("Appointment Set", "answered", True, True),
    ("Transferred a NEW lead", "answered", True, True),
]
#: The agents: e-mail login, first name, last name, typical dials.
AGENTS = [
    ("apatch@example.com", "Allison", "Patch", 900),
    ("dhwang@example.com", "Daniel", "Hwang", 600),
    ("dharris@example.com", "Daniel", "Harris", 500),
    ("ysanchez@example.com", "Michelle", "Garcia", 700),
    ("brivera@example.com", "Brenda", "Rivera Becerra", 800),
    ("sprogar@example.com", "Shannon", "Progar", 0),  # two dials, no contact: absent from the contacts report
]
#: Share of dials per disposition (the rest of FIVE9 gets what remains).
SHARES = [0.5, 0.08, 0.02, 0.01, 0.18, 0.01, 0.02, 0.06, 0.02, 0.03, 0.01, 0.02, 0.04]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def csv_text(rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def plan(rng: random.Random) -> dict[str, dict[str, int]]:
    """Calls per agent and disposition."""
    out: dict[str, dict[str, int]] = {}
    for login, _, _, dials in AGENTS:
        if dials == 0:
            out[login] = {"Answering Machine-Fax-Ringing-Busy Signal": 1, "Dead Air": 1}
            continue
        counts = {
            name: max(0, round(dials * share * rng.uniform(0.6, 1.4))) for (name, *_), share in zip(FIVE9, SHARES, strict=True)
        }
        counts["Not Interested-Email-LBT"] = 0 if login.startswith("d") else counts["Not Interested-Email-LBT"]
        out[login] = counts
    return out


def cell(n: int) -> str:
    return str(n) if n else ""


def five9_files(calls: dict[str, dict[str, int]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The pivoted dials and contacts reports, and their truth (alone, and read together)."""
    names = [name for name, *_ in FIVE9]
    head = ["AGENT GROUP", "AGENT", "AGENT FIRST NAME", "AGENT LAST NAME"]
    rows = [head + [f"{n} / CALLS count" for n in names]]
    for login, first, last, _ in AGENTS:
        rows.append(["", login, first, last, *(cell(calls[login].get(n, 0)) for n in names)])
    write(OUT / "five9_total_dials.csv", csv_text(rows))
    contact_names = [name for name, _, _, contact in FIVE9 if contact]
    rows = [head + [f"{n} / CALLS count" for n in contact_names]]
    for login, first, last, _ in AGENTS:
        if any(calls[login].get(n, 0) for n in contact_names):
            rows.append(["", login, first, last, *(cell(calls[login].get(n, 0)) for n in contact_names)])
    write(OUT / "five9_total_contacts.csv", csv_text(rows))
    meaning = {name: (disposition, converting, contact) for name, disposition, converting, contact in FIVE9}
    dispositions: Counter[str] = Counter()
    agents: dict[str, dict[str, int]] = {}
    for login, counts in calls.items():
        for name, n in counts.items():
            dispositions[meaning[name][0]] += n
        agents[login] = {
            "dials": sum(counts.values()),
            "conversions": sum(n for name, n in counts.items() if meaning[name][1]),
            "contacts": sum(n for name, n in counts.items() if meaning[name][2]),
        }
    dials = sum(a["dials"] for a in agents.values())
    alone = {
        "files": ["five9_total_dials.csv"],
        "reader": "disposition-counts",
        "calls": dials,
        "dispositions": dict(sorted((k, v) for k, v in dispositions.items() if v)),
        "issues": {"aggregated_counts": dials},
        "agents": {k: {"total_dials": v["dials"], "conversions": v["conversions"]} for k, v in agents.items()},
        "names": {f"{first} {last}": login for login, first, last, _ in AGENTS},
    }
    contacts = sum(a["contacts"] for a in agents.values())
    together = {
        **alone,
        "files": ["five9_total_dials.csv", "five9_total_contacts.csv"],
        "issues": {"aggregated_counts": dials, "count_view": contacts},
        "agents": {
            k: {"total_dials": v["dials"], "conversions": v["conversions"], "effective_contacts": v["contacts"]}
            for k, v in agents.items()
        },
    }
    return alone, together


def long_file(rng: random.Random) -> dict[str, Any]:
    """A long export: campaign, agent name, disposition, calls; a Total row; thousands separators."""
    meaning = {"ANSWERED": "answered", "NO ANSWER": "no_answer", "BUSY": "busy", "FAILED": "failed"}
    rows: list[list[Any]] = [["Campaign", "Agent Name", "Disposition", "Calls"]]
    dispositions: Counter[str] = Counter()
    agents: Counter[str] = Counter()
    for campaign in ("Wealth Leads", "Renewals"):
        for agent in ("Ann Lee", "Bo Chen"):
            for source, canonical in meaning.items():
                n = rng.randrange(0, 1500) if source != "FAILED" else rng.randrange(0, 3)
                rows.append([campaign, agent, source, f"{n:,}" if n else "0"])
                dispositions[canonical] += n
                agents[agent] += n
    total = sum(dispositions.values())
    rows.append(["Total", "", "", f"{total:,}"])
    write(OUT / "long_counts.csv", csv_text(rows))
    return {
        "files": ["long_counts.csv"],
        "reader": "disposition-counts",
        "calls": total,
        "dispositions": dict(sorted((k, v) for k, v in dispositions.items() if v)),
        "issues": {"aggregated_counts": total, "count_totals_row": 1},
        "agents": {k: {"total_dials": v} for k, v in sorted(agents.items())},
    }


def unlabelled_total() -> dict[str, Any]:
    """A pivot keyed by agent name only, whose last row (no key) holds the column sums: left out."""
    counts = {"Ann Lee": {"No Answer": 40, "Busy": 5, "Answered": 12}, "Bo Chen": {"No Answer": 33, "Busy": 0, "Answered": 20}}
    columns = ["No Answer", "Busy", "Answered"]
    rows: list[list[Any]] = [["Agent", *(f"{c} / Count" for c in columns)]]
    for agent, row in counts.items():
        rows.append([agent, *(cell(row[c]) for c in columns)])
    rows.append(["", *(str(sum(r[c] for r in counts.values())) for c in columns)])
    write(OUT / "pivot_unlabelled_total.csv", csv_text(rows))
    meaning = {"No Answer": "no_answer", "Busy": "busy", "Answered": "answered"}
    dispositions = Counter({meaning[c]: sum(r[c] for r in counts.values()) for c in columns})
    total = sum(dispositions.values())
    return {
        "files": ["pivot_unlabelled_total.csv"],
        "reader": "disposition-counts",
        "calls": total,
        "dispositions": dict(sorted((k, v) for k, v in dispositions.items() if v)),
        "issues": {"aggregated_counts": total, "count_totals_row": 1},
        "agents": {a: {"total_dials": sum(r.values())} for a, r in counts.items()},
    }


def broken() -> list[dict[str, Any]]:
    """Files that must be refused with a message naming the file and line."""
    bad = [["AGENT", "Sale / CALLS count", "No Answer / CALLS count"], ["ann", "2", ""], ["bo", "3.5", "4"]]
    write(OUT / "bad_count.csv", csv_text(bad))
    per_call = [["call_id", "start_time", "phone", "disposition"], ["c1", "2026-10-05 09:00:00", "13900000001", "answered"]]
    write(OUT / "per_call.csv", csv_text(per_call))
    write(OUT / "header_only.csv", csv_text([["Agent", "Disposition", "Calls"]]))
    write(OUT / "repeated_column.csv", csv_text([["AGENT", "Sale / CALLS count", "Sale / CALLS count"], ["ann", "1", "2"]]))
    return [
        {"files": ["header_only.csv"], "error": "header_only.csv", "says": "holds no rows"},
        {"files": ["repeated_column.csv"], "error": "repeated_column.csv line 1", "says": "more than once"},
        {"files": ["bad_count.csv"], "error": "bad_count.csv line 3", "says": "not a whole number of calls"},
        {
            "files": ["five9_total_dials.csv", "per_call.csv"],
            "error": "five9_total_dials.csv",
            "says": "cannot be audited together with per-call records",
        },
    ]


def names() -> dict[str, Any]:
    """Report names and the agent each must match (None: unmatched; a list: ambiguous), with the form."""
    records = [{"agent_id": login, "agent_name": f"{first} {last}"} for login, first, last, _ in AGENTS] + [
        {"agent_id": "1007", "agent_name": None},
        {"agent_id": "Chen, Bo", "agent_name": None},
    ]
    cases = [
        ("Allison P", "apatch@example.com", "first name and last initial"),
        ("allison patch", "apatch@example.com", "full name"),
        ("Patch, Allison", "apatch@example.com", "last name first"),
        ("A. Patch", "apatch@example.com", "first initial and last name"),
        ("apatch", "apatch@example.com", "e-mail local part"),
        ("APATCH@EXAMPLE.COM", "apatch@example.com", "agent id"),
        ("Michelle G", "ysanchez@example.com", "first name and last initial"),
        ("Brenda R", "brivera@example.com", "first name and last initial"),
        ("Brenda Rivera Becerra", "brivera@example.com", "full name"),
        ("Daniel H", ["dharris@example.com", "dhwang@example.com"], "first name and last initial"),
        ("Daniel", ["dharris@example.com", "dhwang@example.com"], "first name"),
        ("Daniel Hwang", "dhwang@example.com", "full name"),
        ("Bo C", "Chen, Bo", "first name and last initial"),
        ("1007", "1007", "agent id"),
        ("Zoe Q", None, None),
        ("Daniel B", None, None),
    ]
    return {
        "records": records,
        "cases": [{"name": n, "agents": a if isinstance(a, list) else ([a] if a else []), "form": f} for n, a, f in cases],
    }


class _Plain(yaml.SafeDumper):
    """Writes repeated values out in full (no YAML anchors)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    return "# generated by scripts/make_count_fixtures.py; do not edit\n" + yaml.dump(
        data, Dumper=_Plain, sort_keys=False, allow_unicode=True
    )


def main() -> None:
    rng = random.Random(9)
    alone, together = five9_files(plan(rng))
    cases = [alone, together, long_file(rng), unlabelled_total()]
    write(OUT / "expected.yaml", dump({"cases": cases, "refused": broken()}))
    write(OUT / "names.yaml", dump(names()))


if __name__ == "__main__":
    main()
