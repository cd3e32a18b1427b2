"""One block of a big file, summarised in a worker: coerced like the table builder, then added up.

A block gives what can be added across blocks (summed building blocks per group, the
distinct agent and agent-day keys it holds, its data-quality issues, its time-zone offsets)
and spills what the checks across rows need to the splits by phone and by call id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from auditor.ingest.blocks import RawBatch, ReaderIssues, block_tables
from auditor.ingest.checks import OffsetTally
from auditor.ingest.quality import DataQualityIssue
from auditor.ingest.schema import COLUMN_NAMES
from auditor.ingest.table import SOURCE_FILE, SOURCE_ROW, CallTable, _Builder
from auditor.ingest.zone import ZoneEvidence
from auditor.metrics.compute import BLOCK_SPECS, group_codes, scope_mask
from auditor.metrics.definitions import Distinct, Sum, conversion, cost, reach, talk
from auditor.metrics.definitions.compliance import local_day_numbers, local_start, row_violations, sort_times
from auditor.metrics.keys import local_periods
from auditor.streaming import spill
from auditor.streaming.plan import OVERALL, StreamPlan, current, scope_id

#: Families whose per-dial columns need only the dial itself (compliance's repeats need every dial of a number).
ROW_FAMILIES = (reach, talk, conversion, cost)
#: Summed columns that come from the splits by phone, not from the blocks.
SPLIT_SUMS = frozenset({"is_compliant"})
SUM_COLUMNS = tuple(dict.fromkeys(s.how.column for s in BLOCK_SPECS if isinstance(s.how, Sum) and s.how.column not in SPLIT_SUMS))
#: Distinct counts of numbers (from the splits by phone) and their row masks (None: every dial).
PHONE_COUNTS = tuple(dict.fromkeys(s.how.mask for s in BLOCK_SPECS if isinstance(s.how, Distinct) and s.how.key == "phone"))
#: Other distinct keys, by the labels they are made of (few values: agents, agent-days, months).
KEY_PARTS: dict[str, tuple[str, ...]] = {
    "agent_id": ("agent",),
    "agent_day": ("agent", "day"),
    "agent_month": ("agent", "month"),
    "local_month": ("month",),
}
KEYS = tuple(dict.fromkeys((s.how.key, s.how.mask) for s in BLOCK_SPECS if isinstance(s.how, Distinct) and s.how.key != "phone"))
_unknown = [key for key, _ in KEYS if key not in KEY_PARTS]
if _unknown:  # a new Distinct block needs its labels here
    raise RuntimeError(f"auditor.streaming.block.KEY_PARTS lacks distinct key(s) {_unknown}")
#: Group label of the rows outside a scope (dropped).
OUTSIDE = "\x00outside"
#: Prefix of the key-part columns of the combinations (group ids name the others).
PART = "part:"


@dataclass
class BlockSummary:
    """What one block adds to the whole file."""

    index: int
    rows: int
    raw_columns: frozenset[str]
    derived: frozenset[str]
    offsets: OffsetTally
    zone_seen: ZoneEvidence  # what the block's start times say of their zone
    issues: list[DataQualityIssue]
    ranks: dict[str, int]
    templates: dict[str, str]
    reader: ReaderIssues  # the export adapter's issues (multi-leg calls, child legs, ...)
    sums: dict[str, pd.DataFrame] = field(default_factory=dict)  # group id -> one row per group label, one column per sum
    #: distinct combinations of every group label (a column per group id), key part label (PART + agent, day,
    #: month; None when missing) and key mask (PART + mask name): every distinct count of agents and agent-days
    combos: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass
class CoercedBlock:
    """One block as the table builder makes it, with what the raw block held."""

    calls: CallTable
    builder: _Builder
    raw_columns: frozenset[str]
    raw_ids: pd.Series | None  # the call ids as read, for the duplicate examples
    offsets: OffsetTally
    reader: ReaderIssues


def coerce_block(raw: RawBatch, plan: StreamPlan) -> CoercedBlock:
    """Read and coerce one block exactly as the table builder would (checks across rows left to the caller)."""
    records = raw.records()
    source = records.frame
    offsets = OffsetTally()
    offsets.add(source)
    builder = _Builder(source, plan.timezone, raw.path, whole=False)
    frame = builder.build(*block_tables((plan.dispositions, plan.outcomes), records, plan.pinned))
    raw_ids = source["call_id"] if "call_id" in source.columns else None
    raw_columns = frozenset(source.columns)
    supplied = supplied_of(raw_columns, builder.derived)
    calls = CallTable(frame=frame, timezone=plan.timezone, supplied=supplied, zone_origin=plan.zone)
    return CoercedBlock(calls, builder, raw_columns, raw_ids, offsets, ReaderIssues.of(records.issues))


def supplied_of(raw_columns: Iterable[str], derived: Iterable[str]) -> frozenset[str]:
    """The canonical columns an input supplied: those it held, and those derived from them."""
    held = set(raw_columns)
    return frozenset(c for c in COLUMN_NAMES if c in held) | frozenset(derived)


def summarise_block(raw: RawBatch, index: int, offset: int) -> BlockSummary:
    """Coerce block ``index`` (its first row is row ``offset`` of the whole input) and summarise it."""
    plan = current()
    block = coerce_block(raw, plan)
    calls, made, raw_ids = block.calls, block.builder, block.raw_ids
    frame = calls.frame
    rows = _row_frame(calls, plan)
    summary = BlockSummary(
        index,
        len(frame),
        block.raw_columns,
        frozenset(made.derived),
        block.offsets,
        made.zone_seen,
        made.issues,
        made.ranks,
        made.templates,
        block.reader,
    )
    grouped = groups(rows, plan)
    summary.combos = key_combos(rows, grouped)
    sums = {column: rows[column].to_numpy(dtype="float64") for column in SUM_COLUMNS}
    for gid, codes, labels in grouped:
        positions, index_labels = present_groups(codes, labels)
        summary.sums[gid] = block_sums(sums, codes, positions, index_labels)
    _spill_phones(calls, rows, plan, index, offset)
    _spill_call_ids(frame, raw_ids, plan, index, offset)
    if plan.audit is not None:
        from auditor.streaming.audit import spill_rows

        spill_rows(calls, plan, index, offset)
    return summary


def block_sums(columns: dict[str, np.ndarray], codes: np.ndarray, positions: np.ndarray, labels: list[str]) -> pd.DataFrame:
    """Per-group sums of a block's columns (``np.bincount``; the blocks' sums are added up later)."""
    size = int(codes.max()) + 1 if len(codes) else 0
    out = {name: np.bincount(codes, weights=values, minlength=size)[positions] for name, values in columns.items()}
    return pd.DataFrame(out, index=pd.Index(labels))


def _row_frame(calls: CallTable, plan: StreamPlan) -> pd.DataFrame:
    frame = calls.frame
    columns: dict[str, pd.Series] = {
        "agent_id": frame["agent_id"].astype("category"),
        "campaign": frame["campaign"].astype("category"),
        "day": local_periods(frame["start_time"], "D"),
        "month": local_periods(frame["start_time"], "M"),
    }
    for family in ROW_FAMILIES:
        columns.update(family.row_columns(calls, plan.settings))
    return pd.DataFrame(columns, index=frame.index, copy=False)


def groups(rows: pd.DataFrame, plan: StreamPlan) -> list[tuple[str, np.ndarray, list[str]]]:
    """(group id, group code per row, group labels) for the overall figures, each grouping and each scope."""
    out = [(OVERALL, np.zeros(len(rows), dtype="int64"), [OVERALL])]
    for column in plan.groupings:
        codes, labels = group_codes(rows, column)
        out.append((column, codes, labels))
    for position, scope in enumerate(plan.scopes):
        inside = scope_mask(rows, scope).to_numpy()
        out.append((scope_id(position), np.where(inside, 0, 1).astype("int64"), [OVERALL, OUTSIDE]))
    return out


def present_groups(codes: np.ndarray, labels: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes of the groups with rows (not the rows outside a scope) and their labels."""
    seen = np.bincount(codes, minlength=len(labels)) > 0 if len(codes) else np.zeros(len(labels), dtype=bool)
    positions = np.array([c for c, label in enumerate(labels) if seen[c] and label != OUTSIDE], dtype="int64")
    return positions, [labels[c] for c in positions]


def key_combos(rows: pd.DataFrame, grouped: list[tuple[str, np.ndarray, list[str]]]) -> pd.DataFrame:
    """The distinct combinations of every group, key part (agent, day, month) and key mask in the block, as labels.

    A block of 100,000 dials holds a few thousand: the distinct keys of every group come from these.
    """
    columns: dict[str, np.ndarray] = {gid: codes for gid, codes, _ in grouped}
    for part, column in (("agent", "agent_id"), ("day", "day"), ("month", "month")):
        columns[PART + part] = rows[column].cat.codes.to_numpy(dtype="int64")
    for mask in {m for _, m in KEYS if m is not None}:
        columns[PART + mask] = rows[mask].to_numpy(dtype="int64")
    combos = pd.DataFrame(columns).drop_duplicates()
    out: dict[str, np.ndarray] = {}
    for gid, _, labels in grouped:
        out[gid] = np.asarray(labels, dtype=object)[combos[gid].to_numpy()]
    for part, column in (("agent", "agent_id"), ("day", "day"), ("month", "month")):
        names = np.array([*rows[column].cat.categories.astype(str), None], dtype=object)
        out[PART + part] = names[combos[PART + part].to_numpy()]  # code -1 (missing) takes the last: None
    for mask in {m for _, m in KEYS if m is not None}:
        out[PART + mask] = combos[PART + mask].to_numpy().astype(bool)
    return pd.DataFrame(out)


def distinct_keys(combos: pd.DataFrame, gid: str, key: str, mask: str | None) -> pd.Series:
    """Distinct values of ``key`` per group label of ``gid`` (keys with a missing part left out), from :func:`key_combos`."""
    parts = [PART + name for name in KEY_PARTS[key]]
    keep = combos[gid].notna() & (combos[gid] != OUTSIDE)
    if mask is not None:
        keep &= combos[PART + mask]
    for part in parts:
        keep &= combos[part].notna()
    pairs = combos.loc[keep, [gid, *parts]].drop_duplicates()
    return pairs.groupby(gid).size().astype("float64")


def _spill_phones(calls: CallTable, rows: pd.DataFrame, plan: StreamPlan, index: int, offset: int) -> None:
    """The columns the checks across dials of one number need, split by number."""
    frame = calls.frame
    local = local_start(calls, plan.settings)
    days, known = local_day_numbers(local)
    spilled = pd.DataFrame(
        {
            "row": np.arange(offset, offset + len(frame), dtype="int64"),
            "phone": frame["phone"],
            "call_id": frame["call_id"],
            "start_time": frame["start_time"],
            "times": sort_times(local),
            "days": days,
            "known": known,
            "opted": frame["opt_out"].fillna(False).to_numpy(dtype=bool),
            "broke": row_violations(frame["phone"], local, plan.settings).any(axis=1).to_numpy(dtype=bool),
            "campaign": rows["campaign"],
            "agent_id": rows["agent_id"],
            "day": rows["day"],
            SOURCE_FILE: frame[SOURCE_FILE],
            SOURCE_ROW: frame[SOURCE_ROW],
        }
    )
    for mask in {m for m in PHONE_COUNTS if m is not None} | {"is_valid"}:
        spilled[mask] = rows[mask].to_numpy(dtype=bool)
    spill.write_splits(plan.spill_dir, spill.PHONE, index, spilled, spill.split_of(frame["phone"], plan.splits), plan.splits)


def _spill_call_ids(frame: pd.DataFrame, raw_ids: pd.Series | None, plan: StreamPlan, index: int, offset: int) -> None:
    """Call ids with their source text, split by id (rows without one cannot be duplicates)."""
    ids = frame["call_id"]
    known = ids.notna().to_numpy()
    if not known.any():
        return
    spilled = pd.DataFrame(
        {
            "row": np.arange(offset, offset + len(frame), dtype="int64")[known],
            "call_id": ids[known].reset_index(drop=True),
            SOURCE_FILE: frame.loc[known, SOURCE_FILE].reset_index(drop=True),
            SOURCE_ROW: frame.loc[known, SOURCE_ROW].reset_index(drop=True),
        }
    )
    if raw_ids is not None:
        spilled["raw_call_id"] = _arrow_safe(raw_ids[known].reset_index(drop=True))
    spill.write_splits(
        plan.spill_dir, spill.CALL_ID, index, spilled, spill.split_of(spilled["call_id"], plan.splits), plan.splits
    )


def _arrow_safe(values: pd.Series) -> pd.Series:
    """Source values as they are when Arrow can hold them (numbers stay numbers), else as text."""
    try:
        pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return values.astype("string")
    return values


__all__ = ["BlockSummary", "CoercedBlock", "coerce_block", "summarise_block", "supplied_of"]
