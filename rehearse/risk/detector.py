"""The risk-phrase detector: `detect(text) -> RiskResult`.

Pipeline per message: normalise (quotes, leetspeak, elongation; offsets kept) -> spaCy tokenizer ->
lemmas from spaCy's lemmatizer tables -> `Matcher` rules from data/rules.yaml -> context checks
(negation, hypothetical, someone else, films and news, per-rule exceptions) -> the highest-priority hit.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple

import yaml
from spacy.matcher import Matcher

from rehearse.risk.context import CueSets, DocContext
from rehearse.risk.lemmas import assign_lemmas, lemma_function
from rehearse.risk.normalise import normalise_for_risk
from rehearse.risk.patterns import PatternCompiler, PatternError, anchor_words
from rehearse.risk.schema import Lexicon, Rule, RuleSet

DATA_DIR = Path(__file__).parent / "data"
MINOR_KEY = "__minor__"


@dataclass(frozen=True)
class RiskResult:
    risk: bool
    category: Optional[str] = None
    rule: Optional[str] = None
    span: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    """`start`/`end` are character offsets into the original text: text[start:end] == span."""

    def to_dict(self) -> Dict[str, object]:
        return {"risk": self.risk, "category": self.category, "rule": self.rule, "span": self.span}


NO_RISK = RiskResult(risk=False)


@dataclass(frozen=True)
class _Hit:
    rule: Rule
    start: int
    end: int


def load_lexicon(path: Path = DATA_DIR / "lexicon.yaml") -> Lexicon:
    return Lexicon.parse_obj(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_rules(path: Path = DATA_DIR / "rules.yaml") -> RuleSet:
    return RuleSet.parse_obj(yaml.safe_load(path.read_text(encoding="utf-8")))


class RiskDetector:
    def __init__(self, lexicon: Lexicon, rules: RuleSet) -> None:
        from rehearse.nlp import get_nlp

        nlp = get_nlp()
        self._tokenizer = nlp.tokenizer
        self._lemma = lemma_function(nlp)
        self._lexicon = lexicon
        self._cues = CueSets.from_cues(lexicon.cues)
        self._priority = {category: rank for rank, category in enumerate(lexicon.category_priority)}
        self._rules = {rule.id: rule for rule in rules.rules}
        compiler = PatternCompiler(
            lexicon.sets, lexicon.spelling, [*lexicon.cues.clause_breaks, *lexicon.cues.gap_stops]
        )
        frequent = frozenset(lexicon.frequent_words)
        # Patterns grouped by anchor words: a group's matcher runs only when one of its anchors occurs.
        by_anchor: Dict[FrozenSet[str], Matcher] = {}
        for rule in rules.rules:
            for source in rule.patterns:
                try:
                    pattern = compiler.compile(source)
                    anchors = anchor_words(pattern, frequent)
                except PatternError as error:
                    raise PatternError(f"rule {rule.id}: {error}") from None
                if anchors not in by_anchor:
                    by_anchor[anchors] = Matcher(nlp.vocab, validate=True)
                by_anchor[anchors].add(rule.id, [pattern])
        self._screened: List[Tuple[FrozenSet[str], Matcher]] = list(by_anchor.items())
        self._minor_matcher = Matcher(nlp.vocab, validate=True)
        self._minor_matcher.add(MINOR_KEY, [compiler.compile(source) for source in lexicon.minor_patterns])
        self._known_words = frozenset(compiler.words)

    def detect(self, text: str) -> RiskResult:
        normalised = normalise_for_risk(text, self._known_words)
        doc = assign_lemmas(self._tokenizer(normalised.text), self._lemma)
        context = DocContext(doc, self._cues, self._lexicon.negation_window)
        hits: List[_Hit] = []
        for anchors, matcher in self._screened:
            if anchors.isdisjoint(context.words):
                continue
            for match_id, start, end in matcher(doc):
                rule = self._rules[doc.vocab.strings[match_id]]
                if context.accepts(rule, start, end):
                    hits.append(_Hit(rule, start, end))
        if not hits:
            return NO_RISK
        best = min(hits, key=self._rank)
        category = best.rule.category
        if category in self._lexicon.escalate_for_minor and self._minor_matcher(doc):
            category = "child_at_risk"
        span = doc[best.start:best.end]
        start, end = normalised.original_span(span.start_char, span.end_char)
        return RiskResult(True, category, best.rule.id, text[start:end], start, end)

    def _rank(self, hit: _Hit) -> Tuple[int, int, int]:
        return self._priority[hit.rule.category], hit.start, -hit.end


@functools.lru_cache(maxsize=1)
def get_detector() -> RiskDetector:
    """The process-wide detector, built from the packaged data files on first use."""
    return RiskDetector(load_lexicon(), load_rules())


def detect(text: str) -> RiskResult:
    """Check one user message for risk. Never raises on any string."""
    if not text or not text.strip():
        return NO_RISK
    return get_detector().detect(text)
