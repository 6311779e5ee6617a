"""Retention for Rasa's SQL tracker store (table `events`): delete conversation events older than a cutoff."""
from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, Table, delete, inspect

from rehearse.storage.db import make_engine

EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("timestamp", Float),
)


def purge_tracker_events(tracker_store_url: str, cutoff_epoch_s: float) -> int:
    """Delete events stamped before `cutoff_epoch_s`; return rows deleted (0 if there is no table)."""
    engine = make_engine(tracker_store_url)
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table("events"):
                return 0
            return connection.execute(delete(EVENTS).where(EVENTS.c.timestamp < cutoff_epoch_s)).rowcount
    finally:
        engine.dispose()
