"""Settings read from the environment, each when asked for (nothing happens at import time).

The project root is the folder that holds the `rehearse` package, unless `REHEARSE_HOME` names another.
"""
from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    home = os.environ.get("REHEARSE_HOME")
    if home:
        return Path(home).expanduser().resolve()
    return Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    """The folder for local state (SQLite files), created when first needed."""
    path = project_root() / "var"
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """`DATABASE_URL`, or a SQLite file under `var/` as the embedded default."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    return "sqlite:///" + str(var_dir() / "rehearse.db")
