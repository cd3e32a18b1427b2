"""Built-in rule kinds. Each module registers itself through the public ``register_kind``."""

from __future__ import annotations

import importlib

#: Modules of the built-in kinds, imported in this order.
BUILTIN_KINDS = (
    "auditor.kinds.discrepancy",
    "auditor.kinds.definition",
    "auditor.kinds.unverifiable",
    "auditor.kinds.scope_gap",
    "auditor.kinds.data_quality",
    "auditor.kinds.unmatched_figures",
    "auditor.kinds.agent_names",
    "auditor.kinds.funnel_order",
    "auditor.kinds.rollup",
    "auditor.kinds.ratio_identity",
    "auditor.kinds.rate_identity",
    "auditor.kinds.reachable_percentage",
    "auditor.kinds.chain_plausibility",
    "auditor.kinds.band",
    "auditor.kinds.target",
    "auditor.kinds.threshold_bunching",
    "auditor.kinds.density_discontinuity",
    "auditor.kinds.talk_exceeds_answer",
    "auditor.kinds.agent_overlap",
    "auditor.kinds.agent_capacity",
    "auditor.kinds.duration_heaping",
    "auditor.kinds.group_outliers",
    "auditor.kinds.benford",
    "auditor.kinds.compliance",
    "auditor.kinds.abandoned_rate",
    "auditor.kinds.compliant_call_rate",
)

_loaded = False


def load_builtin() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN_KINDS:
        importlib.import_module(module)
