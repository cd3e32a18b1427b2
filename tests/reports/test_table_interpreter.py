"""The table interpreter on generated grids: no figure is lost, none is read twice, nothing crashes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.location import SourceRef
from auditor.reports.collect import extraction_from_grids
from auditor.reports.grid import Grid, GridCell
from auditor.reports.tables import interpret, read_cell

# labels, scope-free header words, totals, targets, changes, unknown words; no agent/campaign/period headers
TEXTS = [
    "接通率",
    "外呼量",
    "Connect rate",
    "Всего звонков",
    "Конверсия, %",
    "合计",
    "Итого",
    "Total",
    "目标值",
    "Target",
    "环比",
    "MoM change",
    "备注",
    "Agent utilisation",
    "本月数值",
    "指标",
    "Metric",
    "平均通话时长（秒）",
    "Доля дозвонов",
]
NUMBERS = [
    "45.6%",
    "0.456",
    "12,345",
    "1 234",
    "1.2万",
    "约 4.08万",
    "2分30秒",
    "00:02:30",
    "150s",
    "2.5 min",
    "¥ 40,800",
    "410,50 ₽",
    "≥ 40%",
    "3",
    "98%",
]

cells = st.one_of(st.none(), st.sampled_from(TEXTS), st.sampled_from(NUMBERS))


def _grid(rows: list[list[str | None]]) -> Grid:
    out = []
    for r, row in enumerate(rows):
        out.append(
            tuple(
                None
                if text is None
                else GridCell(text=text, source=SourceRef(file="g.xlsx", sheet="S", cell=f"{chr(65 + c)}{r + 1}"))
                for c, text in enumerate(row)
            )
        )
    return Grid(file="g.xlsx", rows=tuple(out))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(cells, min_size=4, max_size=4), min_size=1, max_size=8))
def test_every_figure_cell_comes_out_exactly_once(rows: list[list[str | None]]) -> None:
    grid = _grid(rows)
    figures = {cell.source.cell for _, _, cell in grid.cells() if read_cell(cell).number is not None}
    found = interpret(grid)
    places = [f.source.cell for f in [*found.claims, *found.targets, *found.unmatched]]
    assert len(places) == len(set(places))
    assert set(places) == figures


def test_a_period_corner_makes_the_columns_periods_and_the_rows_metrics() -> None:
    found = interpret(
        _grid([["Period", "2026-09", "2026-10"], ["Connect rate", "41%", "43%"], ["Всего звонков", "1 000", "1 200"]])
    )
    assert sorted((c.metric, str(c.value), c.scope.period) for c in found.claims) == [
        ("connect_rate", "0.41", "2026-09"),
        ("connect_rate", "0.43", "2026-10"),
        ("total_dials", "1000", "2026-09"),
        ("total_dials", "1200", "2026-10"),
    ]


def test_an_agent_column_scopes_metrics_as_columns_and_a_blank_row_ends_the_table() -> None:
    found = interpret(
        _grid(
            [
                ["坐席", "外呼量", "接通率"],
                ["A01", "100", "40%"],
                ["合计", "100", "40%"],
                [None, None, None],
                ["接通率", "45.6%", None],
            ]
        )
    )
    got = [(c.metric, str(c.value), c.scope.agent_id, c.is_total) for c in found.claims]
    assert got == [
        ("total_dials", "100", "A01", False),
        ("connect_rate", "0.4", "A01", False),
        ("total_dials", "100", None, True),
        ("connect_rate", "0.4", None, True),
        ("connect_rate", "0.456", None, False),
    ]


HEADER_PERIODS = [
    # (title, column headers, the period each column's figures get; None: the figure stays unmatched)
    ("Monthly report October 2026", ["Week 1", "Week 2", "Total"], [None, None, "2026-10"]),
    (
        "Monthly report October 2026",
        ["Week 1 (01-07 Oct)", "Week 2 (08-14 Oct)", "Total"],
        ["2026-10-01..2026-10-07", "2026-10-08..2026-10-14", "2026-10"],
    ),
    (
        "Informe mensual - Noviembre 2026",
        ["Semana 1 (01/11-07/11)", "Semana 2 (08/11-14/11)", "Total"],
        ["2026-11-01..2026-11-07", "2026-11-08..2026-11-14", "2026-11"],
    ),
    ("星呼通信外呼服务月度报告（2026年11月）", ["本月", "上月", "环比"], ["2026-11", "2026-10", None]),
    ("Issued: 03 Dec 2026", ["This month", "Previous month", "Change"], [None, None, None]),
    ("Outbound performance - November 2026", ["This month", "Previous month", "Change"], ["2026-11", "2026-10", None]),
    ("Отчёт за октябрь 2026 (к акту от 05.11.2026)", ["Неделя 1", "Прошлый месяц", "Итого"], [None, "2026-09", "2026-10"]),
]


@pytest.mark.parametrize(("title", "headers", "periods"), HEADER_PERIODS, ids=[h[0][:24] for h in HEADER_PERIODS])
def test_column_headers_that_name_periods_give_periods_never_campaigns(
    title: str, headers: list[str], periods: list[str | None]
) -> None:
    grid = _grid([[title, None, None, None], ["Metric", *headers], ["Connect rate", "41%", "43%", "42%"]])
    found = extraction_from_grids("g.xlsx", [grid], reader="test")
    by_column = {c.source.cell: c for c in found.claims}
    for k, period in enumerate(periods):
        cell = f"{chr(66 + k)}3"
        claim = by_column.get(cell)
        if period is None:
            # a week the report does not date, a change column, or a report with no period: never a campaign
            assert claim is None or (claim.scope.campaign is None and claim.scope.period is None), cell
        else:
            assert claim is not None, cell
            assert (claim.scope.period, claim.scope.campaign) == (period, None), cell
