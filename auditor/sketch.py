"""A small mergeable quantile sketch: counts of values rounded to 5 significant digits.

:class:`ValueCounts` holds the distinct rounded values of a sample (sorted) and how
often each occurs. Summaries of any partition of the rows add up (``a + b``) to
exactly the summary of all of them, so quantiles of a file read in parts are the
same as of the file read whole.

Precision: every finite value is rounded to 5 significant digits (relative error
at most 5e-5); integers below 100000 and zero are kept exactly, so whole-second
talk times lose nothing. :meth:`ValueCounts.quantile` is then *exactly*
``np.quantile(rounded, q)`` (default linear method) of the expanded multiset.
Memory: at most 90,000 keys per decade of magnitude (mantissas 10000-99999),
whatever the number of rows. NaN and infinities are ignored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

#: Significant digits kept by :func:`round_significant`.
DIGITS = 5
_TOP = 10.0**DIGITS  # integers below this are already exact at DIGITS digits
_TINY, _HUGE = 1e-280, 1e300  # outside this range values are kept as they are (10**k would overflow)
_BIAS = 300
_POW10 = 10.0 ** np.arange(-_BIAS, _BIAS + 1, dtype=float)  # _POW10[k + _BIAS] == 10.0**k


def round_significant(values: np.ndarray) -> np.ndarray:
    """``values`` (float) rounded to :data:`DIGITS` significant digits, half to even on the mantissa.

    Zero and integers below 100000 come back exactly; the relative error is at most 5e-5.
    """
    x = np.asarray(values, dtype=float)
    out = x.copy()
    size = np.abs(x)
    todo = np.isfinite(x) & (size > _TINY) & (size < _HUGE) & ~((size < _TOP) & (x == np.floor(x)))
    if not todo.any():
        return out
    v = size[todo]
    e = np.floor(np.log10(v)).astype(np.int64)
    e -= v < _POW10[e + _BIAS]  # log10 can be one off near powers of ten
    e += v >= _POW10[e + 1 + _BIAS]
    digits = (DIGITS - 1) - e  # mantissa = v * 10**digits in [10**4, 10**5)
    scale = _POW10[np.abs(digits) + _BIAS]  # exact for |digits| <= 22, the usual case
    rounded = np.where(digits >= 0, np.rint(v * scale) / scale, np.rint(v / scale) * scale)
    out[todo] = np.copysign(rounded, x[todo])
    return out


def _collapse(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique keys with the counts of equal keys added (int64, exact)."""
    if len(keys) == 0:
        return np.zeros(0, dtype=float), np.zeros(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.add.reduceat(counts, starts).astype(np.int64)


@dataclass(frozen=True, slots=True, eq=False)
class ValueCounts:
    """Distinct rounded values (``keys``, ascending) and their ``counts``; add two to merge.

    Build with :meth:`of` or :meth:`empty`. Equality compares the arrays; picklable.
    """

    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=float))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @classmethod
    def empty(cls) -> ValueCounts:
        return cls()

    @classmethod
    def of(cls, values: np.ndarray) -> ValueCounts:
        """Counts of ``values`` rounded to 5 significant digits; NaN and infinities are ignored."""
        x = np.asarray(values, dtype=float)
        distinct, counts = np.unique(x[np.isfinite(x)], return_counts=True)  # round the distinct values only
        keys, counts = _collapse(round_significant(distinct), counts.astype(np.int64))
        return cls(keys, counts)

    def __add__(self, other: ValueCounts) -> ValueCounts:
        if not isinstance(other, ValueCounts):
            return NotImplemented
        keys, counts = _collapse(np.concatenate([self.keys, other.keys]), np.concatenate([self.counts, other.counts]))
        return ValueCounts(keys, counts)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValueCounts):
            return NotImplemented
        return bool(np.array_equal(self.keys, other.keys) and np.array_equal(self.counts, other.counts))

    __hash__ = None  # type: ignore[assignment]  # holds arrays: not hashable

    def __len__(self) -> int:
        return self.n

    @property
    def n(self) -> int:
        """How many values were counted."""
        return int(self.counts.sum())

    def _at(self, ranks: np.ndarray) -> np.ndarray:
        """The values at 0-based ``ranks`` of the expanded sorted multiset."""
        return np.asarray(self.keys[np.searchsorted(np.cumsum(self.counts), ranks, side="right")], dtype=float)

    def quantile(self, q: float) -> float:
        """Exactly ``np.quantile(expanded_rounded_values, q)`` (linear method); NaN when empty."""
        n = self.n
        if n == 0:
            return math.nan
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"quantile {q} is outside [0, 1]")
        index = (n - 1) * float(q)  # numpy's steps, so the result is bit-identical
        if index >= n - 1:
            return float(self._at(np.array([n - 1]))[0])
        below = math.floor(index)
        a, b = (float(v) for v in self._at(np.array([below, below + 1])))
        gamma = index - below
        diff = b - a
        return float(b - diff * (1 - gamma)) if gamma >= 0.5 else float(a + diff * gamma)

    def median(self) -> float:
        """Exactly ``np.median`` of the expanded rounded values (mean of the middle two); NaN when empty."""
        n = self.n
        if n == 0:
            return math.nan
        middle = self._at(np.array([(n - 1) // 2, n // 2]))
        return float(np.mean(middle)) if n % 2 == 0 else float(middle[0])


__all__ = ["DIGITS", "ValueCounts", "round_significant"]
