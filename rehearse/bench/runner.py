"""One benchmark run: every phase in turn on the same machine, so the figures are comparable.

Order: the in-process detector and analyser (nothing else running), training of the Rehearse model, the
starter bot (create, serve, 1 and 20 sessions), then the Rehearse stack (cold start, 1 and 20 sessions, the
soak) with its memory sampled throughout. Phases never overlap, and every service is stopped at the end.
"""
from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict

from sqlalchemy.engine import make_url

from rehearse.bench.load import LoadPlan, LoadResult, run_load_sync
from rehearse.bench.machine import machine_details
from rehearse.bench.memory import PeakMemorySampler
from rehearse.bench.micro import measure_detector_and_analyser
from rehearse.bench.script import (
    Conversation,
    baseline_conversation,
    check_scenarios,
    load_script,
    micro_lines,
    rehearse_conversation,
)
from rehearse.bench.stacks import RehearseStack, StarterBot, create_starter_bot
from rehearse.bench.stats import ratio, summarise
from rehearse.bench.training import time_training
from rehearse.bench.transcripts import compare_turns, stored_user_lines

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BenchSettings:
    quick: bool
    warmup_turns: int
    c1: LoadPlan
    c20: LoadPlan
    soak: LoadPlan
    micro_lines: int
    settle_s: float

    @classmethod
    def full(cls) -> "BenchSettings":
        return cls(
            quick=False, warmup_turns=10,
            c1=LoadPlan(concurrency=1, max_turns=150, duration_s=120),
            c20=LoadPlan(concurrency=20, max_turns=600, duration_s=150),
            soak=LoadPlan(concurrency=50, max_turns=1_000_000, duration_s=120),
            micro_lines=400, settle_s=5.0,
        )

    @classmethod
    def quick_run(cls) -> "BenchSettings":
        return cls(
            quick=True, warmup_turns=3,
            c1=LoadPlan(concurrency=1, max_turns=20, duration_s=20),
            c20=LoadPlan(concurrency=20, max_turns=80, duration_s=15),
            soak=LoadPlan(concurrency=10, max_turns=100_000, duration_s=15),
            micro_lines=120, settle_s=2.0,
        )


def generator_share(result: LoadResult) -> float:
    """The load generator's CPU time as a share of one core over the run (it must stay small)."""
    return round(result.generator_cpu_s / result.elapsed_s, 3) if result.elapsed_s else 0.0


def latency_block(result: LoadResult, plan: LoadPlan) -> Dict[str, Any]:
    return {
        **summarise(result.latencies_ms),
        "concurrency": plan.concurrency,
        "turns_per_s": round(result.turns_per_s, 2),
        "generator_cpu_share": generator_share(result),
        "errors": result.error_count,
        "unexpected_replies": result.unexpected_replies,
        "unexpected_examples": result.unexpected_examples,
        "server_down": result.server_down,
    }


def measure_latency(url: str, conversation: Conversation, settings: BenchSettings, prefix: str) -> Dict[str, Any]:
    """Warm up (unmeasured), then 1 and 20 concurrent sessions."""
    run_load_sync(url, conversation, LoadPlan(1, settings.warmup_turns, 60), f"{prefix}-warmup")
    blocks = {}
    for key, plan in (("c1", settings.c1), ("c20", settings.c20)):
        blocks[key] = latency_block(run_load_sync(url, conversation, plan, f"{prefix}-{key}"), plan)
    return blocks


def run_baseline(workdir: Path, settings: BenchSettings, run_id: str, progress: Progress) -> Dict[str, Any]:
    progress("baseline: rasa init (creates and trains the starter bot)")
    folder = workdir / "starter-bot"
    init_s = create_starter_bot(folder, workdir / "baseline-init.log")
    bot = StarterBot(folder, workdir)
    try:
        progress("baseline: serving the starter bot")
        cold_start_s = bot.start()
        with PeakMemorySampler(bot.pids()) as memory:
            progress("baseline: 1 and 20 concurrent sessions")
            blocks = measure_latency(bot.url, baseline_conversation(load_script()), settings, f"bench-{run_id}-base")
    finally:
        bot.stop()
    return {**blocks, "init_s": round(init_s, 1), "cold_start_s": round(cold_start_s, 1),
            "memory_mb": memory.result()["peak_total_mb"]}


def run_rehearse(workdir: Path, model: Path, settings: BenchSettings, run_id: str, progress: Progress) -> Dict[str, Any]:
    stack = RehearseStack(workdir, model)
    conversation = rehearse_conversation(load_script())
    try:
        progress("rehearse: starting the action server, portal and Rasa server")
        cold_start_s, helpers_ready_s = stack.start()
        with PeakMemorySampler(stack.pids()) as memory:
            progress("rehearse: 1 and 20 concurrent sessions")
            blocks = measure_latency(stack.url, conversation, settings, f"bench-{run_id}-reh")
            progress(f"rehearse: soak, {settings.soak.concurrency} sessions for {settings.soak.duration_s:.0f} s")
            soak_prefix = f"bench-{run_id}-soak"
            soak = run_load_sync(stack.url, conversation, settings.soak, soak_prefix)
        time.sleep(settings.settle_s)
        stored = stored_user_lines(stack.database_url, soak_prefix + "-")
    finally:
        stack.stop()
    return {
        "rehearse": {**blocks, "cold_start_s": round(cold_start_s, 1),
                     "helpers_ready_s": {name: round(value, 1) for name, value in helpers_ready_s.items()}},
        "soak": {
            "concurrency": settings.soak.concurrency,
            "duration_s": round(soak.elapsed_s, 1),
            "turns_sent": soak.turns_sent,
            "turns_stored": sum(len(lines) for lines in stored.values()),
            **dict(zip(("lost_turns", "extra_turns"), compare_turns(soak.sent_lines, stored))),
            # Of those, the lines answered in role-play (a crisis handoff ends the role-play unstored).
            "lost_answered_turns": compare_turns(soak.answered_lines, stored)[0],
            "turns_per_s": round(soak.turns_per_s, 2),
            "errors": soak.error_count,
            "error_kinds": soak.error_breakdown(),
            "server_down": soak.server_down,
            "unexpected_replies": soak.unexpected_replies,
            "unexpected_examples": soak.unexpected_examples,
            "generator_cpu_share": generator_share(soak),
            "sessions_started": soak.sessions_started,
            "sessions_ended": soak.sessions_ended,
            **{key: value for key, value in summarise(soak.latencies_ms).items() if key != "count"},
            "database": make_url(stack.database_url).get_backend_name(),
        },
        "memory": memory.result(),
    }


def run_benchmark(settings: BenchSettings, progress: Progress = print, keep_workdir: bool = False) -> Dict[str, Any]:
    """Run every phase; the work folder (logs, databases, models) is removed afterwards unless a phase
    failed or `keep_workdir` is set, in which case its path is reported through `progress`."""
    check_scenarios(load_script())
    run_id = uuid.uuid4().hex[:8]
    started = time.monotonic()
    results: Dict[str, Any] = {"run_id": run_id, "quick": settings.quick, "machine": machine_details()}
    workdir = Path(tempfile.mkdtemp(prefix="rehearse-bench-"))
    try:
        progress("in-process: risk detector and analyser")
        results.update(measure_detector_and_analyser(micro_lines(load_script(), settings.micro_lines)))
        progress("training the Rehearse model" + (" (cached)" if settings.quick else " (rasa train --force)"))
        training = time_training(workdir / "models", workdir / "train.log", force=not settings.quick)
        results["train_s"], results["train_mode"] = training["seconds"], training["mode"]
        results["baseline"] = run_baseline(workdir, settings, run_id, progress)
        results.update(run_rehearse(workdir, Path(training["model"]), settings, run_id, progress))
    except BaseException:
        progress(f"benchmark failed; logs kept in {workdir}")
        raise
    if keep_workdir:
        progress(f"logs kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    results["memory_mb"] = results["memory"]["peak_total_mb"]
    for name, statistic in (("ratio_p95", "p95"), ("ratio_p50", "p50")):
        results[name] = {
            key: ratio(results["rehearse"][key][statistic], results["baseline"][key][statistic]) for key in ("c1", "c20")
        }
    results["bench_s"] = round(time.monotonic() - started, 1)
    return results
