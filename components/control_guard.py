"""NLU component: control commands are decided by the whole message, not by the intent classifier."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.intent_override import current_intent, demote_to_fallback, set_intent
from rehearse.controls import CONTROL_INTENTS, parse_command


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ControlCommandGuard(GraphComponent):
    """Sets a control intent for whole-message commands; demotes control intents guessed for role-play lines."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ControlCommandGuard":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._guard(message)
        return messages

    @staticmethod
    def _guard(message: Message) -> None:
        text = message.get(TEXT) or ""
        if text.startswith("/"):  # a button payload: Rasa's RegexMessageHandler sets its intent
            return
        command = parse_command(text)
        if command:
            set_intent(message, command)
        elif current_intent(message) in CONTROL_INTENTS:
            demote_to_fallback(message)
