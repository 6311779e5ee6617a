"""A whole conversation over the REST channel against the real Rasa server, action server and database."""
from __future__ import annotations

import re

import pytest

from rehearse.practice import counterpart_message
from rehearse.scenarios import load_library
from support.stack import end_practice_and_rate_mood, texts

pytestmark = pytest.mark.integration

COUNTERPART = re.compile(r"^[^:\n]{1,40}: “.+”$", re.S)


def start_practice(stack, sender, scenario_id: str):
    assert any("practice tool" in t for t in texts(stack.say(sender, "hi")))
    choose = stack.say(sender, "/consent_agree")
    assert any(reply.get("buttons") for reply in choose), choose
    offered = stack.say(sender, '/choose_area{"problem_area": "setting_boundaries"}')
    payloads = [button["payload"] for reply in offered for button in reply.get("buttons", [])]
    assert any(scenario_id in payload for payload in payloads), payloads
    mood_prompt = stack.say(sender, '/choose_scenario{"scenario_id": "%s"}' % scenario_id)
    assert any("0 (very low) to 10" in t for t in texts(mood_prompt))
    opening = texts(stack.say(sender, "5"))
    scenario = load_library().get(scenario_id)
    assert opening[-1] == counterpart_message(scenario.persona.name, scenario.opening), opening
    return opening


def test_full_conversation_with_controls_debrief_and_mood(stack, sender):
    start_practice(stack, sender, "boundaries-mother-holidays-at-home")

    first = texts(stack.say(sender, "You never listen to me and it's always about what you want."))
    assert len(first) == 1 and COUNTERPART.match(first[0]), first

    # A line that merely contains a control word stays a role-play line.
    done_line = texts(stack.say(sender, "I'm done being the one who always gives in"))
    assert len(done_line) == 1 and COUNTERPART.match(done_line[0]), done_line

    tip = texts(stack.say(sender, "/ask_tip"))
    assert tip[0].startswith("Tip: "), tip
    assert tip[-1].startswith("Your turn."), tip

    retry = texts(stack.say(sender, "try that again"))
    assert any("taken back" in t for t in retry), retry

    third = texts(
        stack.say(sender, "I feel sad saying this, and I need a quieter holiday this year. Could we visit on the weekend after instead?")
    )
    assert COUNTERPART.match(third[-1]), third

    kept = first + third  # the reply to the retried line was taken back with it
    assert len(set(kept)) == len(kept), "a counterpart line repeated"

    end_practice_and_rate_mood(stack, sender, mood_before=5, mood_after=7)


def test_a_mood_answer_without_a_rating_is_asked_again_and_typed_ratings_are_understood(stack, sender):
    assert any("practice tool" in t for t in texts(stack.say(sender, "hi")))
    stack.say(sender, "/consent_agree")
    stack.say(sender, '/choose_area{"problem_area": "setting_boundaries"}')
    stack.say(sender, '/choose_scenario{"scenario_id": "boundaries-mother-holidays-at-home"}')
    for answer in ("no idea, honestly", "hi", "somewhere between 3 and 4"):
        again = texts(stack.say(sender, answer))
        assert again[0] == "Please choose a number from 0 (very low) to 10 (very good).", again
        assert "0 (very low) to 10" in again[-1] and not COUNTERPART.match(again[-1]), again
    opening = texts(stack.say(sender, "about a 6"))
    assert COUNTERPART.match(opening[-1]), opening

    ended = texts(stack.say(sender, "end"))
    assert any("0 (very low) to 10" in text for text in ended), ended
    again = texts(stack.say(sender, "banana"))
    assert again[0] == "Please choose a number from 0 (very low) to 10 (very good).", again
    closing = texts(stack.say(sender, "8/10"))
    assert any("from 6 to 8" in text for text in closing), closing


def test_fallback_outside_the_role_play_is_helpful(stack, sender):
    stack.say(sender, "hi")
    stack.say(sender, "/consent_agree")
    replies = texts(stack.say(sender, "asdf qwerty zxcv"))
    assert replies and ("didn't quite get" in replies[0] or "outside what I can help" in replies[0]), replies


def test_typed_answers_are_understood_and_never_taken_for_a_disclosure(stack, sender):
    """Consent, an area and a request to describe, all typed in the user's own words."""
    stack.say(sender, "hi")
    menu = stack.say(sender, "sure, that's fine with me")
    assert any(reply.get("buttons") for reply in menu), menu
    offered = stack.say(sender, "a fight with my partner")
    payloads = [button["payload"] for reply in offered for button in reply.get("buttons", [])]
    assert any("dispute-partner-household-chores" in payload for payload in payloads), offered
    describe = texts(stack.say(sender, "let me describe it myself"))
    assert any("in a sentence or two" in t for t in describe), describe
