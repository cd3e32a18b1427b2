"""Write fixtures/render/phones.json: phone numbers (in the forms real exports use) planted in a result by the masking tests.

    python scripts/make_render_fixtures.py

The numbers are in reserved or unallocated-looking ranges; the texts place them
the ways findings, notes and warnings are likely to: bare, in brackets, after
Chinese text, grouped with spaces or dashes, international with +.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "render" / "phones.json"

CASES = {
    "phones": {
        "mobile": "13800138000",
        "mobile_2": "13900139000",
        "mobile_3": "13700137000",
        "mobile_4": "13600136000",
        "mobile_5": "13500135000",
        "grouped": "138-0013-8001",
        "international": "+86 139 0013 9001",
        "landline": "010-6552-9988",
    },
    "message": "{mobile} was called 5 times on 2026-10-03 after 21:00; so was ({mobile_5}) and 号码{grouped}已拨.",
    "note": "callee {international} complained; recording {mobile_2}_20261003.wav",
    "warning": "calls.csv row 12: number {landline} has an unknown area code",
}


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(CASES, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
