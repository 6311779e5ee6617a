"""Parse a 0-10 mood rating typed in chat ("7", "about a 6", "8/10", "seven")."""
from __future__ import annotations

import re
from typing import Optional

_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
_NUMBER = re.compile(r"(?<![\d.\-])(\d{1,2})(?:\s*(?:/|out of)\s*10)?(?![\d.])")
_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")\b")


def parse_mood(text: str) -> Optional[int]:
    """Return the rating 0-10, or None when the text holds no single valid rating."""
    lowered = text.lower()
    values = [int(match) for match in _NUMBER.findall(lowered)]
    values += [_WORDS[word] for word in _WORD.findall(lowered)]
    if len(set(values)) != 1:
        return None
    value = values[0]
    return value if 0 <= value <= 10 else None
