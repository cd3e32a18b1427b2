"""Regenerate fixtures/sampling/: a sample drawn from the demo data and two reviewers' files.

Run: python scripts/make_sampling_fixtures.py   (seeded; the CSV and JSON come out byte-identical)

What the reviews hold (tests rely on it):
* reviewer 李 (reviews_li.csv, Chinese headers 通话ID/是否成交/有效沟通/审核人, answers 是/否/不确定):
  every sampled call except the last 6 (partial review); call 3 answered 不确定 (unclear);
  one extra row for call id C-NOT-IN-SAMPLE (unknown id).
* reviewer wang (reviews_wang.xlsx, English headers): the first 20 sampled calls but call 3, agreeing with 李
  except on calls 1 and 2, where the converted answer is flipped (two disagreements).
* The truth: a claimed conversion is real with probability 0.6 (seeded), so the claimed 230
  conversions and the records' 144 are both far above what the review supports.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor import api  # noqa: E402
from auditor.sampling.workbook import write_sample  # noqa: E402

OUT = ROOT / "fixtures" / "sampling"
SEED = 20261031
REAL_SHARE = 0.6


def main() -> list[Path]:
    demo = ROOT / "auditor" / "demo" / "data"
    drawn = api.sample(demo / "calls.csv", demo / "engagement.yaml", population="converted", strata=["campaign"], seed=SEED)
    plan = replace(
        drawn.plan,
        created="2026-11-02T09:00:00+00:00",
        calls=tuple({**c, "path": "auditor/demo/data/calls.csv"} for c in drawn.plan.calls),
    )
    drawn = replace(drawn, plan=plan)
    written = write_sample(drawn, OUT)
    ids = drawn.frame["call_id"].tolist()
    rng = np.random.default_rng(SEED)
    real = rng.random(len(ids)) < REAL_SHARE
    yes_no = {True: "是", False: "否"}
    li = (
        pd.DataFrame(
            {
                "通话ID": ids,
                "是否成交": [yes_no[bool(r)] for r in real],
                "有效沟通": "是",
                "审核人": "李",
                "备注": "",
            }
        )
        .iloc[: len(ids) - 6]
        .copy()
    )
    li.loc[2, "是否成交"] = "不确定"
    li.loc[2, "备注"] = "录音中断"
    li = pd.concat(
        [li, pd.DataFrame([{"通话ID": "C-NOT-IN-SAMPLE", "是否成交": "是", "有效沟通": "是", "审核人": "李", "备注": "typo"}])]
    )
    li_path = OUT / "reviews_li.csv"
    li.to_csv(li_path, index=False, encoding="utf-8-sig")
    wang = pd.DataFrame(
        {"call_id": ids[:20], "converted": ["yes" if r else "no" for r in real[:20]], "effective": "yes", "reviewer": "wang"}
    )
    for i in (0, 1):
        wang.loc[i, "converted"] = "no" if real[i] else "yes"
    wang = wang.drop(index=2)  # call 3 stays unclear (only 李 heard it, and could not tell)
    wang_path = OUT / "reviews_wang.xlsx"
    wang.to_excel(wang_path, index=False)
    return [*written, li_path, wang_path]


if __name__ == "__main__":
    for path in main():
        print(f"fixture: {path.relative_to(ROOT)}")
