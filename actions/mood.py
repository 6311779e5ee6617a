"""The 0-10 mood check before and after each practice.

The mood forms take whatever the user types (a `from_text` slot) and have no validation action, because
Rasa calls a form's validation action every time it activates the form: one action-server round trip
more on the turn that ends a role-play. The action that uses the answer next (starting or closing the
practice) parses it instead, and an answer without a single 0-10 rating is asked again."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from rehearse.mood import parse_mood

INVALID_MOOD = "Please choose a number from 0 (very low) to 10 (very good)."


def mood_answer(tracker: Tracker, slot: Text) -> Optional[int]:
    return parse_mood(str(tracker.get_slot(slot) or ""))


def ask_again(dispatcher: CollectingDispatcher, slot: Text, form: Text) -> List[Dict[Text, Any]]:
    """Say what a valid answer is, clear the answer and run the mood form again (it asks once more)."""
    dispatcher.utter_message(text=INVALID_MOOD)
    return [SlotSet(slot, None), FollowupAction(form)]
