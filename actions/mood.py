"""The 0-10 mood check before and after each practice."""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from rehearse.mood import parse_mood

INVALID_MOOD = "Please choose a number from 0 (very low) to 10 (very good)."


def validated_mood(value: Any, dispatcher: CollectingDispatcher) -> Optional[str]:
    if value is None:  # a reset by an action, not an answer
        return None
    mood = parse_mood(str(value))
    if mood is None:
        dispatcher.utter_message(text=INVALID_MOOD)
        return None
    return str(mood)


class ValidateMoodBeforeForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_mood_before_form"

    def validate_mood_before(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        return {"mood_before": validated_mood(value, dispatcher)}


class ValidateMoodAfterForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_mood_after_form"

    def validate_mood_after(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        return {"mood_after": validated_mood(value, dispatcher)}
