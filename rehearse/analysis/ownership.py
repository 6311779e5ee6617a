"""Feelings and needs the speaker owns: "I felt really hurt", "I'm worried", "I need some space", "I value ..."."""
from __future__ import annotations

from typing import Iterator, Optional

from spacy.tokens import Doc, Token

from .lexicon import Lexicon
from .syntax import Hit, hit, is_negated, is_question, span_between, subject_of

FIRST_PERSON_SUBJECTS = frozenset({"i"})
CAUSATIVE_VERBS = frozenset({"make", "leave", "get", "keep"})  # "it makes me sad"
EMOTION_COMPLEMENT_DEPS = frozenset({"acomp", "attr", "oprd", "xcomp", "ccomp"})


class OwnershipRules:
    def __init__(self, lexicon: Lexicon) -> None:
        self.feelings = lexicon.word_set("feelings")
        self.feeling_verbs = lexicon.word_set("feeling_verbs")
        self.link_verbs = lexicon.word_set("feeling_link_verbs")
        self.need_verbs = lexicon.word_set("need_verbs")
        self.need_complements = lexicon.word_set("need_complements")

    def find(self, doc: Doc) -> Iterator[Hit]:
        for token in doc:
            if is_question(token.sent):
                continue
            if token.lower_ in self.feelings or (token.pos_ == "ADJ" and token.lemma_ in self.feelings):
                found = self._feeling(doc, token)
            elif token.lemma_ in self.feeling_verbs and token.pos_ == "VERB":
                found = self._feeling_verb(doc, token)
            elif token.lemma_ in self.need_verbs and token.pos_ in {"VERB", "AUX"}:
                found = self._need(doc, token)
            else:
                found = None
            if found is not None:
                yield found

    def _feeling(self, doc: Doc, word: Token) -> Optional[Hit]:
        """An emotion word linked to "I": "I'm (so) hurt", "I've been feeling low", "it makes me sad"."""
        anchor = word
        while anchor.dep_ == "conj" and anchor.head is not anchor:
            anchor = anchor.head
        if anchor.pos_ == "VERB" and anchor.dep_ not in EMOTION_COMPLEMENT_DEPS:
            if anchor.tag_ != "VBN" or any(child.dep_ == "dobj" for child in anchor.children):
                return None  # "I upset you" is an act, not a feeling
            verb = anchor  # "I'm hurt that..." parses "hurt" as the main verb
        elif anchor.dep_ in EMOTION_COMPLEMENT_DEPS:
            verb = anchor.head
        else:
            return None
        if verb is not anchor and verb.lemma_ not in self.link_verbs and verb.lemma_ not in CAUSATIVE_VERBS:
            return None
        subject = subject_of(anchor) if verb is anchor or anchor.dep_ == "ccomp" else subject_of(verb)
        if subject is None or subject.lower_ not in FIRST_PERSON_SUBJECTS | {"me"}:
            return None
        if is_negated(anchor) or is_negated(verb) or is_negated(word):
            return None
        if any(child.lower_ == "like" and child.dep_ in {"prep", "mark"} for child in verb.children):
            return None
        return hit("feeling_expressed", span_between(doc, (subject, verb, word)), "feeling_expressed.emotion_word")

    def _feeling_verb(self, doc: Doc, verb: Token) -> Optional[Hit]:
        """"I miss you", "I worry about you" (but not "I missed the deadline")."""
        subject = subject_of(verb)
        if subject is None or subject.lower_ not in FIRST_PERSON_SUBJECTS or is_negated(verb):
            return None
        objects = [child for child in verb.children if child.dep_ == "dobj"]
        if verb.lemma_ == "miss" and (not objects or objects[0].pos_ != "PRON" or verb.tag_ == "VBD"):
            return None
        return hit("feeling_expressed", span_between(doc, [subject, verb] + objects[:1]), "feeling_expressed.emotion_verb")

    def _need(self, doc: Doc, verb: Token) -> Optional[Hit]:
        """"I need some space", "I need to feel heard", "I need you to ...", "I value honesty", "I want us to ..."."""
        subject = subject_of(verb)
        if subject is None or subject.lower_ not in FIRST_PERSON_SUBJECTS or is_negated(verb):
            return None
        if any(child.lower_ in {"when", "if", "whenever", "because", "since"} for child in verb.children):
            return None  # "you're always there when I need you"
        if verb.dep_ == "aux" or (verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "like" and verb.lemma_ == "feel"):
            return None
        complements = [c for c in verb.children if c.dep_ in {"dobj", "xcomp", "ccomp"}]
        if not complements:
            return None
        complement = complements[0]
        if verb.lemma_ == "need":
            acceptable = complement.dep_ == "dobj" or self._owned_clause(complement)
        elif verb.lemma_ == "want":
            acceptable = complement.dep_ != "dobj" and self._owned_clause(complement)
        else:  # value
            acceptable = True
        if not acceptable:
            return None
        return hit("need_expressed", span_between(doc, (subject, verb, complement)), f"need_expressed.{verb.lemma_}")

    def _owned_clause(self, clause: Token) -> bool:
        """"(I need) to feel heard" or "(I need) you/us to ..." rather than "(I need) to go"."""
        clause_subject = subject_of(clause)
        if clause_subject is not None and clause_subject.lower_ in {"you", "us", "we"}:
            return True
        return clause.lemma_ in self.need_complements
