"""The engagement file: what binds an audit to a contract. Every key has a default.

Unknown keys produce a warning (with a "did you mean"), never a failure. Paths
(lead list, do-not-call list, rule packs) are relative to the engagement file.
See docs/engagement.md for every key.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from auditor.errors import ConfigError
from auditor.ingest.normalise import to_phone
from auditor.location import SourceRef
from auditor.metrics.catalogue import load_catalogue
from auditor.metrics.settings import ComplianceSettings, MetricSettings, PriceBasis, PriceModel
from auditor.sampling.settings import SamplingSettings
from auditor.scope import period_bounds
from auditor.yamlfile import KeyPath, line_of, load_yaml

SCENARIOS = ("marketing", "notification", "service", "collection")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class Tolerance:
    """Slack added to a claim's printed-precision interval before it counts as a mismatch.

    ``abs`` is in the metric's unit (0.001 = 0.1 percentage point for a ratio);
    ``rel`` is a fraction of the recomputed value; ``approximate_rel`` is added
    for figures printed as approximate (``约 4.08万``).
    """

    abs: float = 0.0
    rel: float = 0.0
    approximate_rel: float = 0.01


@dataclass(frozen=True, slots=True)
class Target:
    """A contract target for a metric: ``min <= value <= max``."""

    min: float | None = None
    max: float | None = None


@dataclass(frozen=True, slots=True)
class RulesConfig:
    packs: tuple[str, ...] = ()  # extra pack files, resolved to absolute paths
    disable: frozenset[str] = frozenset()
    severity: Mapping[str, str] = field(default_factory=dict)
    overrides: tuple[Any, ...] = ()  # auditor.engine.spec.RuleOverride, from ``rules: override: {id: {...}}``


@dataclass(frozen=True)
class Engagement:
    """Parsed engagement file; :meth:`metric_settings` gives what the recompute needs."""

    name: str = "engagement"
    scenario: str = "marketing"
    timezone: str = "UTC"
    period: str | None = None
    effective_threshold_s: float = 30.0
    completion_threshold_s: float = 30.0
    satisfied_min_score: float = 4.0
    shift_hours: float = 8.0
    definitions: Mapping[str, str] = field(default_factory=dict)
    tolerance: Tolerance = field(default_factory=Tolerance)
    tolerance_by_metric: Mapping[str, Tolerance] = field(default_factory=dict)
    targets: Mapping[str, Target] = field(default_factory=dict)
    compliance: ComplianceSettings = field(default_factory=ComplianceSettings)
    price: PriceModel | None = None
    lead_list: frozenset[str] | None = None
    rules: RulesConfig = field(default_factory=RulesConfig)
    dispositions: Mapping[str, str] = field(default_factory=dict)
    outcomes: Mapping[str, str] = field(default_factory=dict)
    calls_format: str | None = None
    date_order: str | None = None  # "dmy" / "mdy" for year-last dates in the call records
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    fail_on: str = "high"
    path: str | None = None
    timezone_given: bool = False
    warnings: tuple[str, ...] = ()

    def metric_settings(self) -> MetricSettings:
        return MetricSettings(
            effective_threshold_s=self.effective_threshold_s,
            completion_threshold_s=self.completion_threshold_s,
            satisfied_min_score=self.satisfied_min_score,
            price=self.price,
            lead_list=self.lead_list,
            compliance=self.compliance,
        )

    def binding_definition(self, metric: str) -> str | None:
        """The definition the contract binds ``metric`` to (None = the catalogue default)."""
        return self.definitions.get(metric)

    def tolerance_for(self, metric: str) -> Tolerance:
        return self.tolerance_by_metric.get(metric, self.tolerance)


KNOWN_KEYS = {
    "name",
    "scenario",
    "timezone",
    "period",
    "effective_threshold_s",
    "completion_threshold_s",
    "satisfied_min_score",
    "definitions",
    "tolerance",
    "targets",
    "calling_window",
    "frequency_cap",
    "called_party_timezone",
    "do_not_call",
    "lead_list",
    "price",
    "rules",
    "dispositions",
    "outcomes",
    "calls_format",
    "date_order",
    "fail_on",
    "sampling",
    "shift_hours",
    "abandoned_rate_cap",
    "compliant_call_rate_min",
}
SAMPLING_KEYS = ("confidence", "tolerable", "expected", "population", "strata", "allocation", "min_per_stratum", "seed")


def load_engagement(path: str | Path | None) -> Engagement:
    """Read an engagement file; ``None`` gives the defaults."""
    if path is None:
        return Engagement()
    path = Path(path)
    data, lines = load_yaml(path, ConfigError)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the engagement file must be a mapping of keys to values", location=SourceRef(file=str(path), line=1))
    return _Parser(path, data, lines).parse()


def engagement_from_mapping(
    data: Mapping[str, Any] | None, path: str | Path = "<engagement>", lines: dict[KeyPath, int] | None = None
) -> Engagement:
    """An engagement from an already parsed mapping (rule cases embed one); relative paths resolve next to ``path``."""
    if data is None:
        return Engagement()
    if not isinstance(data, Mapping):
        raise ConfigError("the engagement must be a mapping of keys to values", location=SourceRef(file=str(path)))
    return _Parser(Path(path), dict(data), lines or {}).parse()


class _Parser:
    def __init__(self, path: Path, data: dict[str, Any], lines: dict[KeyPath, int]) -> None:
        self.path, self.data, self.lines = path, data, lines
        self.base = path.parent
        self.warnings: list[str] = []

    def fail(self, key: KeyPath, message: str, hint: str | None = None) -> ConfigError:
        dotted = ".".join(str(k) for k in key)
        return ConfigError(
            f"{dotted}: {message}", location=SourceRef(file=str(self.path), line=line_of(self.lines, *key)), hint=hint
        )

    def warn(self, key: KeyPath, message: str) -> None:
        line = line_of(self.lines, *key)
        self.warnings.append(f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}")

    def parse(self) -> Engagement:
        d = self.data
        for key in d:
            if key not in KNOWN_KEYS:
                close = difflib.get_close_matches(str(key), sorted(KNOWN_KEYS), n=1)
                self.warn((key,), f"unknown key '{key}' ignored" + (f" (did you mean '{close[0]}'?)" if close else ""))
        scenario = str(d.get("scenario", "marketing"))
        if scenario not in SCENARIOS:
            raise self.fail(("scenario",), f"'{scenario}' is not a scenario", hint=f"choose one of {', '.join(SCENARIOS)}")
        timezone = self.timezone(("timezone",), d.get("timezone", "UTC"))
        period = d.get("period")
        if period is not None and period_bounds(str(period)) is None:
            raise self.fail(("period",), f"'{period}' is not YYYY-MM, YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD")
        tolerance, by_metric = self.tolerances(d.get("tolerance") or {})
        fail_on = str(d.get("fail_on", "high")).lower()
        if fail_on not in ("info", "low", "medium", "high", "critical"):
            raise self.fail(("fail_on",), f"'{fail_on}' is not a severity", hint="choose info, low, medium, high or critical")
        return Engagement(
            name=str(d.get("name", self.path.stem)),
            scenario=scenario,
            timezone=timezone,
            period=None if period is None else str(period),
            effective_threshold_s=self.number(("effective_threshold_s",), d.get("effective_threshold_s", 30), minimum=0),
            completion_threshold_s=self.number(("completion_threshold_s",), d.get("completion_threshold_s", 30), minimum=0),
            satisfied_min_score=self.number(("satisfied_min_score",), d.get("satisfied_min_score", 4)),
            shift_hours=self.shift(d.get("shift_hours", 8)),
            definitions=self.definitions(d.get("definitions") or {}),
            tolerance=tolerance,
            tolerance_by_metric=by_metric,
            targets=self.targets(d.get("targets") or {}),
            compliance=self.compliance(d),
            price=self.price(d.get("price")),
            lead_list=self.phone_list(("lead_list",), d.get("lead_list")),
            rules=self.rules(d.get("rules") or {}),
            dispositions=self.str_map(("dispositions",), d.get("dispositions") or {}),
            outcomes=self.str_map(("outcomes",), d.get("outcomes") or {}),
            calls_format=d.get("calls_format"),
            date_order=self.date_order(d.get("date_order")),
            sampling=self.sampling(d.get("sampling") or {}),
            fail_on=fail_on,
            path=str(self.path),
            timezone_given="timezone" in d,
            warnings=tuple(self.warnings),
        )

    def date_order(self, value: Any) -> str | None:
        if value is None:
            return None
        if str(value) not in ("dmy", "mdy", "ymd"):
            raise self.fail(("date_order",), f"'{value}' is not dmy, mdy or ymd", hint="dmy reads 04/09/17 as 4 September 2017")
        return str(value)

    def timezone(self, key: KeyPath, value: Any) -> str:
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail(
                key, f"'{value}' is not an IANA time zone", hint="use a name such as Asia/Shanghai, Europe/Moscow or UTC"
            ) from None
        return str(value)

    def shift(self, value: Any) -> float:
        hours = self.number(("shift_hours",), value)
        if not 0 < hours <= 24:
            raise self.fail(("shift_hours",), f"{hours:g} is not a number of hours between 0 and 24")
        return hours

    def number(self, key: KeyPath, value: Any, minimum: float | None = None) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self.fail(key, f"'{value}' is not a number") from None
        if minimum is not None and number < minimum:
            raise self.fail(key, f"must be >= {minimum:g}")
        return number

    def definitions(self, raw: Any) -> dict[str, str]:
        catalogue = load_catalogue()
        out: dict[str, str] = {}
        for metric, text in self.mapping(("definitions",), raw).items():
            if metric not in catalogue:
                self.warn(("definitions", metric), f"unknown metric '{metric}' ignored")
                continue
            try:
                out[metric] = catalogue[metric].definition(str(text)).text
            except KeyError as exc:
                raise self.fail(("definitions", metric), str(exc.args[0])) from None
        return out

    def tolerances(self, raw: Any) -> tuple[Tolerance, dict[str, Tolerance]]:
        raw = self.mapping(("tolerance",), raw)
        base = self.tolerance(("tolerance",), {k: v for k, v in raw.items() if k != "by_metric"}, Tolerance())
        by_metric = {}
        for metric, spec in self.mapping(("tolerance", "by_metric"), raw.get("by_metric") or {}).items():
            by_metric[str(metric)] = self.tolerance(
                ("tolerance", "by_metric", metric), self.mapping(("tolerance", "by_metric", metric), spec), base
            )
        return base, by_metric

    def tolerance(self, key: KeyPath, raw: dict[str, Any], base: Tolerance) -> Tolerance:
        for name in raw:
            if name not in ("abs", "rel", "approximate_rel"):
                self.warn((*key, name), f"unknown tolerance key '{name}' ignored (use abs, rel, approximate_rel)")
        return Tolerance(
            abs=self.number((*key, "abs"), raw.get("abs", base.abs), minimum=0),
            rel=self.number((*key, "rel"), raw.get("rel", base.rel), minimum=0),
            approximate_rel=self.number((*key, "approximate_rel"), raw.get("approximate_rel", base.approximate_rel), minimum=0),
        )

    def targets(self, raw: Any) -> dict[str, Target]:
        catalogue = load_catalogue()
        out = {}
        for metric, spec in self.mapping(("targets",), raw).items():
            if metric not in catalogue:
                self.warn(("targets", metric), f"unknown metric '{metric}' ignored")
                continue
            spec = self.mapping(("targets", metric), spec)
            lo = spec.get("min")
            hi = spec.get("max")
            out[str(metric)] = Target(
                min=None if lo is None else self.number(("targets", metric, "min"), lo),
                max=None if hi is None else self.number(("targets", metric, "max"), hi),
            )
        return out

    def compliance(self, d: dict[str, Any]) -> ComplianceSettings:
        window = self.mapping(("calling_window",), d.get("calling_window") or {})
        cap = self.mapping(("frequency_cap",), d.get("frequency_cap") or {})
        defaults = ComplianceSettings()
        weekdays = window.get("weekdays")
        allowed = defaults.allowed_weekdays
        if weekdays is not None:
            try:
                allowed = frozenset(WEEKDAYS.index(str(w).lower()[:3]) for w in weekdays)
            except ValueError:
                raise self.fail(
                    ("calling_window", "weekdays"), f"{weekdays} is not a list of weekdays", hint="use mon, tue, ... sun"
                ) from None
        called_zone = d.get("called_party_timezone")
        try:
            return ComplianceSettings(
                window_start=self.clock(("calling_window", "start"), window.get("start", "08:00")),
                window_end=self.clock(("calling_window", "end"), window.get("end", "21:00")),
                allowed_weekdays=allowed,
                max_calls_per_day=self.cap(("frequency_cap", "per_day"), cap.get("per_day", defaults.max_calls_per_day)),
                max_calls_per_week=self.cap(("frequency_cap", "per_week"), cap.get("per_week", defaults.max_calls_per_week)),
                do_not_call=self.phone_list(("do_not_call",), d.get("do_not_call")) or frozenset(),
                called_party_timezone=None if called_zone is None else self.timezone(("called_party_timezone",), called_zone),
                max_abandoned_rate=self.ratio(("abandoned_rate_cap",), d.get("abandoned_rate_cap", defaults.max_abandoned_rate)),
                min_compliant_call_rate=self.ratio(
                    ("compliant_call_rate_min",), d.get("compliant_call_rate_min", defaults.min_compliant_call_rate)
                ),
            )
        except ValueError as exc:
            raise self.fail(("calling_window",), str(exc)) from None

    def clock(self, key: KeyPath, value: Any) -> time:
        if isinstance(value, int):  # YAML reads 08:00 unquoted as sexagesimal minutes
            return time(value // 60, value % 60)
        m = re.fullmatch(r"(\d{1,2}):(\d{2})", str(value).strip())
        if not m or int(m[1]) > 24 or int(m[2]) > 59:
            raise self.fail(key, f"'{value}' is not a time of day", hint='write it as "HH:MM"')
        hour = int(m[1])
        return time(23, 59, 59) if hour == 24 else time(hour, int(m[2]))

    def ratio(self, key: KeyPath, value: Any) -> float:
        number = self.number(key, value, minimum=0)
        if number > 1:
            raise self.fail(key, f"{number:g} is not a ratio between 0 and 1", hint="write 3 % as 0.03")
        return number

    def cap(self, key: KeyPath, value: Any) -> int | None:
        if value is None:
            return None
        number = self.number(key, value, minimum=1)
        return int(number)

    def price(self, raw: Any) -> PriceModel | None:
        if raw is None:
            return None
        spec = self.mapping(("price",), raw)
        model = str(spec.get("model", ""))
        try:
            basis = PriceBasis(model)
        except ValueError:
            raise self.fail(
                ("price", "model"),
                f"'{model}' is not a price model",
                hint=f"choose one of {', '.join(b.value for b in PriceBasis)}",
            ) from None
        if "rate" not in spec:
            raise self.fail(("price",), "rate is required")
        seats = spec.get("seats")
        return PriceModel(
            basis=basis,
            rate=self.number(("price", "rate"), spec["rate"], minimum=0),
            billing_increment_s=self.number(("price", "billing_increment_s"), spec.get("billing_increment_s", 60), minimum=1),
            fixed_fee=self.number(("price", "fixed_fee"), spec.get("fixed_fee", 0), minimum=0),
            seats=None if seats is None else int(self.number(("price", "seats"), seats, minimum=1)),
            currency=str(spec.get("currency", "")),
        )

    def phone_list(self, key: KeyPath, value: Any) -> frozenset[str] | None:
        """A list of numbers inline, or a CSV/TXT file (column ``phone``/``号码``, or one number per line)."""
        if value is None:
            return None
        if isinstance(value, list):
            numbers = pd.Series([str(v) for v in value], dtype="string")
        else:
            file = (self.base / str(value)).resolve()
            if not file.is_file():
                raise self.fail(key, f"file '{value}' not found (looked for {file})")
            numbers = _read_phone_column(file)
        return frozenset(to_phone(numbers).dropna().tolist())

    def rules(self, raw: Any) -> RulesConfig:
        spec = self.mapping(("rules",), raw)
        packs = []
        for i, item in enumerate(spec.get("packs") or []):
            file = (self.base / str(item)).resolve()
            if not file.is_file():
                raise self.fail(("rules", "packs", i), f"rule pack '{item}' not found (looked for {file})")
            packs.append(str(file))
        severity = self.str_map(("rules", "severity"), spec.get("severity") or {})
        from auditor.engine.spec import parse_override
        from auditor.errors import RulePackError

        overrides = []
        for rule_id, change in self.mapping(("rules", "override"), spec.get("override") or {}).items():
            try:
                overrides.append(
                    parse_override(change, str(self.path), self.lines, ("rules", "override", rule_id), rule_id=str(rule_id))
                )
            except RulePackError as exc:
                raise ConfigError(exc.message, location=exc.location, hint=exc.hint) from None
        for key in spec:
            if key not in ("packs", "disable", "severity", "override"):
                self.warn(("rules", key), f"unknown key 'rules.{key}' ignored (use packs, disable, severity, override)")
        return RulesConfig(
            packs=tuple(packs),
            disable=frozenset(map(str, spec.get("disable") or [])),
            severity=severity,
            overrides=tuple(overrides),
        )

    def sampling(self, raw: Any) -> SamplingSettings:
        spec = self.mapping(("sampling",), raw)
        for name in spec:
            if name not in SAMPLING_KEYS:
                close = difflib.get_close_matches(str(name), SAMPLING_KEYS, n=1)
                self.warn(
                    ("sampling", name),
                    f"unknown sampling key '{name}' ignored" + (f" (did you mean '{close[0]}'?)" if close else ""),
                )
        base = SamplingSettings()
        strata = spec.get("strata", [])
        if isinstance(strata, str):
            strata = [s.strip() for s in strata.split(",") if s.strip()]
        seed = spec.get("seed")
        try:
            return SamplingSettings(
                confidence=self.number(("sampling", "confidence"), spec.get("confidence", base.confidence)),
                tolerable=self.number(("sampling", "tolerable"), spec.get("tolerable", base.tolerable)),
                expected=self.number(("sampling", "expected"), spec.get("expected", base.expected)),
                population=str(spec.get("population", base.population)),
                strata=tuple(str(s) for s in strata),
                allocation=str(spec.get("allocation", base.allocation)),
                min_per_stratum=int(
                    self.number(("sampling", "min_per_stratum"), spec.get("min_per_stratum", base.min_per_stratum), minimum=0)
                ),
                seed=None if seed is None else int(self.number(("sampling", "seed"), seed, minimum=0)),
            )
        except ConfigError as exc:
            if exc.location is not None:
                raise
            raise self.fail(("sampling",), exc.message, hint=exc.hint) from None

    def mapping(self, key: KeyPath, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a mapping (key: value lines)")
        return value

    def str_map(self, key: KeyPath, value: Any) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.mapping(key, value).items()}


def _read_phone_column(file: Path) -> pd.Series:
    from auditor.ingest.canonical import detect_encoding

    raw = file.read_bytes()
    text = raw.decode(detect_encoding(raw[:65536]), errors="replace").lstrip("\ufeff")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return pd.Series([], dtype="string")
    header = [h.strip().lower() for h in re.split(r"[,;\t]", lines[0])]
    for name in ("phone", "号码", "电话", "手机号", "number", "номер"):
        if name in header:
            col = header.index(name)
            return pd.Series(
                [re.split(r"[,;\t]", line)[col] if len(re.split(r"[,;\t]", line)) > col else "" for line in lines[1:]],
                dtype="string",
            )
    return pd.Series([re.split(r"[,;\t]", line)[0] for line in lines], dtype="string")
