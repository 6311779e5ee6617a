"""Train the risk detector's second layer and choose its decision threshold on the dev split.

The model itself is trained at first use from rehearse/risk/data/model_training.yaml (no artifact is
written). This script trains it the same way, scores the dev rows of tests/data/risk_eval.jsonl that no
rule catches, and prints, per candidate threshold, the dev recall and false-positive rate of rules+model.
It recommends the lowest threshold whose dev FPR is <= --max-fpr; copy it into data/model.yaml.
Only the dev split is used: the test split and the blind sets (tests/data/risk_blind*.jsonl) are not.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rehearse.risk.detector import (  # noqa: E402
    RiskDetector,
    load_lexicon,
    load_model_config,
    load_rules,
    load_training,
)

EVAL_FILE = ROOT / "tests" / "data" / "risk_eval.jsonl"


def dev_scores(detector: RiskDetector) -> List[Tuple[bool, bool, float]]:
    """(is risk, a rule fired, model probability) for each dev row."""
    rows = [json.loads(line) for line in EVAL_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        (row["risk"], detector.detect(row["text"], use_model=False).risk, detector.model_probability(row["text"]))
        for row in rows
        if row["split"] == "dev"
    ]


def rates(scores: List[Tuple[bool, bool, float]], threshold: float) -> Tuple[float, float]:
    fired = [(risk, rule or probability >= threshold) for risk, rule, probability in scores]
    positives = [hit for risk, hit in fired if risk]
    negatives = [hit for risk, hit in fired if not risk]
    return sum(positives) / len(positives), sum(negatives) / len(negatives)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-fpr", type=float, default=0.02, help="dev false-positive rate to stay within")
    parser.add_argument("--regularisation", type=float, help="override C from data/model.yaml")
    args = parser.parse_args()
    config = load_model_config()
    if args.regularisation:
        config = config.copy(update={"regularisation": args.regularisation})
    started = time.perf_counter()
    detector = RiskDetector(load_lexicon(), load_rules(), load_training(), config)
    print(f"built rules + model in {time.perf_counter() - started:.2f} s (C={config.regularisation})")
    scores = dev_scores(detector)
    chosen = None
    for step in range(99, 4, -1):
        threshold = step / 100
        recall, fpr = rates(scores, threshold)
        if fpr <= args.max_fpr:
            chosen = (threshold, recall, fpr)
        if step % 5 == 0:
            print(f"  threshold {threshold:.2f}: dev recall {recall:.3f}  dev FPR {fpr:.3f}")
    rules_recall, rules_fpr = rates(scores, 2.0)
    print(f"rules alone: dev recall {rules_recall:.3f}  dev FPR {rules_fpr:.3f}")
    if chosen is None:
        print(f"no threshold keeps the dev FPR <= {args.max_fpr}")
        return 1
    print(f"recommended threshold {chosen[0]:.2f}: dev recall {chosen[1]:.3f}  dev FPR {chosen[2]:.3f} "
          f"(data/model.yaml has {config.threshold})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
