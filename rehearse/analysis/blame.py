"""Blame, criticism and absolutes from the parse: "you" clauses, "I feel like you...", "you always/never ..."."""
from __future__ import annotations

from typing import Iterator, List, Optional

from spacy.matcher import PhraseMatcher
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .syntax import Hit, first_word, hit, is_negated, is_question, span_between, subject_of

SUBORDINATORS = frozenset({"when", "if", "since", "while", "because", "after", "before", "as", "until", "once", "whenever"})
TIME_ADVERBS = frozenset({"again", "finally"})
FEEL_LIKE_MARKERS = frozenset({"like", "that", "as"})
HABITUAL_ABSOLUTES = frozenset({"always", "never", "constantly", "forever", "continually"})
LITERAL_NOTHING_HEADS = frozenset({"be", "have", "say", "add", "mean"})  # "it's nothing", "nothing to add"


class BlameRules:
    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.second_person = lexicon.word_set("second_person")
        self.first_person = lexicon.word_set("first_person")
        self.negative_acts = lexicon.word_set("negative_acts")
        self.negative_words = lexicon.word_set("negative_words")
        self.positive_words = lexicon.word_set("positive_words")
        self.traits = lexicon.word_set("character_traits")
        self.absolutes = lexicon.word_set("absolutes")
        self.absolute_people = lexicon.word_set("absolute_people")
        self.subordinating_heads = lexicon.word_set("subordinating_heads")
        self.faux_feelings = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.faux_feelings.add("faux", [nlp.make_doc(words) for words in lexicon.words["faux_feelings"]])

    def find(self, doc: Doc) -> Iterator[Hit]:
        yield from self._absolutes(doc)
        yield from self._feel_like(doc)
        yield from self._faux_feelings(doc)
        for token in doc:
            if token.dep_ in {"nsubj", "nsubjpass"} and token.lower_ in self.second_person:
                yield from self._you_clause(doc, token)

    # absolutes -----------------------------------------------------------------------------------
    def _absolutes(self, doc: Doc) -> Iterator[Hit]:
        for token in doc:
            if token.lower_ not in self.absolutes:
                continue
            if token.lower_ in self.absolute_people and token.dep_ == "pobj":
                continue  # "for everyone", "in front of everyone": a literal group
            if token.lower_ == "nothing" and (token.dep_ not in {"nsubj", "nsubjpass", "dobj"} or token.head.lemma_ in LITERAL_NOTHING_HEADS):
                continue
            found = hit("absolute", doc[token.i: token.i + 1], "absolute.quantifier")
            if found is not None:
                yield found

    # disguised blame ------------------------------------------------------------------------------
    def _feel_like(self, doc: Doc) -> Iterator[Hit]:
        """"I feel like/that you ..." is an interpretation of the listener, not a feeling."""
        for verb in doc:
            if verb.lemma_ != "feel" or verb.pos_ != "VERB":
                continue
            subject = subject_of(verb)
            if subject is None or subject.lower_ != "i":
                continue
            for clause in verb.children:
                if clause.dep_ not in {"advcl", "ccomp"}:
                    continue
                clause_subject = subject_of(clause)
                marked = any(child.dep_ == "mark" and child.lower_ in FEEL_LIKE_MARKERS for child in clause.children)
                if clause_subject is None or clause_subject.lower_ not in self.second_person:
                    continue
                if not marked and clause.dep_ != "ccomp":
                    continue
                if self._is_praise(clause) and not self._is_negative(clause):
                    continue
                found = hit("you_blame", span_between(doc, [subject] + list(clause.subtree)), "you_blame.feel_like_you")
                if found is not None:
                    yield found

    def _faux_feelings(self, doc: Doc) -> Iterator[Hit]:
        """"I feel ignored/let down" names an interpretation of the listener; with "you" around it is blame."""
        for _, start, end in self.faux_feelings(doc):
            sentence = doc[start].sent
            before = doc[max(sentence.start, start - 4): start]
            if not any(token.lower_ in {"i", "me"} for token in before):
                continue
            if not any(token.lower_ in {"you", "u", "ya"} for token in sentence):
                continue
            found = hit("you_blame", doc[before[0].i if before[0].lower_ == "i" else start: end], "you_blame.faux_feeling")
            if found is not None:
                yield found

    # "you" clauses -----------------------------------------------------------------------------------
    def _you_clause(self, doc: Doc, subject: Token) -> Iterator[Hit]:
        verb = subject.head
        sentence = subject.sent
        question = is_question(sentence)
        opener = first_word(sentence)
        rhetorical_why = opener is not None and opener.lower_ in {"why", "how"} and question
        if question and not rhetorical_why:
            return
        if self._is_subordinate(verb) or verb.lemma_ == "feel":
            return  # "when you left...", "I know you tried", "you felt left out" (a reflection)
        verbs = [verb] + [c for c in verb.children if c.dep_ in {"conj", "xcomp"} and subject_of(c) in (None, subject)]
        absolute = self._absolute_in(sentence, verbs)
        trait = self._trait(verb)
        if trait is not None and not is_negated(verb):
            found = hit("criticism", span_between(doc, (subject, verb, trait)), "criticism.you_are_trait")
            if found is not None:
                yield found
            return
        negative = any(self._is_negative_verb(v) for v in verbs) or self._is_negative(verb)
        time_marked = any(child.lower_ in TIME_ADVERBS for v in verbs for child in v.children)
        if rhetorical_why and (absolute is not None or negative):
            rule = "you_blame.rhetorical_why"
        elif negative:
            rule = "you_blame.you_did"
        elif time_marked and not self._is_praise(verb):
            rule = "you_blame.again_finally"
        else:
            return
        clause_end = max(token.i for v in verbs for token in v.subtree if token.i < sentence.end)
        found = hit("you_blame", doc[min(subject.i, verb.i, opener.i if rhetorical_why else subject.i): clause_end + 1], rule)
        if found is not None:
            yield found
        if absolute is not None and absolute.lower_ != "ever" and (negative or rhetorical_why):
            found = hit("criticism", doc[min(subject.i, absolute.i): clause_end + 1], "criticism.you_always_never")
            if found is not None:
                yield found

    def _is_subordinate(self, verb: Token) -> bool:
        """A "you" clause under "when"/"if" or under the speaker's own "I feel/understand/know ..." is not blame."""
        if any(child.lower_ in SUBORDINATORS and child.dep_ in {"mark", "advmod"} for child in verb.children):
            return True
        current = verb
        while current.dep_ not in {"ROOT"} and current.head is not current:
            current = current.head
            subject = subject_of(current)
            if subject is not None and subject.lower_ in self.first_person and current.lemma_ in self.subordinating_heads:
                return True
        return False

    def _absolute_in(self, sentence: Span, verbs: List[Token]) -> Optional[Token]:
        for verb in verbs:
            for child in verb.children:
                if child.lower_ in HABITUAL_ABSOLUTES or child.lower_ == "ever":
                    return child
        for token in sentence:
            if token.lower_ == "time" and token.i > 0 and token.doc[token.i - 1].lower_ in {"every", "single", "each"}:
                return token
        return None

    def _trait(self, verb: Token) -> Optional[Token]:
        if verb.lemma_ != "be":
            return None
        for child in verb.children:
            if child.dep_ in {"acomp", "attr"}:
                for token in child.subtree:
                    if token.lower_ in self.traits:
                        return token
        return None

    def _is_negative_verb(self, verb: Token) -> bool:
        if verb.lemma_ in self.negative_acts:
            return True
        if is_negated(verb) or any(child.lower_ == "never" for child in verb.children):
            return True
        return any(child.dep_ == "xcomp" and child.lemma_ in self.negative_acts for child in verb.children)

    def _is_negative(self, verb: Token) -> bool:
        return any(token.lower_ in self.negative_words or token.lemma_ in self.negative_acts for token in verb.subtree if token.i != verb.i) and not self._is_praise(verb)

    def _is_praise(self, verb: Token) -> bool:
        return any(token.lemma_ in self.positive_words for token in verb.subtree) and not any(
            token.lower_ in {"not", "n't", "never"} for token in verb.subtree
        )
