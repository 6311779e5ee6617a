"""NLU component: control commands are decided by the whole message, not by the intent classifier."""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intent_override import MessageGuard, current_intent, demote_to_fallback, set_intent
from rehearse.controls import CONTROL_INTENTS, parse_command


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ControlCommandGuard(MessageGuard):
    """Sets a control intent for whole-message commands; demotes control intents guessed for role-play lines."""

    def guard(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if text.startswith("/"):  # a button payload: Rasa's RegexMessageHandler sets its intent
            return
        command = parse_command(text)
        if command:
            set_intent(message, command)
        elif current_intent(message) in CONTROL_INTENTS:
            demote_to_fallback(message)
