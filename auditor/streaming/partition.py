"""One split of a big file, summarised in a worker: the checks that need every dial of a number or every row of a call id."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from auditor.ingest.checks import near_duplicate_issue, near_duplicate_rows
from auditor.ingest.quality import MAX_EXAMPLES
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW, duplicated_values
from auditor.metrics.definitions.compliance import repeat_violations
from auditor.metrics.keys import codes_of, distinct_per_group
from auditor.streaming import spill
from auditor.streaming.block import PHONE_COUNTS, block_sums, groups, present_groups
from auditor.streaming.plan import current


@dataclass
class RowsFound:
    """Rows a check flagged in one split: how many, and the first ones (global row, example text)."""

    count: int = 0
    first: list[tuple[int, str]] = field(default_factory=list)
    distinct: int = 0  # duplicate call ids: distinct ids among the rows


@dataclass
class SplitSummary:
    """What one split by phone adds: compliant dials and distinct numbers per group, near-duplicate dials."""

    compliant: dict[str, pd.Series] = field(default_factory=dict)  # group id -> compliant dials per group label
    numbers: dict[tuple[str, str | None], pd.Series] = field(default_factory=dict)  # (group id, mask) -> distinct numbers
    near_duplicates: RowsFound = field(default_factory=RowsFound)


def summarise_phone_split(part: int) -> SplitSummary:
    """Frequency caps, redials after an opt-out, distinct numbers and near-duplicates of the numbers in split ``part``."""
    plan = current()
    rows = spill.read_split(plan.spill_dir, spill.PHONE, part)
    out = SplitSummary()
    if rows is None:
        return out
    numbers = codes_of(rows["phone"])
    repeats = repeat_violations(
        numbers,
        rows["times"].to_numpy(),
        rows["days"].to_numpy(),
        rows["known"].to_numpy(dtype=bool),
        rows["opted"].to_numpy(dtype=bool),
        plan.settings,
    )
    broke = rows["broke"].to_numpy(dtype=bool).copy()
    for flags in repeats.values():
        broke |= flags
    compliant = (rows["is_valid"].to_numpy(dtype=bool) & ~broke).astype("float64")
    for gid, codes, labels in groups(rows, plan):
        positions, present = present_groups(codes, labels)
        index = pd.Index(present)
        out.compliant[gid] = block_sums({"is_compliant": compliant}, codes, positions, present)["is_compliant"]
        for mask in PHONE_COUNTS:
            keys = numbers if mask is None else np.where(rows[mask].to_numpy(dtype=bool), numbers, -1)
            out.numbers[(gid, mask)] = pd.Series(distinct_per_group(keys, codes, len(labels))[positions], index=index)
    flagged = near_duplicate_rows(rows, phone_codes=numbers)
    found = near_duplicate_issue(rows, mask=flagged) if flagged is not None and flagged.any() else None
    if found is not None and flagged is not None:
        first = rows["row"].to_numpy()[np.flatnonzero(flagged.to_numpy())[:MAX_EXAMPLES]]
        out.near_duplicates = RowsFound(found.count, list(zip(first.tolist(), found.examples, strict=True)))
    return out


def summarise_id_split(part: int) -> RowsFound:
    """Rows of split ``part`` that share a call id."""
    plan = current()
    rows = spill.read_split(plan.spill_dir, spill.CALL_ID, part)
    if rows is None:
        return RowsFound()
    dup = duplicated_values(rows["call_id"].astype("string")).to_numpy()
    count = int(dup.sum())
    if not count:
        return RowsFound()
    shown = rows["raw_call_id"] if "raw_call_id" in rows.columns else rows["call_id"]
    first = []
    for i in np.flatnonzero(dup)[:MAX_EXAMPLES]:
        value = shown.iloc[i]
        value = value.item() if hasattr(value, "item") else value
        first.append((int(rows["row"].iloc[i]), f"{rows[SOURCE_FILE].iloc[i]} row {int(rows[SOURCE_ROW].iloc[i]):,}: {value!r}"))
    return RowsFound(count, first, int(rows.loc[dup, "call_id"].nunique()))


__all__ = ["RowsFound", "SplitSummary", "summarise_id_split", "summarise_phone_split"]
