"""Generate fixtures/ingest/: one small, real-shaped export per adapter, plus the truth each must give.

Seeded (``random.Random(4)``), so anyone can regenerate the files byte for byte:

    python scripts/make_ingest_fixtures.py

Every export is written from a fixed plan of calls (what happened on each dial);
phones, times and durations are drawn from the seeded generator. ``expected.yaml``
lists, per file, the reader that must detect it, the number of calls, the count per
canonical disposition and the data-quality issue codes with their counts, all
computed here from the plan, not by auditor (tests/ingest/test_adapter_fixtures.py).
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "fixtures" / "ingest"
T0 = datetime(2026, 10, 5, 9, 0, 0)
ISO = "%Y-%m-%d %H:%M:%S"


def write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def csv_text(rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def case(file: str, reader: str, dispositions: list[str], issues: dict[str, int], **extra: Any) -> dict[str, Any]:
    """Truth for one file; ``issues["unmapped_disposition"]`` rows are calls with no canonical disposition."""
    counts = Counter(dispositions)
    calls = len(dispositions) + issues.get("unmapped_disposition", 0)
    return {
        "file": file,
        "reader": reader,
        "calls": calls,
        "dispositions": dict(sorted(counts.items())),
        "issues": dict(sorted(issues.items())),
        **extra,
    }


def phone(rng: random.Random) -> str:
    return f"139{rng.randrange(10**8):08d}"


def asterisk(rng: random.Random) -> list[dict[str, Any]]:
    """21-column Master.csv (no header): ring groups give two legs per call; one leg has billsec > duration."""
    plan = [
        "answered",
        "no_answer",
        "ring_group",
        "busy",
        "failed",
        "answered",
        "ring_group",
        "no_answer",
        "answered",
        "ring_group",
    ]
    rows, legs, truth = [], 0, []
    for i, kind in enumerate(plan):
        start = T0 + timedelta(minutes=7 * i, seconds=rng.randrange(60))
        linked = f"{1791190800 + i * 420}.{i}"
        number = phone(rng)
        leg_plan = {
            "answered": [("ANSWERED", rng.randrange(20, 200))],
            "no_answer": [("NO ANSWER", 0)],
            "busy": [("BUSY", 0)],
            "failed": [("FAILED", 0)],
            "ring_group": [("NO ANSWER", 0), ("ANSWERED", rng.randrange(20, 200))],
        }[kind]
        truth.append("answered" if kind == "ring_group" else kind)
        for disp, bill in leg_plan:
            ring = rng.randrange(3, 25)
            end = start + timedelta(seconds=ring + bill)
            answer = (start + timedelta(seconds=ring)).strftime(ISO) if bill else ""
            rows.append(
                [
                    "",
                    "8001",
                    number,
                    "outbound",
                    '"Agent" <8001>',
                    f"SIP/8001-{legs:08x}",
                    f"SIP/trunk-{legs:08x}",
                    "Dial",
                    f"SIP/trunk/{number},60",
                    start.strftime(ISO),
                    answer,
                    end.strftime(ISO),
                    ring + bill,
                    bill,
                    disp,
                    "DOCUMENTATION",
                    f"{linked}{legs}",
                    "",
                    "",
                    linked,
                    legs,
                ]
            )
            legs += 1
    rows[0][12] = rows[0][13] - 2  # duration shorter than billsec, as in a real FreePBX export

    def cell(v: Any) -> str:
        return '"' + v.replace('"', '""') + '"' if isinstance(v, str) and v != "" else str(v)

    write(OUT / "asterisk" / "Master_21col_ring_groups.csv", "".join(",".join(map(cell, r)) + "\n" for r in rows))
    return [
        case(
            "asterisk/Master_21col_ring_groups.csv",
            "asterisk",
            truth,
            {"multi_leg_calls": legs - len(plan), "talk_longer_than_call": 1},
        )
    ]


def asterisk_table(rng: random.Random) -> list[dict[str, Any]]:
    """6-column FreePBX export with a header, day-first dates that cannot be month-first, no call id."""
    plan = ["ANSWERED", "NO ANSWER", "BUSY", "ANSWERED", "ANSWERED", "NO ANSWER"]
    rows = [["calldate", "src", "dst", "duration", "billsec", "disposition"]]
    for i, disp in enumerate(plan):
        start = datetime(2026, 10, 13 + i, 10, rng.randrange(60))
        bill = rng.randrange(10, 100) if disp == "ANSWERED" else 0
        rows.append([start.strftime("%d/%m/%y %H:%M"), "4003", phone(rng), bill + rng.randrange(2, 20), bill, disp])
    write(OUT / "asterisk" / "freepbx_dayfirst_no_callid.csv", csv_text(rows).replace("\n", "\r"))  # CR-only, as Mac Excel writes
    truth = [{"ANSWERED": "answered", "NO ANSWER": "no_answer", "BUSY": "busy"}[d] for d in plan]
    return [
        case(
            "asterisk/freepbx_dayfirst_no_callid.csv",
            "asterisk",
            truth,
            {"call_id_generated": len(plan)},
            first_day="2026-10-13",
            last_day="2026-10-18",
        )
    ]


def freeswitch(rng: random.Random) -> list[dict[str, Any]]:
    """Default-template Master.csv; an answered leg ended by a timer; one duplicated uuid; a JSON CDR with two callflows."""
    plan = [
        ("NORMAL_CLEARING", True, "answered"),
        ("NORMAL_CLEARING", False, "no_answer"),
        ("USER_BUSY", False, "busy"),
        ("UNALLOCATED_NUMBER", False, "invalid_number"),
        ("NO_ANSWER", False, "no_answer"),
        ("RECOVERY_ON_TIMER_EXPIRE", True, "answered"),
        ("CALL_REJECTED", False, "rejected"),
        ("SUBSCRIBER_ABSENT", False, "no_answer"),
        ("NORMAL_TEMPORARY_FAILURE", False, "failed"),
    ]
    rows = []
    for i, (cause, answered, _) in enumerate(plan):
        start = T0 + timedelta(minutes=5 * i, seconds=rng.randrange(60))
        ring, bill = rng.randrange(2, 30), (rng.randrange(15, 300) if answered else 0)
        rows.append(
            [
                "Outbound Call",
                "1002",
                phone(rng),
                "default",
                start.strftime(ISO),
                (start + timedelta(seconds=ring)).strftime(ISO) if answered else "",
                (start + timedelta(seconds=ring + bill)).strftime(ISO),
                ring + bill,
                bill,
                cause,
                f"{rng.getrandbits(32):08x}-4c15-11ea-97a0-{i:012d}",
                "",
                "1002",
                "PCMU",
                "PCMU",
            ]
        )
    rows.append(list(rows[2]))  # the same CDR written twice
    write(OUT / "freeswitch" / "Master.csv", csv_text(rows))
    truth = [t for _, _, t in plan] + ["busy"]
    cdr = (
        '{"core-uuid":"x","channel_data":{"state":"CS_REPORTING"},"variables":{"uuid":"a1b2","start_stamp":"2026-10-05 11:50:54",'
        '"answer_stamp":"","end_stamp":"2026-10-05 11:51:20","duration":"26","billsec":"0","hangup_cause":"",'
        '"sip_term_status":"404"},"callflow":{"caller_profile":{"destination_number":"redirect-target","caller_id_number":"9"}},'
        '"callflow":{"caller_profile":{"destination_number":"+8613900001111","caller_id_number":"1002"}}}'
    )
    write(OUT / "freeswitch" / "cdr_duplicate_callflow.json", cdr + "\n")
    return [
        case("freeswitch/Master.csv", "freeswitch-csv", truth, {"duplicate_call_id": 2}),
        case("freeswitch/cdr_duplicate_callflow.json", "freeswitch-json", ["invalid_number"], {}, phone="8613900001111"),
    ]


def vicidial(rng: random.Random) -> list[dict[str, Any]]:
    """vicidial_log call log (English headers) and a GBK lead list with Chinese headers and relabelled statuses."""
    statuses = ["SALE", "NI", "B", "NA", "DC", "A", "DROP", "CALLBK", "DNC", "XFER", "WEIRD"]
    meaning = {
        "SALE": "answered",
        "NI": "answered",
        "B": "busy",
        "NA": "no_answer",
        "DC": "invalid_number",
        "A": "voicemail",
        "DROP": "abandoned",
        "CALLBK": "answered",
        "DNC": "answered",
        "XFER": "answered",
    }
    rows = [
        [
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
    ]
    for i, status in enumerate(statuses):
        start = T0 + timedelta(minutes=3 * i, seconds=rng.randrange(60))
        talk = rng.randrange(30, 400) if meaning.get(status) == "answered" else 0
        rows.append(
            [
                f"{1791190800 + i}.{i}",
                1000 + i,
                101,
                "AUTO01",
                start.strftime(ISO),
                "",
                "",
                talk,
                status,
                "1",
                phone(rng),
                f"agent{i % 3}",
                "",
                "N",
                "SALES",
                "CALLER",
                "MAIN",
            ]
        )
    write(OUT / "vicidial" / "vicidial_log.csv", csv_text(rows))
    log_truth = [meaning[s] for s in statuses if s in meaning]
    lead_rows = [["号码ID", "号码", "状态码", "呼叫结果", "是否可拨", "呼叫人", "呼叫次数", "呼叫时间", "导入时间", ""]]
    leads = [
        ("NEW", "未呼叫"),
        ("B", "关机"),
        ("XFER", "无人接听"),
        ("CG", "成功"),
        ("NEW", "未呼叫"),
        ("NA", "无人接听"),
        ("", "空号"),
    ]
    for i, (status, label) in enumerate(leads):
        when = "2008-01-01 00:00:00" if status == "NEW" else (T0 + timedelta(minutes=i)).strftime(ISO)
        lead_rows.append(
            [100000 + i, phone(rng), status, label, "是", "VDAD", 0 if status == "NEW" else 1, when, "2026-10-01 08:00:00", ""]
        )
    write(OUT / "vicidial" / "lead_list_gbk.csv", csv_text(lead_rows), encoding="gbk")
    lead_truth = ["busy", "answered", "answered", "no_answer", "invalid_number"]
    return [
        case(
            "vicidial/vicidial_log.csv", "vicidial", log_truth, {"unmapped_disposition": 1}, opt_out=1, follow_up=1, converted=1
        ),
        case(
            "vicidial/lead_list_gbk.csv",
            "vicidial",
            lead_truth,
            {"not_dialled": 2, "status_label_conflict": 2, "lead_list_rows": 5, "answered_without_talk": 2},
        ),
    ]


def twilio(rng: random.Random) -> list[dict[str, Any]]:
    """Console-style call log: a machine-answered call, a <Dial> child leg, an inbound call."""
    plan = [
        ("completed", "human", "outbound-api"),
        ("completed", "machine_end_beep", "outbound-api"),
        ("no-answer", "", "outbound-api"),
        ("busy", "", "outbound-api"),
        ("failed", "", "outbound-api"),
        ("canceled", "", "outbound-api"),
        ("completed", "", "inbound"),
    ]
    meaning = {
        "human": "answered",
        "machine_end_beep": "voicemail",
        "no-answer": "no_answer",
        "busy": "busy",
        "failed": "failed",
        "canceled": "no_answer",
        "": "answered",
    }
    rows = [
        [
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
        ]
    ]
    truth = []
    for i, (status, by, direction) in enumerate(plan):
        start = T0 + timedelta(minutes=4 * i, seconds=rng.randrange(60))
        talk = rng.randrange(20, 300) if status == "completed" else 0
        rows.append(
            [
                f"CA{i:032x}",
                "",
                start.strftime(ISO) + " UTC",
                start.strftime(ISO) + " UTC",
                (start + timedelta(seconds=talk + 5)).strftime(ISO) + " UTC",
                talk if status == "completed" else "",
                "+14155550100",
                f"+1415555{rng.randrange(10000):04d}",
                direction,
                status,
                by,
            ]
        )
        truth.append(meaning[by] if status == "completed" else meaning[status])
    child = list(rows[1])
    child[0], child[1], child[8] = "CA" + "f" * 32, rows[1][0], "outbound-dial"
    rows.append(child)
    write(OUT / "twilio" / "call_log.csv", csv_text(rows))
    return [case("twilio/call_log.csv", "twilio", truth, {"child_legs": 1, "inbound_calls": 1})]


def five9(rng: random.Random) -> list[dict[str, Any]]:
    """Call Log report with campaign-suffixed custom dispositions and H:MM:SS durations."""
    plan = [
        ("Appointment Set", "answered"),
        ("Left Message-Email-BP O.O.A.", "voicemail"),
        ("No Answer", "no_answer"),
        ("Wrong-OR-Disconnected Number", "invalid_number"),
        ("Not Interested-Email-LBT", "answered"),
        ("Do Not Call", "answered"),
        ("Answering Machine-Email-Fax-Ringing-Busy Signal-BP", "no_answer"),
        ("Releasing Callback-Email", "answered"),
        ("Abandon", "abandoned"),
        ("Mystery Outcome", None),
    ]
    rows = [["CALL ID", "TIMESTAMP", "CAMPAIGN", "CALL TYPE", "AGENT", "DISPOSITION", "ANI", "DNIS", "TALK TIME", "RING TIME"]]
    for i, (disp, meaning) in enumerate(plan):
        start = T0 + timedelta(minutes=6 * i, seconds=rng.randrange(60))
        talk = rng.randrange(30, 500) if meaning == "answered" else 0
        rows.append(
            [
                f"5{i:09d}",
                start.strftime("%a, %d %b %Y %H:%M:%S"),
                "Warm Leads",
                "Outbound",
                f"agent{i % 2}@vendor.example",
                disp,
                "4155550100",
                f"{rng.randrange(2000000000, 9999999999)}",
                f"{talk // 3600}:{talk // 60 % 60:02d}:{talk % 60:02d}",
                f"0:00:{rng.randrange(2, 30):02d}",
            ]
        )
    write(OUT / "five9" / "call_log.csv", csv_text(rows))
    return [
        case(
            "five9/call_log.csv",
            "five9",
            [m for _, m in plan if m],
            {"unmapped_disposition": 1},
            opt_out=1,
            follow_up=1,
            converted=1,
        )
    ]


def mapped(rng: random.Random) -> list[dict[str, Any]]:
    """A vendor export no adapter knows: semicolons, day-first dates in Shanghai time, milliseconds, own labels."""
    labels = {"OK": "answered", "KEIN": "no_answer", "BESETZT": "busy", "UNGUELTIG": "invalid_number"}
    plan = ["OK", "KEIN", "OK", "BESETZT", "UNGUELTIG", "OK", "KEIN"]
    rows = [["Ref", "Wann", "Ziel", "Ergebnis", "Gespraech_ms"]]
    for i, label in enumerate(plan):
        start = datetime(2026, 10, 20, 8 + i, rng.randrange(60), rng.randrange(60))
        talk = rng.randrange(10_000, 300_000) if label == "OK" else 0
        rows.append([f"R{i:04d}", start.strftime("%d.%m.%Y %H:%M:%S"), phone(rng), label, talk])
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rows)
    write(OUT / "mapped" / "vendor_export.csv", buf.getvalue())
    mapping = {
        "columns": {"call_id": "Ref", "start_time": "Wann", "phone": "Ziel", "disposition": "Ergebnis", "talk_s": "Gespraech_ms"},
        "dispositions": labels,
        "timezone": "Asia/Shanghai",
        "date_order": "dmy",
        "duration_unit": "ms",
    }
    write(OUT / "mapped" / "vendor_export.mapping.yaml", yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True))
    return [
        case(
            "mapped/vendor_export.csv",
            "mapped",
            [labels[p] for p in plan],
            {},
            mapping="mapped/vendor_export.mapping.yaml",
            first_utc="2026-10-20 00:",
        )
    ]


def quality(rng: random.Random) -> list[dict[str, Any]]:
    """Canonical CSV with every record-level problem: re-sent dials, placeholders, mixed offsets,
    negative and impossible durations."""
    rows = [["call_id", "start_time", "end_time", "phone", "disposition", "talk_s"]]
    number = phone(rng)
    base = T0 + timedelta(hours=1)
    rows.append(["q1", base.strftime(ISO), (base + timedelta(seconds=90)).strftime(ISO), number, "answered", 80])
    rows.append(
        ["q2", (base + timedelta(seconds=3)).strftime(ISO), (base + timedelta(seconds=60)).strftime(ISO), number, "answered", 50]
    )
    rows.append(["q3", "0000-00-00 00:00:00", "", phone(rng), "no_answer", 0])
    rows.append(["q4", "1900-01-01 00:00:00", "", phone(rng), "busy", 0])
    rows.append(["q5", (base + timedelta(minutes=9)).strftime(ISO) + "+08:00", "", phone(rng), "no_answer", 0])
    rows.append(
        [
            "q6",
            (base + timedelta(minutes=12)).strftime(ISO),
            (base + timedelta(minutes=13)).strftime(ISO),
            phone(rng),
            "answered",
            300,
        ]
    )
    rows.append(["q7", (base + timedelta(minutes=15)).strftime(ISO), "", phone(rng), "answered", -4])
    rows.append(["q7", (base + timedelta(minutes=18)).strftime(ISO), "", phone(rng), "无人接听", 0])
    rows.append(["q9", (base + timedelta(minutes=20)).strftime(ISO), "", phone(rng), "停机", 0])
    rows.append(["q10", "yesterday-ish", "", phone(rng), "maybe", 0])
    write(OUT / "quality" / "dirty_canonical.csv", csv_text(rows))
    truth = ["answered", "answered", "no_answer", "busy", "no_answer", "answered", "answered", "no_answer", "invalid_number"]
    return [
        case(
            "quality/dirty_canonical.csv",
            "canonical-csv",
            truth,
            {
                "duplicate_phone_start": 2,
                "placeholder_timestamp": 2,
                "mixed_timezones": 1,
                "talk_longer_than_call": 1,
                "negative_talk_s": 1,
                "duplicate_call_id": 2,
                "unmapped_disposition": 1,
                "unparseable_timestamp": 1,
            },
        )
    ]


def main() -> None:
    rng = random.Random(4)
    cases = [
        *asterisk(rng),
        *asterisk_table(rng),
        *freeswitch(rng),
        *vicidial(rng),
        *twilio(rng),
        *five9(rng),
        *mapped(rng),
        *quality(rng),
    ]
    header = "# generated by scripts/make_ingest_fixtures.py (seeded); the truth is computed from the generator's plan\n"
    write(OUT / "expected.yaml", header + yaml.safe_dump({"cases": cases}, allow_unicode=True, sort_keys=False))
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
