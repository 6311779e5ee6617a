from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.homework import pending_code
from actions.services import record, store


class ActionRegisterConsent(Action):
    """The user agreed: from now on their practice is stored."""

    def name(self) -> Text:
        return "action_register_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        await record("consent", store().register_consent, tracker.sender_id)
        events = [SlotSet("consented", True)]
        code = pending_code(tracker)
        if code:
            # Arrived with a homework code (e.g. from the therapist's link): keep it for the code form.
            dispatcher.utter_message(text="Thank you. I see you have a homework code: choose \"I have a homework code\" to start it.")
            events.append(SlotSet("homework_code", code))
        return events
