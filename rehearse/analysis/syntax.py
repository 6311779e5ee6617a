"""Small helpers over spaCy tokens: hits, sentence boundaries, questions, subjects and negation."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from spacy.tokens import Doc, Span, Token

DISCOURSE_OPENERS = frozenset(
    {"oh", "well", "so", "and", "but", "ok", "okay", "look", "listen", "hey", "honestly", "um", "uh", "ah", "wow",
     "yeah", "yes", "no", "mum", "mom", "dad", "seriously", "right", "sorry", "hmm", "like", "anyway", "actually"}
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


@dataclass(frozen=True)
class Hit:
    """A finding in normalised-text character offsets, before it is mapped back onto the original text."""

    feature: str
    start: int
    end: int
    rule: str


def hit(feature: str, span: Span, rule: str) -> Optional[Hit]:
    """A hit covering `span` without leading/trailing punctuation or spaces (None if nothing is left)."""
    tokens = [token for token in span if not (token.is_punct or token.is_space)]
    if not tokens:
        return None
    return Hit(feature, tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), rule)


def is_question(sentence: Span) -> bool:
    """Ends with "?" or, in unpunctuated chat, opens with an auxiliary/modal or a WH word followed by one."""
    words = [token for token in sentence if not token.is_space]
    if not words:
        return False
    if any("?" in token.text for token in words[-3:]):
        return True
    if words[-1].is_punct:
        return False
    first = first_word(sentence)
    if first is None:
        return False
    following = first.nbor(1) if first.i + 1 < sentence.end else None
    if first.tag_ == "MD" or (first.pos_ == "AUX" and first.lower_ in {"are", "is", "do", "does", "did", "have", "has"}):
        return following is not None and following.pos_ in {"PRON", "PROPN", "NOUN", "DET"}
    if first.lower_ in {"what", "how", "why", "when", "where", "who"}:
        return following is not None and following.pos_ == "AUX"
    return False


def first_word(sentence: Span) -> Optional[Token]:
    """The first token that is not punctuation or a discourse opener ("oh", "well", "so"...)."""
    for token in sentence:
        if token.is_punct or token.is_space or token.lower_ in DISCOURSE_OPENERS:
            continue
        return token
    return None


def subject_of(verb: Token) -> Optional[Token]:
    """The grammatical subject of a verb, inherited from the first conjunct when it has none."""
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
        if current.dep_ in {"conj", "xcomp"} and current.head is not current:
            current = current.head
            continue
        return None
    return None


def is_negated(token: Token) -> bool:
    """A negation attached to the token, to its auxiliaries' head, or to a linking head."""
    if any(child.dep_ == "neg" for child in token.children):
        return True
    head = token.head
    if token.dep_ in {"acomp", "attr", "xcomp", "oprd", "aux", "auxpass"} and head is not token:
        return any(child.dep_ == "neg" for child in head.children)
    return False


def span_between(doc: Doc, tokens: Iterable[Token]) -> Span:
    indexes = [token.i for token in tokens]
    return doc[min(indexes): max(indexes) + 1]


def lower_text(span: Span) -> str:
    """Lower-case text with single spaces between tokens (for prefix tests on phrase lists)."""
    return " ".join(token.lower_ for token in span if not token.is_space)
