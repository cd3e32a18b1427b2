"""Prose sentences, refused files (scanned, encrypted, damaged) and the real reports of ../shared/real."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from auditor.cli import cli
from auditor.errors import ReportParseError
from auditor.location import SourceRef
from auditor.reports import parse_report
from auditor.reports.prose import read_sentence
from auditor.scope import Scope
from tests.conftest import FIXTURES, real_path

CASES = yaml.safe_load((FIXTURES / "reports" / "prose_cases.yaml").read_text(encoding="utf-8"))
BAD = FIXTURES / "reports" / "bad"


def _expected(claims: dict[str, Any]) -> Counter[tuple[str, Decimal]]:
    out: Counter[tuple[str, Decimal]] = Counter()
    for metric, values in claims.items():
        for value in values if isinstance(values, list) else [values]:
            out[(metric, Decimal(value).normalize())] += 1
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:30] for c in CASES])
def test_prose_sentence_gives_its_claims_and_targets(case: dict[str, Any]) -> None:
    found = read_sentence(case["text"], SourceRef(file="r.pdf", page=1), Scope())
    assert Counter((c.metric, c.value.normalize()) for c in found.claims) == _expected(case.get("claims", {}))
    want_targets = {m: (cmp, Decimal(v).normalize()) for m, (cmp, v) in case.get("targets", {}).items()}
    assert {t.metric: (t.comparator, t.value.normalize()) for t in found.targets} == want_targets
    assert sorted(c.metric for c in found.claims if c.is_approximate) == sorted(case.get("approximate", []))


@given(st.integers(min_value=1, max_value=10**8))
def test_prose_reads_counts_whatever_the_grouping(n: int) -> None:
    for text in (f"本月共外呼 {n:,} 次", f"За месяц совершено {n:,} звонков".replace(",", " "), f"Total dials: {n:,}"):
        found = read_sentence(text, SourceRef(file="r.pdf"), Scope())
        assert [(c.metric, c.value) for c in found.claims] == [("total_dials", Decimal(n))], text


@given(st.integers(min_value=0, max_value=1000), st.sampled_from(["%", " %", "％"]), st.sampled_from([".", ","]))
def test_prose_reads_percentages_with_either_decimal_mark(tenths: int, sign: str, mark: str) -> None:
    printed = f"{tenths // 10}{mark}{tenths % 10}{sign}"
    found = read_sentence(f"接通率 {printed}", SourceRef(file="r.pdf"), Scope())
    assert [c.value for c in found.claims] == [Decimal(tenths) / 1000]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("scanned.pdf", "no text layer"),
        ("encrypted.pdf", "encrypted"),
        ("truncated.pdf", "damaged"),
        ("not_a_zip.xlsx", "cannot open the workbook"),
        ("encrypted.xlsx", "encrypted"),
    ],
)
def test_unreadable_reports_are_refused_with_the_file_and_what_to_do(name: str, words: str) -> None:
    with pytest.raises(ReportParseError) as err:
        parse_report(BAD / name)
    assert words in err.value.message
    assert err.value.location is not None and err.value.location.file.endswith(name)
    assert err.value.hint


def test_cli_exits_2_on_a_scanned_pdf_without_a_traceback() -> None:
    result = CliRunner().invoke(cli, ["extract", str(BAD / "scanned.pdf")])
    assert result.exit_code == 2
    assert "scanned.pdf" in result.output and "OCR" in result.output and "Traceback" not in result.output


def test_cli_extract_prints_claims_targets_and_json() -> None:
    report = FIXTURES / "reports" / "zh_pdf_ruled" / "report.pdf"
    table = CliRunner().invoke(cli, ["extract", str(report)])
    assert table.exit_code == 0, table.output
    assert "connect_rate" in table.output and "p.1 table 1" in table.output and "target" in table.output
    data = yaml.safe_load(CliRunner().invoke(cli, ["extract", str(report), "--format", "json"]).output)
    assert {c["metric"] for c in data[0]["claims"]} >= {"total_dials", "connect_rate", "intents"}
    assert data[0]["targets"][0]["comparator"] == ">="


def test_real_ru_operator_workbook() -> None:
    extraction = parse_report(real_path("ru_outsourced_operator_report", "TZ_otchet_po_operatoram.xlsx"))
    by_cell = {c.source.cell: c for c in extraction.claims}
    total = by_cell["G76"]
    assert (total.metric, total.value, total.is_total, total.is_formula) == ("total_dials", Decimal(4506), True, True)
    booked = by_cell["H76"]
    assert booked.metric == "conversions" and booked.value == 2418 and booked.is_total
    assert "typed as a constant where its neighbours are formulas" in booked.notes
    assert by_cell["G4"].scope == Scope(agent_id="Аброскина Татьяна", period="2018-06-01..2018-06-14")
    assert sum(c.value for c in extraction.claims if c.metric == "total_dials" and not c.is_total) == 4506
    assert any(u.label.startswith("Отказ от записи") for u in extraction.unmatched)  # not a catalogue metric: kept


@pytest.mark.parametrize("name", ["G9_Telecom_CDRs_Statistics.pdf", "Tarefa_tecnica.pdf"])
def test_real_portuguese_freepbx_pdfs_give_unmatched_figures_not_crashes(name: str) -> None:
    extraction = parse_report(real_path("asterisk_freepbx_g9telecom_pt", name))
    assert len(extraction.unmatched) > 50
    assert all(u.source.page is not None and u.source.bbox is not None for u in extraction.unmatched)
    assert len(extraction.claims) <= 2  # Portuguese labels are not in the vocabulary


def test_real_portuguese_sample_report_keeps_its_total_row() -> None:
    extraction = parse_report(real_path("asterisk_freepbx_g9telecom_pt", "Tarefa_tecnica.pdf"))
    texts = " | ".join(u.source.text or "" for u in extraction.unmatched)
    assert "69.1 %" in texts and "30.9 %" in texts


def test_formulas_without_a_stored_result_are_named_in_a_warning(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["外呼量", 100])
    ws.append(["接通量", "=B1/2"])  # openpyxl stores no result: Excel never computed it
    path = tmp_path / "never_opened.xlsx"
    wb.save(path)
    extraction = parse_report(path)
    assert [c.metric for c in extraction.claims] == ["total_dials"]
    assert len(extraction.warnings) == 1 and "B2" in extraction.warnings[0] and "no stored result" in extraction.warnings[0]


def test_label_and_figure_in_one_cell_are_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["统计周期：2026年10月"])
    ws.append(["接通率：45.6%", "外呼量：12,345"])
    ws.append(["坐席出勤率：98%"])
    path = tmp_path / "inline.xlsx"
    wb.save(path)
    extraction = parse_report(path)
    assert sorted((c.metric, c.value, c.source.cell, c.scope.period) for c in extraction.claims) == [
        ("connect_rate", Decimal("0.456"), "A2", "2026-10"),
        ("total_dials", Decimal(12345), "B2", "2026-10"),
    ]
    assert [(u.label, u.source.cell) for u in extraction.unmatched] == [("坐席出勤率", "A3")]


def test_a_campaign_cell_merged_down_the_first_column_scopes_every_row(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.lib import colors
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    data = [
        ["Campaign", "Agent", "Total dials", "Connect rate"],
        ["Retail", "A01", "100", "40%"],
        ["", "A02", "120", "45%"],
        ["Telecom", "B01", "90", "50%"],
    ]
    table = Table(data)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (0, 1), (0, 2))]))
    path = tmp_path / "merged_down.pdf"
    SimpleDocTemplate(str(path)).build([table])
    scopes = [(c.scope.campaign, c.scope.agent_id) for c in parse_report(path).claims if c.metric == "total_dials"]
    assert scopes == [("Retail", "A01"), ("Retail", "A02"), ("Telecom", "B01")]


def test_error_values_and_hidden_parts_of_a_workbook_are_warned_about(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["外呼量", 100])
    ws.append(["接通率", "#DIV/0!"])
    ws.column_dimensions["C"].hidden = True
    ws.row_dimensions[1].hidden = True
    extra = wb.create_sheet("calc")
    extra.append(["接通量", 40])
    extra.sheet_state = "hidden"
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    extraction = parse_report(path)
    assert sorted(c.metric for c in extraction.claims) == ["connected", "total_dials"]
    text = " | ".join(extraction.warnings)
    assert "1 cell(s) show an Excel error instead of a figure (B2)" in text
    assert "hidden row(s) 1 and column(s) C" in text and "sheet calc is hidden" in text


def test_a_truncated_xls_is_refused_and_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = (FIXTURES / "reports" / "zh_xls_legacy" / "report.xls").read_bytes()
    path = tmp_path / "cut.xls"
    path.write_bytes(whole[:3650])
    with pytest.raises(ReportParseError) as err:
        parse_report(path)
    assert "cut.xls" in str(err.value) and err.value.hint
    assert capsys.readouterr().out == ""
