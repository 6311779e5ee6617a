"""The action-response check keeps Rasa's behaviour with a validator built once."""
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import components  # noqa: F401  (installs the check, as loading the model does)
from components.action_response_validation import validate_action_result


@pytest.fixture
def action() -> RemoteAction:
    return RemoteAction("action_give_tip", EndpointConfig("http://127.0.0.1:1/webhook"))


def test_the_check_is_installed():
    assert RemoteAction._validate_action_result is validate_action_result


def test_a_valid_response_passes(action):
    assert action._validate_action_result({"events": [{"event": "slot", "name": "x", "value": 1}], "responses": []})


def test_an_invalid_response_is_refused_with_rasas_message(action):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "not a list"})
