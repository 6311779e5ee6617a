"""The custom actions with real trackers: consent, choosing, mood, the role-play turn and its controls."""
from __future__ import annotations

from typing import Any, Dict, List

import pytest
from sqlalchemy import func, select

from actions.choose import ActionOfferScenarios, ActionSelectScenario
from actions.consent import ActionRegisterConsent
from actions.mood import INVALID_MOOD
from actions.practice import (
    ActionClosePractice,
    ActionEndPractice,
    ActionGiveTip,
    ActionRetryLine,
    ActionStartPractice,
    ValidatePracticeForm,
)
from actions.risk import ActionHandleRisk
from actions.services import library, store
from rehearse.storage.db import session_scope
from rehearse.storage.models import PracticeSession

SCENARIO = "boundaries-mother-holidays-at-home"


def practice_sessions() -> int:
    with session_scope(store().url) as session:
        return session.execute(select(func.count()).select_from(PracticeSession)).scalar_one()


def slots_of(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


async def test_consent_is_stored(transcript_db, make_tracker, dispatcher, domain_dict):
    events = await ActionRegisterConsent().run(dispatcher, make_tracker(sender_id="c1"), domain_dict)
    assert slots_of(events) == {"consented": True}
    assert store().has_consented("c1")


async def test_offer_lists_every_scenario_of_the_area(make_tracker, dispatcher, domain_dict):
    tracker = make_tracker(slots={"problem_area": "setting_boundaries"})
    await ActionOfferScenarios().run(dispatcher, tracker, domain_dict)
    payloads = [button["payload"] for button in dispatcher.messages[0]["buttons"]]
    expected = {scenario.id for scenario in library().by_area("setting_boundaries")}
    assert len(payloads) == len(expected) >= 3
    assert all(any(scenario_id in payload for payload in payloads) for scenario_id in expected)


async def test_an_area_in_the_users_own_words_offers_the_closest_scenarios(make_tracker, dispatcher, domain_dict):
    tracker = make_tracker(text="a fight with my partner", intent="choose_area")
    events = await ActionOfferScenarios().run(dispatcher, tracker, domain_dict)
    payloads = [button["payload"] for button in dispatcher.messages[0]["buttons"]]
    assert "dispute-partner-household-chores" in payloads[0]
    assert payloads[-1] == "/choose_area" and slots_of(events) == {"problem_area": None}


@pytest.mark.parametrize("text", ["/choose_area", '/choose_area{"problem_area": "astrology"}', "zzz qqq"])
async def test_no_area_or_no_match_shows_every_area(make_tracker, dispatcher, domain_dict, text):
    await ActionOfferScenarios().run(dispatcher, make_tracker(text=text, intent="choose_area"), domain_dict)
    assert dispatcher.messages[-1]["response"] == "utter_choose_area"


async def test_unknown_scenario_is_not_ready(make_tracker, dispatcher, domain_dict):
    events = await ActionSelectScenario().run(dispatcher, make_tracker(slots={"scenario_id": "nope"}), domain_dict)
    assert slots_of(events)["scenario_ready"] is False


@pytest.mark.parametrize("typed", ["banana", "11", "3 or 4", ""])
async def test_a_mood_without_a_rating_is_asked_again_before_anything_starts(
    transcript_db, make_tracker, dispatcher, domain_dict, typed
):
    await ActionRegisterConsent().run(dispatcher, make_tracker(sender_id="m1"), domain_dict)
    tracker = make_tracker(slots={"scenario_id": SCENARIO, "mood_before": typed}, sender_id="m1")
    events = await ActionStartPractice().run(dispatcher, tracker, domain_dict)
    assert events == [
        {"event": "slot", "timestamp": None, "name": "mood_before", "value": None},
        {"event": "followup", "timestamp": None, "name": "mood_before_form"},
    ]
    assert [message["text"] for message in dispatcher.messages][-1] == INVALID_MOOD
    assert practice_sessions() == 0  # nothing was started or stored


async def test_a_typed_mood_starts_the_practice(transcript_db, make_tracker, dispatcher, domain_dict):
    await ActionRegisterConsent().run(dispatcher, make_tracker(sender_id="m2"), domain_dict)
    tracker = make_tracker(slots={"scenario_id": SCENARIO, "mood_before": "about a 6"}, sender_id="m2")
    slots = slots_of(await ActionStartPractice().run(dispatcher, tracker, domain_dict))
    assert slots["practice_state"]["mood_before"] == 6


async def test_a_second_mood_without_a_rating_is_asked_again(transcript_db, make_tracker, dispatcher, domain_dict):
    slots = await started(make_tracker, dispatcher, domain_dict, sender_id="m3")
    tracker = make_tracker(slots={**slots, "mood_after": "better, I think"}, sender_id="m3")
    events = await ActionClosePractice().run(dispatcher, tracker, domain_dict)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "mood_after_form"}
    assert dispatcher.messages[-1]["text"] == INVALID_MOOD


async def started(make_tracker, dispatcher, domain_dict, sender_id="p1") -> Dict[str, Any]:
    await ActionRegisterConsent().run(dispatcher, make_tracker(sender_id=sender_id), domain_dict)
    tracker = make_tracker(slots={"scenario_id": SCENARIO, "mood_before": "4"}, sender_id=sender_id)
    return slots_of(await ActionStartPractice().run(dispatcher, tracker, domain_dict))


async def play(make_tracker, dispatcher, domain_dict, slots, text, sender_id="p1") -> Dict[str, Any]:
    tracker = make_tracker(slots=slots, text=text, intent="nlu_fallback", active_loop="practice_form", sender_id=sender_id)
    return await ValidatePracticeForm().validate_practice_line(text, dispatcher, tracker, domain_dict)


async def test_a_role_play_turn_is_analysed_answered_and_logged(transcript_db, make_tracker, dispatcher, domain_dict):
    slots = await started(make_tracker, dispatcher, domain_dict)
    assert slots["practice_available"] is True and slots["line_pending"] is True
    opening = slots["counterpart_line"]

    result = await play(make_tracker, dispatcher, domain_dict, slots, "You never think about what I want.")
    assert result["practice_line"] is None  # the form keeps asking for lines
    assert result["counterpart_line"] and result["counterpart_line"] != opening

    transcript = slots["practice_state"]["transcript_id"]
    turns = store().session_turns(transcript)
    assert [turn.speaker for turn in turns] == ["counterpart", "user", "counterpart"]
    user_turn = turns[1]
    assert user_turn.text == "You never think about what I want."
    features = {finding["feature"] for finding in user_turn.features}
    assert "absolute" in features
    assert all(user_turn.text[f["start"]:f["end"]] == f["text"] for f in user_turn.features)


async def test_a_reset_slot_is_not_played_as_a_line(transcript_db, make_tracker, dispatcher, domain_dict):
    slots = await started(make_tracker, dispatcher, domain_dict)
    tracker = make_tracker(slots=slots, text="/resume_practice", intent="resume_practice", sender_id="p1")
    assert await ValidatePracticeForm().validate_practice_line(None, dispatcher, tracker, domain_dict) == {
        "practice_line": None
    }
    assert len(store().session_turns(slots["practice_state"]["transcript_id"])) == 1  # only the opening


async def test_try_again_restores_the_counterpart(transcript_db, make_tracker, dispatcher, domain_dict):
    slots = await started(make_tracker, dispatcher, domain_dict)
    after = await play(make_tracker, dispatcher, domain_dict, slots, "Whatever, forget it.")
    retry_events = await ActionRetryLine().run(
        dispatcher, make_tracker(slots={**slots, **after}, active_loop="practice_form", sender_id="p1"), domain_dict
    )
    restored = slots_of(retry_events)
    assert restored["practice_state"]["counterpart"] == slots["practice_state"]["counterpart"]
    assert restored["counterpart_line"] == slots["counterpart_line"]
    transcript = slots["practice_state"]["transcript_id"]
    assert [turn.retracted for turn in store().session_turns(transcript)] == [False, True, True]


async def test_tip_is_about_the_last_line(transcript_db, make_tracker, dispatcher, domain_dict):
    slots = await started(make_tracker, dispatcher, domain_dict)
    after = await play(make_tracker, dispatcher, domain_dict, slots, "You always ruin every holiday.")
    dispatcher.messages.clear()
    events = await ActionGiveTip().run(dispatcher, make_tracker(slots={**slots, **after}, sender_id="p1"), domain_dict)
    assert dispatcher.messages[0]["text"].startswith("Tip: ")
    assert slots_of(events) == {"line_pending": False}


async def test_end_gives_and_stores_the_debrief(transcript_db, make_tracker, dispatcher, domain_dict):
    slots = await started(make_tracker, dispatcher, domain_dict)
    after = await play(make_tracker, dispatcher, domain_dict, slots, "I feel torn, and I need some rest this year.")
    dispatcher.messages.clear()
    events = await ActionEndPractice().run(dispatcher, make_tracker(slots={**slots, **after}, sender_id="p1"), domain_dict)
    assert slots_of(events)["practice_available"] is False
    assert "debrief" in dispatcher.messages[0]["text"].lower()
    session = store().get_session(slots["practice_state"]["transcript_id"])
    assert session.outcome == "unfinished" and session.debrief["turns"] == 1


async def test_an_outcome_ends_the_role_play_with_the_debrief_in_the_same_turn(
    transcript_db, make_tracker, dispatcher, domain_dict
):
    slots = await started(make_tracker, dispatcher, domain_dict)
    hostile = ["You always ruin every holiday.", "Whatever, forget it.", "You never listen to anyone.",
               "This is pointless, you're impossible.", "Fine. Do what you want, like always."]
    result: Dict[str, Any] = {}
    for turn in range(20):  # a hostile user reaches a stalemate well before this
        dispatcher.messages.clear()
        result = await play(make_tracker, dispatcher, domain_dict, slots, f"{hostile[turn % len(hostile)]} ({turn})")
        slots = {**slots, **result}
        if result["practice_line"] == "done":
            break
    assert result["practice_line"] == "done" and result["practice_available"] is False
    texts = [message["text"] for message in dispatcher.messages]
    assert len(texts) == 2 and "debrief" in texts[1].lower()
    session = store().get_session(slots["practice_state"]["transcript_id"])
    assert session.outcome == "stalemate" and session.debrief["outcome"] == "stalemate"


async def test_risk_flags_the_session_and_keeps_the_role_play_stopped(
    transcript_db, make_tracker, dispatcher, domain_dict
):
    slots = await started(make_tracker, dispatcher, domain_dict)
    tracker = make_tracker(
        slots={**slots, "risk_category": "suicidal"},
        text="i want to die",
        intent="risk_disclosure",
        entities=[{"entity": "risk_category", "value": "suicidal", "rule": "suicidal.explicit", "start": 0, "end": 13}],
        sender_id="p1",
    )
    events = await ActionHandleRisk().run(dispatcher, tracker, domain_dict)
    assert slots_of(events)["practice_state"]["counterpart"]["paused"] is True
    session = store().get_session(slots["practice_state"]["transcript_id"])
    assert session.risk_flag is True


async def test_a_therapists_own_scenario_is_played_through_its_ref(transcript_db, make_tracker, dispatcher, domain_dict):
    import yaml

    from rehearse.portal.accounts import Accounts
    from rehearse.portal.custom_scenarios import CustomScenarios

    therapist = Accounts(transcript_db).create_therapist("dr-custom", "a long test password 123")
    from rehearse.run import PROJECT_ROOT

    body = yaml.safe_load((PROJECT_ROOT / "data" / "scenarios" / f"{SCENARIO}.yml").read_text())
    body.update({"id": "my-own-holidays", "title": "My own: holidays with mum"})
    ref = CustomScenarios(transcript_db).create(therapist.id, body).ref

    ready = await ActionSelectScenario().run(dispatcher, make_tracker(slots={"scenario_id": ref}), domain_dict)
    assert slots_of(ready)["scenario_ready"] is True
    assert "My own: holidays with mum" in dispatcher.messages[0]["text"]

    await ActionRegisterConsent().run(dispatcher, make_tracker(sender_id="p2"), domain_dict)
    tracker = make_tracker(slots={"scenario_id": ref, "mood_before": "6"}, sender_id="p2")
    slots = slots_of(await ActionStartPractice().run(dispatcher, tracker, domain_dict))
    assert slots["practice_state"]["scenario_ref"] == ref
    result = await play(make_tracker, dispatcher, domain_dict, slots, "I feel tired and I need a quiet year.", "p2")
    assert result["counterpart_line"]
    assert store().get_session(slots["practice_state"]["transcript_id"]).scenario_ref == ref
