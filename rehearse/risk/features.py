"""Sparse binary features of one sentence for the second-layer risk model.

Each feature remembers the tokens it came from, so a model decision can be explained by a span of the
user's own words. Features: lemma n-grams, character n-grams inside each word, lemmas inside a negation's
scope ("n:want" in "don't want to..."), and cue flags (first person, negation, someone else, media,
hypothetical, reported speech) taken from the lexicon's cue lists.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Sequence, Tuple

from spacy.tokens import Token

from rehearse.risk.context import CueSets

FeatureMap = Dict[str, Tuple[int, ...]]
"""Feature name -> indices of the tokens it came from (empty for whole-sentence cue flags)."""

_CUE_FLAGS = ("first_person", "negation", "third_party", "media", "hypothetical", "reported_speech")
NEGATION_SCOPE = 3
"""How many tokens after a negation word get a negated-lemma feature."""


@dataclass(frozen=True)
class Featuriser:
    cues: CueSets
    word_ngrams: int
    char_min: int
    char_max: int

    def features(self, tokens: Sequence[Token]) -> FeatureMap:
        """The features of `tokens` (one sentence, no whitespace tokens)."""
        found: FeatureMap = {}
        lemmas = [token.lemma_ for token in tokens]
        for size in range(1, self.word_ngrams + 1):
            for first in range(len(tokens) - size + 1):
                found.setdefault("w:" + " ".join(lemmas[first:first + size]), tuple(range(first, first + size)))
        for index, token in enumerate(tokens):
            padded = f" {token.lower_} "
            for size in range(self.char_min, self.char_max + 1):
                for first in range(len(padded) - size + 1):
                    found.setdefault("c:" + padded[first:first + size], (index,))
        self._add_negation_scope(tokens, found)
        for flag in _CUE_FLAGS:
            words = getattr(self.cues, flag)
            if any(token.lower_ in words for token in tokens):
                found["cue:" + flag] = ()
        return found

    def _add_negation_scope(self, tokens: Sequence[Token], found: FeatureMap) -> None:
        scope = 0
        for index, token in enumerate(tokens):
            lower = token.lower_
            if token.is_punct or lower in self.cues.clause_breaks or lower in self.cues.negation_breakers:
                scope = 0
            elif lower in self.cues.negation:
                scope = NEGATION_SCOPE
            elif scope:
                found.setdefault("n:" + token.lemma_, (index,))
                scope -= 1
