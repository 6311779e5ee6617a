"""The YAML lexicons load, and the schema rejects malformed rules."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from rehearse.analysis.lexicon import REQUIRED_WORD_SETS, Lexicon, PhraseRule, load_lexicon, load_normalisation
from rehearse.analysis.model import FEATURE_NAMES


def test_shipped_lexicons_are_valid_and_cover_every_feature() -> None:
    lexicon = load_lexicon()
    assert set(REQUIRED_WORD_SETS) <= set(lexicon.words)
    covered = {feature for rule in lexicon.rules for feature in rule.features}
    assert covered >= set(FEATURE_NAMES) - {"feeling_expressed"}
    assert load_normalisation().replacements["u"] == "you"


def test_unknown_feature_is_rejected() -> None:
    with pytest.raises(ValidationError):
        PhraseRule(id="x", features=["rudeness"], phrases=["hello"])


def test_rule_without_phrases_or_patterns_is_rejected() -> None:
    with pytest.raises(ValidationError):
        PhraseRule(id="x", features=["hedging"])


def test_unknown_field_and_missing_word_sets_are_rejected() -> None:
    with pytest.raises(ValidationError):
        PhraseRule(id="x", features=["hedging"], phrases=["maybe"], colour="red")
    with pytest.raises(ValidationError):
        Lexicon(words={"feelings": ["sad"]}, rules=[], exceptions=[])


def test_duplicate_rule_ids_are_rejected() -> None:
    words = {name: ["x"] for name in REQUIRED_WORD_SETS}
    rule = {"id": "same", "features": ["hedging"], "phrases": ["maybe"]}
    with pytest.raises(ValidationError):
        Lexicon(words=words, rules=[rule, rule], exceptions=[])
