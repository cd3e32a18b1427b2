"""``auditor rules check``: lint rule packs and run the cases of the kinds they use.

A pack is loaded after the built-in packs (so its overrides and replacements are
checked against them): ids, kinds, params and override targets are validated with
line-numbered errors (raised as RulePackError). Then every case of every kind the
pack uses runs (``fixtures/rule_cases/<kind>.yaml``). A rule-case file given directly
runs its own cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.engine.cases import CaseOutcome, cases_for_kind, evaluate_case, load_cases
from auditor.engine.spec import builtin_pack_paths, load_packs, read_pack
from auditor.errors import RulePackError
from auditor.yamlfile import load_yaml


@dataclass
class FileReport:
    path: str
    what: str  # pack | cases
    rules: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    outcomes: list[CaseOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(o.ok or o.case.xfail for o in self.outcomes)


@dataclass
class LintReport:
    files: list[FileReport]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    def lines(self) -> list[str]:
        out = []
        for f in self.files:
            failed = [o for o in f.outcomes if not o.ok and not o.case.xfail]
            status = "ok" if f.ok else "FAILED"
            out.append(f"{f.path}: {status} ({f.what}: {len(f.rules)} rule(s), {len(f.outcomes)} case(s), {len(failed)} failed)")
            out += [f"  note: {n}" for n in f.notes]
            for o in failed:
                out.append(f"  case {o.case.id} ({o.case.where()}): " + "; ".join(o.problems))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files": [
                {
                    "path": f.path,
                    "what": f.what,
                    "ok": f.ok,
                    "rules": f.rules,
                    "notes": f.notes,
                    "cases": [
                        {"id": o.case.id, "ok": o.ok, "xfail": o.case.xfail, "problems": list(o.problems)} for o in f.outcomes
                    ],
                }
                for f in self.files
            ],
        }


def lint_files(paths: list[Path]) -> LintReport:
    return LintReport([lint_file(p) for p in paths])


def lint_file(path: Path) -> FileReport:
    data, _ = load_yaml(path, RulePackError)
    if isinstance(data, dict) and "cases" in data:
        cases = load_cases(path)
        return FileReport(str(path), "cases", outcomes=[evaluate_case(c) for c in cases])
    pack = read_pack(path)
    builtin = [p for p in builtin_pack_paths() if p.resolve() != path.resolve()]
    before = {s.id for s in load_packs(builtin)}
    load_packs([*builtin, path])  # overrides and replacements against the built-in rules
    report = FileReport(str(path), "pack", rules=[s.id for s in pack.rules])
    report.notes += [f"rule '{s.id}' replaces a built-in rule of the same id" for s in pack.rules if s.id in before]
    report.notes += [f"override of '{o.id}' ({path}:{o.line})" for o in pack.overrides]
    report.notes += [
        f"rule '{s.id}' ({path}:{s.line}) has no 'source:' (where the check comes from)" for s in pack.rules if not s.source
    ]
    for kind in sorted({s.kind for s in pack.rules}):
        cases = cases_for_kind(kind)
        if not cases:
            report.notes.append(f"kind '{kind}' has no cases in fixtures/rule_cases/{kind}.yaml")
        elif {c.expect for c in cases} != {"pass", "fail"}:
            report.notes.append(f"kind '{kind}' needs both a pass and a fail case in fixtures/rule_cases/{kind}.yaml")
        report.outcomes += [evaluate_case(c) for c in cases]
    return report
