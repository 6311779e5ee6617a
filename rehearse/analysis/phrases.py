"""Runs the YAML phrase and token-pattern rules (and their exceptions) over a parsed message."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .lexicon import ExceptionRule, Lexicon, PhraseRule
from .syntax import DISCOURSE_OPENERS, Hit, hit, is_question

NEGATIONS = frozenset({"not", "n't", "never", "no"})


@dataclass(frozen=True)
class ExceptionSpan:
    features: Tuple[str, ...]
    start: int
    end: int


def _add(phrase_matcher: PhraseMatcher, matcher: Matcher, nlp: Language, key: str, rule) -> None:
    if rule.phrases:
        phrase_matcher.add(key, [nlp.make_doc(phrase) for phrase in rule.phrases])
    if rule.patterns:
        matcher.add(key, [list(pattern) for pattern in rule.patterns])


class PhraseRules:
    """All phrase rules compiled into one PhraseMatcher (on NORM, so "I'm" matches "I am") and one Matcher."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self._rules: Dict[str, PhraseRule] = {rule.id: rule for rule in lexicon.rules}
        self._exceptions: Dict[str, ExceptionRule] = {rule.id: rule for rule in lexicon.exceptions}
        self._phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self._patterns = Matcher(nlp.vocab)
        for rule in lexicon.rules:
            _add(self._phrases, self._patterns, nlp, "rule:" + rule.id, rule)
        for exception in lexicon.exceptions:
            _add(self._phrases, self._patterns, nlp, "exception:" + exception.id, exception)

    def run(self, doc: Doc) -> Tuple[List[Hit], List[ExceptionSpan]]:
        hits: List[Hit] = []
        exceptions: List[ExceptionSpan] = []
        matches = list(self._phrases(doc)) + list(self._patterns(doc))
        for match_id, start, end in matches:
            kind, rule_id = doc.vocab.strings[match_id].split(":", 1)
            span = doc[start:end]
            if kind == "exception":
                rule = self._exceptions[rule_id]
                exceptions.append(ExceptionSpan(tuple(rule.features), span.start_char, span.end_char))
                continue
            phrase_rule = self._rules[rule_id]
            if not _conditions_hold(phrase_rule, span):
                continue
            for feature in phrase_rule.features:
                found = hit(feature, span, phrase_rule.id)
                if found is not None:
                    hits.append(found)
        return hits, exceptions


def _conditions_hold(rule: PhraseRule, span: Span) -> bool:
    doc = span.doc
    sentence = span.sent
    if rule.where == "sentence_start" and not _starts_sentence(span):
        return False
    if rule.where == "whole_sentence" and not _is_whole_sentence(span):
        return False
    if rule.in_question != "any" and is_question(sentence) != (rule.in_question == "only"):
        return False
    if rule.not_followed_by and span.end < len(doc) and doc[span.end].lower_ in rule.not_followed_by:
        return False
    if rule.not_preceded_by and span.start > 0 and doc[span.start - 1].lower_ in rule.not_preceded_by:
        return False
    if rule.negatable and _negated(span):
        return False
    return True


def _starts_sentence(span: Span) -> bool:
    return all(token.is_punct or token.is_space or token.lower_ in DISCOURSE_OPENERS for token in span.doc[span.sent.start: span.start])


def _is_whole_sentence(span: Span) -> bool:
    sentence = span.sent
    outside = list(span.doc[sentence.start: span.start]) + list(span.doc[span.end: sentence.end])
    return all(token.is_punct or token.is_space or token.lower_ in {"oh", "well", "ok", "okay"} for token in outside)


def _negated(span: Span) -> bool:
    if span.start > 0 and span.doc[span.start - 1].lower_ in NEGATIONS:
        return True
    inside = set(range(span.start, span.end))
    return any(child.dep_ == "neg" and child.i not in inside for token in span for child in token.children)
