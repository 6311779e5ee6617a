"""The benchmark's scripted traffic (script.yml), validated, and the conversations built from it.

A `Conversation` tells the load generator what to send: the set-up messages that open a session (not
measured), the measured turns, and how to read a reply (expected, or the end of the session).
"""
from __future__ import annotations

import functools
import itertools
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List

import yaml
from pydantic import BaseModel, Field, conlist, constr

SCRIPT_PATH = Path(__file__).with_name("script.yml")
NonEmpty = constr(strip_whitespace=True, min_length=1)


class ScriptError(ValueError):
    """The script does not fit the project (e.g. a scenario it names is not in the library)."""


class BaselineScript(BaseModel):
    sessions: conlist(conlist(NonEmpty, min_items=1), min_items=1)


class ScenarioChoice(BaseModel):
    area: NonEmpty
    scenario_id: NonEmpty


class RehearseScript(BaseModel):
    greeting: NonEmpty
    consent: NonEmpty
    mood: NonEmpty
    session_end_marker: NonEmpty
    counterpart_pattern: NonEmpty
    turns_per_session: int = Field(..., ge=1)
    scenarios: conlist(ScenarioChoice, min_items=1)
    lines: Dict[str, conlist(NonEmpty, min_items=1)]


class BenchScript(BaseModel):
    baseline: BaselineScript
    rehearse: RehearseScript

    def roleplay_lines(self) -> List[str]:
        return [line for group in self.rehearse.lines.values() for line in group]


@functools.lru_cache(maxsize=4)
def load_script(path: Path = SCRIPT_PATH) -> BenchScript:
    return BenchScript.parse_obj(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Conversation:
    """One kind of scripted session. `setup(i)` opens session number i; `turns(i)` are its measured lines."""

    setup: Callable[[int], List[str]]
    turns: Callable[[int], List[str]]
    expected: Callable[[List[str]], bool]
    ended: Callable[[List[str]], bool]


def baseline_conversation(script: BenchScript) -> Conversation:
    sessions = script.baseline.sessions
    return Conversation(
        setup=lambda index: [],
        turns=lambda index: list(sessions[index % len(sessions)]),
        expected=lambda texts: any(texts),
        ended=lambda texts: False,
    )


def rehearse_conversation(script: BenchScript, seed: int = 7) -> Conversation:
    """Role-play sessions over the script's scenarios, each a seeded shuffle of hostile, neutral and skilled lines."""
    spec = script.rehearse
    lines = script.roleplay_lines()
    counterpart = re.compile(spec.counterpart_pattern, re.S)

    def setup(index: int) -> List[str]:
        choice = spec.scenarios[index % len(spec.scenarios)]
        return [
            spec.greeting,
            spec.consent,
            '/choose_area{"problem_area": "%s"}' % choice.area,
            '/choose_scenario{"scenario_id": "%s"}' % choice.scenario_id,
            spec.mood,
        ]

    def turns(index: int) -> List[str]:
        return random.Random(seed * 100_003 + index).sample(lines, min(spec.turns_per_session, len(lines)))

    return Conversation(
        setup=setup,
        turns=turns,
        expected=lambda texts: any(counterpart.match(text) for text in texts),
        ended=lambda texts: any(spec.session_end_marker in text for text in texts),
    )


def unknown_scenarios(script: BenchScript) -> List[str]:
    """Script scenarios missing from the library or filed there under another problem area."""
    from rehearse.scenarios import load_library

    library = load_library()
    return [
        f"{choice.area}/{choice.scenario_id}"
        for choice in script.rehearse.scenarios
        if choice.scenario_id not in library or library.get(choice.scenario_id).problem_area.value != choice.area
    ]


def check_scenarios(script: BenchScript) -> None:
    unknown = unknown_scenarios(script)
    if unknown:
        raise ScriptError(f"{SCRIPT_PATH.name} names scenarios the library does not have: {', '.join(unknown)}")


def micro_lines(script: BenchScript, count: int) -> List[str]:
    """`count` distinct realistic messages: the script lines, then random two-sentence combinations of them."""
    singles = script.roleplay_lines()
    pairs = [f"{first} {second}" for first, second in itertools.permutations(singles, 2)]
    rng = random.Random(11)
    chosen = singles[:count] + rng.sample(pairs, min(max(count - len(singles), 0), len(pairs)))
    return rng.sample(chosen, len(chosen))
