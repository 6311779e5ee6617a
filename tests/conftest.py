"""Shared fixtures. `database_url` runs a test against SQLite and against a real PostgreSQL server."""
from __future__ import annotations

import uuid
from typing import Iterator, TypeVar

import pytest

from support.postgres import PostgresServer
from support.redis import RedisServer
from support.stack import Stack, ensure_trained_model

Server = TypeVar("Server", PostgresServer, RedisServer)


def _running(server: Server) -> Iterator[Server]:
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run, started on first use."""
    yield from _running(PostgresServer())


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One password-protected Redis server for the whole run, started on first use."""
    yield from _running(RedisServer())


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL to a fresh, empty database of each kind; engines for it are disposed afterwards."""
    from rehearse.storage.db import dispose_engines

    if request.param == "sqlite":
        url = "sqlite:///" + str(tmp_path / "rehearse.db")
        yield url
        dispose_engines(url)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    try:
        yield url
    finally:
        dispose_engines(url)
        server.drop_database(url)


@pytest.fixture
def migrated_url(database_url: str) -> str:
    """`database_url` with the schema upgraded to the latest revision."""
    from rehearse.storage import migrations

    migrations.upgrade(database_url)
    return database_url


# --- The real services (Rasa server, action server, portal), one stack per test run -------------------

@pytest.fixture(scope="session")
def trained_model():
    return ensure_trained_model()


@pytest.fixture(scope="session")
def stack(trained_model, tmp_path_factory) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("stack")).start_all()
    try:
        yield running
    finally:
        running.stop_all()


@pytest.fixture
def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"
