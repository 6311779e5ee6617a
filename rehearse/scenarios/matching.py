"""Match a free description ("I need to tell my mum I'm not coming home for Christmas") to scenarios.

Scores add up three kinds of evidence, compared as lower-cased lemmas: the person named (relationship
words), the scenario's own keywords, and cue words for each problem area. The words live in
`vocabulary.yml`.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Dict, FrozenSet, List, Sequence, Tuple

import yaml
from pydantic import BaseModel

from rehearse.scenarios.schema import ProblemArea, Relationship, Scenario
from rehearse.text import normalise_quotes

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yml")
RELATIONSHIP_WEIGHT = 3.0
RELATED_RELATIONSHIP_WEIGHT = 2.0
KEYWORD_WEIGHT = 1.0
AREA_WEIGHT = 1.5
WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Vocabulary(BaseModel):
    relationships: Dict[Relationship, List[str]]
    related_relationships: Dict[Relationship, List[Relationship]]
    areas: Dict[ProblemArea, List[str]]

    class Config:
        extra = "forbid"


@functools.lru_cache(maxsize=1)
def get_vocabulary() -> Vocabulary:
    return Vocabulary.parse_obj(yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8")))


@functools.lru_cache(maxsize=4096)
def lemmas(text: str) -> Tuple[str, ...]:
    """Lower-cased lemmas of the words in `text` (contractions split: "I'm" -> "i", "be")."""
    from rehearse.nlp import get_nlp

    nlp = get_nlp()
    with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]):
        doc = nlp(normalise_quotes(text).lower())
    return tuple(token.lemma_.lower() for token in doc if WORD.fullmatch(token.lemma_.lower()))


def _contains(words: Sequence[str], cue: Tuple[str, ...]) -> bool:
    size = len(cue)
    return any(tuple(words[start : start + size]) == cue for start in range(len(words) - size + 1))


def _matched(words: Sequence[str], cues: Sequence[str]) -> FrozenSet[str]:
    return frozenset(cue for cue in cues if _contains(words, lemmas(cue)))


def named_relationships(words: Sequence[str]) -> FrozenSet[Relationship]:
    vocabulary = get_vocabulary()
    return frozenset(rel for rel, cues in vocabulary.relationships.items() if _matched(words, cues))


def score(scenario: Scenario, words: Sequence[str], named: FrozenSet[Relationship]) -> float:
    vocabulary = get_vocabulary()
    relationship = scenario.persona.relationship
    total = 0.0
    if relationship in named:
        total += RELATIONSHIP_WEIGHT
    elif any(relationship in vocabulary.related_relationships.get(rel, []) for rel in named):
        total += RELATED_RELATIONSHIP_WEIGHT
    keyword_hits = {lemmas(cue) for cue in _matched(words, scenario.keywords)}
    total += KEYWORD_WEIGHT * len(keyword_hits)
    total += AREA_WEIGHT * min(2, len(_matched(words, vocabulary.areas.get(scenario.problem_area, []))))
    return total


def match_description(text: str, library) -> List[Tuple[Scenario, float]]:
    """Scenarios that fit a free description, best first, with their scores (only scores above zero)."""
    words = lemmas(text)
    named = named_relationships(words)
    scored = [(scenario, score(scenario, words, named)) for scenario in library.all()]
    ranked = sorted((item for item in scored if item[1] > 0), key=lambda item: (-item[1], item[0].id))
    return ranked
