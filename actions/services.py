"""Process-wide services for the actions, created on first use (never at import time)."""
from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any, Callable, Optional, TypeVar

from rehearse.portal.custom_scenarios import scenario_for_ref
from rehearse.scenarios import Library, Scenario, load_library
from rehearse.storage.transcripts import TranscriptStore

logger = logging.getLogger(__name__)
T = TypeVar("T")


@functools.lru_cache(maxsize=1)
def library() -> Library:
    return load_library()


@functools.lru_cache(maxsize=1)
def store() -> TranscriptStore:
    return TranscriptStore()


async def scenario(ref: str) -> Scenario:
    """A library scenario by id, or a therapist's own by `custom:<id>`; KeyError when there is none."""
    if ref in library():
        return library().get(ref)
    return await run_blocking(scenario_for_ref, ref)


async def run_blocking(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking work (SQL, spaCy) off the event loop, so one conversation never stalls the others."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(function, *args, **kwargs))


async def record(description: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> Optional[T]:
    """A transcript write that must not break the conversation: failures are logged (without text)."""
    try:
        return await run_blocking(function, *args, **kwargs)
    except Exception as error:  # the conversation goes on; the failure is visible in the logs
        logger.warning("transcript write failed (%s): %s", description, type(error).__name__)
        return None
