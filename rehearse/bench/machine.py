"""The machine a benchmark ran on: cores, CPU model, memory, Python and Rasa versions, and the load
average when the run started (other work on the machine skews every figure)."""
from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Dict, Optional, Union


def _cpu_model(cpuinfo: Path) -> Optional[str]:
    try:
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _memory_total_mb(meminfo: Path) -> Optional[int]:
    try:
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _version(distribution: str) -> Optional[str]:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def machine_details(proc: Path = Path("/proc")) -> Dict[str, Union[str, int, None]]:
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": _cpu_model(proc / "cpuinfo"),
        "memory_total_mb": _memory_total_mb(proc / "meminfo"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "rasa": _version("rasa"),
        "spacy": _version("spacy"),
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }
