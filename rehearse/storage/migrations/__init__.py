"""Alembic migrations, configured in code so they run from an installed package (no alembic.ini).

The database URL travels in `Config.attributes`, not the ini options, so a password containing `%`
survives ConfigParser interpolation.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Optional

from alembic import command
from alembic.config import Config

from rehearse.storage.db import resolve_url

SCRIPT_LOCATION = Path(__file__).resolve().parent


def alembic_config(url: Optional[str] = None, stdout: Optional[IO[str]] = None) -> Config:
    cfg = Config(stdout=stdout or sys.stdout)
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.attributes["url"] = resolve_url(url)
    return cfg


def upgrade(url: Optional[str] = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(revision: str, url: Optional[str] = None) -> None:
    command.downgrade(alembic_config(url), revision)


def print_current(url: Optional[str] = None, stdout: Optional[IO[str]] = None) -> None:
    """Print the database's revision, marked "(head)" when it is up to date."""
    command.current(alembic_config(url, stdout))
