"""Lexicons and phrase rules of the analyser: YAML data files in `data/`, validated by pydantic models."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, List

import yaml
from pydantic import BaseModel, Extra, validator

from .model import FEATURE_NAMES

DATA_DIR = Path(__file__).parent / "data"

REQUIRED_WORD_SETS = (
    "feelings",
    "faux_feelings",
    "feeling_verbs",
    "feeling_link_verbs",
    "need_verbs",
    "need_complements",
    "vague_request_verbs",
    "non_request_verbs",
    "vague_time_words",
    "negative_acts",
    "negative_words",
    "positive_words",
    "character_traits",
    "absolutes",
    "absolute_people",
    "second_person",
    "first_person",
    "request_modals",
    "open_question_words",
    "rhetorical_question_starts",
    "sarcasm_openers",
    "sarcasm_cues",
    "negative_context_words",
    "hedge_just_verbs",
    "subordinating_heads",
)


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


def _check_feature(cls, name: str) -> str:
    if name not in FEATURE_NAMES:
        raise ValueError(f"unknown feature {name!r}")
    return name


class PhraseRule(_Strict):
    """Fixed phrases (matched on lower-case tokens) or spaCy Matcher token patterns for some features."""

    id: str
    features: List[str]
    phrases: List[str] = []
    patterns: List[List[Dict[str, Any]]] = []
    where: str = "anywhere"  # anywhere | sentence_start | whole_sentence
    in_question: str = "any"  # any | never | only
    not_followed_by: List[str] = []
    not_preceded_by: List[str] = []
    negatable: bool = False  # dropped when a negation governs the match

    _known_feature = validator("features", each_item=True, allow_reuse=True)(_check_feature)

    @validator("where")
    def _known_where(cls, where: str) -> str:
        if where not in ("anywhere", "sentence_start", "whole_sentence"):
            raise ValueError(f"unknown position {where!r}")
        return where

    @validator("in_question")
    def _known_question_mode(cls, mode: str) -> str:
        if mode not in ("any", "never", "only"):
            raise ValueError(f"unknown question mode {mode!r}")
        return mode

    @validator("patterns", always=True)
    def _has_content(cls, patterns: List[List[Dict[str, Any]]], values: Dict[str, Any]) -> List[List[Dict[str, Any]]]:
        if not patterns and not values.get("phrases"):
            raise ValueError("a rule needs phrases or patterns")
        return patterns


class ExceptionRule(_Strict):
    """Idioms and ritual forms that cancel a feature wherever they overlap one of its findings."""

    id: str
    features: List[str]
    phrases: List[str] = []
    patterns: List[List[Dict[str, Any]]] = []

    _known_feature = validator("features", each_item=True, allow_reuse=True)(_check_feature)


class Lexicon(_Strict):
    words: Dict[str, List[str]]
    rules: List[PhraseRule]
    exceptions: List[ExceptionRule]

    @validator("words")
    def _required_sets(cls, words: Dict[str, List[str]]) -> Dict[str, List[str]]:
        missing = [name for name in REQUIRED_WORD_SETS if name not in words]
        if missing:
            raise ValueError(f"missing word sets: {', '.join(missing)}")
        return {name: [word.lower() for word in values] for name, values in words.items()}

    @validator("rules")
    def _unique_ids(cls, rules: List[PhraseRule]) -> List[PhraseRule]:
        ids = [rule.id for rule in rules]
        duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
        if duplicates:
            raise ValueError(f"duplicate rule ids: {', '.join(duplicates)}")
        return rules

    def word_set(self, name: str) -> frozenset:
        return frozenset(self.words[name])


class Normalisation(_Strict):
    replacements: Dict[str, str]
    ur_means_you_are_before: List[str]

    @validator("replacements")
    def _lower_keys(cls, replacements: Dict[str, str]) -> Dict[str, str]:
        return {key.lower(): value for key, value in replacements.items()}


def _load_yaml(name: str) -> Any:
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Merge every `data/*.yaml` lexicon file (all but normalisation.yaml) into one validated Lexicon."""
    words: Dict[str, List[str]] = {}
    rules: List[Any] = []
    exceptions: List[Any] = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        if path.name == "normalisation.yaml":
            continue
        content = _load_yaml(path.name) or {}
        for name, values in (content.get("words") or {}).items():
            if name in words:
                raise ValueError(f"word set {name!r} is defined twice ({path.name})")
            words[name] = values
        rules.extend(content.get("rules") or [])
        exceptions.extend(content.get("exceptions") or [])
    return Lexicon(words=words, rules=rules, exceptions=exceptions)


@functools.lru_cache(maxsize=1)
def load_normalisation() -> Normalisation:
    return Normalisation(**_load_yaml("normalisation.yaml"))
