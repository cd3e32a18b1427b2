"""Rule kind ``benford``: first digits of a call-record column against Benford's law.

What it checks:
    The leading digits of the positive values of ``column`` (default ``revenue``)
    against Benford's shares, by Nigrini's mean absolute deviation (MAD) with
    his first-digit bands (0.006 / 0.012 / 0.015). It runs only when the sample is
    large enough (n >= ``min_n``) and spans at least ``min_orders`` orders of
    magnitude between its 5th and 95th percentiles; otherwise the law does not
    apply and nothing is reported. The percentiles come from the values to five
    significant digits (:class:`auditor.sketch.ValueCounts`), so that a big file is
    read a part at a time. Evidence carries the MAD, the band, the floor
    ``min_n``, the MAD a genuinely Benford sample of that size shows by chance,
    and a chi-square statistic with its p-value (context only: at large n it
    rejects trivial deviations, which is why MAD decides).

Why it matters:
    Amounts that arise naturally over several orders of magnitude follow
    Benford; invented figures rarely do. Nonconformity is a pointer for review,
    not proof, so the pack rule is of low severity.

Parameters:
    column: numeric canonical column (revenue, talk_s, ring_s, csat_score).
    min_n: sample-size floor below which the test is not run.
    min_orders: orders of magnitude (log10 of p95/p5) the values must span.
    max_mad: MAD above which a finding is made (Nigrini: 0.015 = nonconformity).

Example:
    revenue, n = 2,400: MAD 0.031 (nonconformity; a Benford sample of this size
    shows 0.004), chi-square 410 on 8 df, p = 1e-83.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from auditor import stats
from auditor.engagement import Engagement
from auditor.engine.context import AuditContext
from auditor.engine.registry import register_kind
from auditor.engine.spec import RuleSpec
from auditor.findings import Finding
from auditor.ingest.table import CallTable
from auditor.kinds._records import p_value, rounded, sources
from auditor.sketch import ValueCounts

NUMERIC = ("revenue", "talk_s", "ring_s", "csat_score")


@dataclass(frozen=True, slots=True)
class Params:
    column: str = field(default="revenue", metadata={"help": f"numeric column: {', '.join(NUMERIC)}"})
    min_n: int = field(default=1000, metadata={"help": "sample-size floor"})
    min_orders: float = field(default=2.0, metadata={"help": "orders of magnitude (log10 p95/p5) the values must span"})
    max_mad: float = field(default=0.015, metadata={"help": "MAD above which a finding is made"})

    def __post_init__(self) -> None:
        if self.column not in NUMERIC:
            raise ValueError(f"column must be one of {', '.join(NUMERIC)}")
        if self.min_n < 100 or self.min_orders < 0 or self.max_mad <= 0:
            raise ValueError("min_n >= 100, min_orders >= 0 and max_mad > 0")


@dataclass(frozen=True)
class Digits:
    """First-digit counts (1-9) of the positive values, and the values themselves in a quantile sketch."""

    counts: np.ndarray
    values: ValueCounts

    def __add__(self, other: Digits) -> Digits:
        return Digits(self.counts + other.counts, self.values + other.values)


def summarise(rule: RuleSpec[Params], calls: CallTable, engagement: Engagement) -> Digits | None:
    """First digits and a sketch of the column's positive values (None when the column was not supplied)."""
    column = rule.params.column
    if not calls.has(column):
        return None
    values = calls.frame[column].to_numpy(dtype="float64", na_value=np.nan)
    values = values[np.isfinite(values) & (values > 0)]
    counts = np.bincount(stats.first_digits(values), minlength=10)[1:10].astype("int64")
    return Digits(counts, ValueCounts.of(values))


@register_kind("benford", params=Params, summarise=summarise)
def check(rule: RuleSpec[Params], ctx: AuditContext, digits: Digits) -> Iterator[Finding]:
    """First digits far from Benford's law, on samples large and wide enough for it to apply."""
    p = rule.params
    if int(digits.counts.sum()) < p.min_n:
        return
    low, high = digits.values.quantile(0.05), digits.values.quantile(0.95)
    orders = float(np.log10(high / low))
    if orders < p.min_orders:
        return
    mad, shares = stats.benford_mad_of_counts(digits.counts)
    if mad <= p.max_mad:
        return
    chi2, chi_p = stats.chi_square_gof(digits.counts, stats.BENFORD_FIRST)
    n = int(digits.counts.sum())
    yield rule.finding(
        f"First digits of {p.column} depart from Benford's law: MAD {mad:.3f} ({stats.nigrini_band(mad)}; "
        f"a Benford sample of {n:,} shows about {stats.benford_expected_mad(n):.3f})",
        metric=None,
        evidence={
            "test": "Benford first digit, Nigrini MAD bands",
            "column": p.column,
            "n": n,
            "min_n": p.min_n,
            "orders_of_magnitude": rounded(orders, 2),
            "mad": rounded(mad, 5),
            "band": stats.nigrini_band(mad),
            "max_mad": p.max_mad,
            "expected_mad_at_n": rounded(stats.benford_expected_mad(n), 5),
            "statistic": rounded(chi2, 2),
            "p_value": p_value(chi_p),
            "df": 8,
            "digit_shares": {str(d): rounded(s) for d, s in zip(range(1, 10), shares, strict=True)},
            "benford_shares": {str(d): rounded(s) for d, s in zip(range(1, 10), stats.BENFORD_FIRST, strict=True)},
        },
        sources=sources(ctx),
    )
