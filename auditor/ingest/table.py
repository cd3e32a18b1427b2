"""The canonical call table and its validating constructor."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from auditor.agents import AgentDirectory
from auditor.errors import RecordFormatError
from auditor.ingest import normalise as norm
from auditor.ingest.quality import MAX_EXAMPLES, DataQualityIssue
from auditor.ingest.schema import BY_NAME, COLUMN_NAMES, DTYPES, REQUIRED, ColumnType, Disposition, Outcome
from auditor.ingest.vocabulary import DISPOSITIONS, OUTCOMES
from auditor.ingest.zone import TableZone, ZoneEvidence, decide_zone
from auditor.location import SourceRef
from auditor.privacy import mask_phone

#: Provenance columns carried beside the canonical ones (extension): file and 1-based row.
SOURCE_FILE = "source_file"
SOURCE_ROW = "source_row"
#: Text columns with few distinct values, held as pandas Categoricals (sorted categories).
CATEGORICAL = ("campaign", "agent_id", "agent_name")
DISPOSITION_CATEGORIES = [d.value for d in Disposition]
OUTCOME_CATEGORIES = [o.value for o in Outcome]


@dataclass(frozen=True)
class CallTable:
    """Call records in canonical form (CONTRACT section 1).

    ``frame`` has every canonical column (absent optional ones are all-NA) plus
    ``source_file`` and ``source_row``. ``supplied`` names the optional columns the
    input actually had: a metric built on a column that was never supplied is
    unknown, not zero. Build one with :meth:`from_frame`.

    ``timezone`` is the zone local hours and days are read in (the timestamp columns are held
    in it); ``zone_origin`` says where it came from (:mod:`auditor.ingest.zone`; None: given
    by the caller, as the engagement's).

    ``absent`` names required columns the input cannot carry at all: dials read from aggregated
    disposition counts (:mod:`auditor.ingest.adapters.counts`) have no call id, time or number.
    Their columns are blank, :meth:`has` is False for them, and what rests on them is unknown.
    """

    frame: pd.DataFrame
    timezone: str = "UTC"
    supplied: frozenset[str] = frozenset()
    issues: tuple[DataQualityIssue, ...] = ()
    sources: tuple[str, ...] = field(default=())
    zone_origin: TableZone | None = None
    absent: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        missing = [c for c in (*COLUMN_NAMES, SOURCE_FILE, SOURCE_ROW) if c not in self.frame.columns]
        if missing:
            raise RecordFormatError(f"canonical call table lacks columns {missing}", hint="build it with CallTable.from_frame()")
        for name in ("start_time", "answer_time", "end_time"):
            if getattr(self.frame[name].dtype, "tz", None) is None:
                raise RecordFormatError(
                    f"canonical column {name} must be time-zone aware", hint="build it with CallTable.from_frame()"
                )

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def zone(self) -> TableZone:
        """The zone local times are read in, with where it came from."""
        return self.zone_origin if self.zone_origin is not None else TableZone(self.timezone)

    @cached_property
    def agents(self) -> AgentDirectory:
        """The agents of the records with the names they give them, to match a report's agent names."""
        return AgentDirectory.of(self.frame["agent_id"], self.frame["agent_name"] if self.has("agent_name") else None)

    def has(self, column: str) -> bool:
        """True when the column was supplied (required columns always are, unless the input cannot carry them)."""
        return column not in self.absent and (column in REQUIRED or column in self.supplied)

    @classmethod
    def empty(cls, timezone: str = "UTC") -> CallTable:
        return cls.from_frame(pd.DataFrame({c: [] for c in REQUIRED}), timezone=timezone, source="<empty>")

    @classmethod
    def from_frame(
        cls,
        raw: pd.DataFrame,
        *,
        timezone: str | None = "UTC",
        mapping_zone: str | None = None,
        source: str = "<frame>",
        dispositions: Mapping[str, object] | None = None,
        outcomes: Mapping[str, object] | None = None,
        absent: Iterable[str] = (),
    ) -> CallTable:
        """Validate and coerce a frame whose columns already carry canonical names.

        Missing required columns raise :class:`RecordFormatError` naming them. Bad
        values never raise: they become NA and a :class:`DataQualityIssue` with
        the count and example rows. No row is dropped.

        Args:
            raw: one row per dial attempt; extra columns are ignored.
            timezone: IANA zone for naive timestamps and local dates; None: decided from
                ``mapping_zone``, else the offsets the start times are written with, else
                assumed (:func:`auditor.ingest.zone.decide_zone`).
            mapping_zone: a mapping file's ``timezone:`` (used when ``timezone`` is None).
            source: file name for messages (used when ``raw`` has no ``source_file``).
            dispositions, outcomes: value tables (normalised key -> enum); defaults
                are :data:`auditor.ingest.vocabulary.DISPOSITIONS` / ``OUTCOMES``.
            absent: required columns the input cannot carry (aggregated counts); left blank, not reported per row.
        """
        absent = frozenset(absent) & frozenset(REQUIRED)
        missing = [c for c in REQUIRED if c not in raw.columns and c not in absent]
        if missing:
            raise RecordFormatError(
                f"required column(s) {', '.join(missing)} not found; columns present: {', '.join(map(str, raw.columns))}",
                location=SourceRef(file=source),
                hint="rename the columns to the canonical names (see docs/canonical-calls.md) or pass a mapping file",
            )
        seen = ZoneEvidence.of(raw["start_time"]) if "start_time" in raw.columns else ZoneEvidence()
        zone = None if timezone is not None else decide_zone(None, mapping_zone, seen)
        builder = _Builder(raw, zone.name if zone is not None else str(timezone), source, absent=absent)
        frame = builder.build(dispositions or DISPOSITIONS, outcomes or OUTCOMES)
        zone = zone or decide_zone(timezone, None, builder.zone_seen)
        supplied = frozenset(c for c in COLUMN_NAMES if c in raw.columns) | builder.derived
        sources = tuple(pd.unique(frame[SOURCE_FILE].astype(str))) if len(frame) else (source,)
        return cls(
            frame=frame,
            timezone=zone.name,
            supplied=supplied,
            issues=tuple(builder.issues),
            sources=sources,
            zone_origin=zone,
            absent=absent,
        )


class _Builder:
    """Coerces one raw frame column by column, collecting data-quality issues."""

    def __init__(
        self, raw: pd.DataFrame, timezone: str, source: str, *, whole: bool = True, absent: frozenset[str] = frozenset()
    ) -> None:
        self.raw = raw.reset_index(drop=True)
        #: required columns the input cannot carry: blank, and not reported row by row
        self.absent = absent
        self.timezone = timezone
        #: False when ``raw`` is one block of a longer input (auditor.ingest.blocks): checks across
        #: rows (duplicate call_id) are then left to the caller, which sees every block.
        self.whole = whole
        self.issues: list[DataQualityIssue] = []
        #: per issue code: the order its check runs in and its message template, to merge blocks' issues
        self.ranks: dict[str, int] = {}
        self.templates: dict[str, str] = {}
        self.derived: set[str] = set()
        #: what the start times say of their zone (:mod:`auditor.ingest.zone`), once built
        self.zone_seen = ZoneEvidence()
        n = len(self.raw)
        self.out = pd.DataFrame(index=self.raw.index)
        if SOURCE_FILE in self.raw.columns:
            files = self.raw[SOURCE_FILE]  # categories in reading order, as the block reader's: ties sort by file read first
            self.out[SOURCE_FILE] = files if isinstance(files.dtype, pd.CategoricalDtype) else _in_order_read(files)
        else:
            self.out[SOURCE_FILE] = pd.Categorical([source] * n)
        if SOURCE_ROW in self.raw.columns:
            self.out[SOURCE_ROW] = self.raw[SOURCE_ROW].astype("int64")
        else:
            self.out[SOURCE_ROW] = np.arange(2, n + 2, dtype="int64")  # header is row 1

    def build(self, dispositions: Mapping[str, object], outcomes: Mapping[str, object]) -> pd.DataFrame:
        for name in COLUMN_NAMES:
            column = BY_NAME[name]
            if name not in self.raw.columns:
                self.out[name] = _empty(column.type, len(self.raw), self.timezone)
                continue
            values = self.raw[name]
            if column.type is ColumnType.STRING:
                self.out[name] = norm.to_phone(values) if name in ("phone", "caller") else norm.to_text(values)
                if name in CATEGORICAL:  # few distinct values: 1-2 bytes a row instead of the text
                    self.out[name] = _sorted_categories(self.out[name])
            elif column.type is ColumnType.TIMESTAMP:
                parsed, bad, placeholder = norm.to_timestamp(values, self.timezone)
                self.out[name] = parsed
                if name == "start_time":
                    self.zone_seen = ZoneEvidence.of(values, parsed)
                self._report(
                    bad, name, "unparseable_timestamp", "{n} row(s) have a {col} that is not a date-time; set to blank", values
                )
                self._report(
                    placeholder,
                    name,
                    "placeholder_timestamp",
                    "{n} row(s) have a placeholder {col} (such as 0000-00-00 or 1900-01-01); set to blank",
                    values,
                )
            elif column.type is ColumnType.SECONDS:
                seconds, bad = norm.to_seconds(values)
                self.out[name] = seconds
                self._report(
                    bad, name, "unparseable_duration", "{n} row(s) have a {col} that is not a duration; set to blank", values
                )
            elif column.type is ColumnType.NUMBER:
                numbers, bad = norm.to_number(values)
                self.out[name] = numbers
                self._report(
                    bad, name, "unparseable_number", "{n} row(s) have a {col} that is not a number; set to blank", values
                )
            elif column.type is ColumnType.BOOL:
                flags, bad = norm.to_bool(values)
                self.out[name] = flags
                self._report(
                    bad,
                    name,
                    "unparseable_flag",
                    "{n} row(s) have a {col} that is not yes/no; set to blank (counted as no)",
                    values,
                )
            elif column.type is ColumnType.DISPOSITION:
                mapped, bad = norm.to_enum(values, dispositions, DISPOSITION_CATEGORIES)
                self.out[name] = mapped
                self._report(
                    bad,
                    name,
                    "unmapped_disposition",
                    "{n} row(s) have a {col} that maps to no canonical disposition; "
                    "counted as dials, never as connected or valid",
                    values,
                    by_value=True,
                    effect="counted in total_dials only",
                )
            elif column.type is ColumnType.OUTCOME:
                mapped, bad = norm.to_enum(values, outcomes, OUTCOME_CATEGORIES)
                self.out[name] = mapped
                self._report(
                    bad,
                    name,
                    "unmapped_outcome",
                    "{n} row(s) have an {col} that maps to no canonical outcome; treated as not recorded",
                    values,
                    by_value=True,
                )
        self._derive_durations()
        self._check_required_values()
        self._check_consistency()
        return self.out[[*COLUMN_NAMES, SOURCE_FILE, SOURCE_ROW]]

    def _derive_durations(self) -> None:
        out = self.out
        answered = out["disposition"] == Disposition.ANSWERED.value
        if "talk_s" not in self.raw.columns and "answer_time" in self.raw.columns and "end_time" in self.raw.columns:
            out["talk_s"] = (out["end_time"] - out["answer_time"]).dt.total_seconds().where(answered, 0.0)
            self.derived.add("talk_s")
        if "ring_s" not in self.raw.columns and "answer_time" in self.raw.columns:
            until = out["answer_time"].where(out["answer_time"].notna(), out["end_time"])
            out["ring_s"] = (until - out["start_time"]).dt.total_seconds()
            self.derived.add("ring_s")

    def _check_required_values(self) -> None:
        out = self.out
        for name in ("call_id", "phone"):
            given = name not in self.absent
            self._report(out[name].isna() & given, name, f"missing_{name}", "{n} row(s) have no {col}; kept", self.raw.get(name))
        blank_start = False if "start_time" in self.absent else norm.blank_mask(self.raw["start_time"])
        self._report(
            out["start_time"].isna() & blank_start,
            "start_time",
            "missing_start_time",
            "{n} row(s) have no start_time; they count in totals but not in any day or period",
            None,
        )
        self._report(
            out["disposition"].isna() & norm.blank_mask(self.raw["disposition"]),
            "disposition",
            "missing_disposition",
            "{n} row(s) have no disposition; counted as dials, never as connected or valid",
            None,
            effect="counted in total_dials only",
        )
        self._rank("duplicate_call_id", "")
        ids = self.raw["call_id"] if "call_id" in self.raw.columns else out["call_id"]
        duplicate = duplicate_call_id_issue(out, ids.iloc.__getitem__) if self.whole else None
        if duplicate is not None:
            self.issues.append(duplicate)
        answered = out["disposition"] == Disposition.ANSWERED.value
        counts = bool(self.absent)  # aggregated counts carry no talk time at all: unknown, not a per-row problem
        self._report(
            answered & out["talk_s"].isna() & (not counts),
            "talk_s",
            "answered_without_talk",
            "{n} answered row(s) have no talk_s; they cannot count as effective by talk time",
            None,
        )

    def _check_consistency(self) -> None:
        out = self.out
        answered = out["disposition"] == Disposition.ANSWERED.value
        flagged = out["outcome"].isin([Outcome.EFFECTIVE.value, Outcome.INTENT.value, Outcome.CONVERTED.value])
        for flag in ("complaint", "opt_out", "follow_up", "resolved", "recontact"):
            flagged = flagged | out[flag].fillna(False).astype(bool)
        self._report(
            flagged & ~answered,
            "outcome",
            "result_on_unanswered_call",
            "{n} dial(s) that were not answered carry an outcome or a complaint/opt-out/follow-up flag; "
            "not counted in funnel figures",
            None,
            effect="not counted in funnel figures",
        )
        for name in ("ring_s", "talk_s"):
            self._report(out[name] < 0, name, f"negative_{name}", "{n} row(s) have a negative {col}; kept as given", out[name])
        if out["end_time"].notna().any():
            span = (out["end_time"] - out["start_time"]).dt.total_seconds()
            self._report(span < 0, "end_time", "end_before_start", "{n} row(s) end before they start", None)
            self._report(
                out["talk_s"] > span + 1.0,
                "talk_s",
                "talk_longer_than_call",
                "{n} row(s) have talk_s longer than end_time - start_time (+1 s); kept as given",
                out["talk_s"],
            )

    def _rank(self, code: str, template: str) -> None:
        self.ranks.setdefault(code, len(self.ranks))
        self.templates.setdefault(code, template)

    def _report(
        self,
        mask: pd.Series,
        column: str,
        code: str,
        template: str,
        values: pd.Series | None,
        *,
        by_value: bool = False,
        effect: str = "kept",
    ) -> None:
        self._rank(code, template)
        mask = mask.fillna(False).astype(bool)
        count = int(mask.sum())
        if count == 0:
            return
        rows = self.out.loc[mask, [SOURCE_FILE, SOURCE_ROW]].head(MAX_EXAMPLES)
        examples = []
        for idx, (file, row) in rows.iterrows():
            value = None if values is None else values.iloc[idx]  # type: ignore[call-overload]
            if value is not None and hasattr(value, "item"):  # numpy scalar: show 9.0, not np.float64(9.0)
                value = value.item()
            if value is not None and column in ("phone", "caller") and not pd.isna(value):
                value = mask_phone(value)
            shown = "" if values is None else ": (blank)" if _missing(value) else f": {value!r}"
            examples.append(f"{file} row {row:,}{shown}")
        details: dict[str, object] = {}
        if by_value and values is not None:
            counts = values[mask].astype("string").value_counts().head(20)
            details["by_value"] = {str(k): int(v) for k, v in counts.items()}
        self.issues.append(
            DataQualityIssue(
                code=code,
                message=template.format(n=f"{count:,}", col=column),
                count=count,
                column=column,
                examples=tuple(examples),
                effect=effect,
                details=details,
            )
        )


def _sorted_categories(text: pd.Series) -> pd.Series:
    """Text as a Categorical with its distinct values sorted (pyarrow's hash table for Arrow-backed text)."""
    if not (isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow"):
        return text.astype(pd.CategoricalDtype(pd.Index(sorted(text.dropna().unique()), dtype="string")))
    array = pa.array(text.array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    encoded = pc.dictionary_encode(array)
    labels = encoded.dictionary.to_pylist()
    order = sorted(range(len(labels)), key=labels.__getitem__)
    rank = np.empty(len(labels) + 1, dtype="int64")
    rank[order] = np.arange(len(labels))
    rank[-1] = -1  # missing
    indices = encoded.indices.fill_null(len(labels)).to_numpy(zero_copy_only=False)
    dtype = pd.CategoricalDtype(pd.Index([labels[i] for i in order], dtype="string"))
    return pd.Series(pd.Categorical.from_codes(rank[indices], dtype=dtype), index=text.index)


def _missing(value: object) -> bool:
    """A missing source value (NaN, None or pd.NA, however the reader held the column)."""
    return value is None or (isinstance(value, float | type(pd.NA)) and bool(pd.isna(value)))


def duplicated_values(values: pd.Series) -> pd.Series:
    """True for non-missing values that occur more than once (pyarrow's hash table for text: 2.5x pandas)."""
    if isinstance(values.dtype, pd.StringDtype):
        array = pa.array(values.array)
        chunks = [array] if isinstance(array, pa.Array) else array.chunks
        indices = pa.chunked_array(chunks, type=array.type)  # typed: an empty column has no chunk to take it from
        encoded = pc.dictionary_encode(indices).combine_chunks()
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        known = encoded.indices.is_valid().to_numpy(zero_copy_only=False)
        if not known.any():
            return pd.Series(False, index=values.index)
        codes = np.where(known, codes, 0).astype("int64")
        counts = np.bincount(codes[known], minlength=len(encoded.dictionary))
        return pd.Series(known & (counts[codes] > 1), index=values.index)
    return values.notna() & values.duplicated(keep=False)


def duplicate_call_id_issue(
    out: pd.DataFrame, raw_call_id: Callable[[int], object], candidates: np.ndarray | None = None
) -> DataQualityIssue | None:
    """Rows sharing a call_id (all of them, first rows as examples with the source value ``raw_call_id(row position)``), or None.

    ``candidates`` (optional) marks the only rows that can be duplicates (rows sharing a hash).
    """
    if candidates is None:
        dup = duplicated_values(out["call_id"])
    else:
        dup = pd.Series(False, index=out.index)
        rows = np.flatnonzero(candidates)
        dup.iloc[rows] = duplicated_values(out["call_id"].iloc[rows]).to_numpy()
    count = int(dup.sum())
    if count == 0:
        return None
    n_ids = int(out.loc[dup, "call_id"].nunique())
    first = out.loc[dup, [SOURCE_FILE, SOURCE_ROW]].head(MAX_EXAMPLES)
    examples = tuple(
        f"{file} row {row:,}: {raw_call_id(idx)!r}"
        for idx, file, row in zip(first.index, first[SOURCE_FILE], first[SOURCE_ROW], strict=True)
    )
    return duplicate_call_id_summary(count, n_ids, examples)


def duplicate_call_id_summary(count: int, n_ids: int, examples: tuple[str, ...]) -> DataQualityIssue:
    """The ``duplicate_call_id`` issue: ``count`` rows sharing ``n_ids`` call ids."""
    return DataQualityIssue(
        code="duplicate_call_id",
        message=f"{count:,} row(s) share {n_ids:,} call_id value(s); all kept, each counted as a dial",
        count=count,
        column="call_id",
        examples=examples,
    )


def _in_order_read(files: pd.Series) -> pd.Series:
    return files.astype(pd.CategoricalDtype(pd.Index(pd.unique(files.dropna()), dtype="string")))


def _empty(kind: ColumnType, n: int, timezone: str) -> pd.Series:
    if kind is ColumnType.TIMESTAMP:
        return pd.Series(pd.NaT, index=range(n), dtype=pd.DatetimeTZDtype(unit="ns", tz=timezone))
    if kind is ColumnType.DISPOSITION:
        return pd.Series(pd.Categorical([None] * n, categories=DISPOSITION_CATEGORIES))
    if kind is ColumnType.OUTCOME:
        return pd.Series(pd.Categorical([None] * n, categories=OUTCOME_CATEGORIES))
    if DTYPES[kind] == "float64":
        return pd.Series(np.full(n, np.nan))
    if kind is ColumnType.BOOL:
        return pd.Series(pd.arrays.BooleanArray(np.zeros(n, dtype=bool), np.ones(n, dtype=bool)))
    if kind is ColumnType.STRING:
        return pd.Series(pd.array(pa.nulls(n, pa.string()), dtype="string"))
    return pd.Series([pd.NA] * n, dtype=DTYPES[kind])
