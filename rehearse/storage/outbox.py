"""Transcript writes that survive a database outage.

Every write goes through one ordered queue. A write that fails because the database cannot be reached
stays at the head of the queue and is retried (on the next write, and by a background retry loop)
until the database is back; later writes wait behind it, so a session is always created before its
turns. Writes are idempotent (sessions have caller-chosen ids, turns a unique (session, seq), retraction
names its first seq), so a retry never duplicates anything. A write that fails for any other reason
(a bug, a constraint) is logged and dropped: retrying it would block every write behind it.
The queue lives in the action server's memory: a crash while the database is down loses what is queued.
"""
from __future__ import annotations

import asyncio
import collections
import functools
import logging
from dataclasses import dataclass
from typing import Any, Callable, Deque, Optional

from sqlalchemy.exc import DBAPIError, OperationalError, TimeoutError as PoolTimeout

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
MAX_PENDING = 50_000


def is_transient(error: BaseException) -> bool:
    """The database is unreachable or overloaded, as opposed to the write being wrong."""
    if isinstance(error, (OperationalError, PoolTimeout)):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


@dataclass
class PendingWrite:
    description: str
    call: Callable[[], Any]


class WriteBehind:
    def __init__(self, retry_seconds: float = RETRY_SECONDS, max_pending: int = MAX_PENDING) -> None:
        self._pending: Deque[PendingWrite] = collections.deque()
        self._lock = asyncio.Lock()
        self._retry_seconds = retry_seconds
        self._max_pending = max_pending
        self._retry_task: Optional[asyncio.Task] = None

    @property
    def pending(self) -> int:
        return len(self._pending)

    async def submit(self, description: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        """Queue a write and try to flush; True when everything queued so far is stored."""
        if len(self._pending) >= self._max_pending:
            logger.error("transcript queue full (%d writes): dropping %s", len(self._pending), description)
            return False
        self._pending.append(PendingWrite(description, functools.partial(function, *args, **kwargs)))
        stored = await self.flush()
        if not stored:
            self._ensure_retrying()
        return stored

    async def flush(self) -> bool:
        """Run queued writes in order until one cannot reach the database."""
        async with self._lock:
            loop = asyncio.get_running_loop()
            while self._pending:
                write = self._pending[0]
                try:
                    await loop.run_in_executor(None, write.call)
                except Exception as error:  # classified below; never crashes the conversation
                    if is_transient(error):
                        logger.warning(
                            "database unavailable; %d transcript writes queued (%s)",
                            len(self._pending), type(error).__name__,
                        )
                        return False
                    logger.error("transcript write dropped (%s): %s", write.description, type(error).__name__)
                self._pending.popleft()
            return True

    def _ensure_retrying(self) -> None:
        if self._retry_task is None or self._retry_task.done():
            self._retry_task = asyncio.get_running_loop().create_task(self._retry_until_empty())

    async def _retry_until_empty(self) -> None:
        while self._pending:
            await asyncio.sleep(self._retry_seconds)
            if await self.flush():
                logger.info("database back: queued transcript writes stored")
