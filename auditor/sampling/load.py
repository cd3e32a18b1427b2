"""Reading a drawn sample back: the workbook (Sample + Plan sheets), or a CSV with its ``.plan.json`` sidecar."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from auditor.errors import InputError
from auditor.location import SourceRef
from auditor.sampling.plan import SamplingPlan
from auditor.sampling.workbook import PLAN_JSON_KEY, PLAN_SHEET, SAMPLE_SHEET


@dataclass(frozen=True)
class LoadedSample:
    """The sampled calls (call_id, stratum) and the plan, when one was found."""

    calls: pd.DataFrame
    plan: SamplingPlan | None
    path: str


def load_sample(path: str | Path) -> LoadedSample:
    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"sample file '{path}' not found",
            location=SourceRef(file=str(path)),
            hint="pass the sample.xlsx (or sample.csv) `auditor sample` wrote",
        )
    if path.name.endswith(".plan.json"):
        json_plan = _plan_from_json(path)
        csv = path.with_name(path.name.removesuffix(".plan.json") + ".csv")
        if not csv.is_file():
            raise InputError(
                f"{path}: the plan alone does not list the sampled calls, and {csv.name} is not next to it",
                location=SourceRef(file=str(path)),
                hint="pass sample.xlsx or sample.csv",
            )
        return LoadedSample(_read_csv(csv), json_plan, str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            sheets = pd.read_excel(path, sheet_name=None, dtype=str, header=None)
        except Exception as exc:  # noqa: BLE001 - a damaged workbook is the file's fault
            raise InputError(
                f"cannot read sample workbook '{path}': {str(exc).splitlines()[0]}", location=SourceRef(file=str(path))
            ) from None
        plan: SamplingPlan | None = None
        if PLAN_SHEET in sheets:
            raw = sheets[PLAN_SHEET]
            chunks = raw[raw[0] == PLAN_JSON_KEY][1].fillna("").tolist()
            if chunks:
                plan = _parse_plan("".join(chunks), f"{path} sheet {PLAN_SHEET}")
        frame = sheets.get(SAMPLE_SHEET, next(iter(sheets.values())))
        frame = frame.iloc[1:].set_axis([str(c) for c in frame.iloc[0]], axis=1) if len(frame) else frame
        return LoadedSample(_calls(frame, path), plan, str(path))
    sidecar = path.with_name(path.stem + ".plan.json")
    return LoadedSample(_read_csv(path), _plan_from_json(sidecar) if sidecar.is_file() else None, str(path))


def _plan_from_json(path: Path) -> SamplingPlan:
    return _parse_plan(path.read_text(encoding="utf-8"), str(path))


def _parse_plan(text: str, source: str) -> SamplingPlan:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}: the sample plan is not valid JSON ({exc.msg} at char {exc.pos})",
            hint="draw the sample again with the seed it records",
        ) from None
    return SamplingPlan.from_dict(data, source)


def _read_csv(path: Path) -> pd.DataFrame:
    from auditor.sampling.reviews import _read_table

    return _calls(_read_table(path), path)


def _calls(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    if "call_id" not in frame.columns:
        raise InputError(
            f"{path}: the sample has no call_id column",
            location=SourceRef(file=str(path)),
            hint="pass the file `auditor sample` wrote",
        )
    out = pd.DataFrame({"call_id": frame["call_id"].astype("string").str.strip()})
    out["stratum"] = frame["stratum"].astype("string").fillna("all") if "stratum" in frame.columns else "all"
    return out[out["call_id"].notna() & (out["call_id"] != "")].reset_index(drop=True)
