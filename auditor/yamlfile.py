"""YAML files read with line numbers, so errors can say ``file.yaml:7: ...``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from auditor.errors import AuditorError
from auditor.location import SourceRef

KeyPath = tuple[Any, ...]


def load_yaml(path: str | Path, error: type[AuditorError]) -> tuple[Any, dict[KeyPath, int]]:
    """Parse a YAML file; returns the data and the 1-based line of every mapping key and list item.

    Raises ``error`` (a subclass of AuditorError) naming the file and line on bad YAML.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error("file not found", location=SourceRef(file=str(path))) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"cannot read: {exc}", location=SourceRef(file=str(path))) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise error(
            f"not valid YAML: {problem}",
            location=SourceRef(file=str(path), line=line),
            hint="check indentation and quoting around that line",
        ) from None
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[(*path, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*path, key), lines)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines)


def line_of(lines: dict[KeyPath, int], *path: Any) -> int | None:
    """Line of the deepest known prefix of ``path``."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None
