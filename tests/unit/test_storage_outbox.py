"""The write-behind queue keeps transcript writes in order through a database outage."""
from __future__ import annotations

import asyncio
from typing import List

from sqlalchemy.exc import IntegrityError, OperationalError

from rehearse.storage.outbox import WriteBehind, is_transient


class FlakyDatabase:
    """Unreachable for the first `down_for` calls, then stores every write."""

    def __init__(self, down_for: int) -> None:
        self.down_for = down_for
        self.calls = 0
        self.stored: List[str] = []

    def write(self, value: str) -> None:
        self.calls += 1
        if self.calls <= self.down_for:
            raise OperationalError("INSERT", {}, ConnectionRefusedError("database is down"))
        self.stored.append(value)


def broken_write(value: str) -> None:
    raise IntegrityError("INSERT", {}, Exception("constraint"))


def test_transient_and_permanent_errors_are_told_apart():
    assert is_transient(OperationalError("x", {}, Exception("down")))
    assert not is_transient(IntegrityError("x", {}, Exception("dup")))
    assert not is_transient(ValueError("bad"))


async def test_writes_wait_in_order_and_are_stored_when_the_database_returns():
    database = FlakyDatabase(down_for=3)
    queue = WriteBehind(retry_seconds=0.01)
    assert await queue.submit("session", database.write, "session") is False
    assert await queue.submit("turn 1", database.write, "turn 1") is False
    assert queue.pending == 2
    for _ in range(200):
        if not queue.pending:
            break
        await asyncio.sleep(0.01)
    assert queue.pending == 0
    assert database.stored == ["session", "turn 1"]


async def test_a_write_that_can_never_succeed_is_dropped_and_does_not_block_the_rest():
    database = FlakyDatabase(down_for=0)
    queue = WriteBehind(retry_seconds=0.01)
    assert await queue.submit("bad", broken_write, "x") is True
    assert await queue.submit("good", database.write, "kept") is True
    assert database.stored == ["kept"] and queue.pending == 0


async def test_the_queue_is_bounded():
    queue = WriteBehind(retry_seconds=60, max_pending=2)
    database = FlakyDatabase(down_for=100)
    await queue.submit("1", database.write, "1")
    await queue.submit("2", database.write, "2")
    assert await queue.submit("3", database.write, "3") is False
    assert queue.pending == 2
