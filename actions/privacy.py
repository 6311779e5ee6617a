"""'Delete my data': erase the client's transcripts and, via the tracker store, the conversation history."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.services import run_blocking, store

ERASE_SLOT = "erase_conversation"  # components.erasable_tracker_store erases the history when it is set


class ActionDeleteMyData(Action):
    def name(self) -> Text:
        return "action_delete_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        try:
            await run_blocking(store().delete_client, tracker.sender_id)
        except Exception:  # nothing may be claimed as deleted that was not
            dispatcher.utter_message(
                text="Sorry, I couldn't delete your data just now. Nothing was changed; please try again in a moment."
            )
            return []
        dispatcher.utter_message(
            text="Done. Your practice transcripts, mood ratings and this conversation's history have been deleted. "
            "If you come back, we'll start fresh."
        )
        return [SlotSet(ERASE_SLOT, True)]
