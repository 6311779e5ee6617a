"""Context checks that decide whether a matched phrase is a disclosure by the user.

They work on tokens only (no parser, for speed): clause and sentence boundaries come from punctuation
and a few conjunctions; negation is a cue shortly before the match in the same clause; the subject is
the nearest person word before the match in the same clause.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet, List, Optional

from spacy.tokens import Doc

from rehearse.risk.schema import Cues, Rule

_SENTENCE_END = frozenset(".!?\n")


def _words(values) -> FrozenSet[str]:
    return frozenset(value.lower() for value in values)


@dataclass(frozen=True)
class CueSets:
    negation: FrozenSet[str]
    negation_breakers: FrozenSet[str]
    ability_modals: FrozenSet[str]
    clause_breaks: FrozenSet[str]
    reported_speech: FrozenSet[str]
    hypothetical: FrozenSet[str]
    media: FrozenSet[str]
    first_person: FrozenSet[str]
    third_party: FrozenSet[str]
    clause_openers: FrozenSet[str]
    subject_verbs: FrozenSet[str]

    @classmethod
    def from_cues(cls, cues: Cues) -> "CueSets":
        return cls(**{name: _words(getattr(cues, name)) for name in cls.__dataclass_fields__})


class DocContext:
    """Clause and sentence numbering of one document, and the checks for one match."""

    def __init__(self, doc: Doc, cues: CueSets, negation_window: int) -> None:
        self.doc = doc
        self.cues = cues
        self.negation_window = negation_window
        self.clause: List[int] = []
        self.sentence: List[int] = []
        clause = sentence = 0
        for token in doc:
            is_break = token.is_punct or token.lower_ in cues.clause_breaks or token.is_space
            if is_break:
                clause += 1
            self.clause.append(clause)
            self.sentence.append(sentence)
            if token.text[-1:] in _SENTENCE_END or "\n" in token.text:
                sentence += 1
        self.words = {token.lower_ for token in doc} | {token.lemma_ for token in doc}

    def _before_in_clause(self, start: int) -> List[int]:
        """Indices of tokens before `start` in the same clause, nearest first."""
        indices = []
        position = start - 1
        while position >= 0 and self.clause[position] == self.clause[start] and not self._is_break(position):
            indices.append(position)
            position -= 1
        return indices

    def _is_break(self, index: int) -> bool:
        token = self.doc[index]
        return token.is_punct or token.is_space or token.lower_ in self.cues.clause_breaks

    def _sentence_words(self, index: int) -> FrozenSet[str]:
        sentence = self.sentence[index]
        return frozenset(
            word
            for position, token in enumerate(self.doc)
            if self.sentence[position] == sentence
            for word in (token.lower_, token.lemma_)
        )

    def is_negated(self, start: int, end: int) -> bool:
        """A negation cue inside the match, or shortly before it in the same clause, or the match is the
        subject of a negated verb ("hurting myself isn't something I do")."""
        if self._is_negated_subject(start, end):
            return True
        inside = range(end - 1, start - 1, -1)
        before = self._before_in_clause(start)[: self.negation_window]
        for index in [*inside, *before]:
            lower = self.doc[index].lower_
            if lower in self.cues.negation_breakers:
                return False
            if lower in self.cues.negation and not self._after_ability_modal(index):
                return True
        return False

    def _is_negated_subject(self, start: int, end: int) -> bool:
        if end >= len(self.doc) or not self.opens_clause(start):
            return False
        verb = self.doc[end].lower_
        if verb not in self.cues.subject_verbs:
            return False
        return verb in self.cues.negation or (end + 1 < len(self.doc) and self.doc[end + 1].lower_ in self.cues.negation)

    def _after_ability_modal(self, index: int) -> bool:
        return index > 0 and self.doc[index - 1].lower_ in self.cues.ability_modals

    def is_hypothetical(self, start: int) -> bool:
        return any(self.doc[index].lower_ in self.cues.hypothetical for index in self._before_in_clause(start))

    def nearest_person(self, start: int) -> Optional[str]:
        """'self', 'other' or None for the nearest person word before the match in its clause."""
        for index in self._before_in_clause(start):
            lower = self.doc[index].lower_
            if lower in self.cues.first_person:
                return "self"
            if lower in self.cues.third_party:
                return "other"
        return None

    def opens_clause(self, start: int) -> bool:
        return all(self.doc[index].lower_ in self.cues.clause_openers for index in self._before_in_clause(start))

    def ends_clause(self, end: int) -> bool:
        return end >= len(self.doc) or self._is_break(end)

    def is_media(self, start: int) -> bool:
        return bool(self._sentence_words(start) & self.cues.media)

    def is_quoted(self, start: int) -> bool:
        return bool(self._sentence_words(start) & self.cues.reported_speech)

    def accepts(self, rule: Rule, start: int, end: int) -> bool:
        """True when the match [start, end) of `rule` is a disclosure worth a crisis handoff."""
        if rule.requires and not (self.words & set(rule.requires)):
            return False
        if rule.unless and self._sentence_words(start) & set(rule.unless):
            return False
        if rule.clause_start and not self.opens_clause(start):
            return False
        if rule.clause_end and not self.ends_clause(end):
            return False
        if rule.negatable and self.is_negated(start, end):
            return False
        if rule.hypothetical_check and self.is_hypothetical(start):
            return False
        # The person is needed by the media check too: "sorry to break character but i keep thinking about
        # killing myself" is the user speaking, whatever the rule's own subject check.
        person = self.nearest_person(start)
        if rule.subject != "any" and person == "other":
            return False
        if rule.subject == "self" and person is None and not (
            self.opens_clause(start) or self._sentence_words(start) & self.cues.first_person
        ):
            return False
        if rule.media_check and self.is_media(start) and (person != "self" or self.is_quoted(start)):
            return False
        return True
