"""The wording used by coaching tips and debriefs, kept as data in `feedback.yml` and checked on load."""
from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Dict

import yaml
from pydantic import BaseModel, validator

from rehearse.scenarios.schema import FEATURE_NAMES, Scenario

FEEDBACK_FILE = Path(__file__).with_name("feedback.yml")
NEGATIVE_TIP_ORDER = ("contempt", "absolute", "you_blame", "criticism", "sarcasm", "stonewalling", "defensiveness")
"""Which problem a tip addresses first when a line has several."""


class _Strict(BaseModel):
    class Config:
        extra = "forbid"


class Tips(_Strict):
    no_line_yet: str
    contempt: str
    absolute: str
    you_blame: str
    criticism: str
    sarcasm: str
    stonewalling: str
    defensiveness: str
    curveball: str
    acknowledge: str
    ask_request: str
    name_need: str
    hedging: str
    keep_going: str


class Rewrite(_Strict):
    opening: str
    need: str
    pause: str
    why: Dict[str, str]


class OutcomeReasons(_Strict):
    openness: str
    curveball: str
    not_heard: str


class OutcomeText(_Strict):
    resolved: str
    stalemate: str
    unfinished: str
    reasons: OutcomeReasons


class Suggestions(_Strict):
    contempt: str
    absolute: str
    you_blame: str
    criticism: str
    sarcasm: str
    stonewalling: str
    defensiveness: str
    hedging: str
    missing_skill: str
    well_done: str


class Feedback(_Strict):
    labels: Dict[str, str]
    tips: Tips
    rewrite: Rewrite
    outcome: OutcomeText
    suggestions: Suggestions

    @validator("labels")
    def every_feature_labelled(cls, labels):
        missing = sorted(set(FEATURE_NAMES) - set(labels))
        if missing:
            raise ValueError(f"missing labels for {', '.join(missing)}")
        return labels

    def label(self, feature: str) -> str:
        return self.labels.get(feature, feature.replace("_", " "))


@functools.lru_cache(maxsize=1)
def get_feedback() -> Feedback:
    return Feedback.parse_obj(yaml.safe_load(FEEDBACK_FILE.read_text(encoding="utf-8")))


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def fill(template: str, scenario: Scenario, **values: str) -> str:
    """Fill a template from the scenario (name and model line parts) and the given values."""
    fields = {"name": scenario.persona.name, **scenario.model_line.dict(), **values}
    return string.Formatter().vformat(template, (), _Blank(fields)).strip()


def first_span(features, name: str) -> str:
    spans = features.get(name) or []
    return str(spans[0]).strip() if spans else ""
