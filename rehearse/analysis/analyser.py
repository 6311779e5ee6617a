"""The communication analyser: normalise chat text, parse it once with spaCy, run every rule family,
resolve cross-feature decisions and map each finding back onto the original text."""
from __future__ import annotations

import functools
from typing import Optional, TYPE_CHECKING

from .lexicon import Lexicon, Normalisation, load_lexicon, load_normalisation
from .model import Analysis, Finding
from .normalise import normalise

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language


class Analyser:
    """Holds the compiled rules; `analyse` is safe to call for any string."""

    def __init__(self, nlp: "Language", lexicon: Lexicon, normalisation: Normalisation) -> None:
        from .blame import BlameRules
        from .hedging import HedgingRules
        from .ownership import OwnershipRules
        from .phrases import PhraseRules
        from .questions import QuestionRules
        from .sarcasm import SarcasmRules

        self._nlp = nlp
        self._normalisation = normalisation
        self._phrases = PhraseRules(nlp, lexicon)
        self._ownership = OwnershipRules(lexicon)
        self._blame = BlameRules(nlp, lexicon)
        self._questions = QuestionRules(nlp, lexicon)
        self._sarcasm = SarcasmRules(lexicon)
        self._hedging = HedgingRules(lexicon)

    def analyse(self, text: str, context: Optional[str] = None) -> Analysis:
        from .resolve import resolve

        if not isinstance(text, str):
            raise TypeError(f"text must be a string, not {type(text).__name__}")
        if context is not None and not isinstance(context, str):
            raise TypeError(f"context must be a string or None, not {type(context).__name__}")
        if not text.strip():
            return Analysis(text=text, findings=())
        normalised = normalise(text, self._normalisation)
        doc = self._nlp(normalised.text)
        hits, exceptions = self._phrases.run(doc)
        hits.extend(self._ownership.find(doc))
        hits.extend(self._blame.find(doc))
        hits.extend(self._questions.find(doc))
        hits.extend(self._sarcasm.find(doc, context))
        hits.extend(self._hedging.find(doc))
        findings = []
        for found in resolve(doc, hits, exceptions):
            start, end = normalised.original_span(found.start, found.end)
            findings.append(Finding(found.feature, start, end, text[start:end], found.rule))
        return Analysis(text=text, findings=tuple(findings))


@functools.lru_cache(maxsize=1)
def get_analyser() -> Analyser:
    """The process-wide analyser (loads the spaCy model and the lexicons once)."""
    from rehearse.nlp import get_nlp

    return Analyser(get_nlp(), load_lexicon(), load_normalisation())


def analyse(text: str, context: Optional[str] = None) -> Analysis:
    """Analyse one user line; `context` is the counterpart's previous line (used for sarcasm)."""
    return get_analyser().analyse(text, context)
