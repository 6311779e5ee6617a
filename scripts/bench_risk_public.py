"""Score the risk detector on the public benchmark data in /work/shared/benchmarks/risk/ (measurement only).

Reddit C-SSRS (Gaur et al. 2019): per-user recall on Ideation, Behavior and Attempt (a user fires when any
post fires), the firing rate on Supportive and Indicator users, and how many misses go away when the
dataset's "Pain" concept normalisation is undone ("Pain" was "hurt"). PIE-English subset: false-positive
rate on sentences whose pie_class is not Literal, and the firing rate on the Literal rows (reported apart,
since they include literal third-person violence).

Only aggregate numbers and rule ids are printed: no benchmark text is shown or stored. With --rules-only
the second layer (the model) is switched off; model hits are counted under the rule id "model:<category>".
"""
from __future__ import annotations

import argparse
import ast
import csv
import re
import sys
from collections import Counter
from pathlib import Path
from functools import partial
from typing import Callable, Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rehearse.risk import RiskResult, detect  # noqa: E402

BENCH_DIR = Path("/work/shared/benchmarks/risk")
REDDIT_FILE = "500_Reddit_users_posts_labels.csv"
PIE_FILE = "pie_english_risk_lexicon_subset.csv"
RISK_LABELS = ("Ideation", "Behavior", "Attempt")
PAIN_RE = re.compile(r"\bPain\b")
Detect = Callable[[str], RiskResult]


def parse_posts(cell: str) -> List[str]:
    """The `Post` cell is a Python list literal; 28 cells were cut at the Excel limit, so split those."""
    try:
        posts = ast.literal_eval(cell)
        return [str(post) for post in posts]
    except (ValueError, SyntaxError):
        body = cell.strip().lstrip("[").rstrip("]")
        return [part.strip("'\" ") for part in re.split(r"""['"], ['"]""", body) if part.strip("'\" ")]


def user_fires(posts: List[str], detect: Detect) -> str:
    """The risk category of the first post that fires, or '' when none does."""
    for post in posts:
        result = detect(post)
        if result.risk:
            return result.category or ""
    return ""


def bench_reddit(path: Path, detect: Detect) -> None:
    csv.field_size_limit(1 << 30)
    fired: Dict[str, int] = Counter()
    totals: Dict[str, int] = Counter()
    pain_misses: Dict[str, int] = Counter()
    categories_on_supportive: Counter = Counter()
    truncated = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = row["Label"]
            try:
                ast.literal_eval(row["Post"])
            except (ValueError, SyntaxError):
                truncated += 1
            posts = parse_posts(row["Post"])
            totals[label] += 1
            category = user_fires(posts, detect)
            if category:
                fired[label] += 1
                if label == "Supportive":
                    categories_on_supportive[category] += 1
            elif label in RISK_LABELS and user_fires([PAIN_RE.sub("hurt", post) for post in posts], detect):
                pain_misses[label] += 1
    print(f"Reddit C-SSRS users: {sum(totals.values())} ({truncated} truncated rows parsed by fallback)")
    for label in (*RISK_LABELS, "Indicator", "Supportive"):
        share = fired[label] / totals[label] if totals[label] else float("nan")
        kind = "recall" if label in RISK_LABELS else "firing rate"
        extra = f"; misses fixed by undoing 'Pain': {pain_misses[label]}" if label in RISK_LABELS else ""
        print(f"  {label:<11} {kind:<11} {fired[label]:>3}/{totals[label]:<3} = {share:.3f}{extra}")
    risk_total = sum(totals[label] for label in RISK_LABELS)
    risk_fired = sum(fired[label] for label in RISK_LABELS)
    print(f"  Ideation+Behavior+Attempt recall {risk_fired}/{risk_total} = {risk_fired / risk_total:.3f}"
          f" (with 'Pain' undone: {(risk_fired + sum(pain_misses.values())) / risk_total:.3f})")
    print(f"  Supportive firings by category: {dict(categories_on_supportive)}")


def bench_pie(path: Path, detect: Detect) -> None:
    fired: Counter = Counter()
    totals: Counter = Counter()
    rules: Counter = Counter()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            group = "Literal" if row["pie_class"] == "Literal" else "non-Literal"
            totals[group] += 1
            result = detect(row["sentence"])
            if result.risk:
                fired[group] += 1
                rules[result.rule] += 1
    print(f"PIE-English risk-lexicon subset: {sum(totals.values())} sentences")
    for group in ("non-Literal", "Literal"):
        name = "FPR" if group == "non-Literal" else "firing rate (unreviewed)"
        print(f"  {group:<11} {name}: {fired[group]}/{totals[group]} = {fired[group] / totals[group]:.3f}")
    print(f"  rules that fired: {dict(rules.most_common())}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=BENCH_DIR)
    parser.add_argument("--rules-only", action="store_true", help="switch the second layer (model) off")
    args = parser.parse_args()
    check = partial(detect, use_model=not args.rules_only)
    print("rules alone" if args.rules_only else "rules + model")
    bench_reddit(args.dir / REDDIT_FILE, check)
    bench_pie(args.dir / PIE_FILE, check)
    return 0


if __name__ == "__main__":
    sys.exit(main())
