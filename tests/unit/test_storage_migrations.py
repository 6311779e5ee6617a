"""Migrations up and down, on SQLite and PostgreSQL, and the `rehearse db` command."""
from __future__ import annotations

import io
from contextlib import redirect_stdout

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from rehearse.cli import main
from rehearse.storage import migrations
from rehearse.storage.db import make_engine
from rehearse.storage.models import Base

APP_TABLES = {
    "therapists",
    "clients",
    "assignments",
    "custom_scenarios",
    "practice_sessions",
    "turns",
    "risk_events",
}


def table_names(url: str) -> set:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def current_output(url: str) -> str:
    out = io.StringIO()
    migrations.print_current(url, stdout=out)
    return out.getvalue().strip()


def test_upgrade_downgrade_upgrade(database_url):
    migrations.upgrade(database_url)
    assert APP_TABLES <= table_names(database_url)
    assert current_output(database_url) == "0002 (head)"

    migrations.downgrade("base", database_url)
    assert table_names(database_url) & APP_TABLES == set()
    assert current_output(database_url) == ""

    migrations.upgrade(database_url, "0001")
    assert APP_TABLES <= table_names(database_url)


def test_migration_matches_models(migrated_url):
    engine = make_engine(migrated_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_turns_unique_and_cascading_foreign_keys_exist(migrated_url):
    engine = make_engine(migrated_url)
    try:
        inspector = inspect(engine)
        uniques = [u["column_names"] for u in inspector.get_unique_constraints("turns")]
        assert ["session_id", "seq"] in uniques
        cascades = {
            (table, fk["referred_table"]): fk["options"].get("ondelete")
            for table in ("turns", "risk_events", "practice_sessions")
            for fk in inspector.get_foreign_keys(table)
        }
        assert cascades[("turns", "practice_sessions")] == "CASCADE"
        assert cascades[("risk_events", "clients")] == "CASCADE"
        assert cascades[("practice_sessions", "clients")] == "CASCADE"
        assert "text" not in {c["name"] for c in inspector.get_columns("risk_events")}
    finally:
        engine.dispose()


def run_cli(*argv: str) -> tuple:
    out = io.StringIO()
    with redirect_stdout(out):
        status = main(["db", *argv])
    return status, out.getvalue()


def test_cli_upgrade_current_downgrade(database_url):
    assert run_cli("upgrade", "--url", database_url) == (0, "0002 (head)\n")
    assert run_cli("current", "--url", database_url) == (0, "0002 (head)\n")
    assert run_cli("downgrade", "base", "--url", database_url)[0] == 0
    assert table_names(database_url) & APP_TABLES == set()


def test_cli_reports_an_unknown_revision(database_url, capsys):
    assert main(["db", "upgrade", "no-such-rev", "--url", database_url]) == 1
    assert "no-such-rev" in capsys.readouterr().err
