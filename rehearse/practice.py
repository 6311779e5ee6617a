"""One role-play session from the dialogue's point of view: analysis + counterpart engine + debrief.

Framework-free. `PracticeSession` is a JSON-able snapshot kept in a Rasa slot between turns; every
function returns a new snapshot. The Rasa actions only move data between the tracker, this module and
the transcript store.
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Dict, List, Optional, Tuple

from rehearse import engine
from rehearse.engine.coaching import tip as coaching_tip
from rehearse.engine.debrief import Debrief, debrief
from rehearse.scenarios.schema import Scenario


@dataclass(frozen=True)
class PlayedLine:
    """A user line that is still part of the session (lines taken back are dropped)."""

    text: str
    features: Dict[str, List[str]]
    """Feature -> the spans that showed it (the findings with rule ids go to the transcript, not here)."""
    user_seq: int
    reply: str


@dataclass(frozen=True)
class PracticeSession:
    scenario_ref: str
    """Library id, or `custom:<id>` for a therapist's own scenario."""
    counterpart: Dict[str, Any]
    opening_line: str
    last_counterpart_line: str
    transcript_id: str
    next_seq: int = 1
    """Next transcript sequence number; it only grows, so a retried write can never collide."""
    mood_before: Optional[int] = None
    assignment_id: Optional[int] = None
    """The therapist's homework assignment this practice completes, if any."""
    lines: List[PlayedLine] = field(default_factory=list)

    def to_slot(self) -> Dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_slot(cls, data: Dict[str, Any]) -> "PracticeSession":
        lines = [PlayedLine(**line) for line in data.get("lines", [])]
        return cls(**{**data, "lines": lines})

    @property
    def state(self) -> engine.CounterpartState:
        return engine.CounterpartState.from_dict(self.counterpart)

    @property
    def outcome(self) -> Optional[str]:
        return self.counterpart.get("outcome")

    @property
    def turns(self) -> List[Tuple[str, Dict[str, List[str]]]]:
        """(text, features) of each line still in play, as the engine and the debrief take them."""
        return [(line.text, line.features) for line in self.lines]


@dataclass(frozen=True)
class TurnResult:
    session: PracticeSession
    line: PlayedLine
    findings: List[Dict[str, Any]]
    """The analysis findings of the line, with spans and rule ids, for the transcript."""
    reply: engine.Reply


def counterpart_message(persona_name: str, line: str) -> str:
    """How an in-character line is shown: `Name: “line”`. Coach messages never take this form."""
    return f"{persona_name}: “{line}”"


def begin(
    scenario: Scenario,
    scenario_ref: str,
    transcript_id: str,
    mood_before: Optional[int] = None,
    seed: Optional[int] = None,
    assignment_id: Optional[int] = None,
) -> PracticeSession:
    state, opening = engine.start(scenario, seed if seed is not None else random.SystemRandom().randrange(2**31))
    return PracticeSession(
        scenario_ref=scenario_ref,
        counterpart=state.to_dict(),
        opening_line=opening,
        last_counterpart_line=opening,
        transcript_id=transcript_id,
        mood_before=mood_before,
        assignment_id=assignment_id,
        next_seq=2,  # seq 1 is the counterpart's opening line
    )


def play_line(scenario: Scenario, session: PracticeSession, text: str) -> TurnResult:
    """Analyse one user line (with the counterpart's last line as context) and get the reply."""
    from rehearse.analysis import analyse

    analysis = analyse(text, context=session.last_counterpart_line)
    features = {name: list(spans) for name, spans in analysis.features.items()}
    state, reply = engine.respond(scenario, session.state, text, features)
    line = PlayedLine(
        text=text,
        features=features,
        user_seq=session.next_seq,
        reply=reply.text,
    )
    updated = replace(
        session,
        counterpart=state.to_dict(),
        last_counterpart_line=reply.text,
        next_seq=session.next_seq + 2,
        lines=[*session.lines, line],
    )
    return TurnResult(session=updated, line=line, findings=analysis.to_dict()["findings"], reply=reply)


def tip(scenario: Scenario, session: PracticeSession) -> str:
    last = session.lines[-1] if session.lines else None
    return coaching_tip(scenario, session.state, last.text if last else None, last.features if last else None)


def take_back(scenario: Scenario, session: PracticeSession) -> PracticeSession:
    """"Try that again": drop the last user line and the reply; the counterpart's state is restored
    (replayed from the remaining lines). NothingToUndo when no line has been played."""
    if not session.lines:
        raise engine.NothingToUndo("no line to take back yet")
    lines = session.lines[:-1]
    state = engine.replay(scenario, session.state.seed, session.turns[:-1])
    previous_line = lines[-1].reply if lines else session.opening_line
    return replace(session, counterpart=state.to_dict(), last_counterpart_line=previous_line, lines=lines)


def set_paused(session: PracticeSession, paused: bool) -> PracticeSession:
    state = engine.pause(session.state) if paused else engine.resume(session.state)
    return replace(session, counterpart=state.to_dict())


def finish(scenario: Scenario, session: PracticeSession, mood_after: Optional[int] = None) -> Debrief:
    return debrief(scenario, session.state, session.turns, session.mood_before, mood_after)

