"""NLU component: a 0-10 mood rating typed in chat ("7", "about a 6", "8/10", "seven") becomes the
`mood_rating` entity, whose value is the number alone.

The mood forms fill their slots from this entity (`from_entity` mappings in domain.yml), so a mood check
needs no validation call to the action server: an answer without a single valid rating fills nothing,
and the form asks again with the re-ask variation of its `utter_ask_*` response.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intent_override import MessageGuard
from rehearse.mood import parse_mood

MOOD_ENTITY = "mood_rating"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class MoodRatingExtractor(MessageGuard):
    def guard(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        rating = parse_mood(text)
        if rating is None:
            return
        entity = {
            "entity": MOOD_ENTITY, "value": str(rating), "start": 0, "end": len(text),
            "extractor": type(self).__name__,
        }
        message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
