"""Rasa 3.6 checks every action-server response with `jsonschema.validate`, which re-checks the schema
itself on each call: about 20-30 ms per custom action on two cores, on every role-play turn. This
installs the same check with a validator built once (same schema, same error message)."""
from __future__ import annotations

import functools
from typing import Any, Dict, Text

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@functools.lru_cache(maxsize=1)
def response_validator() -> Validator:
    spec = RemoteAction.action_response_format_spec()
    return validator_for(spec)(spec)


def validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    try:
        response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
