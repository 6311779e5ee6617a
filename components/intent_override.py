"""What the guard components share: a non-trainable NLU component base, and intent rewriting."""
from __future__ import annotations

import abc
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

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


class MessageGuard(GraphComponent, abc.ABC):
    """An NLU component that learns nothing and checks each message on its own."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MessageGuard":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self.guard(message)
        return messages

    @abc.abstractmethod
    def guard(self, message: Message) -> None:
        """Check one message and rewrite its parse (intent, entities) where needed."""
