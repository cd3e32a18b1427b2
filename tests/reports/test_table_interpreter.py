"""The table interpreter on generated grids: no figure is lost, none is read twice, nothing crashes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.location import SourceRef
from auditor.reports.grid import Grid, GridCell
from auditor.reports.tables import interpret, read_cell

# labels, scope-free header words, totals, targets, changes, unknown words; no agent/campaign/period headers
TEXTS = ["接通率", "外呼量", "Connect rate", "Всего звонков", "Конверсия, %", "合计", "Итого", "Total", "目标值", "Target",
         "环比", "MoM change", "备注", "Agent utilisation", "本月数值", "指标", "Metric", "平均通话时长（秒）", "Доля дозвонов"]
NUMBERS = ["45.6%", "0.456", "12,345", "1 234", "1.2万", "约 4.08万", "2分30秒", "00:02:30", "150s", "2.5 min", "¥ 40,800",
           "410,50 ₽", "≥ 40%", "3", "98%"]

cells = st.one_of(st.none(), st.sampled_from(TEXTS), st.sampled_from(NUMBERS))


def _grid(rows: list[list[str | None]]) -> Grid:
    out = []
    for r, row in enumerate(rows):
        out.append(tuple(
            None if text is None else GridCell(text=text, source=SourceRef(file="g.xlsx", sheet="S", cell=f"{chr(65 + c)}{r + 1}"))
            for c, text in enumerate(row)
        ))
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
