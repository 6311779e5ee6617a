"""Homework: the client enters the code their therapist gave them and is taken into that scenario."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.services import run_blocking, store, wrong_codes
from rehearse.homework import MAX_CODE_ATTEMPTS, find_code

WRONG_CODE = (
    "That code didn't work. Please check it and try again, or ask your therapist for a new one "
    "(codes expire, and each can be used for one practice)."
)
TOO_MANY_ATTEMPTS = (
    "That's too many attempts with codes that didn't work, so I'll stop asking for now. Please check the "
    "code with your therapist. Meanwhile you can choose any practice yourself."
)
BUSY = "Too many codes have been tried just now. Please wait a few minutes and try again."
GAVE_UP = "gave_up"


def pending_code(tracker: Tracker) -> Optional[str]:
    """A code the user typed before consenting (e.g. arriving by a homework link)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            code = find_code(event.get("text") or "")
            if code:
                return code
    return None


class ValidateCodeForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_code_form"

    async def extract_homework_code(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        text = tracker.latest_message.get("text") or ""
        code = find_code(text)
        if code is None and tracker.get_slot("requested_slot") == "homework_code" and not text.startswith("/"):
            return {"homework_code": text}  # not code-shaped: validation explains
        return {"homework_code": code} if code else {}

    async def validate_homework_code(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        if value == GAVE_UP:
            dispatcher.utter_message(text=TOO_MANY_ATTEMPTS)
            return {"homework_code": GAVE_UP, "scenario_id": None}
        if wrong_codes().blocked():
            dispatcher.utter_message(text=BUSY)
            return {"homework_code": None}
        code = find_code(str(value))
        assignment = await run_blocking(store().redeem_code, code, tracker.sender_id) if code else None
        if assignment is not None:
            return {
                "homework_code": code,
                "assignment": {
                    "id": assignment.id,
                    "scenario_ref": assignment.scenario_ref,
                    "instructions": assignment.instructions,
                },
                "scenario_id": assignment.scenario_ref,
            }
        wrong_codes().record_failure()
        attempts = int(tracker.get_slot("code_attempts") or 0) + 1
        if attempts >= MAX_CODE_ATTEMPTS:
            dispatcher.utter_message(text=TOO_MANY_ATTEMPTS)
            return {"homework_code": GAVE_UP, "code_attempts": attempts, "scenario_id": None}
        dispatcher.utter_message(text=WRONG_CODE)
        return {"homework_code": None, "code_attempts": attempts}

