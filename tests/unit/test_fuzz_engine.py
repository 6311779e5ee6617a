"""Property tests of the counterpart engine: any texts and feature mixes, including unknown feature names,
empty span lists and "try that again" at any point. The engine never raises while the session is open,
never says a line twice in the live conversation, and openness stays within [0, 1]."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehearse.engine import replay, respond, start
from rehearse.scenarios.library import load_library
from rehearse.scenarios.schema import FEATURE_NAMES, MAX_TURNS

LIBRARY = load_library()
SCENARIOS = st.sampled_from(LIBRARY.all())
FEATURE_KEYS = st.one_of(st.sampled_from(FEATURE_NAMES), st.text(max_size=12))
FEATURES = st.dictionaries(FEATURE_KEYS, st.lists(st.text(max_size=20), max_size=3), max_size=8)
TEXTS = st.one_of(st.text(max_size=120), st.sampled_from(["", "   ", "...", "?!", "\x00", "🙄", "שלום"]))
STEP = st.one_of(st.tuples(st.just("say"), TEXTS, FEATURES), st.just(("undo",)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SCENARIOS, st.integers(min_value=0, max_value=2**31 - 1), st.lists(STEP, max_size=2 * MAX_TURNS))
def test_any_mix_of_lines_and_undos_keeps_the_engine_consistent(scenario, seed, steps):
    state, opening = start(scenario, seed)
    spoken = [opening]  # the counterpart's lines in the live conversation (taken-back turns removed)
    played = []  # the user's (text, features) in the live conversation
    for step in steps:
        if state.outcome:
            break
        if step[0] == "undo":
            if played:
                played.pop()
                state = replay(scenario, seed, played)
                spoken.pop()
            continue
        _, text, features = step
        state, reply = respond(scenario, state, text, features)
        played.append((text, features))
        spoken.append(reply.text)
        assert 0.0 <= reply.openness <= 1.0 and reply.openness == state.openness
        assert reply.text, reply
        assert len(spoken) == len(set(spoken)), (scenario.id, seed, spoken)
        assert len(state.used_lines) == len(set(state.used_lines))
        assert state.turn <= MAX_TURNS
