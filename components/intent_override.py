"""Helpers shared by the guard components for rewriting a message's intent."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

FALLBACK_INTENT = "nlu_fallback"


def current_intent(message: Message) -> Text:
    return (message.get(INTENT) or {}).get(INTENT_NAME_KEY) or ""


def set_intent(message: Message, name: Text, confidence: float = 1.0) -> None:
    """Make `name` the message's intent, at the top of the ranking."""
    intent: Dict[Text, Any] = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
    ranking: List[Dict[Text, Any]] = [
        entry for entry in (message.get(INTENT_RANKING_KEY) or []) if entry.get(INTENT_NAME_KEY) != name
    ]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)


def demote_to_fallback(message: Message) -> None:
    """Replace a classifier-only prediction with `nlu_fallback`: the guards, not the classifier, own it."""
    confidence = (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY, 0.0)
    set_intent(message, FALLBACK_INTENT, confidence)
