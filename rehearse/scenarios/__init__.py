"""Scenario library: YAML scenarios validated against a schema, loaded by id or problem area, and matched
from a free description."""
from rehearse.scenarios.library import (
    Library,
    ScenarioInvalid,
    load_library,
    validate_mapping,
    validate_path,
)
from rehearse.scenarios.schema import Scenario, ValidationProblem

__all__ = [
    "Library",
    "Scenario",
    "ScenarioInvalid",
    "ValidationProblem",
    "load_library",
    "validate_mapping",
    "validate_path",
]
