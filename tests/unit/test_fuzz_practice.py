"""Property test: a practice session survives the Rasa slot (to_slot -> JSON -> from_slot) unchanged,
whatever was said, taken back or paused, and the restored session plays on exactly like the original."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehearse import practice
from rehearse.engine import NothingToUndo
from rehearse.scenarios.library import load_library

LIBRARY = load_library()
LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["I feel hurt when you cancel.", "You NEVER listen!!", "Could we talk on Sunday?", "🙄", "\u202eok"]),
)
STEP = st.one_of(st.tuples(st.just("say"), LINES), st.just(("undo",)), st.tuples(st.just("pause"), st.booleans()))


def round_trip(session: practice.PracticeSession) -> practice.PracticeSession:
    return practice.PracticeSession.from_slot(json.loads(json.dumps(session.to_slot())))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(LIBRARY.all()),
    st.integers(min_value=0, max_value=2**31 - 1),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
    st.lists(STEP, max_size=4),
)
def test_sessions_round_trip_through_the_slot(scenario, seed, mood, steps):
    session = practice.begin(scenario, scenario.id, transcript_id="t-" + str(seed), mood_before=mood, seed=seed)
    assert round_trip(session) == session
    for step in steps:
        if step[0] == "say" and not session.outcome and not session.state.paused:
            session = practice.play_line(scenario, session, step[1]).session
        elif step[0] == "undo":
            try:
                session = practice.take_back(scenario, session)
            except NothingToUndo:
                pass
        elif step[0] == "pause":
            session = practice.set_paused(session, step[1])
        restored = round_trip(session)
        assert restored == session
        assert restored.to_slot() == session.to_slot()
    if not session.outcome and not session.state.paused:
        line = "I need us to share the chores."
        assert practice.play_line(scenario, round_trip(session), line).reply == practice.play_line(scenario, session, line).reply
