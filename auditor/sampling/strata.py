"""Sharing a sample among strata: proportional, equal, or each stratum sized on its own."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np


def largest_remainder(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Whole numbers proportional to ``weights`` that add up to ``total`` (Hamilton's method, ties by name)."""
    names = sorted(weights)
    w = np.array([max(0.0, weights[k]) for k in names], dtype=float)
    if total <= 0 or w.sum() == 0:
        return {k: 0 for k in names}
    exact = w / w.sum() * total
    base = np.floor(exact).astype(int)
    short = total - int(base.sum())
    order = sorted(range(len(names)), key=lambda i: (-(exact[i] - base[i]), names[i]))
    for i in order[:short]:
        base[i] += 1
    return {k: int(v) for k, v in zip(names, base, strict=False)}


def allocate(
    total: int,
    sizes: Mapping[str, int],
    method: str = "proportional",
    minimum: int = 0,
    size_of: Callable[[int], int] | None = None,
) -> dict[str, int]:
    """Sample size per stratum.

    Args:
        total: the plan's overall n (ignored by ``per_stratum``).
        sizes: population per stratum.
        method: ``proportional`` (by stratum size), ``equal``, or ``per_stratum`` (``size_of(N_h)`` each).
        minimum: floor per stratum (proportional/equal); raises the total when needed.
        size_of: the sample size for a population of a given size (``per_stratum`` only).

    Every stratum gets at most its own size, and the result never drops a stratum.
    """
    if method == "per_stratum":
        if size_of is None:
            raise ValueError("per_stratum allocation needs size_of")
        return {k: min(n, size_of(n)) if n > 0 else 0 for k, n in sizes.items()}
    weights = {k: float(n) if method == "proportional" else (1.0 if n > 0 else 0.0) for k, n in sizes.items()}
    out = largest_remainder(min(total, sum(sizes.values())), weights)
    out = {k: min(sizes[k], max(v, min(minimum, sizes[k]))) for k, v in out.items()}
    # Capping at a stratum's size frees places: hand them to strata that still have calls left, by weight.
    spare = min(total, sum(sizes.values())) - sum(out.values())
    while spare > 0:
        room = {k: weights[k] for k in out if out[k] < sizes[k]}
        if not room:
            break
        extra = largest_remainder(spare, room) if sum(room.values()) > 0 else {}
        if not any(extra.values()):
            first = sorted(room)[0]
            extra = {first: 1}
        for k, v in extra.items():
            out[k] = min(sizes[k], out[k] + v)
        spare = min(total, sum(sizes.values())) - sum(out.values())
    return out
