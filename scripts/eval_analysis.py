#!/usr/bin/env python
"""Evaluate the communication analyser on the hand-labelled set (tests/data/analysis_labelled.jsonl).

Prints per-feature precision, recall and F1 and the macro-F1 over the 15 features for the dev and test splits
separately, then the per-line latency (median, p95) with the model already loaded.

Labelling conventions of the set (beyond COMMUNICATION-FEATURES.md): a named feeling or need also counts as an
I-statement; criticism also counts as you_blame; name-calling aimed at the listener counts as contempt and
you_blame. Rules are tuned on `dev` only (`--errors dev` lists its mistakes); `test` is held out.

    .venv/bin/python scripts/eval_analysis.py [--errors dev] [--data PATH]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List, Set

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rehearse.analysis import FEATURE_NAMES, analyse  # noqa: E402

DEFAULT_DATA = ROOT / "tests" / "data" / "analysis_labelled.jsonl"


def load(path: Path) -> List[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def scores(gold: List[Set[str]], predicted: List[Set[str]]) -> Dict[str, Dict[str, float]]:
    table: Dict[str, Dict[str, float]] = {}
    for name in FEATURE_NAMES:
        tp = sum(1 for g, p in zip(gold, predicted) if name in g and name in p)
        fp = sum(1 for g, p in zip(gold, predicted) if name not in g and name in p)
        fn = sum(1 for g, p in zip(gold, predicted) if name in g and name not in p)
        precision = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[name] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    return table


def report(split: str, rows: List[dict], predicted: List[Set[str]]) -> float:
    table = scores([set(row["features"]) for row in rows], predicted)
    print(f"\n== {split}: {len(rows)} utterances")
    print(f"{'feature':20} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
    for name, row in table.items():
        print(f"{name:20} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {row['support']:4d}")
    macro = statistics.mean(row["f1"] for row in table.values())
    print(f"{'macro-F1':20} {macro:20.3f}")
    return macro


def _summary(latencies: List[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return f"median {statistics.median(ordered):.2f}  p95 {p95:.2f}  max {ordered[-1]:.2f}"


def _pipeline_latencies(rows: List[dict]) -> List[float]:
    """The share of the latency that is spaCy's parse (context for the analyser's own overhead)."""
    from rehearse.nlp import get_nlp

    nlp = get_nlp()
    latencies = []
    for row in rows:
        started = time.perf_counter()
        nlp(row["text"])
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", choices=["dev"], help="list the mistakes on the dev split (never on test)")
    args = parser.parse_args()
    rows = load(args.data)
    analyse("warm-up: load the model once")
    latencies: List[float] = []
    predicted: List[Set[str]] = []
    for row in rows:
        started = time.perf_counter()
        result = analyse(row["text"], row.get("context"))
        latencies.append((time.perf_counter() - started) * 1000)
        predicted.append(set(result.names))
    for split in ("dev", "test"):
        indexes = [i for i, row in enumerate(rows) if row["split"] == split]
        report(split, [rows[i] for i in indexes], [predicted[i] for i in indexes])
    print("\nlatency per line (ms, model loaded): " + _summary(latencies))
    print("  spaCy pipeline alone on the same lines: " + _summary(_pipeline_latencies(rows)))
    if args.errors:
        print(f"\n== mistakes on {args.errors}")
        for row, got in zip(rows, predicted):
            gold = set(row["features"])
            if row["split"] == args.errors and gold != got:
                missing = sorted(gold - got)
                extra = sorted(got - gold)
                print(f"- {row['text']!r}" + (f" [ctx: {row['context']!r}]" if row.get("context") else ""))
                print(f"    missing {missing}  extra {extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
