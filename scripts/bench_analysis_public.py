#!/usr/bin/env python
"""Proxy benchmarks of the communication analyser on public corpora (measurement only; never tuned on).

- Stanford Politeness (Wikipedia + Stack Exchange requests): every row is a request, so the share of rows
  where `clear_request` fires is its recall on this corpus (reported per file and overall).
- iSarcasmEval task A English test set: precision, recall and F1 of `sarcasm` on the sarcastic class.

    .venv/bin/python scripts/bench_analysis_public.py [--root /work/shared/benchmarks/communication]
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rehearse.analysis import analyse  # noqa: E402

DEFAULT_BENCHMARKS = Path("/work/shared/benchmarks/communication")
POLITENESS_FILES = ("wikipedia.annotated.csv", "stack-exchange.annotated.csv")


def politeness(root: Path) -> None:
    total_rows = total_found = 0
    for name in POLITENESS_FILES:
        with open(root / "stanford_politeness" / name, encoding="utf-8", newline="") as handle:
            requests = [row["Request"] for row in csv.DictReader(handle)]
        found = sum(1 for text in requests if "clear_request" in analyse(text).names)
        total_rows += len(requests)
        total_found += found
        print(f"Stanford Politeness {name}: clear_request recall {found / len(requests):.3f} ({found}/{len(requests)})")
    print(f"Stanford Politeness overall: clear_request recall {total_found / total_rows:.3f} ({total_found}/{total_rows})")


def sarcasm(root: Path) -> None:
    with open(root / "isarcasmeval_en" / "task_A_En_test.csv", encoding="utf-8", newline="") as handle:
        rows = [(row["text"], row["sarcastic"].strip() == "1") for row in csv.DictReader(handle)]
    tp = fp = fn = 0
    for text, gold in rows:
        predicted = "sarcasm" in analyse(text).names
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"iSarcasmEval task A (En test, {len(rows)} tweets, {tp + fn} sarcastic): "
          f"sarcasm P {precision:.3f} R {recall:.3f} F1 {f1:.3f} (tp {tp}, fp {fp}, fn {fn})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=DEFAULT_BENCHMARKS)
    args = parser.parse_args()
    politeness(args.root)
    sarcasm(args.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
