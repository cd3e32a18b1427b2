"""Findings JSON (CONTRACT section 3): for machines, stable and complete."""

from __future__ import annotations

import json
import math
from typing import Any

from auditor.privacy import mask_for_humans
from auditor.render import register_renderer
from auditor.result import AuditResult


def _clean(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def result_json(result: AuditResult, mask_phones: bool = True) -> dict[str, Any]:
    data = _clean(result.to_dict())
    return mask_for_humans(data) if mask_phones else data  # type: ignore[no-any-return]


@register_renderer("json", ".json")
def render_json(result: AuditResult, mask_phones: bool) -> bytes:
    return (json.dumps(result_json(result, mask_phones), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
