"""Engines and sessions: created lazily, one engine and one sessionmaker per database URL.

SQLite connections get WAL journalling (readers do not block the writer), enforced foreign keys (so
ON DELETE CASCADE works) and a busy timeout (concurrent writers wait instead of failing). PostgreSQL
connections are checked before use, so a database restart costs one reconnect, not an error.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Dict, Iterator, Optional

from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from rehearse import config

# PRAGMAs take no bound parameters, so they are fixed literal statements.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=10000",
)
FOREIGN_KEYS_ON = "PRAGMA foreign_keys=ON"
FOREIGN_KEYS_OFF = "PRAGMA foreign_keys=OFF"

_lock = threading.Lock()
_engines: Dict[str, Engine] = {}
_sessionmakers: Dict[str, sessionmaker] = {}


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, enforce_foreign_keys: bool = True, **options: Any) -> Engine:
    """A new engine for `url`, with the per-connection settings described above.

    Statement parameters are hidden from error messages and logs: they carry what clients typed.
    Migrations pass `enforce_foreign_keys=False`: SQLite's batch mode rebuilds a table by dropping it,
    and with foreign keys on, that drop would cascade into the child tables.
    """
    options.setdefault("hide_parameters", True)
    if is_sqlite(url):
        # Pool file connections (SQLAlchemy 2.0's default) instead of 1.4's reconnect per unit of work.
        if make_url(url).database not in (None, "", ":memory:"):
            options.setdefault("poolclass", QueuePool)
        options.setdefault("connect_args", {"check_same_thread": False})
        engine = create_engine(url, future=True, **options)
        _install_sqlite_pragmas(engine, enforce_foreign_keys)
        return engine
    options.setdefault("pool_pre_ping", True)
    return create_engine(url, future=True, **options)


def _install_sqlite_pragmas(engine: Engine, enforce_foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
            cursor.execute(FOREIGN_KEYS_ON if enforce_foreign_keys else FOREIGN_KEYS_OFF)
        finally:
            cursor.close()


def resolve_url(url: Optional[str] = None) -> str:
    return url or config.database_url()


def get_engine(url: Optional[str] = None) -> Engine:
    """The shared engine for `url` (default: `DATABASE_URL`), created on first use."""
    url = resolve_url(url)
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = make_engine(url)
        return engine


def get_sessionmaker(url: Optional[str] = None) -> sessionmaker:
    url = resolve_url(url)
    engine = get_engine(url)
    with _lock:
        factory = _sessionmakers.get(url)
        if factory is None:
            factory = _sessionmakers[url] = sessionmaker(bind=engine, future=True, expire_on_commit=False)
        return factory


@contextmanager
def session_scope(url: Optional[str] = None) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error, always close."""
    session = get_sessionmaker(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def dispose_engines(url: Optional[str] = None) -> None:
    """Close pooled connections: for one URL, or for all when `url` is None (tests, shutdown)."""
    with _lock:
        urls = [url] if url is not None else list(_engines)
        for key in urls:
            _sessionmakers.pop(key, None)
            engine = _engines.pop(key, None)
            if engine is not None:
                engine.dispose()
