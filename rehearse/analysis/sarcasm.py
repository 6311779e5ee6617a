"""Sarcasm from an inverted positive opener: "Oh great, another lecture", or "Perfect." after bad news."""
from __future__ import annotations

from typing import Iterator, Optional

from spacy.tokens import Doc

from .lexicon import Lexicon
from .syntax import Hit, hit

INTERJECTIONS = frozenset({"oh", "wow", "ah", "well", "yeah", "ooh", "gee", "just", "so", "how"})


class SarcasmRules:
    def __init__(self, lexicon: Lexicon) -> None:
        self.openers = lexicon.word_set("sarcasm_openers")
        self.cues = lexicon.word_set("sarcasm_cues")
        self.negative_context = lexicon.word_set("negative_context_words")

    def find(self, doc: Doc, context: Optional[str]) -> Iterator[Hit]:
        sentences = list(doc.sents)
        if not sentences:
            return
        first = sentences[0]
        words = [token for token in first if not token.is_punct and not token.is_space]
        leading = [token for token in words[:3] if token.lower_ not in INTERJECTIONS]
        if not leading or leading[0].lower_ not in self.openers:
            return
        opener = leading[0]
        if context is not None:
            inverted = self._bad_news(context)
        else:
            inverted = any(token.lower_ in self.cues for token in doc if token.i > opener.i)
        if inverted:
            found = hit("sarcasm", first, "sarcasm.inverted_opener")
            if found is not None:
                yield found

    def _bad_news(self, context: str) -> bool:
        words = context.lower().replace("n't", " n't").replace("\u2019", "'").split()
        return any(word.strip(".,!?;:\"'") in self.negative_context for word in words)
