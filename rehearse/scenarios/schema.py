"""The scenario schema: what one YAML file in `data/scenarios/` must hold.

Pydantic checks shapes, vocabularies and line counts; `semantic_problems` then checks what spans the
whole scenario (every line distinct). Both report a location (a dotted field path) with every message,
so a therapist can find and fix each problem in the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Dict, Iterator, List, Optional, Tuple

from pydantic import BaseModel, confloat, conint, conlist, constr, root_validator, validator

from rehearse.analysis.model import FEATURE_NAMES


STANCES: Tuple[str, ...] = ("defensive", "guarded", "neutral", "open", "agreeing")
"""Counterpart stances, from closed to open; the engine maps its openness score onto them."""

MAX_TURNS = 12
"""Longest role-play, in user lines. The last turn always ends the session (resolution or stalemate)."""

MIN_LINES_PER_STANCE = MAX_TURNS // 2
"""With at least this many lines per stance, a session never repeats a line and never has to borrow
one from further than the neighbouring stance: borrowing past a neighbour needs the stance and both
neighbours used up (18 lines, or 12 at an end of the scale), which takes more replies than a session has."""

MIN_LINES_PER_REACTION = 2
MIN_OUTCOME_LINES = 2
REQUIRED_REACTIONS: Tuple[str, ...] = (
    "you_blame",
    "contempt",
    "stonewalling",
    "validation",
    "clear_request",
    "apology",
)
HEARABLE_FEATURES: Tuple[str, ...] = (
    "i_statement",
    "clear_request",
    "feeling_expressed",
    "need_expressed",
    "validation",
    "apology",
    "open_question",
)
"""Features the counterpart can be said to have 'heard'; resolution conditions are written in them."""

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

Feature = Enum("Feature", {name: name for name in FEATURE_NAMES}, type=str)
HearableFeature = Enum("HearableFeature", {name: name for name in HEARABLE_FEATURES}, type=str)


class ProblemArea(str, Enum):
    grief = "grief"
    role_transition = "role_transition"
    role_dispute = "role_dispute"
    interpersonal_deficits = "interpersonal_deficits"
    expressing_needs = "expressing_needs"
    setting_boundaries = "setting_boundaries"


class Relationship(str, Enum):
    partner = "partner"
    mother = "mother"
    father = "father"
    parent = "parent"
    grandparent = "grandparent"
    adult_child = "adult_child"
    sibling = "sibling"
    other_family = "other_family"
    boss = "boss"
    coworker = "coworker"
    employee = "employee"
    friend = "friend"
    neighbour = "neighbour"


class Difficulty(str, Enum):
    gentle = "gentle"
    realistic = "realistic"
    tough = "tough"


Line = constr(strip_whitespace=True, min_length=1, max_length=400)
ShortText = constr(strip_whitespace=True, min_length=1, max_length=200)
Slug = constr(strip_whitespace=True, regex=SLUG.pattern, max_length=80)


class StrictModel(BaseModel):
    class Config:
        extra = "forbid"
        anystr_strip_whitespace = True


class Persona(StrictModel):
    name: ShortText
    relationship: Relationship
    description: constr(strip_whitespace=True, min_length=1, max_length=600)


class StanceLines(StrictModel):
    defensive: List[Line]
    guarded: List[Line]
    neutral: List[Line]
    open: List[Line]
    agreeing: List[Line]

    @validator("*")
    def enough_lines(cls, lines):
        if len(lines) < MIN_LINES_PER_STANCE:
            raise ValueError(
                f"needs at least {MIN_LINES_PER_STANCE} lines so a {MAX_TURNS}-turn session never "
                f"repeats one (has {len(lines)})"
            )
        return lines


class CurveballTrigger(StrictModel):
    """Exactly one condition: a user turn number, a feature first heard, or an openness reached."""

    turn: Optional[conint(ge=1, le=MAX_TURNS - 1)] = None
    feature: Optional[HearableFeature] = None
    min_openness: Optional[confloat(ge=0.0, le=1.0)] = None

    @root_validator(skip_on_failure=True)
    def exactly_one_condition(cls, values):
        given = [name for name in ("turn", "feature", "min_openness") if values.get(name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of turn, feature or min_openness")
        return values


class Curveball(StrictModel):
    trigger: CurveballTrigger
    line: Line


OutcomeLines = conlist(Line, min_items=MIN_OUTCOME_LINES)


class Resolution(StrictModel):
    requires: conlist(HearableFeature, min_items=1)
    min_openness: Optional[confloat(ge=0.3, le=0.95)] = None
    min_turns: conint(ge=1, le=MAX_TURNS) = 3
    lines: OutcomeLines


class Stalemate(StrictModel):
    lines: OutcomeLines


class ModelLine(StrictModel):
    """The parts of a well-made line for this scenario, used in tips and to rewrite a weaker user line:
    "When <observation>, I felt <feeling>. I need <need>. <request>"."""

    observation: ShortText
    feeling: ShortText
    need: ShortText
    request: ShortText


class Scenario(StrictModel):
    id: Slug
    title: ShortText
    description: constr(strip_whitespace=True, min_length=1, max_length=800)
    keywords: conlist(ShortText, min_items=1)
    persona: Persona
    problem_area: ProblemArea
    goal: constr(strip_whitespace=True, min_length=1, max_length=400)
    skills: conlist(Feature, min_items=1)
    difficulty: Difficulty
    starting_openness: Optional[confloat(ge=0.0, le=1.0)] = None
    opening: Line
    stances: StanceLines
    reactions: Dict[str, List[Line]]
    curveballs: conlist(Curveball, min_items=1)
    resolution: Resolution
    stalemate: Stalemate
    model_line: ModelLine

    @validator("reactions")
    def reactions_name_features(cls, reactions):
        problems = []
        unknown = sorted(set(reactions) - set(FEATURE_NAMES))
        if unknown:
            problems.append(f"unknown feature {', '.join(unknown)}; use one of {', '.join(FEATURE_NAMES)}")
        missing = [feature for feature in REQUIRED_REACTIONS if feature not in reactions]
        if missing:
            problems.append(f"missing {', '.join(missing)}: every scenario reacts to these")
        short = [name for name, lines in reactions.items() if len(lines) < MIN_LINES_PER_REACTION]
        if short:
            problems.append(f"{', '.join(short)} need at least {MIN_LINES_PER_REACTION} lines each")
        if problems:
            raise ValueError("; ".join(problems))
        return reactions

    def pool(self, name: str) -> List[Tuple[str, str]]:
        """The (line id, text) pairs of a named pool: `stance.<s>`, `reaction.<f>`, `resolution`, `stalemate`."""
        kind, _, key = name.partition(".")
        if kind == "stance":
            lines = getattr(self.stances, key)
        elif kind == "reaction":
            lines = self.reactions.get(key, [])
        elif kind in ("resolution", "stalemate"):
            lines = getattr(self, kind).lines
        else:
            raise KeyError(name)
        return [(f"{name}.{index}", text) for index, text in enumerate(lines)]

    def skill_names(self) -> List[str]:
        return [skill.value for skill in self.skills]


@dataclass(frozen=True)
class ValidationProblem:
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def format_loc(parts) -> str:
    """('stances', 'defensive', 3) -> 'stances.defensive[3]'."""
    text = ""
    for part in parts:
        if part == "__root__":
            continue
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(getattr(part, "value", part))
    return text or "(scenario)"


def all_lines(scenario: Scenario) -> Iterator[Tuple[str, str]]:
    """Every counterpart line with its field path."""
    yield "opening", scenario.opening
    for stance in STANCES:
        for index, text in enumerate(getattr(scenario.stances, stance)):
            yield f"stances.{stance}[{index}]", text
    for feature, lines in scenario.reactions.items():
        for index, text in enumerate(lines):
            yield f"reactions.{feature}[{index}]", text
    for index, curveball in enumerate(scenario.curveballs):
        yield f"curveballs[{index}].line", curveball.line
    for section in ("resolution", "stalemate"):
        for index, text in enumerate(getattr(scenario, section).lines):
            yield f"{section}.lines[{index}]", text


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


def _duplicate_problems(scenario: Scenario) -> Iterator[ValidationProblem]:
    seen: Dict[str, str] = {}
    for location, text in all_lines(scenario):
        key = _normalised(text)
        if key in seen:
            yield ValidationProblem(location, f"repeats the line at {seen[key]}: lines must be distinct")
        else:
            seen[key] = location
    for field in ("skills", "keywords", "resolution.requires"):
        owner, _, name = field.rpartition(".")
        values = getattr(getattr(scenario, owner) if owner else scenario, name)
        texts = [getattr(value, "value", value).lower() for value in values]
        for index, text in enumerate(texts):
            if text in texts[:index]:
                yield ValidationProblem(f"{field}[{index}]", f"{text!r} is listed twice")


def semantic_problems(scenario: Scenario) -> List[ValidationProblem]:
    """Problems pydantic's field types cannot express."""
    return list(_duplicate_problems(scenario))


def pydantic_problems(errors: List[dict]) -> List[ValidationProblem]:
    return [ValidationProblem(format_loc(error["loc"]), error["msg"]) for error in errors]
