"""Regenerate every generated fixture: the bundled demo data and fixtures/.

Run: python scripts/make_fixtures.py   (deterministic: same seed, same bytes for CSV/YAML)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.demo.build import build_demo  # noqa: E402


def main() -> None:
    written = build_demo(ROOT / "auditor" / "demo" / "data")
    for name, path in written.items():
        print(f"{name}: {path.relative_to(ROOT)}")
    from fixtures_gen import generate_all  # noqa: E402  (scripts/fixtures_gen.py)

    for path in generate_all(ROOT / "fixtures"):
        print(f"fixture: {path.relative_to(ROOT)}")
    from rule_case_data import write_all  # noqa: E402  (scripts/rule_case_data.py: data of the statistical rule cases)

    for path in write_all():
        print(f"rule-case data: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
