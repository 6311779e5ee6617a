"""Clear requests ("could you ... on Friday?", "I need you to ...") and open questions ("what/how ...?")."""
from __future__ import annotations

from typing import Iterator, Optional

from spacy.matcher import PhraseMatcher
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .syntax import Hit, first_word, hit, is_negated, is_question, lower_text, subject_of

REQUEST_SUBJECTS = frozenset({"you", "we"})
SOFTENERS = frozenset({"please", "maybe", "perhaps", "possibly", "just", "kindly", "actually", "also", "still", "quickly", "definitely"})
DIRECTIVE_VERBS = frozenset({"need", "like", "love", "prefer"})  # "I want us to ..." names a need
WH_TAGS = frozenset({"WP", "WRB", "WDT"})


def _request_subject(sentence: Span, modal: Token, question: bool) -> Optional[Token]:
    """"could YOU", "can WE", or the tentative "maybe WE could ...?"."""
    doc = sentence.doc
    if modal.i + 1 < sentence.end and doc[modal.i + 1].lower_ in REQUEST_SUBJECTS:
        return doc[modal.i + 1]
    if question and modal.i - 2 >= sentence.start and doc[modal.i - 1].lower_ == "we" and doc[modal.i - 2].lower_ in {"maybe", "perhaps"}:
        return doc[modal.i - 1]
    return None


class QuestionRules:
    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.modals = lexicon.word_set("request_modals")
        self.non_request_verbs = lexicon.word_set("non_request_verbs")
        self.vague_verbs = lexicon.word_set("vague_request_verbs")
        self.open_words = lexicon.word_set("open_question_words")
        self.rhetorical = tuple(lexicon.words["rhetorical_question_starts"])
        self.vague_time = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.vague_time.add("vague", [nlp.make_doc(words) for words in lexicon.words["vague_time_words"]])

    def find(self, doc: Doc) -> Iterator[Hit]:
        vague_sentences = {doc[start].sent.start for _, start, _ in self.vague_time(doc)}
        for sentence in doc.sents:
            question = is_question(sentence)
            opener = first_word(sentence)
            if opener is None:
                continue
            if question and opener.lower_ in self.open_words and not self._rhetorical(sentence, opener):
                found = hit("open_question", sentence.doc[opener.i: sentence.end], "open_question.wh")
                if found is not None:
                    yield found
                continue
            if sentence.start in vague_sentences:
                continue
            request = self._modal_request(sentence, question) or self._directive(sentence)
            if request is not None:
                yield request

    def _rhetorical(self, sentence: Span, opener: Token) -> bool:
        text = lower_text(sentence.doc[opener.i: sentence.end]).replace(" '", "'").replace(" n't", "n't")
        return text.startswith(self.rhetorical)

    def _modal_request(self, sentence: Span, question: bool) -> Optional[Hit]:
        """"Could you send me the slides by Thursday?", "maybe we could split the report?"."""
        doc = sentence.doc
        opener = first_word(sentence)
        for modal in sentence:
            if modal.lower_ not in self.modals or modal.tag_ != "MD":
                continue
            if opener is not None and opener.tag_ in WH_TAGS and opener.i < modal.i:
                return None  # "what could we do?" is an open question
            subject = _request_subject(sentence, modal, question)
            if subject is None:
                continue
            verb = self._next_verb(sentence, max(modal.i, subject.i) + 1)
            if verb is None or verb.lemma_ in self.non_request_verbs or verb.lemma_ in self.vague_verbs:
                continue
            if is_negated(verb):
                continue
            return hit("clear_request", doc[min(modal.i, subject.i): sentence.end], "clear_request.modal_question")
        return None

    def _next_verb(self, sentence: Span, index: int) -> Optional[Token]:
        doc = sentence.doc
        while index < sentence.end and (doc[index].lower_ in SOFTENERS or doc[index].is_punct):
            index += 1
        if index < sentence.end and doc[index].pos_ in {"VERB", "AUX"} and doc[index].tag_ == "VB":
            return doc[index]
        return None

    def _directive(self, sentence: Span) -> Optional[Hit]:
        """"I need you to call me when you're running late", "I'd like us to ..." (not "I need you to respect me")."""
        doc = sentence.doc
        for verb in sentence:
            if verb.lemma_ not in DIRECTIVE_VERBS or is_negated(verb):
                continue
            subject = subject_of(verb)
            if subject is None or subject.lower_ != "i":
                continue
            for clause in verb.children:
                if clause.dep_ not in {"ccomp", "xcomp"}:
                    continue
                clause_subject = subject_of(clause)
                if clause_subject is None or clause_subject.lower_ not in {"you", "us"}:
                    continue
                if clause.lemma_ in self.vague_verbs or not any(c.lower_ == "to" for c in clause.children):
                    continue
                return hit("clear_request", doc[subject.i: max(t.i for t in clause.subtree) + 1], "clear_request.i_need_you_to")
        return None
