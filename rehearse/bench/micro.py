"""In-process timing of the risk detector and the communication analysis, per message."""
from __future__ import annotations

import time
from typing import Callable, Dict, List, Optional, Sequence

from rehearse.bench.stats import summarise


def time_per_call(function: Callable[[str], object], lines: Sequence[str], warmup: int = 20) -> List[float]:
    """Milliseconds for one call of `function` on each line, after `warmup` untimed calls."""
    for line in list(lines)[:warmup]:
        function(line)
    timings = []
    for line in lines:
        started = time.perf_counter()
        function(line)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def summary_with_median(timings_ms: Sequence[float]) -> Dict[str, Optional[float]]:
    summary = summarise(timings_ms)
    return {**summary, "median": summary["p50"]}


def measure_detector_and_analyser(lines: Sequence[str], warmup: int = 20) -> Dict[str, Dict[str, Optional[float]]]:
    """`risk_ms` and `analysis_ms` summaries over `lines`. The first calls load spaCy; they are warm-up."""
    from rehearse.analysis import analyse
    from rehearse.risk import detect

    return {
        "risk_ms": summary_with_median(time_per_call(detect, lines, warmup)),
        "analysis_ms": summary_with_median(time_per_call(analyse, lines, warmup)),
    }
