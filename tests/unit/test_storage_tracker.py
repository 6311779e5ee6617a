"""Deleting a conversation from Rasa's SQL tracker store, using Rasa's own table definition."""
from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select

from rehearse.storage.db import make_engine
from rehearse.storage.transcripts import delete_tracker_events


@pytest.fixture
def rasa_events(database_url):
    """Rasa's `events` table, holding two conversations."""
    from rasa.core.tracker_store import SQLTrackerStore

    table = SQLTrackerStore.SQLEvent.__table__
    engine = make_engine(database_url)
    table.create(engine)
    rows = [
        {"sender_id": sender, "type_name": "user", "timestamp": 1.0 + n, "intent_name": "greet", "data": "{}"}
        for sender in ("alice", "bob")
        for n in range(3)
    ]
    with engine.begin() as connection:
        connection.execute(insert(table), rows)
    yield engine, table
    engine.dispose()


def senders(engine, table) -> dict:
    with engine.connect() as connection:
        query = select(table.c.sender_id, func.count()).group_by(table.c.sender_id)
        return dict(connection.execute(query).all())


def test_deletes_only_that_conversation(database_url, rasa_events):
    engine, table = rasa_events
    assert delete_tracker_events(database_url, "alice") == 3
    assert senders(engine, table) == {"bob": 3}
    assert delete_tracker_events(database_url, "alice") == 0


def test_sender_id_is_a_bound_parameter(database_url, rasa_events):
    engine, table = rasa_events
    assert delete_tracker_events(database_url, "x' OR '1'='1") == 0
    assert senders(engine, table) == {"alice": 3, "bob": 3}


def test_missing_tracker_table_deletes_nothing(database_url):
    assert delete_tracker_events(database_url, "alice") == 0
