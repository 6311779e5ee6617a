"""Dialogue policy: after a risk disclosure, the crisis handoff runs before anything else, in every state.

Rasa's RulePolicy always lets an active form run first and only applies an unhappy-path rule after the
form has rejected the message; the form's validation calls the action server, so with the action server
down the crisis reply would never be sent. This policy ranks above RulePolicy and predicts the handoff
sequence itself: `utter_crisis` (a domain response), `action_deactivate_loop` when a form is active,
`action_handle_risk` (flagging; may fail without blocking the reply), then listen.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from components.risk_guard import RISK_INTENT

CRISIS_RESPONSE = "utter_crisis"
HANDLE_RISK_ACTION = "action_handle_risk"
PRIORITY_ABOVE_RULES = 7  # RulePolicy has 6


def handoff_next_action(tracker: DialogueStateTracker) -> Optional[Text]:
    """The next step of the handoff for the latest user message, or None when it is not a disclosure."""
    done: List[Text] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if (event.intent or {}).get("name") != RISK_INTENT:
                return None
            break
        if isinstance(event, ActionExecuted) and event.action_name:
            done.append(event.action_name)
    else:
        return None
    if CRISIS_RESPONSE not in done:
        return CRISIS_RESPONSE
    if tracker.active_loop_name and ACTION_DEACTIVATE_LOOP_NAME not in done:
        return ACTION_DEACTIVATE_LOOP_NAME
    if HANDLE_RISK_ACTION not in done:
        return HANDLE_RISK_ACTION
    return ACTION_LISTEN_NAME


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class CrisisHandoffPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": PRIORITY_ABOVE_RULES}

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn: the handoff is fixed

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = handoff_next_action(tracker)
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        # The ensemble lets "no user" predictions (a form's happy path) overrule all others; the handoff
        # must compete in that class, where its higher priority wins.
        return self._prediction(probabilities, is_no_user_prediction=True)
