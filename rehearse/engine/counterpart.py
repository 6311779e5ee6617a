"""The counterpart: plays the other person and reacts to *how* each user line was said.

Framework-free and deterministic: the same scenario, seed and inputs give the same replies. Every
function returns a new state and leaves the one passed in untouched. "Try that again" replays the
session's earlier lines from the start, which gives exactly the state the session had before its last
line, so the state never carries copies of its own past.
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from rehearse.engine.dynamics import (
    FEATURE_WEIGHTS,
    FLOOR_OPENNESS,
    FLOOR_TURNS_TO_STALEMATE,
    PROFILES,
    clamp,
    is_positive,
    openness_delta,
    present,
    stance_for,
)
from rehearse.engine.state import CounterpartState
from rehearse.scenarios.schema import HEARABLE_FEATURES, MAX_TURNS, STANCES, Scenario

CURVEBALL_HANDLED_BONUS = 0.05
CURVEBALL_IGNORED_PENALTY = 0.03
CURVEBALL_HANDLERS = frozenset({"validation", "open_question", "apology"})
"""Acknowledging, asking about or owning the counterpart's new point deals with a curveball; so does any
calm, helpful line without hostility."""
OUTCOME_POOLS = {"resolved": "resolution", "stalemate": "stalemate"}


class SessionClosed(RuntimeError):
    """The session has an outcome or is paused; it takes no more lines."""


class NothingToUndo(RuntimeError):
    """There is no user line to take back (raised by the caller that keeps the lines)."""


@dataclass(frozen=True)
class Reply:
    text: str
    stance: str
    openness: float
    curveball: bool = False
    outcome: Optional[str] = None
    line_id: str = ""
    reacting_to: Optional[str] = None
    """The user feature this line reacts to, when it is a reaction line."""

    def to_dict(self) -> Dict[str, Any]:
        return asdict(self)


def starting_openness(scenario: Scenario) -> float:
    if scenario.starting_openness is not None:
        return scenario.starting_openness
    return PROFILES[scenario.difficulty].start


def start(scenario: Scenario, seed: int) -> Tuple[CounterpartState, str]:
    """A fresh session and the counterpart's opening line."""
    state = CounterpartState(
        scenario_id=scenario.id, seed=seed, openness=starting_openness(scenario), used_lines=["opening"]
    )
    return state, scenario.opening


def respond(
    scenario: Scenario, state: CounterpartState, text: str, features: Mapping[str, Sequence[str]]
) -> Tuple[CounterpartState, Reply]:
    """React to one user line, given its analysed features; return the new state and the reply."""
    if state.scenario_id != scenario.id:
        raise ValueError(f"state belongs to scenario {state.scenario_id!r}, not {scenario.id!r}")
    if state.outcome is not None:
        raise SessionClosed(f"the session has ended ({state.outcome})")
    if state.paused:
        raise SessionClosed("the session is paused; resume it first")

    found = present(features) if text.strip(" .!?\n\t") else frozenset({"stonewalling"})
    new = state.copy(deep=True)
    new.turn += 1
    delta = _apply_openness(scenario, new, found)
    if delta > 0 and "contempt" not in found:
        new.heard = sorted(set(new.heard) | (found & set(HEARABLE_FEATURES)))
    new.turns_at_floor = new.turns_at_floor + 1 if new.openness <= FLOOR_OPENNESS else 0
    new.outcome = _outcome(scenario, new, delta)

    rng = random.Random(f"{state.seed}:{new.turn}:{' '.join(text.lower().split())}")
    curveball = None if new.outcome else _due_curveball(scenario, new, found)
    reacting_to = None
    if new.outcome:
        line_id = _pick(rng, scenario.pool(OUTCOME_POOLS[new.outcome]), new.used_lines)
    elif curveball is not None:
        line_id = f"curveball.{curveball}"
        new.curveballs_raised = [*new.curveballs_raised, curveball]
        new.pending_curveball = curveball
    else:
        reacting_to, line_id = _reaction(scenario, new, found, delta, rng)
        if line_id is None:
            line_id = _stance_line(scenario, new, rng)
    new.used_lines = [*new.used_lines, line_id]
    reply = Reply(
        text=line_text(scenario, line_id),
        stance=stance_for(new.openness),
        openness=new.openness,
        curveball=curveball is not None,
        outcome=new.outcome,
        line_id=line_id,
        reacting_to=reacting_to,
    )
    return new, reply


def replay(
    scenario: Scenario, seed: int, turns: Sequence[Tuple[str, Mapping[str, Sequence[str]]]]
) -> CounterpartState:
    """The state after these user lines (text, features), played from the start with this seed.

    "Try that again" replays all lines but the last: being deterministic, that is exactly the state
    before the last line, outcome and pause included (a line can only be played while not paused).
    """
    state, _ = start(scenario, seed)
    for text, features in turns:
        state, _ = respond(scenario, state, text, features)
    return state


def pause(state: CounterpartState) -> CounterpartState:
    return state.copy(update={"paused": True}, deep=True)


def resume(state: CounterpartState) -> CounterpartState:
    return state.copy(update={"paused": False}, deep=True)


def line_text(scenario: Scenario, line_id: str) -> str:
    if line_id == "opening":
        return scenario.opening
    if line_id.startswith("curveball."):
        return scenario.curveballs[int(line_id.split(".")[1])].line
    pool_name = line_id.rsplit(".", 1)[0]
    return dict(scenario.pool(pool_name))[line_id]


def resolution_threshold(scenario: Scenario) -> float:
    if scenario.resolution.min_openness is not None:
        return scenario.resolution.min_openness
    return PROFILES[scenario.difficulty].resolve_at


def missing_for_resolution(scenario: Scenario, state: CounterpartState) -> List[str]:
    """What still stands between the session and a resolution, as short reasons (for tips and debriefs)."""
    reasons = [f"not_heard:{feature.value}" for feature in scenario.resolution.requires if feature.value not in state.heard]
    if state.openness < resolution_threshold(scenario):
        reasons.append("openness")
    if state.pending_curveball is not None:
        reasons.append("curveball")
    return reasons


def _apply_openness(scenario: Scenario, state: CounterpartState, found: frozenset) -> float:
    delta = openness_delta(found, scenario.difficulty)
    if state.pending_curveball is not None:
        if found & CURVEBALL_HANDLERS or (delta > 0 and not any(FEATURE_WEIGHTS[f] < 0 for f in found)):
            state.pending_curveball = None
            delta += CURVEBALL_HANDLED_BONUS
        else:
            delta -= CURVEBALL_IGNORED_PENALTY
    state.openness = clamp(state.openness + delta)
    return delta


def _outcome(scenario: Scenario, state: CounterpartState, delta: float) -> Optional[str]:
    resolution = scenario.resolution
    if state.turn >= resolution.min_turns and delta >= 0 and not missing_for_resolution(scenario, state):
        return "resolved"
    if state.turn >= MAX_TURNS or state.turns_at_floor >= FLOOR_TURNS_TO_STALEMATE:
        return "stalemate"
    return None


def _due_curveball(scenario: Scenario, state: CounterpartState, found: frozenset) -> Optional[int]:
    if state.pending_curveball is not None:
        return None
    for index, curveball in enumerate(scenario.curveballs):
        if index in state.curveballs_raised:
            continue
        trigger = curveball.trigger
        if trigger.turn is not None and state.turn >= trigger.turn:
            return index
        if trigger.feature is not None and trigger.feature.value in found and trigger.feature.value in state.heard:
            return index
        if trigger.min_openness is not None and state.openness >= trigger.min_openness:
            return index
    return None


def _reaction(
    scenario: Scenario, state: CounterpartState, found: frozenset, delta: float, rng: random.Random
) -> Tuple[Optional[str], Optional[str]]:
    """A line reacting to the strongest feature pulling the same way as the line as a whole."""
    if delta == 0:
        return None, None
    same_direction = [name for name in found if is_positive(name) == (delta > 0)]
    for feature in sorted(same_direction, key=lambda name: (-abs(FEATURE_WEIGHTS[name]), name)):
        line_id = _pick(rng, scenario.pool(f"reaction.{feature}"), state.used_lines)
        if line_id is not None:
            return feature, line_id
    return None, None


def _stance_line(scenario: Scenario, state: CounterpartState, rng: random.Random) -> str:
    """A line of the current stance; when those are used up, the nearest stance (closer to guarded first)."""
    here = STANCES.index(stance_for(state.openness))
    for stance in sorted(STANCES, key=lambda name: (abs(STANCES.index(name) - here), STANCES.index(name))):
        line_id = _pick(rng, scenario.pool(f"stance.{stance}"), state.used_lines)
        if line_id is not None:
            return line_id
    raise RuntimeError(f"scenario {scenario.id!r} has run out of lines")  # prevented by schema minimums


def _pick(rng: random.Random, pool: List[Tuple[str, str]], used: Sequence[str]) -> Optional[str]:
    unused = [line_id for line_id, _ in pool if line_id not in used]
    return rng.choice(unused) if unused else None
