"""How the user's communication moves the counterpart: feature weights, difficulty and stances."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from rehearse.scenarios.schema import STANCES, Difficulty

FEATURE_WEIGHTS: Mapping[str, float] = {
    # Openness gained from the helpful counterparts of IPT communication analysis...
    "i_statement": 0.06,
    "feeling_expressed": 0.06,
    "need_expressed": 0.08,
    "clear_request": 0.06,
    "validation": 0.10,
    "apology": 0.10,
    "open_question": 0.06,
    # ...and lost to the hostile or closed-off ones.
    "you_blame": -0.10,
    "absolute": -0.06,
    "criticism": -0.12,
    "contempt": -0.18,
    "defensiveness": -0.08,
    "stonewalling": -0.10,
    "sarcasm": -0.10,
    "hedging": -0.02,
}
MAX_GAIN_PER_LINE = 0.25
"""Piling every skill into one line does not buy more than this (before difficulty scaling)."""

STANCE_UPPER_BOUNDS = (0.2, 0.4, 0.6, 0.8)
"""Openness below 0.2 is defensive, below 0.4 guarded, ... and 0.8 or more agreeing."""

FLOOR_OPENNESS = 0.1
FLOOR_TURNS_TO_STALEMATE = 3
"""Openness at or under the floor for this many turns in a row ends in stalemate."""


@dataclass(frozen=True)
class DifficultyProfile:
    start: float
    gain: float
    loss: float
    resolve_at: float


PROFILES: Mapping[Difficulty, DifficultyProfile] = {
    Difficulty.gentle: DifficultyProfile(start=0.5, gain=1.3, loss=0.7, resolve_at=0.6),
    Difficulty.realistic: DifficultyProfile(start=0.35, gain=1.0, loss=1.0, resolve_at=0.7),
    Difficulty.tough: DifficultyProfile(start=0.2, gain=0.75, loss=1.4, resolve_at=0.75),
}


def present(features: Mapping[str, Sequence[str]]) -> frozenset:
    """Names of the features that actually occur (a name mapped to no spans does not count)."""
    return frozenset(name for name, spans in features.items() if spans and name in FEATURE_WEIGHTS)


def is_positive(feature: str) -> bool:
    return FEATURE_WEIGHTS.get(feature, 0.0) > 0


def openness_delta(found: frozenset, difficulty: Difficulty) -> float:
    """Change in openness caused by one user line, scaled by the counterpart's difficulty."""
    profile = PROFILES[difficulty]
    gain = min(MAX_GAIN_PER_LINE, sum(FEATURE_WEIGHTS[name] for name in found if is_positive(name)))
    loss = sum(FEATURE_WEIGHTS[name] for name in found if not is_positive(name))
    return gain * profile.gain + loss * profile.loss


def stance_for(openness: float) -> str:
    for stance, bound in zip(STANCES, STANCE_UPPER_BOUNDS):
        if openness < bound:
            return stance
    return STANCES[-1]


def clamp(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 4)
