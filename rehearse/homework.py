"""Homework codes typed in chat: find a code in free text ("my code is abcd-efgh")."""
from __future__ import annotations

import collections
import re
import time
from typing import Callable, Deque, Optional

from rehearse.storage.transcripts import normalise_code

MAX_CODE_ATTEMPTS = 5
"""Wrong codes allowed per conversation before the chat stops asking (brute-force protection)."""
WRONG_CODES_PER_MINUTE = 30
"""Wrong codes allowed per minute across all conversations of one action server: a guesser who opens
new conversations is still slowed to a rate at which the ~37-bit code space cannot be searched."""

_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z0-9]{4})[\s\-\u2010\u2011\u2013]?([A-Za-z0-9]{4})(?![A-Za-z0-9])")


def find_code(text: str) -> Optional[str]:
    """The first well-formed homework code in `text`, normalised (e.g. "ACDE-FGHJ" -> "ACDEFGHJ")."""
    for match in _CANDIDATE.finditer(text or ""):
        code = normalise_code(match.group(1) + match.group(2))
        if code:
            return code
    return None


class WrongCodeLimiter:
    """A sliding window of wrong homework codes across every conversation."""

    def __init__(
        self, limit: int = WRONG_CODES_PER_MINUTE, window_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = limit
        self._window = window_seconds
        self._clock = clock
        self._failures: Deque[float] = collections.deque()

    def blocked(self) -> bool:
        now = self._clock()
        while self._failures and now - self._failures[0] > self._window:
            self._failures.popleft()
        return len(self._failures) >= self._limit

    def record_failure(self) -> None:
        self._failures.append(self._clock())
