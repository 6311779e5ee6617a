"""Coaching tips: one hint per line, about the most pressing thing in it."""
from __future__ import annotations

import pytest

from rehearse.engine import respond, start
from rehearse.engine.coaching import tip
from rehearse.scenarios.library import load_library

LIBRARY = load_library()
CHORES = LIBRARY.get("dispute-partner-household-chores")


def tip_for(features, text="a line", state=None):
    state = state or start(CHORES, 1)[0]
    return tip(CHORES, state, text, features)


def test_before_any_line_suggests_a_gentle_start_from_the_scenario():
    text = tip(CHORES, start(CHORES, 1)[0])
    assert "Start gently" in text and CHORES.model_line.observation in text


def test_absolute_becomes_one_specific_time():
    text = tip_for({"absolute": ["never"], "you_blame": ["You never help"]})
    assert 'Instead of "never"' in text and "specific time" in text


def test_blame_becomes_an_i_statement():
    text = tip_for({"you_blame": ["you left the mess"]})
    assert "I-statement" in text and '"you left the mess"' in text and CHORES.model_line.feeling in text


@pytest.mark.parametrize(
    "feature, words",
    [
        ("contempt", "put-down"),
        ("criticism", "verdict"),
        ("sarcasm", "Say it straight"),
        ("stonewalling", "pause"),
        ("defensiveness", "owning one small part"),
    ],
)
def test_each_problem_gets_its_own_tip(feature, words):
    assert words in tip_for({feature: ["span"]})


def test_contempt_outranks_other_problems():
    assert "put-down" in tip_for({"absolute": ["always"], "contempt": ["slob"]})


def test_defensive_counterpart_calls_for_acknowledgement():
    state = start(CHORES, 1)[0].copy(update={"openness": 0.1})
    assert "Acknowledge their side" in tip_for({"i_statement": ["I"]}, state=state)


def test_missing_request_is_suggested_with_the_scenario_example():
    state = start(CHORES, 1)[0].copy(update={"openness": 0.5})
    text = tip_for({"feeling_expressed": ["tired"]}, state=state)
    assert "clear, doable request" in text and CHORES.model_line.request in text


def test_missing_need_after_a_request():
    state = start(CHORES, 1)[0].copy(update={"openness": 0.5})
    assert "I need" in tip_for({"clear_request": ["Could you"]}, state=state)


def test_hedging_without_request_gets_plain_speaking_tip():
    state = start(CHORES, 1)[0].copy(update={"openness": 0.5})
    assert '"maybe"' in tip_for({"hedging": ["maybe"]}, state=state)


def test_pending_curveball_asks_to_address_it():
    state = start(CHORES, 1)[0]
    state, reply = respond(CHORES, state, "Could you do the dishes?", {"clear_request": ["Could you"]})
    assert reply.curveball
    assert "raised something new" in tip(CHORES, state, "Could you do the dishes?", {"clear_request": ["Could you"]})


def test_good_line_with_everything_heard_is_encouraged():
    state = start(CHORES, 1)[0].copy(update={"openness": 0.7, "heard": ["clear_request", "need_expressed"]})
    text = tip_for({"validation": ["I see"]}, state=state)
    assert "clear and kind" in text and CHORES.persona.name in text
