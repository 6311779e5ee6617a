"""The benchmark's results: the targets they are held to, a readable table, and the JSON file."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence


@dataclass(frozen=True)
class Target:
    path: str
    """Dotted path into the results, e.g. `ratio_p95.c1`."""
    label: str
    limit: float
    unit: str = ""


TARGETS: Sequence[Target] = (
    Target("ratio_p95.c1", "role-play p95 / baseline p95, 1 session", 1.25, "x"),
    Target("ratio_p95.c20", "role-play p95 / baseline p95, 20 sessions", 1.25, "x"),
    Target("soak.errors", "soak errors", 0),
    Target("soak.lost_turns", "soak lost turns", 0),
    Target("risk_ms.median", "risk detector median", 1.0, " ms"),
    Target("analysis_ms.p95", "analysis p95", 10.0, " ms"),
    Target("train_s", "full training", 240.0, " s"),
    Target("memory_mb", "peak memory, all services", 2560.0, " MB"),
)

REQUIRED_KEYS = (
    "baseline.c1.p95", "baseline.c20.p95", "rehearse.c1.p95", "rehearse.c20.p95", "ratio_p95.c1",
    "ratio_p95.c20", "soak.errors", "soak.lost_turns", "soak.turns_per_s", "risk_ms.median",
    "analysis_ms.p95", "train_s", "memory_mb", "machine.nproc", "machine.cpu_model", "machine.memory_total_mb",
)


def lookup(results: Mapping[str, Any], path: str) -> Any:
    value: Any = results
    for part in path.split("."):
        value = value[part]
    return value


def missing_keys(results: Mapping[str, Any]) -> List[str]:
    missing = []
    for path in REQUIRED_KEYS:
        try:
            lookup(results, path)
        except (KeyError, TypeError):
            missing.append(path)
    return missing


def verdict(target: Target, value: Optional[float], full_training: bool = True) -> str:
    if value is None:
        return "n/a"
    if target.path == "train_s" and not full_training:
        return "n/a (cached)"
    return "met" if value <= target.limit else "MISSED"


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _rows(header: Sequence[str], rows: Sequence[Sequence[str]]) -> List[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    line = lambda cells: "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths)).rstrip()
    return [line(header), line(["-" * width for width in widths])] + [line(row) for row in rows]


def format_table(results: Mapping[str, Any]) -> str:
    machine = results["machine"]
    out = [
        f"Rehearse benchmark{' (quick)' if results.get('quick') else ''}, run {results.get('run_id')}: "
        f"{machine['nproc']} cores, {machine['cpu_model']}, {machine['memory_total_mb']} MB, "
        f"Python {machine['python']}, Rasa {machine['rasa']}, load average at start {machine.get('load_average_1m')}",
        "",
        "Reply time over REST (ms; Rehearse = role-play turns only)",
    ]
    latency_rows = []
    for system in ("baseline", "rehearse"):
        for key in ("c1", "c20"):
            block = results[system][key]
            latency_rows.append([system, block["concurrency"], block["count"], _fmt(block["p50"]), _fmt(block["p95"]),
                                 _fmt(block["p99"]), _fmt(block["turns_per_s"], 2), block["errors"]])
    out += _rows(["system", "sessions", "turns", "p50", "p95", "p99", "turns/s", "errors"], latency_rows)
    out += ["", "Ratios Rehearse/baseline: "
            + ", ".join(f"{stat} {key} {_fmt(results[f'ratio_{stat}'][key], 2)}x" for stat in ("p50", "p95") for key in ("c1", "c20"))]
    soak = results["soak"]
    out += ["", f"Soak: {soak['concurrency']} sessions for {_fmt(soak['duration_s'])} s ({soak['database']}): "
            f"{soak['turns_sent']} turns sent, {soak['turns_stored']} user turns stored, {soak['lost_turns']} lost "
            f"({soak['lost_answered_turns']} of them answered in role-play), "
            f"{soak['extra_turns']} stored that were never sent, "
            f"{_fmt(soak['turns_per_s'], 2)} turns/s, {soak['errors']} errors {soak['error_kinds']}, "
            f"{soak['unexpected_replies']} unexpected replies, p95 {_fmt(soak['p95'])} ms; "
            f"load generator used {_fmt(100 * soak['generator_cpu_share'], 0)}% of one core"]
    out += [
        f"In-process per message: risk detector median {_fmt(results['risk_ms']['median'], 3)} ms, "
        f"p95 {_fmt(results['risk_ms']['p95'], 3)} ms; analysis median {_fmt(results['analysis_ms']['median'], 3)} ms, "
        f"p95 {_fmt(results['analysis_ms']['p95'], 3)} ms ({results['risk_ms']['count']} messages)",
        f"Training: {_fmt(results['train_s'])} s, {results['train_mode']}",
        f"Cold start to first reply: Rehearse {_fmt(results['rehearse']['cold_start_s'])} s, "
        f"baseline {_fmt(results['baseline']['cold_start_s'])} s (rasa init took {_fmt(results['baseline']['init_s'])} s)",
        f"Peak resident memory: all Rehearse services {_fmt(results['memory_mb'], 0)} MB "
        f"({', '.join(f'{name} {_fmt(value, 0)}' for name, value in results['memory']['peak_mb'].items())}); "
        f"baseline server {_fmt(results['baseline']['memory_mb'], 0)} MB",
        "",
        "Targets",
    ]
    full_training = not results.get("quick")
    target_rows = [[t.label, f"<= {_fmt(t.limit, 2) if isinstance(t.limit, float) else t.limit}{t.unit}",
                    f"{_fmt(lookup(results, t.path), 2)}{t.unit}", verdict(t, lookup(results, t.path), full_training)]
                   for t in TARGETS]
    out += _rows(["target", "limit", "measured", "verdict"], target_rows)
    return "\n".join(out)


def write_json(results: Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def add_verdicts(results: Dict[str, Any]) -> Dict[str, Any]:
    """`targets`: for each target its limit, the measured value and the verdict."""
    full_training = not results.get("quick")
    results["targets"] = {
        t.path: {"limit": t.limit, "value": lookup(results, t.path), "verdict": verdict(t, lookup(results, t.path), full_training)}
        for t in TARGETS
    }
    return results
