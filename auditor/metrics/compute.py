"""Recompute every building block and rate of the catalogue from the canonical call table.

Per-dial indicator columns are built once (:func:`row_frame`); blocks are group
sums and distinct counts of them; rates are the catalogue's formulas over the
blocks, under every definition. Each value keeps numerator and denominator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from auditor._memory import release_free_memory
from auditor.agents import AgentDirectory, agent_categories
from auditor.ingest.table import CallTable
from auditor.ingest.vocabulary import normalise_key
from auditor.metrics.catalogue import Catalogue, load_catalogue
from auditor.metrics.definitions import BlockSpec, Derived, Distinct, Sum, compliance, conversion, cost, reach, talk
from auditor.metrics.keys import MISSING, codes_of, distinct_per_group, local_periods
from auditor.metrics.model import MetricSet, MetricValue
from auditor.metrics.settings import MetricSettings
from auditor.scope import Scope, period_bounds, with_parts
from auditor.units import Unit

FAMILIES = (reach, talk, conversion, compliance, cost)
BLOCK_SPECS: tuple[BlockSpec, ...] = tuple(spec for family in FAMILIES for spec in family.BLOCKS)

#: ``--by`` names -> grouping column in the row frame and Scope field.
GROUPINGS = {"campaign": "campaign", "agent": "agent_id", "day": "day"}
NO_VALUE = "(none)"


def row_frame(calls: CallTable, settings: MetricSettings) -> pd.DataFrame:
    """Per-dial columns every block aggregates, plus the grouping keys."""
    frame = calls.frame
    columns: dict[str, pd.Series] = {
        "phone": pd.Series(codes_of(frame["phone"]), index=frame.index),  # distinct counts only need codes
        "agent_id": _categorical(frame["agent_id"]),
        "campaign": _categorical(frame["campaign"]),
        "day": local_periods(frame["start_time"], "D"),
    }
    for family in sorted(FAMILIES, key=lambda f: f is not compliance):  # compliance's sorts first, while few columns exist
        columns.update(family.row_columns(calls, settings))
        release_free_memory()  # the family's temporaries
    return pd.DataFrame(columns, index=frame.index, copy=False)


def recompute(
    calls: CallTable,
    settings: MetricSettings | None = None,
    *,
    by: Sequence[str] = (),
    scopes: Iterable[Scope] = (),
    catalogue: Catalogue | None = None,
) -> MetricSet:
    """Every block and every rate definition, overall, per ``by`` grouping and per extra scope.

    Args:
        calls: canonical call table.
        settings: thresholds, price model, lists; defaults per METRICS.md.
        by: any of ``campaign``, ``agent``, ``day``.
        scopes: further scopes to compute (for instance those of claimed figures).
    """
    settings = settings or MetricSettings()
    catalogue = catalogue or load_catalogue()
    check_groupings(by)
    rows = row_frame(calls, settings)
    values: list[MetricValue] = []
    values += _values_for(calls, rows, None, settings, catalogue, fixed_scope=Scope())
    for name in by:
        values += _values_for(calls, rows, GROUPINGS[name], settings, catalogue)
    done = {v.scope for v in values}
    for scope in with_parts(scopes):  # the parts tell which one the records lack when a scope holds no call
        if scope in done:
            continue
        done.add(scope)
        subset = rows[scope_mask(rows, scope, calls.agents if scope.agent_id is not None else None)]
        values += _values_for(calls, subset, None, settings, catalogue, fixed_scope=scope)
    return MetricSet(tuple(values))


def check_groupings(by: Sequence[str]) -> None:
    """ValueError naming any ``by`` grouping that is not one of :data:`GROUPINGS`."""
    unknown = [b for b in by if b not in GROUPINGS]
    if unknown:
        raise ValueError(f"unknown grouping {unknown}; choose from {', '.join(GROUPINGS)}")


def _categorical(values: pd.Series) -> pd.Series:
    return values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")


def _in_categories(values: pd.Series, keep: np.ndarray) -> np.ndarray:
    """Rows of a Categorical whose category is selected by the boolean array ``keep``."""
    codes = values.cat.codes.to_numpy()
    return np.append(keep, False)[np.where(codes < 0, len(keep), codes)]


def same_name(names: pd.Index, name: str) -> np.ndarray:
    """Which of ``names`` a report's ``name`` denotes: the exact name, else names equal once case, spaces,
    ``_`` and ``-`` are folded (``Wealth Leads`` is ``wealth_leads``)."""
    exact = np.asarray(names == name, dtype=bool)
    if exact.any():
        return exact
    key = normalise_key(name)
    return np.array([normalise_key(n) == key for n in names], dtype=bool)


def scope_mask(rows: pd.DataFrame, scope: Scope, agents: AgentDirectory | None = None) -> pd.Series:
    """Rows of the row frame that fall in ``scope``: campaign names matched by :func:`same_name`, agent names
    through ``agents`` (:mod:`auditor.agents`: ``Allison P`` is ``apatch@...``), else by :func:`same_name`."""
    mask = np.ones(len(rows), dtype=bool)
    if scope.campaign is not None:
        mask &= _in_categories(rows["campaign"], same_name(rows["campaign"].cat.categories, scope.campaign))
    if scope.agent_id is not None:
        names = rows["agent_id"].cat.categories
        chosen = same_name(names, scope.agent_id) if agents is None else agent_categories(names, scope.agent_id, agents)
        mask &= _in_categories(rows["agent_id"], chosen)
    if scope.period is not None:
        bounds = period_bounds(scope.period)
        assert bounds is not None
        lo, hi = (d.isoformat() for d in bounds)
        days = rows["day"].cat.categories
        mask &= _in_categories(rows["day"], np.asarray((days >= lo) & (days <= hi)))
    return pd.Series(mask, index=rows.index)


def _values_for(
    calls: CallTable,
    rows: pd.DataFrame,
    group: str | None,
    settings: MetricSettings,
    catalogue: Catalogue,
    fixed_scope: Scope | None = None,
) -> list[MetricValue]:
    blocks, notes = aggregate_blocks(calls, rows, group, settings)
    return values_from_blocks(blocks, notes, group, catalogue, fixed_scope)


def values_from_blocks(
    blocks: pd.DataFrame, notes: dict[str, str], group: str | None, catalogue: Catalogue, fixed_scope: Scope | None = None
) -> list[MetricValue]:
    """Metric values of every group (row) of ``blocks``: each block, and each rate under every definition."""
    out: list[MetricValue] = []
    for key in blocks.index:
        if group == "day" and key == NO_VALUE:
            continue  # dials without a start time: counted overall, reported as data quality
        scope = fixed_scope if group is None else _scope_of(group, key)
        assert scope is not None
        row = blocks.loc[key]
        out += _metric_values(row, notes, scope, catalogue)
    return out


def aggregate_blocks(
    calls: CallTable, rows: pd.DataFrame, group: str | None, settings: MetricSettings
) -> tuple[pd.DataFrame, dict[str, str]]:
    """One row per group (a single row ``"all"`` when ``group`` is None), one column per block.

    Returns the blocks and, for blocks the records cannot give, why (NaN in the frame).
    """
    codes, labels = group_codes(rows, group)
    present = np.bincount(codes, minlength=len(labels)) > 0
    order = sorted((label, code) for code, label in enumerate(labels) if present[code])  # groups seen, by name
    index = pd.Index([label for label, _ in order] if len(rows) else ["all"] if group is None else [])
    positions = np.array([code for _, code in order], dtype="int64")
    blocks = pd.DataFrame(index=index)
    sums = [s.how.column for s in BLOCK_SPECS if isinstance(s.how, Sum)]
    if sums and len(rows):
        totals = group_sums(rows, sums, codes, positions, index)
    for spec in BLOCK_SPECS:
        how = spec.how
        if any(not calls.has(c) for c in spec.requires):
            continue  # complete_blocks says why
        if isinstance(how, Sum):
            blocks[spec.id] = totals[how.column].astype("float64").reindex(index, fill_value=0.0) if len(rows) else 0.0
        elif isinstance(how, Distinct):
            keys = codes_of(rows[how.key])
            if how.mask is not None:
                keys = np.where(rows[how.mask].to_numpy(dtype=bool), keys, MISSING)
            counts = distinct_per_group(keys, codes, len(labels))
            blocks[spec.id] = counts[positions] if len(rows) else 0.0
    return complete_blocks(blocks, calls.has, settings, group is None)


def complete_blocks(
    blocks: pd.DataFrame, has: Callable[[str], bool], settings: MetricSettings, overall: bool
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Blocks the records cannot give set to NaN (with why), then the derived blocks, in catalogue order.

    ``blocks`` holds the summed and distinct-count blocks, one row per group; ``has(column)``
    tells whether the records supplied a canonical column.
    """
    notes: dict[str, str] = {}
    for spec in BLOCK_SPECS:
        missing = [c for c in spec.requires if not has(c)]
        if missing:
            blocks[spec.id] = np.nan
            notes[spec.id] = f"column {', '.join(missing)} not in the records"
        elif isinstance(spec.how, Derived):
            derived = spec.how.fn(blocks, settings, overall)
            if derived is None:
                blocks[spec.id] = np.nan
                notes[spec.id] = spec.how.why_missing
            else:
                blocks[spec.id] = derived.astype("float64")
    return blocks, notes


def group_sums(rows: pd.DataFrame, columns: list[str], codes: np.ndarray, positions: np.ndarray, index: pd.Index) -> pd.DataFrame:
    """Per-group sums: counts of boolean columns by ``np.bincount``, float columns by pandas (compensated summation)."""
    out = {}
    floats = [c for c in dict.fromkeys(columns) if rows[c].dtype != bool]
    for column in dict.fromkeys(columns):
        if column not in floats:
            out[column] = np.bincount(codes, weights=rows[column].to_numpy(), minlength=len(positions) and int(codes.max()) + 1)[
                positions
            ]
    for column in floats:  # one column at a time: no copy of the float columns together
        summed = rows[column].groupby(codes, sort=True).sum()
        out[column] = summed.reindex(positions, fill_value=0.0).to_numpy()
    return pd.DataFrame(out, index=index)


def group_codes(rows: pd.DataFrame, group: str | None) -> tuple[np.ndarray, list[str]]:
    """Group code per row and the group names (rows with no value go to :data:`NO_VALUE`)."""
    if group is None:
        return np.zeros(len(rows), dtype="int64"), ["all"]
    keys = _categorical(rows[group])
    labels = [str(c) for c in keys.cat.categories]
    codes = keys.cat.codes.to_numpy(dtype="int64")
    if (codes < 0).any():
        labels.append(NO_VALUE)
        codes = np.where(codes < 0, len(labels) - 1, codes)
    return codes, labels


def _scope_of(group: str, key: object) -> Scope:
    value = str(key)
    if group == "campaign":
        return Scope(campaign=value)
    if group == "agent_id":
        return Scope(agent_id=value)
    return Scope(period=value)


def _metric_values(row: pd.Series, notes: dict[str, str], scope: Scope, catalogue: Catalogue) -> list[MetricValue]:
    out: list[MetricValue] = []
    for metric in catalogue.blocks:
        value = _finite(row.get(metric.id))
        out.append(
            MetricValue(
                metric.id,
                metric.id,
                scope,
                value,
                metric.unit,
                numerator=value,
                note=None if value is not None else notes.get(metric.id, "not available"),
            )
        )
    for metric in catalogue.rates:
        if not metric.recomputable:
            continue
        for position, formula in enumerate(metric.definitions):
            numerator, denominator = formula.evaluate(row)
            num, den = _finite(numerator), _finite(denominator)
            note = None
            if num is None or den is None:
                missing = sorted(n for n in formula.names if _finite(row.get(n)) is None)
                note = "; ".join(f"{n}: {notes.get(n, 'not available')}" for n in missing) or "not available"
                value = None
            elif den == 0:
                value, note = None, f"denominator {formula.text.split('/', 1)[1]} is 0"
            else:
                value = num / den
            out.append(
                MetricValue(metric.id, formula.text, scope, value, metric.unit, num, den, is_default=position == 0, note=note)
            )
    return out


def _finite(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else number


__all__ = [
    "GROUPINGS",
    "NO_VALUE",
    "aggregate_blocks",
    "check_groupings",
    "complete_blocks",
    "group_codes",
    "group_sums",
    "recompute",
    "row_frame",
    "same_name",
    "scope_mask",
    "values_from_blocks",
    "Unit",
]
