"""Normalisation of chat text for risk matching, with a map back to the original offsets.

Handles what people type when they are upset or hiding words from filters: curly apostrophes,
leetspeak inside words ("k!ll", "su1c1de", "$uicide"), masked letters ("s*icide", "k#ll"), elongation
("diiiie", "killlll") and runs of spaces.
Every character of the normalised text remembers which original character it came from, so a span found
in the normalised text can be reported as a span of what the user actually wrote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from typing import AbstractSet, List, Tuple

from rehearse.text import normalise_quotes

# Symbols read as letters when they sit inside a word.
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "!": "i", "@": "a", "$": "s", "|": "l"}
# Symbols that may also start a word ("$uicide", "@ll").
_LEET_AT_WORD_START = frozenset("$@")
# Digits that may end a word ("su1c1d3").
_LEET_AT_WORD_END = frozenset("03")
# Symbols that stand for a hidden letter ("s*icide"); restored only when exactly one known word fits.
_MASKS = frozenset("*#")
_WORD_RE = re.compile(r"\S+")
_RUN_RE = re.compile(r"([^\W\d_])\1{2,}")


@dataclass(frozen=True)
class NormalisedText:
    text: str
    offsets: Tuple[int, ...]
    """offsets[i] is the index in the original text of normalised character i."""

    def original_span(self, start: int, end: int) -> Tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        return self.offsets[start], self.offsets[end - 1] + 1


def _is_letter(char: str) -> bool:
    return char.isalpha()


def _deleet_word(word: str) -> str:
    if sum(map(_is_letter, word)) < 2:
        return word
    chars = list(word)
    last = len(chars) - 1
    for i, char in enumerate(word):
        if char not in _LEET:
            continue
        before = i > 0 and _is_letter(word[i - 1])
        after = i < last and _is_letter(word[i + 1])
        if (
            (before and after)
            or (i == 0 and after and char in _LEET_AT_WORD_START)
            or (i == last and before and char in _LEET_AT_WORD_END)
        ):
            chars[i] = _LEET[char]
    return "".join(chars)


def _unmask_word(word: str, known_words: AbstractSet[str]) -> str:
    """Restore masked letters when exactly one known word of the same length fits; keeps the length."""
    core = word.rstrip(".,!?")
    if not any(char in _MASKS for char in core) or sum(map(_is_letter, core)) < 2:
        return word
    shape = re.compile("".join("[a-z]" if char in _MASKS else re.escape(char.lower()) for char in core))
    fits = [known for known in known_words if len(known) == len(core) and shape.fullmatch(known)]
    if len(fits) != 1:
        return word
    restored = "".join(fit if char in _MASKS else char for char, fit in zip(core, fits[0]))
    return restored + word[len(core):]


def _shorten_runs(word: str, offsets: List[int], keep: int) -> Tuple[str, List[int]]:
    chars: List[str] = []
    kept: List[int] = []
    for _, group in groupby(range(len(word)), key=lambda k: word[k].lower()):
        indices = list(group)
        if len(indices) >= 3 and word[indices[0]].isalpha():
            indices = indices[:keep]
        chars.extend(word[k] for k in indices)
        kept.extend(offsets[k] for k in indices)
    return "".join(chars), kept


def _collapse_runs(word: str, offsets: List[int], known_words: AbstractSet[str]) -> Tuple[str, List[int]]:
    """Shorten letter runs of 3+ to two letters if that gives a known word, else to one letter."""
    if not _RUN_RE.search(word):
        return word, offsets
    doubled = _shorten_runs(word, offsets, keep=2)
    if doubled[0].lower().strip(".,!?") in known_words:
        return doubled
    return _shorten_runs(word, offsets, keep=1)


def normalise_for_risk(text: str, known_words: AbstractSet[str] = frozenset()) -> NormalisedText:
    """Return the normalised text and the offset map back to `text`.

    `known_words` are lower-case words that may legitimately contain a doubled letter ("kill"), used to
    decide how far to shorten an elongated word.
    """
    quoted = normalise_quotes(text)
    pieces: List[str] = []
    offsets: List[int] = []
    position = 0
    for match in _WORD_RE.finditer(quoted):
        if match.start() > position:  # a run of spaces becomes one space (or one newline)
            gap = quoted[position:match.start()]
            pieces.append("\n" if "\n" in gap else " ")
            offsets.append(position)
        word = _unmask_word(_deleet_word(match.group()), known_words)
        word, word_offsets = _collapse_runs(word, list(range(match.start(), match.end())), known_words)
        pieces.append(word)
        offsets.extend(word_offsets)
        position = match.end()
    if position < len(quoted):
        pieces.append(" ")
        offsets.append(position)
    return NormalisedText("".join(pieces), tuple(offsets))

