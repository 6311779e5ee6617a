"""Engines and sessions: lazy creation, per-connection settings, unit-of-work semantics."""
from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from rehearse.storage import db
from rehearse.storage.models import Therapist, Turn
from rehearse.storage.transcripts import TranscriptStore

UNREACHABLE = "postgresql+psycopg2://nobody@127.0.0.1:1/none"


def test_the_database_is_first_touched_by_a_call_not_by_construction():
    store = TranscriptStore(UNREACHABLE)
    with pytest.raises(OperationalError):
        store.has_consented("s1")
    db.dispose_engines(UNREACHABLE)


def test_one_engine_and_sessionmaker_per_url(database_url):
    assert db.get_engine(database_url) is db.get_engine(database_url)
    assert db.get_sessionmaker(database_url) is db.get_sessionmaker(database_url)


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    url = "sqlite:///" + str(tmp_path / "x.db")
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            values = [
                connection.execute(text(pragma)).scalar_one()
                for pragma in ("PRAGMA journal_mode", "PRAGMA foreign_keys", "PRAGMA busy_timeout")
            ]
        assert values == ["wal", 1, 10000]
    finally:
        engine.dispose()


def test_migration_engine_leaves_foreign_keys_off(tmp_path):
    engine = db.make_engine("sqlite:///" + str(tmp_path / "x.db"), enforce_foreign_keys=False)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 0
    finally:
        engine.dispose()


def test_postgres_engines_ping_before_use():
    assert db.make_engine(UNREACHABLE).pool._pre_ping is True


def test_session_scope_commits_or_rolls_back(migrated_url):
    with db.session_scope(migrated_url) as session:
        session.add(Therapist(username="kept", password_hash="x"))
    with pytest.raises(RuntimeError):
        with db.session_scope(migrated_url) as session:
            session.add(Therapist(username="rolled_back", password_hash="x"))
            session.flush()
            raise RuntimeError("boom")
    with db.session_scope(migrated_url) as session:
        assert session.execute(select(Therapist.username)).scalars().all() == ["kept"]


def test_foreign_keys_are_enforced_and_errors_do_not_show_the_text(migrated_url):
    with pytest.raises(IntegrityError) as raised:
        with db.session_scope(migrated_url) as session:
            session.add(Turn(session_id="missing", seq=1, speaker="user", text="my private words"))
    assert "private" not in str(raised.value)
