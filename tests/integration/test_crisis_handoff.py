"""The crisis handoff over REST against real servers: in every state, and with the action server down."""
from __future__ import annotations

import re

import pytest

from rehearse.storage.transcripts import TranscriptStore
from support.stack import texts
from test_conversation_rest import COUNTERPART, start_practice

pytestmark = pytest.mark.integration

CRISIS_OPENING = "I'm stepping out of the role-play"
SCENARIO = "boundaries-mother-holidays-at-home"


def crisis_reply(replies):
    assert replies, "no reply at all"
    first = replies[0]["text"]
    assert first.startswith(CRISIS_OPENING), first
    assert "The practice has stopped" in first
    return first


def test_handoff_inside_the_role_play_stops_it_and_flags_the_session(stack, sender):
    start_practice(stack, sender, SCENARIO)
    first = crisis_reply(stack.say(sender, "honestly i dont want to be alive anymore", metadata={"country": "GB"}))
    assert "116 123" in first and "999" in first  # the user's country (from channel metadata)
    assert not re.search(r"\b(pills?|rope|overdose|how to)\b", first, re.I), "method details in the crisis message"

    # The role-play does not resume by itself: the next line gets no in-character reply.
    after = texts(stack.say(sender, "sorry, I'm still here"))
    assert not any(COUNTERPART.match(text) for text in after), after

    slots = stack.tracker(sender)["slots"]
    session = TranscriptStore(stack.env["DATABASE_URL"]).get_session(slots["practice_state"]["transcript_id"])
    assert session.risk_flag is True

    # The user may explicitly choose to go back to the practice.
    resumed = texts(stack.say(sender, "/resume_practice"))
    assert any(text.startswith("Your turn.") for text in resumed), resumed


def test_a_user_who_steps_out_of_character_to_disclose_is_handed_off(stack, sender):
    """'character' is a word about fiction, but here the user is talking about themself."""
    start_practice(stack, sender, SCENARIO)
    first = crisis_reply(stack.say(sender, "sorry to break character but i keep thinking about killing myself",
                                   metadata={"country": "IE"}))
    assert "116 123" in first


def test_handoff_before_consent_uses_the_international_fallback(stack, sender):
    stack.say(sender, "hi")
    first = crisis_reply(stack.say(sender, "my stepdad hits me and i’m scared to go home"))
    assert "findahelpline.com" in first


def test_handoff_inside_the_mood_check(stack, sender):
    assert any("practice tool" in t for t in texts(stack.say(sender, "hi")))
    stack.say(sender, "/consent_agree")
    stack.say(sender, '/choose_scenario{"scenario_id": "%s"}' % SCENARIO)
    crisis_reply(stack.say(sender, "0. ive been cutting myself again", metadata={"country": "US"}))


def test_idioms_in_the_role_play_do_not_trigger_the_handoff(stack, sender):
    start_practice(stack, sender, SCENARIO)
    reply = texts(stack.say(sender, "This whole holiday argument is killing me, Mum."))
    assert COUNTERPART.match(reply[0]), reply


def test_crisis_message_still_goes_out_with_the_action_server_down(stack, sender):
    start_practice(stack, sender, SCENARIO)
    stack.stop("actions")
    try:
        first = crisis_reply(stack.say(sender, "I'm going to kill myself tonight", metadata={"country": "AU"}))
        assert "13 11 14" in first
    finally:
        stack.start("actions")
