"""The role-play: start, each line, the controls (tip, try again, pause, resume, end) and the close."""
from __future__ import annotations

import abc
import uuid
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.mood import ask_again, mood_answer
from actions.services import record, run_blocking, scenario as find_scenario, store
from rehearse import practice
from rehearse.engine import NothingToUndo
from rehearse.engine.debrief import Debrief

PRACTICE_SLOT = "practice_state"
CONTROLS_HINT = 'You can type "tip", "try that again", "pause" or "end" at any time.'


def current_session(tracker: Tracker) -> Optional[practice.PracticeSession]:
    data = tracker.get_slot(PRACTICE_SLOT)
    return practice.PracticeSession.from_slot(data) if data else None


def session_slot_values(session: practice.PracticeSession, line_pending: bool) -> Dict[Text, Any]:
    """Slots the practice form's prompt (`utter_ask_practice_line`) reads."""
    return {
        PRACTICE_SLOT: session.to_slot(),
        "counterpart_line": session.last_counterpart_line,
        "line_pending": line_pending,
    }


def session_slots(session: practice.PracticeSession, line_pending: bool) -> List[Dict[Text, Any]]:
    return [SlotSet(name, value) for name, value in session_slot_values(session, line_pending).items()]


class PracticeControl(Action, abc.ABC):
    """A control that acts on the current role-play; without one it does nothing.

    Abstract, so rasa-sdk does not register it as an action."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        session = current_session(tracker)
        if session is None:
            return []
        return await self.control(dispatcher, session)

    @abc.abstractmethod
    async def control(
        self, dispatcher: CollectingDispatcher, session: practice.PracticeSession
    ) -> List[Dict[Text, Any]]:
        """The control's reply and events."""


class ActionStartPractice(Action):
    """Open the role-play: the counterpart's opening line is the form's first prompt."""

    def name(self) -> Text:
        return "action_start_practice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        mood_before = mood_answer(tracker, "mood_before")
        if mood_before is None:
            return ask_again(dispatcher, "mood_before", "mood_before_form")
        scenario_ref = tracker.get_slot("scenario_id")
        scenario = await find_scenario(scenario_ref)
        assignment = tracker.get_slot("assignment") or {}
        assignment_id = assignment.get("id") if assignment.get("scenario_ref") == scenario_ref else None
        transcript_id = str(uuid.uuid4())  # chosen here, so queued writes can name it while the DB is down
        await record(
            "start session", store().start_session, tracker.sender_id, scenario_ref,
            assignment_id=assignment_id, mood_before=mood_before, session_id=transcript_id,
        )
        session = practice.begin(
            scenario, scenario_ref, transcript_id=transcript_id, mood_before=mood_before, assignment_id=assignment_id
        )
        await record("opening line", store().record_turn, transcript_id, 1, "counterpart", session.opening_line)
        dispatcher.utter_message(
            text=f"The role-play starts now. {scenario.persona.name} speaks first; answer as you would "
            f"in real life. {CONTROLS_HINT}"
        )
        return [SlotSet("practice_available", True), SlotSet("practice_line", None)] + session_slots(
            session, line_pending=True
        )


class ValidatePracticeForm(FormValidationAction):
    """Every free-text line in the role-play: analyse it, let the counterpart react, log the turn."""

    def name(self) -> Text:
        return "validate_practice_form"

    async def validate_practice_line(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        if not isinstance(value, str):
            # rasa-sdk also validates slots that an action merely reset (start, resume): not a user line.
            return {"practice_line": None}
        session = current_session(tracker)
        if session is None:
            dispatcher.utter_message(response="utter_no_practice")
            return {"practice_line": "done", "practice_available": False}
        scenario = await find_scenario(session.scenario_ref)
        turn = await run_blocking(practice.play_line, scenario, session, value)
        summary = practice.finish(scenario, turn.session) if turn.reply.outcome else None
        await record(
            "exchange", store().record_exchange, session.transcript_id, turn.line.user_seq, turn.line.text,
            turn.findings, turn.reply.text, finish=summary and (summary.outcome, summary.to_dict()),
        )
        slots = session_slot_values(turn.session, line_pending=True)
        if summary:
            # The form ends here, with the final line and the debrief (one action-server call and one
            # commit fewer); then the outcome rule asks the second mood check.
            dispatcher.utter_message(text=practice.counterpart_message(scenario.persona.name, turn.reply.text))
            await show_debrief(dispatcher, turn.session, summary)
            return {**slots, "practice_line": "done", "practice_available": False}
        return {**slots, "practice_line": None}


class ActionGiveTip(PracticeControl):
    def name(self) -> Text:
        return "action_give_tip"

    async def control(
        self, dispatcher: CollectingDispatcher, session: practice.PracticeSession
    ) -> List[Dict[Text, Any]]:
        text = practice.tip(await find_scenario(session.scenario_ref), session)
        dispatcher.utter_message(text=f"Tip: {text}")
        return [SlotSet("line_pending", False)]


class ActionRetryLine(PracticeControl):
    """"Try that again": undo the last user line and the counterpart's reply."""

    def name(self) -> Text:
        return "action_retry_line"

    async def control(
        self, dispatcher: CollectingDispatcher, session: practice.PracticeSession
    ) -> List[Dict[Text, Any]]:
        try:
            restored = practice.take_back(await find_scenario(session.scenario_ref), session)
        except NothingToUndo:
            dispatcher.utter_message(text="There's no line to take back yet. Just say your first line.")
            return [SlotSet("line_pending", False)]
        await record("retract", store().retract_from, session.transcript_id, session.lines[-1].user_seq)
        dispatcher.utter_message(text="Okay, that line is taken back. Have another go.")
        return session_slots(restored, line_pending=False)


class ActionPausePractice(PracticeControl):
    def name(self) -> Text:
        return "action_pause_practice"

    async def control(
        self, dispatcher: CollectingDispatcher, session: practice.PracticeSession
    ) -> List[Dict[Text, Any]]:
        return [SlotSet(PRACTICE_SLOT, practice.set_paused(session, True).to_slot())]


class ActionResumePractice(PracticeControl):
    def name(self) -> Text:
        return "action_resume_practice"

    async def control(
        self, dispatcher: CollectingDispatcher, session: practice.PracticeSession
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=f"Welcome back. {CONTROLS_HINT}")
        return [SlotSet("practice_line", None)] + session_slots(practice.set_paused(session, False), line_pending=False)


async def show_debrief(dispatcher: CollectingDispatcher, session: practice.PracticeSession, summary: Debrief) -> None:
    """Complete the homework assignment and show the debrief (the caller has stored the outcome)."""
    if session.assignment_id:
        await record("homework completed", store().complete_assignment, session.assignment_id)
    dispatcher.utter_message(text=f"That's the end of the role-play. Here is your debrief:\n{summary.to_text()}")


class ActionEndPractice(Action):
    """The user ends the role-play: show the debrief (an outcome ends it in validate_practice_form)."""

    def name(self) -> Text:
        return "action_end_practice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = [SlotSet("practice_available", False), SlotSet("practice_line", None)]
        session = current_session(tracker)
        if session is not None:
            summary = practice.finish(await find_scenario(session.scenario_ref), session)
            await record("finish", store().finish_session, session.transcript_id, summary.outcome, summary.to_dict())
            await show_debrief(dispatcher, session, summary)
        return events


class ActionClosePractice(Action):
    """After the second mood check: store it, show the change, and offer what's next."""

    def name(self) -> Text:
        return "action_close_practice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        mood_after = mood_answer(tracker, "mood_after")
        if mood_after is None:
            return ask_again(dispatcher, "mood_after", "mood_after_form")
        session = current_session(tracker)
        if session:
            await record("mood after", store().set_mood, session.transcript_id, after=mood_after)
        if session and session.mood_before is not None:
            dispatcher.utter_message(text=f"Your mood went from {session.mood_before} to {mood_after}.")
        dispatcher.utter_message(
            text="Thank you for practising. Well done for taking this on.",
            buttons=[
                {"title": "Practise again", "payload": "/choose_area"},
                {"title": "I'm finished for now", "payload": "/goodbye"},
            ],
        )
        return [
            SlotSet(PRACTICE_SLOT, None),
            SlotSet("mood_before", None),
            SlotSet("mood_after", None),
            SlotSet("assignment", None),
            SlotSet("homework_code", None),
        ]
