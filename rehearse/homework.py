"""Homework codes typed in chat: find a code in free text ("my code is abcd-efgh")."""
from __future__ import annotations

import re
from typing import Optional

from rehearse.storage.transcripts import normalise_code

MAX_CODE_ATTEMPTS = 5
"""Wrong codes allowed per conversation before the chat stops asking (brute-force protection)."""

_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z0-9]{4})[\s\-\u2010\u2011\u2013]?([A-Za-z0-9]{4})(?![A-Za-z0-9])")


def find_code(text: str) -> Optional[str]:
    """The first well-formed homework code in `text`, normalised (e.g. "ACDE-FGHJ" -> "ACDEFGHJ")."""
    for match in _CANDIDATE.finditer(text or ""):
        code = normalise_code(match.group(1) + match.group(2))
        if code:
            return code
    return None
