"""Dialogue policies for safety and faults, ranked above RulePolicy.

CrisisHandoffPolicy: after a risk disclosure, the crisis handoff runs before anything else, in every state.

Rasa's RulePolicy always lets an active form run first and only applies an unhappy-path rule after the
form has rejected the message; the form's validation calls the action server, so with the action server
down the crisis reply would never be sent. This policy ranks above RulePolicy and predicts the handoff
sequence itself: `utter_crisis` (a domain response), `action_deactivate_loop` when a form is active,
`action_handle_risk` (flagging; may fail without blocking the reply), then listen.

ServiceTroublePolicy: when a form's turn fails (the action server is down), Rasa logs the error and
stays silent. This policy notices a form run that produced nothing at all and answers with a short
"having trouble, try again" message instead; the line was not taken in, so nothing is lost or doubled.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from components.risk_guard import RISK_INTENT

CRISIS_RESPONSE = "utter_crisis"
TROUBLE_RESPONSE = "utter_service_trouble"
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


def trouble_next_action(tracker: DialogueStateTracker) -> Optional[Text]:
    """`utter_service_trouble` right after an active form's run that failed, then listen."""
    events: List[Event] = list(tracker.events)
    if not events or not tracker.active_loop_name:
        return None
    last = events[-1]
    if isinstance(last, ActionExecuted) and last.action_name == TROUBLE_RESPONSE:
        return ACTION_LISTEN_NAME
    form_ran_silently = isinstance(last, ActionExecuted) and last.action_name == tracker.active_loop_name
    if not form_ran_silently:
        return None
    for event in reversed(events[:-1]):  # since the user's message: only slot extraction, no form events
        if isinstance(event, UserUttered):
            return TROUBLE_RESPONSE
        if isinstance(event, ActionExecuted) and event.action_name == tracker.active_loop_name:
            return None
    return None


class _FixedSequencePolicy(Policy):
    """A policy that learns nothing and predicts one fixed next action, competing with forms."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": PRIORITY_ABOVE_RULES}

    @staticmethod
    def next_action(tracker: DialogueStateTracker) -> Optional[Text]:
        raise NotImplementedError

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self.next_action(tracker)
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        # The ensemble lets "no user" predictions (a form's happy path) overrule all others; these
        # predictions must compete in that class, where their higher priority wins.
        return self._prediction(probabilities, is_no_user_prediction=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class CrisisHandoffPolicy(_FixedSequencePolicy):
    next_action = staticmethod(handoff_next_action)

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": PRIORITY_ABOVE_RULES + 1}  # the handoff wins over every other prediction


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class ServiceTroublePolicy(_FixedSequencePolicy):
    next_action = staticmethod(trouble_next_action)
