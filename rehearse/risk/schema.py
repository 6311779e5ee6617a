"""Pydantic schema of the risk lexicon (data/lexicon.yaml) and the rules (data/rules.yaml)."""
from __future__ import annotations

from typing import Dict, List, Literal

from pydantic import BaseModel, Field, StrictStr, constr, validator

Category = Literal[
    "suicidal", "plan_or_means", "goodbye", "self_harm", "harm_to_others", "abuse", "child_at_risk"
]
CATEGORIES = ("suicidal", "plan_or_means", "goodbye", "self_harm", "harm_to_others", "abuse", "child_at_risk")
Pattern = constr(strict=True, min_length=1, strip_whitespace=True)
Word = constr(strict=True, min_length=1)
"""Strict: YAML turns a bare `no` or `yes` into a boolean, which must fail validation, not become "False"."""


class Strict(BaseModel):
    class Config:
        extra = "forbid"
        allow_mutation = False


class Rule(Strict):
    """One detection rule: token patterns (see the pattern language in data/rules.yaml) and checks."""

    id: constr(regex=r"^[a-z_]+\.[a-z0-9_]+$")
    category: Category
    patterns: List[Pattern] = Field(..., min_items=1)
    subject: Literal["any", "not_other", "self"] = "not_other"
    """any: no check; not_other: cancelled when the nearest person before it is someone else;
    self: like not_other, and also needs a first-person word in its sentence or to open its clause."""
    negatable: bool = True
    hypothetical_check: bool = True
    media_check: bool = True
    unless: List[Word] = []
    """Words (lower case or lemma) anywhere in the same sentence that cancel the hit."""
    requires: List[Word] = []
    """At least one of these words (lower case or lemma) must occur somewhere in the message."""
    clause_start: bool = False
    clause_end: bool = False


class Cues(Strict):
    negation: List[Word]
    negation_breakers: List[Word]
    ability_modals: List[Word]
    """A negation right after one of these does not negate ("I can't kill myself because...")."""
    clause_breaks: List[Word]
    reported_speech: List[Word]
    hypothetical: List[Word]
    media: List[Word]
    first_person: List[Word]
    third_party: List[Word]
    gap_stops: List[Word]
    """Words a `*N` gap may not cross (a new subject such as "he" or "who")."""
    clause_openers: List[Word]
    """Words that may come before a `clause_start` or `self` match without counting as content."""
    subject_verbs: List[Word]
    """When a match opens its clause and one of these follows it with a negation right after ("killing
    myself isn't something I'd do", "self harm was never my thing"), the match is negated."""


class Lexicon(Strict):
    sets: Dict[StrictStr, List[Word]]
    spelling: Dict[StrictStr, List[Word]]
    """Variant spellings (typos, chat forms) added wherever the key word appears in a pattern."""
    cues: Cues
    negation_window: int = Field(5, ge=1, le=10)
    frequent_words: List[Word]
    """Common words a rule is not screened on (a rule is only run when one of its rarer words occurs)."""
    minor_patterns: List[Pattern]
    """Age statements of a child ("I'm 13"). With an abuse hit they make the category child_at_risk."""
    escalate_for_minor: List[Category]
    category_priority: List[Category]

    @validator("category_priority")
    def _all_categories_ranked(cls, value: List[Word]) -> List[Word]:
        if sorted(value) != sorted(CATEGORIES):
            raise ValueError(f"category_priority must rank each of {CATEGORIES} once")
        return value


class RuleSet(Strict):
    rules: List[Rule] = Field(..., min_items=1)

    @validator("rules")
    def _unique_ids(cls, rules: List[Rule]) -> List[Rule]:
        seen = set()
        for rule in rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        return rules


class TrainingSet(Strict):
    """The second layer's training phrases (data/model_training.yaml)."""

    risk: Dict[Category, List[Pattern]]
    """Phrases that disclose risk, by category."""
    safe: Dict[StrictStr, List[Pattern]]
    """Hard negatives (idioms, role-play, news, grief, negation, medical, supportive, messages to the
    assistant itself...), by kind."""

    @validator("risk")
    def _every_category(cls, value: Dict[str, List[str]]) -> Dict[str, List[str]]:
        missing = set(CATEGORIES) - set(value)
        if missing:
            raise ValueError(f"no training phrases for {sorted(missing)}")
        return value


class ModelConfig(Strict):
    """Settings of the second layer (data/model.yaml)."""

    threshold: float = Field(..., gt=0, lt=1)
    """Probability of risk above which the model adds a hit (chosen on the dev split)."""
    regularisation: float = Field(..., gt=0)
    """Inverse regularisation strength C of both logistic regressions."""
    word_ngrams: int = Field(..., ge=1, le=4)
    """Longest word (lemma) n-gram."""
    char_ngrams: List[int] = Field(..., min_items=2, max_items=2)
    """Shortest and longest character n-gram inside a word."""
    explain_window: int = Field(..., ge=1, le=8)
    """Longest token window reported as the span of a model hit."""
    random_state: int = 0
