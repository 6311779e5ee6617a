"""Chat-text normalisation that keeps every span mappable to the original text.

Texting abbreviations and common typos are replaced word by word ("u" -> "you", "idk" -> "I don't know",
"dont" -> "don't"); each character of the normalised text remembers the original range it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Tuple

from rehearse.text import normalise_quotes

from .lexicon import Normalisation

_WORD = re.compile(r"[A-Za-z0-9']+")


@dataclass(frozen=True)
class NormalisedText:
    original: str
    text: str
    _starts: Tuple[int, ...]
    _ends: Tuple[int, ...]

    def original_span(self, start: int, end: int) -> Tuple[int, int]:
        """Map a non-empty [start, end) range of the normalised text onto the original text."""
        return self._starts[start], self._ends[end - 1]


def _replacement(word: str, next_word: str, rules: Normalisation) -> str:
    lower = word.lower()
    if lower == "ur" and next_word.lower() in rules.ur_means_you_are_before:
        return "you're"
    canonical = rules.replacements.get(lower)
    if canonical is None:
        return word
    if word[:1].isupper() and canonical[:1].islower():
        canonical = canonical[:1].upper() + canonical[1:]
    return canonical


def normalise(original: str, rules: Normalisation) -> NormalisedText:
    text = normalise_quotes(original)
    pieces: List[str] = []
    starts: List[int] = []
    ends: List[int] = []
    position = 0
    matches = list(_WORD.finditer(text))
    for index, match in enumerate(matches):
        gap = text[position:match.start()]
        pieces.append(gap)
        starts.extend(range(position, match.start()))
        ends.extend(range(position + 1, match.start() + 1))
        next_word = matches[index + 1].group() if index + 1 < len(matches) else ""
        replacement = _replacement(match.group(), next_word, rules)
        pieces.append(replacement)
        if len(replacement) == len(match.group()):
            starts.extend(range(match.start(), match.end()))
            ends.extend(range(match.start() + 1, match.end() + 1))
        else:
            starts.extend([match.start()] * len(replacement))
            ends.extend([match.end()] * len(replacement))
        position = match.end()
    pieces.append(text[position:])
    starts.extend(range(position, len(text)))
    ends.extend(range(position + 1, len(text) + 1))
    return NormalisedText(original, "".join(pieces), tuple(starts), tuple(ends))
