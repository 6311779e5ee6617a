"""The Rasa NLU guards and the crisis policy, on real Rasa messages and trackers (no server)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from components.control_guard import ControlCommandGuard
from components.safety_policies import handoff_next_action, trouble_next_action
from components.risk_guard import RiskGuard


def message(text: str, intent: str = "greet", confidence: float = 0.9, metadata: Optional[Dict[str, Any]] = None):
    msg = Message({"text": text})
    msg.set("intent", {"name": intent, "confidence": confidence})
    msg.set("intent_ranking", [{"name": intent, "confidence": confidence}])
    if metadata is not None:
        msg.set("metadata", metadata)
    return msg


@pytest.fixture(scope="module")
def risk_guard() -> RiskGuard:
    return RiskGuard({})


def entities(msg: Message) -> Dict[str, Dict[str, Any]]:
    return {entity["entity"]: entity for entity in msg.get("entities") or []}


def test_a_disclosure_overrides_any_intent_and_carries_the_resources(risk_guard):
    msg = risk_guard.process([message("i dont want to be alive anymore", "give_mood", metadata={"country": "GB"})])[0]
    assert msg.get("intent") == {"name": "risk_disclosure", "confidence": 1.0}
    found = entities(msg)
    assert found["risk_category"]["value"] == "suicidal" and found["risk_category"]["rule"]
    assert "116 123" in found["crisis_resources"]["value"]


def test_unknown_country_gets_the_international_fallback(risk_guard):
    msg = risk_guard.process([message("i want to kill myself", metadata={"country": "ZZ"})])[0]
    assert "findahelpline.com" in entities(msg)["crisis_resources"]["value"]


def test_the_classifier_alone_cannot_raise_a_risk(risk_guard):
    msg = risk_guard.process([message("this commute is killing me", "risk_disclosure")])[0]
    assert msg.get("intent")["name"] == "nlu_fallback"


def test_a_safe_message_keeps_its_intent(risk_guard):
    assert risk_guard.process([message("hello there")])[0].get("intent")["name"] == "greet"


@pytest.mark.parametrize(
    "text, predicted, expected",
    [
        ("end", "greet", "end_practice"),
        ("give me a tip", "nlu_fallback", "ask_tip"),
        ("I'm done cleaning up after you", "end_practice", "nlu_fallback"),
        ("stop yelling at me", "end_practice", "nlu_fallback"),
        ("/end_practice", "end_practice", "end_practice"),
        ("hello", "greet", "greet"),
    ],
)
def test_controls_come_from_whole_commands_only(text, predicted, expected):
    msg = ControlCommandGuard({}).process([message(text, predicted)])[0]
    assert msg.get("intent")["name"] == expected


def tracker(events: List[Any]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("policy-test", events)


RISK = UserUttered("i want to die", intent={"name": "risk_disclosure", "confidence": 1.0})


def test_the_handoff_sequence_inside_a_form():
    events: List[Any] = [ActionExecuted(ACTION_LISTEN_NAME), ActiveLoop("practice_form"), RISK]
    steps = []
    for _ in range(4):
        step = handoff_next_action(tracker(events))
        steps.append(step)
        events.append(ActionExecuted(step))
        if step == ACTION_DEACTIVATE_LOOP_NAME:
            events.append(ActiveLoop(None))
    assert steps == ["utter_crisis", ACTION_DEACTIVATE_LOOP_NAME, "action_handle_risk", ACTION_LISTEN_NAME]


def test_the_handoff_without_a_form_skips_deactivation():
    events: List[Any] = [RISK, ActionExecuted("utter_crisis")]
    assert handoff_next_action(tracker(events)) == "action_handle_risk"


def test_no_handoff_for_other_messages():
    assert handoff_next_action(tracker([UserUttered("hi", intent={"name": "greet"})])) is None
    assert handoff_next_action(tracker([])) is None


def role_play_turn(*after_form: Any) -> List[Any]:
    return [
        ActiveLoop("practice_form"),
        ActionExecuted(ACTION_LISTEN_NAME),
        UserUttered("You never listen", intent={"name": "nlu_fallback"}),
        ActionExecuted("action_extract_slots"),
        SlotSet("practice_line", "You never listen"),
        ActionExecuted("practice_form"),
        *after_form,
    ]


def test_a_failed_role_play_turn_gets_the_trouble_reply_then_listens():
    events = role_play_turn()
    assert trouble_next_action(tracker(events)) == "utter_service_trouble"
    events.append(ActionExecuted("utter_service_trouble"))
    assert trouble_next_action(tracker(events)) == ACTION_LISTEN_NAME


def test_a_successful_role_play_turn_is_left_alone():
    events = role_play_turn(SlotSet("counterpart_line", "Well."), BotUttered("Helen: “Well.”"))
    assert trouble_next_action(tracker(events)) is None
    assert trouble_next_action(tracker([UserUttered("hi", intent={"name": "greet"})])) is None

