"""Legacy .xls text read as its writer meant it (auditor/legacy_xls.py, shared by the call-record and the report
readers): generated cases (scripts/legacy_xls_fixtures.py), the real ccms_vicidial_cn exports, and properties:
GBK text under a single-byte or missing codepage always reads back, Western text is never "repaired"."""

from __future__ import annotations

import io
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from auditor.legacy_xls import gbk_reading, gbk_repair, open_xls
from tests.conftest import FIXTURES, real_path

CASES = yaml.safe_load((FIXTURES / "legacy_xls" / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_workbook_text_reads_as_written(case: dict[str, Any]) -> None:
    opened = open_xls(FIXTURES / "legacy_xls" / f"{case['case']}.xls", logfile=io.StringIO(), formatting_info=True)
    sheet = opened.book.sheet_by_index(0)
    assert opened.text(sheet.name) == case["sheet"]
    assert [opened.text(v) for v in sheet.col_values(0)] == case["cells"]
    assert (opened.note is not None) is case["read_as_gbk"]
    if case["read_as_gbk"]:
        assert "GBK" in opened.note  # type: ignore[operator]


@pytest.mark.parametrize(
    ("name", "sheet", "first"),
    [
        ("zuoxi_jixiao_baobiao_20150710142527.xls", "坐席绩效报表", "工号"),
        ("tonghua_shichang_tongji_baobiao_20150713091335.xls", "通话时长统计报表", "工号"),
        ("kehu_qingdan_20150311110113.xls", "客户清单", "号码ID"),
        ("callcount_02Jul15.xls", "Worksheet", "坐席工号"),
    ],
)
def test_the_real_ccms_exports_read_as_chinese(name: str, sheet: str, first: str) -> None:
    opened = open_xls(real_path("ccms_vicidial_cn", name), logfile=io.StringIO(), on_demand=True)
    book_sheet = opened.book.sheet_by_index(0)
    assert opened.text(book_sheet.name) == sheet
    assert opened.text(book_sheet.cell_value(0, 0)) == first
    assert (opened.note is not None) is (sheet != "Worksheet")  # the callcount exports are proper UTF-16


def _as_read_by_xlrd(text: str) -> str:
    """What xlrd returns for Chinese text a BIFF8 exporter wrote as 8-bit GBK bytes."""
    return text.encode("gbk").decode("latin-1")


# GB2312 level-1 hanzi (B0A1..D7F9) and the ASCII a Chinese report mixes in
hanzi = st.integers(0xB0, 0xD7).flatmap(
    lambda lead: st.integers(0xA1, 0xF9 if lead == 0xD7 else 0xFE).map(lambda trail: bytes([lead, trail]).decode("gbk"))
)
chinese_text = st.lists(st.one_of(hanzi, hanzi, st.sampled_from(list("0123456789:%()-/ "))), min_size=1, max_size=12).map("".join)


@given(st.lists(chinese_text.filter(lambda t: not t.isascii()), min_size=1, max_size=8))
def test_gbk_text_under_a_single_byte_codepage_always_reads_back(texts: list[str]) -> None:
    seen = [_as_read_by_xlrd(t) for t in texts]
    for encoding in ("cp1252", None, "utf_16_le"):
        repair = gbk_repair(seen, encoding)
        assert repair is not None
        assert [repair(s) for s in seen] == texts


accented = st.sampled_from(list("áàâãäçéèêëíìîïñóòôõöúùûüýÁÉÍÓÚÑÇÃÕ"))
ascii_run = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")), min_size=1, max_size=6
)
# a Western word: ASCII letters with single accented letters among them (María, Não, conversación, Sí)
western_word = st.lists(st.tuples(ascii_run, st.one_of(st.just(""), accented)), min_size=1, max_size=3).map(
    lambda parts: "".join(a + b for a, b in parts)
)
western_text = st.lists(western_word, min_size=1, max_size=4).map(" ".join)


@given(st.lists(western_text.filter(lambda t: not t.isascii()), min_size=1, max_size=8), st.sampled_from(["cp1252", None]))
def test_western_text_is_never_read_as_gbk(texts: list[str], encoding: str | None) -> None:
    assert gbk_repair(texts, encoding) is None
    for text in texts:
        assert gbk_reading(text, encoding) is None


def test_a_workbook_that_already_holds_chinese_is_left_alone() -> None:
    assert gbk_repair(["坐席", _as_read_by_xlrd("工号")], "cp1252") is None
