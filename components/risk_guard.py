"""NLU component: the risk-phrase detector runs on every message and overrides the intent on a hit.

It runs last in the pipeline, so the decision never depends on the intent classifier. On a hit it sets
the intent `risk_disclosure` (confidence 1.0) and adds two entities that fill slots through the domain's
`from_entity` mappings: `risk_category` and `crisis_resources` (the text of the helplines for the user's
country). The crisis reply is therefore a plain domain response and still goes out when the action
server or the database is down. The classifier never decides risk on its own: a `risk_disclosure` it
predicts without a detector hit is demoted, so the live decision equals `rehearse risk`.
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.intent_override import MessageGuard, current_intent, demote_to_fallback, set_intent
import rehearse.risk
from rehearse.risk import detect
from rehearse.risk.detector import get_detector
from rehearse.risk.resources import INTERNATIONAL, ResourceDirectory, crisis_text, load_resources

logger = logging.getLogger(__name__)

RISK_INTENT = "risk_disclosure"
COUNTRY_KEYS = ("country", "countryCode", "country_code")
RISK_DATA_DIR = Path(rehearse.risk.__file__).parent / "data"
CLINIC_RESOURCES_ENV = "REHEARSE_CRISIS_RESOURCES"
"""Paths (separated by os.pathsep) of a clinic's own crisis-resource files, overriding or adding countries."""


def risk_data_fingerprint() -> Text:
    """A hash of the detector's lexicons, rules and the packaged crisis resources."""
    digest = hashlib.sha256()
    for path in sorted(RISK_DATA_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def clinic_resource_paths() -> List[Path]:
    return [Path(part) for part in os.environ.get(CLINIC_RESOURCES_ENV, "").split(os.pathsep) if part.strip()]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RiskGuard(MessageGuard):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Overridden at run time by REHEARSE_DEFAULT_COUNTRY; None means the international fallback.
        return {"default_country": None}

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        """Retrain (re-fingerprint) when the detector's lexicons or the crisis resources change."""
        return risk_data_fingerprint()

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self._default_country: Text = (
            os.environ.get("REHEARSE_DEFAULT_COUNTRY") or config.get("default_country") or INTERNATIONAL
        )
        self._resources: ResourceDirectory = load_resources(clinic_resource_paths())
        get_detector()  # build the rules and train the second layer now, not on a user's first message

    def guard(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        result = detect(text)
        if not result.risk:
            if current_intent(message) == RISK_INTENT:
                demote_to_fallback(message)
            return
        logger.info("risk detected: category=%s rule=%s", result.category, result.rule)
        set_intent(message, RISK_INTENT)
        country = self._country(message)
        entities = list(message.get(ENTITIES) or [])
        entities.append({**_entity("risk_category", result.category or "unspecified", text), "rule": result.rule})
        entities.append(_entity("crisis_resources", crisis_text(country, self._default_country, self._resources), text))
        message.set(ENTITIES, entities, add_to_output=True)

    @staticmethod
    def _country(message: Message) -> Optional[Text]:
        metadata = message.get("metadata") or {}
        if not isinstance(metadata, dict):
            return None
        for key in COUNTRY_KEYS:
            value = metadata.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None


def _entity(name: Text, value: Text, text: Text) -> Dict[Text, Any]:
    return {"entity": name, "value": value, "start": 0, "end": len(text), "extractor": "RiskGuard"}
