"""Reading reviewers' verdicts: CSV or XLSX with ``call_id`` and label columns, one or more reviewers.

Headers and answers are recognised in English and Chinese (``通话ID``, ``是否成交``;
``是``/``否``/``不确定``). Empty cells are "not reviewed"; ``unclear`` is reviewed but
undecided; anything else is counted as unreadable (with examples), never guessed.
Reviewers come from a ``reviewer`` column, else one reviewer per file (its name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from auditor.errors import InputError
from auditor.location import SourceRef
from auditor.sampling.settings import LABELS

YES, NO, UNCLEAR = "yes", "no", "unclear"
MAX_EXAMPLES = 10

#: Canonical column -> header spellings (compared after lower-casing and dropping spaces, '_', '-', '是否').
HEADERS: dict[str, tuple[str, ...]] = {
    "call_id": ("call_id", "callid", "id", "通话id", "通话编号", "呼叫id", "话单id", "uniqueid", "callsid"),
    "effective": ("effective", "effectivecontact", "有效", "有效沟通", "有效通话", "有效接通"),
    "intent": ("intent", "interested", "意向", "有意向", "意向客户"),
    "converted": ("converted", "conversion", "convert", "成交", "转化", "成单", "已成交"),
    "compliant": ("compliant", "compliance", "合规", "合规通话"),
    "complaint": ("complaint", "complained", "投诉", "客诉"),
    "reviewer": ("reviewer", "reviewedby", "auditor", "审核人", "复核人", "质检员", "质检人"),
    "note": ("note", "notes", "comment", "comments", "备注", "说明"),
}
ANSWERS: dict[str, str] = {
    **{v: YES for v in ("yes", "y", "true", "t", "1", "是", "有", "对", "是的", "✓", "√", "да")},
    **{v: NO for v in ("no", "n", "false", "f", "0", "否", "无", "没有", "不是", "×", "✗", "нет")},
    **{v: UNCLEAR for v in ("unclear", "?", "unknown", "n/a", "na", "不确定", "不清楚", "无法判断", "待定", "未知")},
}


def _key(text: object) -> str:
    return re.sub(r"[\s_\-]+", "", str(text).strip().lower()).removeprefix("是否")


_HEADER_INDEX = {_key(v): canon for canon, spellings in HEADERS.items() for v in spellings}


@dataclass(frozen=True)
class ReviewSet:
    """Every verdict, long form: one row per (file, row, reviewer, call_id, label) with answer yes/no/unclear.

    ``unreadable`` counts cells that were neither empty nor a known answer, with examples
    (``file row N column: 'maybe'``).
    """

    verdicts: pd.DataFrame
    files: tuple[str, ...]
    labels: tuple[str, ...]
    unreadable: int = 0
    unreadable_examples: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)


def read_reviews(paths: Sequence[str | Path]) -> ReviewSet:
    """Read one or more review files; raises :class:`InputError` when a file has no call_id or no label column."""
    parts, files, labels_seen = [], [], set()
    unreadable, examples = 0, list[str]()
    notes: dict[str, str] = {}
    for number, raw in enumerate(paths, start=1):
        path = Path(raw)
        frame = _read_table(path)
        columns = _map_headers(frame, path)
        labels = [c for c in LABELS if c in columns]
        if not labels:
            raise InputError(
                f"{path}: no label column found (looked for {', '.join(LABELS)}, 有效, 意向, 成交, 合规, 投诉)",
                location=SourceRef(file=str(path)),
                hint="name the columns like the workbook `auditor sample` writes",
            )
        files.append(str(path))
        call_id = frame[columns["call_id"]].astype("string").str.strip()
        reviewer = (
            frame[columns["reviewer"]].astype("string").str.strip().replace("", pd.NA)
            if "reviewer" in columns
            else pd.Series(pd.NA, index=frame.index, dtype="string")
        ).fillna(path.stem if len(paths) > 1 else f"reviewer-{number}")
        if "note" in columns:
            for cid, note in zip(call_id, frame[columns["note"]].astype("string"), strict=False):
                if isinstance(note, str) and note.strip() and isinstance(cid, str):
                    notes[cid] = note.strip()
        for label in labels:
            cells = frame[columns[label]].astype("string").str.strip()
            answer = cells.str.lower().map(ANSWERS)
            empty = cells.isna() | (cells == "")
            bad = ~empty & answer.isna()
            unreadable += int(bad.sum())
            for i in frame.index[bad.to_numpy()][: MAX_EXAMPLES - len(examples)]:
                examples.append(f"{path.name} row {int(i) + 2} {columns[label]}: {cells[i]!r}")
            keep = (~empty & ~bad & call_id.notna() & (call_id != "")).to_numpy()
            if keep.any():
                labels_seen.add(label)
            parts.append(
                pd.DataFrame(
                    {
                        "file": str(path),
                        "row": frame.index[keep] + 2,
                        "reviewer": reviewer[keep].to_numpy(),
                        "call_id": call_id[keep].to_numpy(),
                        "label": label,
                        "answer": answer[keep].to_numpy(),
                    }
                )
            )
    if not labels_seen:
        raise InputError(
            f"no verdict in {', '.join(files)}: every label cell is empty",
            hint="fill the yellow columns (yes / no / unclear) of the Sample sheet, or pass the reviewers' files with --reviews",
        )
    verdicts = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["file", "row", "reviewer", "call_id", "label", "answer"])
    )
    return ReviewSet(verdicts, tuple(files), tuple(c for c in LABELS if c in labels_seen), unreadable, tuple(examples), notes)


def _read_table(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"review file '{path}' not found", location=SourceRef(file=str(path)))
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            sheets = pd.read_excel(path, sheet_name=None, dtype=str)
            name = "Sample" if "Sample" in sheets else next(iter(sheets))
            return sheets[name]
        from auditor.ingest.canonical import detect_delimiter, detect_encoding

        head = path.read_bytes()[:65536]
        encoding = detect_encoding(head)
        first = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[0] if head else ""
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding, sep=detect_delimiter(first))
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader failure is the file's fault: name it
        raise InputError(
            f"cannot read review file '{path}': {str(exc).splitlines()[0]}",
            location=SourceRef(file=str(path)),
            hint="give a CSV (UTF-8 or GBK) or an XLSX with a header row",
        ) from None


def _map_headers(frame: pd.DataFrame, path: Path) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for column in frame.columns:
        canon = _HEADER_INDEX.get(_key(column))
        if canon and canon not in columns:
            columns[canon] = column
    if "call_id" not in columns:
        raise InputError(
            f"{path}: no call_id column (looked for call_id, 通话ID, ...)",
            location=SourceRef(file=str(path)),
            hint=f"the header row has: {', '.join(map(str, frame.columns))}",
        )
    return columns


@dataclass(frozen=True, slots=True)
class Agreement:
    """Two reviewers on one label, over the calls both decided (yes/no)."""

    label: str
    reviewers: tuple[str, str]
    both_decided: int
    agreed: int
    kappa: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "reviewers": list(self.reviewers),
            "both_decided": self.both_decided,
            "agreed": self.agreed,
            "agreement": None if not self.both_decided else self.agreed / self.both_decided,
            "kappa": self.kappa,
        }


def cohen_kappa(a: Sequence[bool], b: Sequence[bool]) -> float | None:
    """Cohen's kappa for two raters' yes/no answers on the same items; None when chance agreement is 1."""
    n = len(a)
    if n == 0 or n != len(b):
        return None
    po = sum(x == y for x, y in zip(a, b, strict=False)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return None if pe >= 1 else (po - pe) / (1 - pe)


def agreements(verdicts: pd.DataFrame) -> list[Agreement]:
    """Every pair of reviewers, every label they both answered."""
    out = []
    decided = verdicts[verdicts["answer"] != UNCLEAR]
    for label, group in decided.groupby("label", sort=True):
        wide = group.drop_duplicates(["reviewer", "call_id"], keep="last").pivot(
            index="call_id", columns="reviewer", values="answer"
        )
        names = sorted(map(str, wide.columns))
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                both = wide[[first, second]].dropna()
                if both.empty:
                    continue
                a, b = (both[first] == YES).tolist(), (both[second] == YES).tolist()
                out.append(
                    Agreement(
                        str(label),
                        (first, second),
                        len(both),
                        int(sum(x == y for x, y in zip(a, b, strict=False))),
                        cohen_kappa(a, b),
                    )
                )
    return out


def consensus(verdicts: pd.DataFrame) -> pd.DataFrame:
    """One row per (call_id, label): ``yes``/``no`` when every decided verdict agrees, ``disputed`` when they conflict,
    ``unclear`` when nobody decided; with the number of reviewers."""
    if verdicts.empty:
        return pd.DataFrame(columns=["call_id", "label", "verdict", "reviewers"])
    flags = verdicts.assign(is_yes=verdicts["answer"] == YES, is_no=verdicts["answer"] == NO)
    grouped = flags.groupby(["call_id", "label"], sort=True).agg(
        yes=("is_yes", "sum"), no=("is_no", "sum"), reviewers=("reviewer", "nunique")
    )
    verdict = pd.Series(UNCLEAR, index=grouped.index, dtype="string")
    verdict[(grouped["yes"] > 0) & (grouped["no"] == 0)] = YES
    verdict[(grouped["no"] > 0) & (grouped["yes"] == 0)] = NO
    verdict[(grouped["yes"] > 0) & (grouped["no"] > 0)] = "disputed"
    return pd.DataFrame({"verdict": verdict, "reviewers": grouped["reviewers"]}).reset_index()
