"""After the crisis message (a domain response, sent first): flag the session and stop the role-play."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.practice import PRACTICE_SLOT, current_session
from actions.services import record, run_blocking, store
from rehearse.alerts import risk_notice, send_risk_alert
from rehearse.practice import set_paused


class ActionHandleRisk(Action):
    def name(self) -> Text:
        return "action_handle_risk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        category = tracker.get_slot("risk_category") or "unspecified"
        rule = _rule(tracker)
        session = current_session(tracker)
        transcript_id = session.transcript_id if session else None
        await record("risk flag", store().flag_risk, tracker.sender_id, transcript_id, category, rule)
        await run_blocking(send_risk_alert, risk_notice(category, rule, transcript_id))
        events: List[Dict[Text, Any]] = [SlotSet("practice_line", None)]
        if session is not None and session.outcome is None:
            # The role-play stays stopped; the user may explicitly choose to go back to it later.
            events.append(SlotSet(PRACTICE_SLOT, set_paused(session, True).to_slot()))
        return events


def _rule(tracker: Tracker) -> Text:
    for entity in tracker.latest_message.get("entities", []):
        if entity.get("entity") == "risk_category":
            return entity.get("rule") or "unknown"
    return "unknown"
