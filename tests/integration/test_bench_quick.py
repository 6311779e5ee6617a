"""`rehearse bench --quick` end to end: it runs every phase and writes every key (no timing assertions)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rehearse.bench.report import REQUIRED_KEYS, lookup, missing_keys
from rehearse.run import PROJECT_ROOT

pytestmark = pytest.mark.integration

QUICK_RUN_TIMEOUT_S = 900


def test_quick_bench_runs_every_phase_and_writes_all_keys(tmp_path):
    out = tmp_path / "bench.json"
    completed = subprocess.run(
        [str(Path(sys.executable).parent / "rehearse"), "bench", "--quick", "--json", str(out)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=QUICK_RUN_TIMEOUT_S,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    data = json.loads(out.read_text())
    assert missing_keys(data) == []
    assert all(isinstance(lookup(data, key), (int, float, str)) for key in REQUIRED_KEYS)
    assert data["quick"] is True and "cached" in data["train_mode"]
    for system in ("baseline", "rehearse"):
        assert data[system]["c1"]["count"] > 0 and data[system]["c20"]["count"] > 0
    assert data["soak"]["turns_sent"] > 0
    assert set(data["memory"]["peak_mb"]) == {"rasa", "actions", "portal"}
    assert "Targets" in completed.stdout and "Reply time over REST" in completed.stdout
