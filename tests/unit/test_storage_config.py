"""Settings: the default database is a SQLite file under the project's var/ folder."""
from __future__ import annotations

from pathlib import Path

import rehearse
from rehearse import config


def test_database_url_from_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://u@db:5432/rehearse")
    assert config.database_url() == "postgresql+psycopg2://u@db:5432/rehearse"


def test_default_is_sqlite_under_rehearse_home(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("REHEARSE_HOME", str(tmp_path / "home"))
    assert config.database_url() == "sqlite:///" + str(tmp_path / "home" / "var" / "rehearse.db")
    assert (tmp_path / "home" / "var").is_dir()


def test_project_root_defaults_to_the_package_parent(monkeypatch):
    monkeypatch.delenv("REHEARSE_HOME", raising=False)
    assert config.project_root() == Path(rehearse.__file__).resolve().parent.parent
