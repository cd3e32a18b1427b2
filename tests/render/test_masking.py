"""Phone numbers never reach a human-facing output unmasked, in any format, unless --no-mask."""

from __future__ import annotations

import io
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from auditor.privacy import mask_for_humans, mask_phone, mask_phone_text
from auditor.render import formats, render
from auditor.result import AuditResult
from tests.render.conftest import phone_cases

FORMATS = ["json", "md", "html", "xlsx"]


def output_text(result: AuditResult, fmt: str, mask: bool = True) -> str:
    data = render(result, fmt, mask_phones=mask)
    if fmt != "xlsx":
        return data.decode("utf-8")
    wb = load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


def digits_only(text: str) -> str:
    return re.sub(r"[ \-]", "", text)


def test_every_format_is_covered() -> None:
    assert set(FORMATS) == set(formats())


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_planted_phone_number_appears_unmasked(phone_result: AuditResult, fmt: str) -> None:
    text = output_text(phone_result, fmt)
    squeezed = digits_only(text)
    for name, phone in phone_cases()["phones"].items():
        assert phone not in text, f"{name} {phone} unmasked in {fmt}"
        assert digits_only(phone).lstrip("+") not in squeezed, f"{name} {phone} unmasked in {fmt}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_masked_numbers_are_still_shown_not_dropped(phone_result: AuditResult, fmt: str) -> None:
    text = output_text(phone_result, fmt)
    assert "138******00" in text  # the mobile in the message and evidence, masked, keeps head and tail


@pytest.mark.parametrize("fmt", ["md", "html", "xlsx"])
def test_no_mask_shows_the_numbers(phone_result: AuditResult, fmt: str) -> None:
    text = output_text(phone_result, fmt, mask=False)
    assert "13800138000" in text
    assert "NOT masked" in text


@pytest.mark.parametrize("fmt", ["md", "html", "xlsx"])
def test_figures_dates_and_ids_survive_masking(phone_result: AuditResult, fmt: str) -> None:
    text = output_text(phone_result, fmt)
    for kept in ("4,100", "10,000", "2026-10-03", "58.0%"):
        assert kept in text, f"{kept} lost in {fmt}"


def test_demo_audit_outputs_carry_no_called_number(demo_result: AuditResult) -> None:
    import pandas as pd

    from auditor.demo import bundled_data

    phones = set(pd.read_csv(bundled_data()["calls"], dtype=str, encoding="utf-8-sig")["被叫号码"].dropna())
    assert len(phones) > 1000
    for fmt in FORMATS:
        runs = set(re.findall(r"\d{7,}", output_text(demo_result, fmt)))
        leaked = runs & phones
        assert not leaked, f"{fmt} shows {sorted(leaked)[:3]}"


MOBILE = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(MOBILE, st.sampled_from(["{}", "({})", "号码{}已拨", "call {} at 2026-10-03", "{}_20261003.wav", "tel:{}"]))
def test_mobiles_in_any_free_text_are_masked(phone: str, template: str) -> None:
    masked = mask_phone_text(template.format(phone))
    assert phone not in masked
    assert mask_phone(phone) in masked


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separated_figures_are_never_masked(n: int) -> None:
    text = f"the records give {n:,} dials ({n:,} / {n + 1:,})"
    assert mask_phone_text(text) == text


@given(st.dates())
def test_dates_and_times_are_never_masked(day: object) -> None:
    text = f"period {day}..{day}, at {day} 21:05:00+08:00"
    assert mask_phone_text(text) == text


def test_identifiers_and_report_figures_keep_their_digits() -> None:
    data = {
        "call_id": "13800138000",
        "sha256": "1234567890abcdef",
        "raw_text": "1234567",
        "message": "1234567 calls",
        "value": 13800138000,
    }
    masked = mask_for_humans(data)
    assert masked["call_id"] == "13800138000"  # an identifier the reader must be able to look up
    assert masked["raw_text"] == "1234567"  # a plain figure printed in a report
    assert masked["message"] == "123**67 calls"  # free text: a bare 7-digit run may be a local number
    assert masked["value"] == 13800138000  # numbers under non-phone keys are figures


def test_phone_keyed_integers_and_lists_are_masked() -> None:
    masked = mask_for_humans({"phone": 13800138000, "numbers": ["13900139000"], "unique_numbers": 6014})
    assert masked == {"phone": "138******00", "numbers": ["139******00"], "unique_numbers": 6014}


def test_json_output_masks_free_text_too(phone_result: AuditResult) -> None:
    data = json.loads(render(phone_result, "json"))
    assert "13800138000" not in json.dumps(data, ensure_ascii=False)
