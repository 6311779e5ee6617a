"""The counterpart engine: openness, determinism, no repeats, undo, outcomes, curveballs, difficulty."""
from __future__ import annotations

import json
import random

import pytest

from rehearse.engine import SessionClosed, pause, replay, respond, resume, start
from rehearse.engine.counterpart import resolution_threshold
from rehearse.engine.state import CounterpartState
from rehearse.scenarios.library import load_library
from rehearse.scenarios.schema import FEATURE_NAMES, MAX_TURNS

LIBRARY = load_library()
CHORES = LIBRARY.get("dispute-partner-household-chores")

POSITIVE = ["i_statement", "feeling_expressed", "need_expressed", "clear_request", "validation", "apology", "open_question"]
NEGATIVE = ["you_blame", "absolute", "criticism", "contempt", "defensiveness", "stonewalling", "sarcasm", "hedging"]
SKILLED_TURNS = [
    ("I can see you're tired after work too.", {"validation": ["I can see"]}),
    ("I felt exhausted when the dishes were left last night.", {"i_statement": ["I felt"], "feeling_expressed": ["exhausted"]}),
    ("I need the housework to feel shared.", {"i_statement": ["I need"], "need_expressed": ["I need"]}),
    ("Could you do the dishes on weeknights?", {"clear_request": ["Could you"]}),
    ("I understand. What would make that easier for you?", {"validation": ["I understand"], "open_question": ["What would"]}),
    ("That makes sense. Would you try it for a month?", {"validation": ["That makes sense"], "clear_request": ["Would you"]}),
    ("I appreciate you hearing me. I need us to be a team.", {"validation": ["I appreciate"], "need_expressed": ["I need"]}),
    ("I'm sorry I snapped earlier. Could we start on Monday?", {"apology": ["I'm sorry I"], "clear_request": ["Could we"]}),
]
HOSTILE = ("You never do anything, you lazy slob.", {"you_blame": ["You never do anything"], "absolute": ["never"], "contempt": ["lazy slob"]})


def play(scenario, seed, turns):
    state, _ = start(scenario, seed)
    replies = []
    for text, features in turns:
        if state.outcome:
            break
        state, reply = respond(scenario, state, text, features)
        replies.append(reply)
    return state, replies


@pytest.mark.parametrize("feature", POSITIVE)
def test_helpful_features_raise_openness(feature):
    state, _ = start(CHORES, 1)
    after, _ = respond(CHORES, state, "a line", {feature: ["span"]})
    assert after.openness > state.openness


@pytest.mark.parametrize("feature", NEGATIVE)
def test_hostile_or_closed_features_lower_openness(feature):
    state, _ = start(CHORES, 1)
    after, _ = respond(CHORES, state, "a line", {feature: ["span"]})
    assert after.openness < state.openness


def test_features_with_no_spans_do_not_count_and_blank_text_is_silence():
    state, _ = start(CHORES, 1)
    after, _ = respond(CHORES, state, "ok then", {"contempt": [], "validation": []})
    assert after.openness == state.openness
    silent, _ = respond(CHORES, state, "...", {})
    assert silent.openness < state.openness


def test_same_seed_same_session_and_other_seed_differs():
    first = [reply.text for reply in play(CHORES, 7, SKILLED_TURNS)[1]]
    again = [reply.text for reply in play(CHORES, 7, SKILLED_TURNS)[1]]
    others = {tuple(reply.text for reply in play(CHORES, seed, SKILLED_TURNS)[1]) for seed in range(8, 14)}
    assert first == again
    assert len(others | {tuple(first)}) > 1


def random_features(rng: random.Random):
    chosen = rng.sample(FEATURE_NAMES, rng.randint(0, 4))
    return {name: ["span"] for name in chosen}


@pytest.mark.parametrize("scenario", LIBRARY.all(), ids=lambda scenario: scenario.id)
def test_no_line_repeats_in_twelve_turns_with_random_feature_mixes(scenario):
    for seed in range(25):
        rng = random.Random(seed)
        state, opening = start(scenario, seed)
        texts = [opening]
        for turn in range(MAX_TURNS):
            if state.outcome:
                break
            state, reply = respond(scenario, state, f"line {turn}", random_features(rng))
            texts.append(reply.text)
        assert len(texts) == len(set(texts)), (scenario.id, seed)
        assert len(state.used_lines) == len(set(state.used_lines))


@pytest.mark.parametrize("scenario", LIBRARY.all(), ids=lambda scenario: scenario.id)
def test_neutral_lines_never_repeat_and_end_in_stalemate(scenario):
    state, opening = start(scenario, 3)
    texts = [opening]
    while not state.outcome:
        state, reply = respond(scenario, state, f"line {state.turn}", {})
        texts.append(reply.text)
    assert state.outcome == "stalemate" and state.turn <= MAX_TURNS
    assert len(texts) == len(set(texts))
    if scenario.difficulty.value == "gentle":  # an unanswered curveball does not wear a gentle one down
        assert state.turn == MAX_TURNS


def test_replaying_the_earlier_lines_restores_the_previous_state_exactly():
    state, _ = start(CHORES, 5)
    state, _ = respond(CHORES, state, *SKILLED_TURNS[0])
    before = state.to_dict()
    after, _ = respond(CHORES, state, *HOSTILE)
    assert after.to_dict() != before
    assert replay(CHORES, 5, [SKILLED_TURNS[0]]).to_dict() == before
    assert replay(CHORES, 5, []) == start(CHORES, 5)[0]


def test_state_round_trips_through_json():
    state, _ = play(CHORES, 11, SKILLED_TURNS[:3])
    restored = CounterpartState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert restored == state
    assert respond(CHORES, restored, *HOSTILE) == respond(CHORES, state, *HOSTILE)


def test_skilled_user_resolves_and_gets_a_resolution_line():
    state, replies = play(CHORES, 2, SKILLED_TURNS)
    assert state.outcome == "resolved" and replies[-1].outcome == "resolved"
    assert replies[-1].text in CHORES.resolution.lines
    assert state.openness >= resolution_threshold(CHORES)
    assert state.heard_request and "feeling_expressed" in state.heard
    with pytest.raises(SessionClosed):
        respond(CHORES, state, "one more", {})


def test_no_resolution_without_a_clear_request_even_when_open():
    no_request = [(text, {k: v for k, v in features.items() if k != "clear_request"}) for text, features in SKILLED_TURNS]
    state, _ = play(CHORES, 2, no_request + no_request)
    assert state.outcome == "stalemate"
    assert not state.heard_request


def test_hostile_user_reaches_stalemate_early():
    state, replies = play(CHORES, 4, [HOSTILE] * MAX_TURNS)
    assert state.outcome == "stalemate" and state.turn < MAX_TURNS
    assert replies[-1].text in CHORES.stalemate.lines
    assert replies[0].reacting_to == "contempt"


def test_request_framed_with_contempt_is_not_heard():
    state, _ = start(CHORES, 1)
    state, _ = respond(CHORES, state, "Could you do the dishes, you slob?", {"clear_request": ["Could you"], "contempt": ["slob"]})
    assert not state.heard_request


def test_turn_curveball_is_raised_and_blocks_resolution_until_handled():
    scenario = CHORES
    turn = scenario.curveballs[0].trigger.turn
    state, _ = start(scenario, 9)
    replies = []
    for _ in range(turn):
        state, reply = respond(scenario, state, "I feel tired.", {"feeling_expressed": ["tired"]})
        replies.append(reply)
    assert replies[-1].curveball and replies[-1].text == scenario.curveballs[0].line
    assert state.pending_curveball == 0
    state, _ = respond(scenario, state, "I hear you. What would help?", {"validation": ["I hear you"], "open_question": ["What"]})
    assert state.pending_curveball is None and state.curveballs_raised[0] == 0


def test_feature_curveball_fires_when_the_request_is_first_heard():
    state, _ = start(CHORES, 1)
    state, reply = respond(CHORES, state, "Could you do the dishes on weeknights?", {"clear_request": ["Could you"]})
    assert reply.curveball and reply.text == CHORES.curveballs[1].line


def test_tough_counterpart_pushes_back_more_than_gentle():
    tough = LIBRARY.get("needs-boss-unmanageable-workload")
    gentle = LIBRARY.get("needs-partner-more-support")
    assert tough.difficulty.value == "tough" and gentle.difficulty.value == "gentle"
    drops, gains = {}, {}
    for scenario in (tough, gentle):
        state, _ = start(scenario, 1)
        after_blame, _ = respond(scenario, state, "You never listen.", {"you_blame": ["You never listen"]})
        after_validation, _ = respond(scenario, state, "I see it's hard.", {"validation": ["I see"]})
        drops[scenario.difficulty.value] = state.openness - after_blame.openness
        gains[scenario.difficulty.value] = after_validation.openness - state.openness
    assert drops["tough"] > drops["gentle"] and gains["tough"] < gains["gentle"]
    assert start(tough, 1)[0].openness < start(gentle, 1)[0].openness
    assert resolution_threshold(tough) > resolution_threshold(gentle)


def test_pause_blocks_lines_until_resume():
    state, _ = start(CHORES, 1)
    paused = pause(state)
    assert paused.paused and not state.paused
    with pytest.raises(SessionClosed):
        respond(CHORES, paused, "hello", {})
    resumed = resume(paused)
    assert not resumed.paused
    respond(CHORES, resumed, "hello", {})


def test_state_from_another_scenario_is_refused():
    state, _ = start(CHORES, 1)
    with pytest.raises(ValueError):
        respond(LIBRARY.get("deficits-coworker-lunch"), state, "hi", {})
