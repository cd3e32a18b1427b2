"""Hypothesis strategies: random but well-formed canonical call rows."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from auditor.ingest.schema import Disposition, Outcome

dispositions = st.sampled_from([d.value for d in Disposition])
outcomes = st.sampled_from([o.value for o in Outcome] + [""])
flags = st.sampled_from(["1", "0", ""])


@st.composite
def call_rows(draw: Any, min_size: int = 1, max_size: int = 60) -> list[dict[str, Any]]:
    n = draw(st.integers(min_size, max_size))
    rows = []
    for i in range(n):
        day = draw(st.integers(1, 3))
        rows.append(
            {
                "call_id": f"c{i}",
                "start_time": f"2026-10-{day:02d} {draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}:00",
                "phone": f"1390000{draw(st.integers(0, 15)):04d}",
                "campaign": draw(st.sampled_from(["A", "B", "C"])),
                "agent_id": draw(st.sampled_from(["a1", "a2", "a3", "a4"])),
                "disposition": draw(dispositions),
                "talk_s": draw(st.floats(0, 600, allow_nan=False)),
                "outcome": draw(outcomes),
                "complaint": draw(flags),
                "opt_out": draw(flags),
                "follow_up": draw(flags),
                "resolved": draw(flags),
                "csat_score": draw(st.sampled_from(["", "1", "3", "4", "5"])),
                "revenue": draw(st.sampled_from(["", "100", "250.5"])),
            }
        )
    return rows
