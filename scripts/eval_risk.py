"""Evaluate the risk detector on the project's own labelled sets (tests/data/risk_eval.jsonl, risk_blind*.jsonl).

The blind sets were written by people who had not seen the rules or the training phrases: `blind` before
the learned layer existed, `blind2` later, `blind3`/`blind4` at the start of round 4 and `blind5`/`blind6` at
the start of round 5, by authors who read nothing of the project. Each round was written from the misses of
the sets before it, which are development sets since; the newest pair is only measured (docs/risk.md).
None is used to choose the threshold.

Prints, for the dev, test and blind splits separately: recall per risk category (and how often the category
itself was right), the false-positive rate per negative type, overall recall and FPR. Then the latency
per message (median and p95) over a realistic mix: the evaluation set plus ordinary role-play lines.
With --rules-only the second layer (the model) is switched off, to compare rules alone with rules+model.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from functools import partial
from typing import Callable, Dict, List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rehearse.risk import RiskResult, detect  # noqa: E402

EVAL_FILE = ROOT / "tests" / "data" / "risk_eval.jsonl"
BLIND_NAMES = ("blind", "blind2", "blind3", "blind4", "blind5", "blind6")
BLIND_FILES = tuple(ROOT / "tests" / "data" / f"risk_{name}.jsonl" for name in BLIND_NAMES)
ROLEPLAY_FILE = ROOT / "tests" / "data" / "risk_roleplay_lines.txt"


def load_rows(path: Path) -> List[Dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


Detect = Callable[[str], RiskResult]


def report_split(rows: List[Dict], split: str, show_errors: bool, detect: Detect) -> None:
    rows = [row for row in rows if row["split"] == split]
    hits: Dict[str, List[int]] = defaultdict(lambda: [0, 0, 0])  # fired, category right, total
    fps: Dict[str, List[int]] = defaultdict(lambda: [0, 0])  # fired, total
    errors = []
    for row in rows:
        result = detect(row["text"])
        if row["risk"]:
            counts = hits[row["category"]]
            counts[0] += result.risk
            counts[1] += result.category == row["category"]
            counts[2] += 1
            if not result.risk:
                errors.append(f"  MISS [{row['category']}] {row['text']}")
        else:
            counts = fps[row["negative_type"]]
            counts[0] += result.risk
            counts[1] += 1
            if result.risk:
                errors.append(f"  FP   [{row['negative_type']}] {row['text']}  <- {result.rule}: {result.span!r}")
    print(f"== {split} ==")
    for category, (fired, right, total) in sorted(hits.items()):
        print(f"  recall {category:<16} {fired:>3}/{total:<3} = {fired / total:.3f}   category right {right / total:.3f}")
    for negative, (fired, total) in sorted(fps.items()):
        print(f"  FPR    {negative:<18} {fired:>3}/{total:<3} = {fired / total:.3f}")
    fired = sum(c[0] for c in hits.values())
    total = sum(c[2] for c in hits.values())
    false_pos = sum(c[0] for c in fps.values())
    negatives = sum(c[1] for c in fps.values())
    print(f"  overall recall {fired}/{total} = {fired / total:.3f}   overall FPR {false_pos}/{negatives} = "
          f"{false_pos / negatives:.3f}")
    if show_errors:
        print("\n".join(errors))


def report_latency(texts: List[str], rounds: int, detect: Detect) -> None:
    for text in texts:  # warm-up: loads spaCy and fills the lemma cache
        detect(text)
    timings = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            detect(text)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
    print(f"== latency over {len(texts)} messages x {rounds} ==")
    print(f"  median {statistics.median(timings):.3f} ms   p95 {p95:.3f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list misses and false positives")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds over the mix")
    parser.add_argument("--rules-only", action="store_true", help="switch the second layer (model) off")
    args = parser.parse_args()
    check = partial(detect, use_model=not args.rules_only)
    print("rules alone" if args.rules_only else "rules + model")
    rows = load_rows(EVAL_FILE)
    for split in ("dev", "test"):
        report_split(rows, split, args.errors, check)
    for path in BLIND_FILES:
        blind = load_rows(path)
        report_split(blind, blind[0]["split"], args.errors, check)
    roleplay = [line.strip() for line in ROLEPLAY_FILE.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    report_latency([row["text"] for row in rows] + roleplay, args.rounds, check)
    return 0


if __name__ == "__main__":
    sys.exit(main())
