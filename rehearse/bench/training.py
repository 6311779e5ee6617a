"""Timing `rasa train` of the Rehearse project into a temporary output folder."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Union

from rehearse.bench.stacks import QUIET_ENV
from rehearse.run import PROJECT_ROOT

MODEL_NAME = "rehearse-bench"


def time_training(out_dir: Path, log_path: Path, force: bool) -> Dict[str, Union[float, bool, str]]:
    """Train into `out_dir`. `force` retrains every component (`--force`); without it Rasa reuses its
    training cache (.rasa/cache), which is what `--quick` does. Returns seconds, mode and model path."""

    command = [str(Path(sys.executable).parent / "rasa"), "train", "--fixed-model-name", MODEL_NAME,
               "--out", str(out_dir)]
    if force:
        command.append("--force")
    started = time.monotonic()
    with open(log_path, "ab") as log:
        subprocess.run(command, cwd=PROJECT_ROOT, env={**os.environ, **QUIET_ENV}, stdout=log,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=True)
    return {
        "seconds": round(time.monotonic() - started, 1),
        "mode": "full (--force)" if force else "cached (reuses .rasa/cache; not a full training)",
        "model": str(out_dir / f"{MODEL_NAME}.tar.gz"),
    }
