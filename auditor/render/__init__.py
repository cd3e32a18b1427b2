"""AuditResult -> files. One module per format; outputs are written whole or not at all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from auditor.atomic import write_all
from auditor.errors import ConfigError
from auditor.result import AuditResult

Renderer = Callable[[AuditResult, bool], bytes]

_RENDERERS: dict[str, tuple[Renderer, str]] = {}
_BUILTINS_LOADED = False


def register_renderer(name: str, suffix: str) -> Callable[[Renderer], Renderer]:
    """Register ``fn(result, mask_phones) -> bytes`` as output format ``name``."""

    def decorate(fn: Renderer) -> Renderer:
        _RENDERERS[name] = (fn, suffix)
        return fn

    return decorate


def formats() -> dict[str, str]:
    """Format name -> file suffix."""
    _load()
    return {name: suffix for name, (_, suffix) in _RENDERERS.items()}


def render(result: AuditResult, fmt: str, *, mask_phones: bool = True) -> bytes:
    _load()
    if fmt not in _RENDERERS:
        raise ConfigError(f"unknown output format '{fmt}'", hint=f"choose from {', '.join(sorted(_RENDERERS))}")
    return _RENDERERS[fmt][0](result, mask_phones)


def write_outputs(
    result: AuditResult, fmts: list[str], dest: Path, *, stem: str = "findings", mask_phones: bool = True
) -> list[Path]:
    """Render every format first, then move all files into place; nothing is half-written.

    ``dest`` is a folder (created if needed), or a file path when one format is asked for.
    """
    rendered = [(fmt, render(result, fmt, mask_phones=mask_phones)) for fmt in fmts]
    suffixes = formats()
    one_file = len(fmts) == 1 and dest.suffix
    targets = [dest] if one_file else [dest / f"{stem}{suffixes[fmt]}" for fmt in fmts]
    return write_all([(target, data) for (_, data), target in zip(rendered, targets, strict=True)])


def _load() -> None:
    global _BUILTINS_LOADED
    if not _BUILTINS_LOADED:
        _BUILTINS_LOADED = True
        from auditor.render import excel, html, json, markdown  # noqa: F401  (register themselves)
