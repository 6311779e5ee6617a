"""The risk-phrase detector: `detect(text) -> RiskResult`.

Pipeline per message: normalise (quotes, leetspeak, elongation; offsets kept) -> spaCy tokenizer ->
lemmas from spaCy's lemmatizer tables -> `Matcher` rules from data/rules.yaml -> context checks
(negation, hypothetical, someone else, films and news, per-rule exceptions) -> the highest-priority hit.
When no rule fires, the second layer (rehearse.risk.model, trained at first use) may add a hit with the
rule id "model:<category>". The rules are the floor: the model never removes or changes a rule hit.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

import yaml
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from rehearse.risk.context import CueSets, DocContext
from rehearse.risk.features import Featuriser
from rehearse.risk.lemmas import assign_lemmas, lemma_function
from rehearse.risk.model import RiskModel, sentences_of, train_model
from rehearse.risk.normalise import NormalisedText, normalise_for_risk
from rehearse.risk.patterns import PatternCompiler, PatternError, anchor_words
from rehearse.risk.schema import Lexicon, ModelConfig, Rule, RuleSet, TrainingSet

DATA_DIR = Path(__file__).parent / "data"
MINOR_KEY = "__minor__"
MODEL_RULE_PREFIX = "model:"


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


def load_training(path: Path = DATA_DIR / "model_training.yaml") -> TrainingSet:
    return TrainingSet.parse_obj(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_model_config(path: Path = DATA_DIR / "model.yaml") -> ModelConfig:
    return ModelConfig.parse_obj(yaml.safe_load(path.read_text(encoding="utf-8")))


class RiskDetector:
    def __init__(
        self,
        lexicon: Lexicon,
        rules: RuleSet,
        training: Optional[TrainingSet] = None,
        model_config: Optional[ModelConfig] = None,
    ) -> None:
        """Rules only, or rules plus the second layer when both `training` and `model_config` are given."""
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
        self.model: Optional[RiskModel] = None
        if training is not None and model_config is not None:
            featuriser = Featuriser(self._cues, model_config.word_ngrams, *model_config.char_ngrams)
            self.model = train_model(training, model_config, featuriser, self._phrase_tokens)

    def _prepare(self, text: str) -> Tuple[NormalisedText, Doc]:
        normalised = normalise_for_risk(text, self._known_words)
        return normalised, assign_lemmas(self._tokenizer(normalised.text), self._lemma)

    def _phrase_tokens(self, text: str) -> Sequence[Token]:
        return [token for token in self._prepare(text)[1] if not token.is_space]

    def model_probability(self, text: str) -> float:
        """The second layer's risk probability for `text`, whatever the rules say (for evaluation)."""
        if self.model is None:
            raise ValueError("this detector has no second layer")
        normalised, doc = self._prepare(text)
        context = DocContext(doc, self._cues, self._lexicon.negation_window)
        return self.model.probability(sentences_of(doc, context.sentence))

    def detect(self, text: str, use_model: bool = True) -> RiskResult:
        """The rules' best hit; failing that (and with `use_model`), the second layer's hit if any."""
        normalised, doc = self._prepare(text)
        context = DocContext(doc, self._cues, self._lexicon.negation_window)
        hits: List[_Hit] = []
        for anchors, matcher in self._screened:
            if anchors.isdisjoint(context.words):
                continue
            for match_id, start, end in matcher(doc):
                rule = self._rules[doc.vocab.strings[match_id]]
                if context.accepts(rule, start, end):
                    hits.append(_Hit(rule, start, end))
        if hits:
            best = min(hits, key=self._rank)
            return self._result(text, normalised, doc[best.start:best.end], best.rule.category, best.rule.id)
        if not use_model or self.model is None:
            return NO_RISK
        hit = self.model.predict(sentences_of(doc, context.sentence))
        if hit is None:
            return NO_RISK
        return self._result(text, normalised, doc[hit.start:hit.end], hit.category, MODEL_RULE_PREFIX + hit.category)

    def _result(self, text: str, normalised: NormalisedText, span: Span, category: str, rule_id: str) -> RiskResult:
        if category in self._lexicon.escalate_for_minor and self._minor_matcher(span.doc):
            category = "child_at_risk"
        start, end = normalised.original_span(span.start_char, span.end_char)
        return RiskResult(True, category, rule_id, text[start:end], start, end)

    def _rank(self, hit: _Hit) -> Tuple[int, int, int]:
        return self._priority[hit.rule.category], hit.start, -hit.end


@functools.lru_cache(maxsize=1)
def get_detector() -> RiskDetector:
    """The process-wide detector (rules and second layer), built from the packaged data files on first use."""
    return RiskDetector(load_lexicon(), load_rules(), load_training(), load_model_config())


def detect(text: str, use_model: bool = True) -> RiskResult:
    """Check one user message for risk. Never raises on any string. `use_model=False`: the rules alone."""
    if not text or not text.strip():
        return NO_RISK
    return get_detector().detect(text, use_model)
