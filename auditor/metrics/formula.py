"""Metric formulas such as ``connected/total_dials`` or ``(revenue-total_cost)/total_cost``.

A definition is ``numerator/denominator`` where each side is a sum or difference of
building-block ids. Formulas are parsed once with :mod:`ast` (no ``eval``) and
evaluated on anything that supports ``+`` and ``-``: numbers or pandas Series.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


class Blocks(Protocol):
    """Building-block values by id: a mapping, or one row of a frame (a :class:`pandas.Series`)."""

    def __getitem__(self, key: str, /) -> Any: ...


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed ``numerator/denominator`` definition."""

    text: str
    numerator: ast.expr
    denominator: ast.expr
    names: frozenset[str]

    def evaluate(self, blocks: Blocks) -> tuple[Any, Any]:
        """Return ``(numerator, denominator)`` computed from building-block values."""
        return _eval(self.numerator, blocks), _eval(self.denominator, blocks)


def parse_formula(text: str) -> Formula:
    """Parse ``a/b``, ``(a-b)/c`` or ``a/(b+c)``; raise ValueError for anything else."""
    compact = text.replace(" ", "")
    try:
        tree = ast.parse(compact, mode="eval").body
    except SyntaxError as exc:
        raise ValueError(f"formula {text!r} is not valid: {exc.msg}") from None
    if not (isinstance(tree, ast.BinOp) and isinstance(tree.op, ast.Div)):
        raise ValueError(f"formula {text!r} must be numerator/denominator")
    names: set[str] = set()
    for side in (tree.left, tree.right):
        _collect_names(side, names, text)
    return Formula(text=compact, numerator=tree.left, denominator=tree.right, names=frozenset(names))


def _collect_names(node: ast.expr, names: set[str], text: str) -> None:
    if isinstance(node, ast.Name):
        names.add(node.id)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        _collect_names(node.left, names, text)
        _collect_names(node.right, names, text)
    elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        pass
    else:
        raise ValueError(f"formula {text!r}: only block ids, numbers, + and - are allowed on each side")


_OPS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
}


def _eval(node: ast.expr, blocks: Blocks) -> Any:
    if isinstance(node, ast.Name):
        return blocks[node.id]
    if isinstance(node, ast.Constant):
        return node.value
    assert isinstance(node, ast.BinOp)
    return _OPS[type(node.op)](_eval(node.left, blocks), _eval(node.right, blocks))
