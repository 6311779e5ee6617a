"""Choosing what to practise: by problem area, by scenario button, or by a free description."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.services import library, run_blocking, scenario as find_scenario
from rehearse.scenarios.matching import match_description
from rehearse.scenarios.schema import Scenario

AREA_TITLES = {
    "role_dispute": "a disagreement with someone close",
    "role_transition": "a life change",
    "grief": "grief and loss",
    "interpersonal_deficits": "reaching out and connecting",
    "expressing_needs": "expressing a need",
    "setting_boundaries": "setting a boundary",
}
MAX_SUGGESTIONS = 3


def scenario_button(scenario: Scenario) -> Dict[Text, Text]:
    return {
        "title": f"{scenario.title} ({scenario.difficulty.value})",
        "payload": '/choose_scenario{"scenario_id": "%s"}' % scenario.id,
    }


class ActionOfferScenarios(Action):
    def name(self) -> Text:
        return "action_offer_scenarios"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        area = tracker.get_slot("problem_area")
        scenarios = library().by_area(area) if area in AREA_TITLES else []
        if not scenarios:
            typed = tracker.latest_message.get("text") or ""
            if typed.startswith("/"):  # the "choose an area" button, or an unknown area in a payload
                dispatcher.utter_message(response="utter_choose_area")
            else:  # an area in the user's own words ("a fight with my partner")
                await offer_matches(dispatcher, typed)
            return [SlotSet("problem_area", None)]
        dispatcher.utter_message(
            text=f"Here are the practice conversations for {AREA_TITLES[area]}. Which one would you like?",
            buttons=[scenario_button(scenario) for scenario in scenarios],
        )
        return []


class ActionSelectScenario(Action):
    def name(self) -> Text:
        return "action_select_scenario"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        scenario_id = tracker.get_slot("scenario_id")
        try:
            scenario = await find_scenario(scenario_id or "")
        except KeyError:
            dispatcher.utter_message(text="I couldn't find that practice conversation.")
            return [SlotSet("scenario_ready", False), SlotSet("scenario_id", None)]
        dispatcher.utter_message(
            text=f"{scenario.title}. You'll talk with {scenario.persona.name} ({scenario.persona.description})\n"
            f"Your goal: {scenario.goal}"
        )
        assignment = tracker.get_slot("assignment") or {}
        if assignment.get("scenario_ref") == scenario_id and assignment.get("instructions"):
            dispatcher.utter_message(text=f"Your therapist's instructions: {assignment['instructions']}")
        return [SlotSet("scenario_ready", True), SlotSet("persona_name", scenario.persona.name)]


class ActionMatchDescription(Action):
    """Map a free description to the best-fitting scenarios and let the user confirm one."""

    def name(self) -> Text:
        return "action_match_description"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        await offer_matches(dispatcher, tracker.get_slot("situation_description") or "")
        return [SlotSet("situation_description", None)]


async def offer_matches(dispatcher: CollectingDispatcher, description: Text) -> None:
    """Offer the scenarios that best fit a description, or every area when none fits."""
    matches = await run_blocking(match_description, description, library())
    best = [scenario for scenario, score in matches[:MAX_SUGGESTIONS] if score > 0]
    if not best:
        dispatcher.utter_message(text="I couldn't find a close match, so here are all the areas.")
        dispatcher.utter_message(response="utter_choose_area")
    else:
        dispatcher.utter_message(
            text=f"This sounds closest to \"{best[0].title}\". Shall we practise that one, or one of these?",
            buttons=[scenario_button(scenario) for scenario in best]
            + [{"title": "Show me all the areas", "payload": "/choose_area"}],
        )
