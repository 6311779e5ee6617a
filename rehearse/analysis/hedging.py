""""just" as a hedge: softening the speaker's own saying or asking ("I just wanted to say", "it's just that")."""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc, Token

from .lexicon import Lexicon
from .syntax import Hit, hit, is_question


class HedgingRules:
    def __init__(self, lexicon: Lexicon) -> None:
        self.just_verbs = lexicon.word_set("hedge_just_verbs")

    def find(self, doc: Doc) -> Iterator[Hit]:
        for token in doc:
            if token.lower_ != "just":
                continue
            if self._softens_own_words(token) or _after_its(doc, token.i) or _inside_request(token):
                found = hit("hedging", doc[token.i: token.i + 1], "hedging.just")
                if found is not None:
                    yield found

    def _softens_own_words(self, just: Token) -> bool:
        head = just.head
        return head.lemma_ in self.just_verbs and any(
            child.dep_ == "nsubj" and child.lower_ in {"i", "we"} for child in head.children
        )


def _after_its(doc: Doc, index: int) -> bool:
    """"it's just that ...", "that's just me"."""
    return index > 1 and doc[index - 1].lower_ in {"'s", "is"} and doc[index - 2].lower_ in {"it", "that"}


def _inside_request(just: Token) -> bool:
    """"Could you just let me know?" softens a modal request."""
    sentence = just.sent
    return is_question(sentence) and any(token.tag_ == "MD" for token in sentence.doc[sentence.start: just.i])
