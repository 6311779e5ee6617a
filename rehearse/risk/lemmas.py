"""Lemmas from spaCy's English lemmatizer tables, without running the tagger.

The rule lemmatizer needs part-of-speech tags, and the tagger costs more than a millisecond per message.
Risk phrases are almost all verbs and nouns, so each word is lemmatised by trying spaCy's own exception
lists and suffix rules for verbs, then nouns, then adjectives, and the result is cached per word.
"""
from __future__ import annotations

import functools
from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc

_PARTS_OF_SPEECH = ("verb", "noun", "adj")


def lemma_function(nlp: Language) -> Callable[[str], str]:
    """Return a cached `word -> lemma` function built from the pipeline's lemmatizer lookups."""
    lookups = nlp.get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index")
    exceptions = lookups.get_table("lemma_exc")
    rules = lookups.get_table("lemma_rules")
    tables = [
        (frozenset(index.get(pos, ())), exceptions.get(pos, {}), rules.get(pos, ()))
        for pos in _PARTS_OF_SPEECH
    ]

    @functools.lru_cache(maxsize=65536)
    def lemma(word: str) -> str:
        for pos_index, pos_exceptions, pos_rules in tables:
            known = pos_exceptions.get(word)
            if known:
                return known[0]
            if word in pos_index:
                return word
            for old, new in pos_rules:
                if word.endswith(old):
                    form = word[: len(word) - len(old)] + new
                    if form and form in pos_index:
                        return form
        return word

    return lemma


def assign_lemmas(doc: Doc, lemma: Callable[[str], str]) -> Doc:
    for token in doc:
        token.lemma_ = lemma(token.lower_)
    return doc
