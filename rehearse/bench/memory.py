"""Resident memory of process trees, read from /proc (no psutil), and a sampler that keeps the peak."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Set

KIB_PER_MIB = 1024


def _parent_map(proc: Path) -> Dict[int, int]:
    """pid -> parent pid for every live process."""
    parents: Dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: fields after the last ')' are fixed.
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def descendants(root: int, parents: Mapping[int, int]) -> Set[int]:
    """`root` and every process below it."""
    children: Dict[int, List[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    tree, stack = set(), [root]
    while stack:
        pid = stack.pop()
        if pid in tree:
            continue
        tree.add(pid)
        stack.extend(children.get(pid, ()))
    return tree


def rss_kb(pid: int, proc: Path = Path("/proc")) -> int:
    """VmRSS of one process in KiB (0 if it has gone)."""
    try:
        for line in (proc / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_rss_mb(roots: Iterable[int], proc: Path = Path("/proc")) -> Dict[int, float]:
    """Resident memory (MiB) of each root's process tree."""
    parents = _parent_map(proc)
    return {root: sum(rss_kb(pid, proc) for pid in descendants(root, parents)) / KIB_PER_MIB for root in roots}


class PeakMemorySampler:
    """Samples the RSS of named process trees in a background thread; keeps the peak of the sum and of each."""

    def __init__(self, pids: Mapping[str, int], interval_s: float = 0.5, proc: Path = Path("/proc")) -> None:
        self.pids = dict(pids)
        self.interval_s = interval_s
        self.proc = proc
        self.peak_total_mb = 0.0
        self.peak_mb: Dict[str, float] = {name: 0.0 for name in self.pids}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="memory-sampler", daemon=True)

    def sample(self) -> None:
        by_root = tree_rss_mb(self.pids.values(), self.proc)
        by_name = {name: by_root[pid] for name, pid in self.pids.items()}
        for name, value in by_name.items():
            self.peak_mb[name] = max(self.peak_mb[name], value)
        self.peak_total_mb = max(self.peak_total_mb, sum(by_name.values()))
        self.samples += 1

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval_s)

    def __enter__(self) -> "PeakMemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def result(self) -> Dict[str, object]:
        return {
            "peak_total_mb": round(self.peak_total_mb, 1),
            "peak_mb": {name: round(value, 1) for name, value in self.peak_mb.items()},
            "samples": self.samples,
        }
