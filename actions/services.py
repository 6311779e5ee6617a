"""Process-wide services for the actions, created on first use (never at import time)."""
from __future__ import annotations

import asyncio
import functools
from typing import Any, Callable, TypeVar

from rehearse.homework import WrongCodeLimiter
from rehearse.portal.custom_scenarios import scenario_for_ref
from rehearse.scenarios import Library, Scenario, load_library
from rehearse.storage.outbox import WriteBehind
from rehearse.storage.transcripts import TranscriptStore

T = TypeVar("T")


@functools.lru_cache(maxsize=1)
def library() -> Library:
    return load_library()


@functools.lru_cache(maxsize=1)
def store() -> TranscriptStore:
    return TranscriptStore()


@functools.lru_cache(maxsize=1)
def wrong_codes() -> WrongCodeLimiter:
    return WrongCodeLimiter()


@functools.lru_cache(maxsize=1)
def outbox() -> WriteBehind:
    return WriteBehind()


async def scenario(ref: str) -> Scenario:
    """A library scenario by id, or a therapist's own by `custom:<id>`; KeyError when there is none."""
    if ref in library():
        return library().get(ref)
    return await run_blocking(scenario_for_ref, ref)


async def run_blocking(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking work (SQL, spaCy) off the event loop, so one conversation never stalls the others."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(function, *args, **kwargs))


async def record(description: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> None:
    """A transcript write that never breaks the conversation: queued and retried while the database is down."""
    await outbox().submit(description, function, *args, **kwargs)
