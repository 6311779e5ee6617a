"""Rasa-side adapters: NLU guards, safety policies, the tracker store and the input-checking channels.

Rasa imports this package when it loads the model, which is when the action-response validation
speed-up is installed (see action_response_validation.py).
"""
from components import action_response_validation

action_response_validation.install()
