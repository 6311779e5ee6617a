"""Therapist-written scenario text: parse YAML safely and validate it with the library's schema.

Every problem comes back as a `ValidationProblem(location, message)` so a form can explain each one.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List

import yaml

from rehearse.scenarios import Scenario, ScenarioInvalid, ValidationProblem, validate_mapping

MAX_YAML_CHARS = 64_000


def parse_yaml(text: str) -> Dict[str, Any]:
    """The mapping in `text`; raises ScenarioInvalid for bad YAML, anchors/aliases or a non-mapping.

    Aliases are refused because a few nested ones expand exponentially once the data is copied.
    """
    if len(text) > MAX_YAML_CHARS:
        raise ScenarioInvalid([ValidationProblem("yaml", "is longer than %d characters" % MAX_YAML_CHARS)])
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise ScenarioInvalid([ValidationProblem(_where(event.start_mark), "YAML aliases (*name) are not allowed")])
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or str(error)
        raise ScenarioInvalid([ValidationProblem(_where(mark), "not valid YAML: %s" % reason)]) from None
    if not isinstance(data, dict):
        raise ScenarioInvalid([ValidationProblem("yaml", "a scenario must be a mapping of fields (key: value)")])
    return data


def _where(mark: Any) -> str:
    return "yaml line %d, column %d" % (mark.line + 1, mark.column + 1) if mark is not None else "yaml"


def validate_body(body: Any) -> Scenario:
    """Validate a scenario mapping; ScenarioInvalid lists every problem as `scenario: <field path>`."""
    return validate_mapping(body, source="scenario")


def canonical_body(scenario: Scenario) -> Dict[str, Any]:
    """The JSON-safe mapping stored for a validated scenario (whitespace stripped, unset fields left out)."""
    return json.loads(scenario.json(exclude_none=True))


def to_yaml(body: Dict[str, Any]) -> str:
    return yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)


def problems_as_dicts(problems: List[ValidationProblem]) -> List[Dict[str, str]]:
    return [{"field": problem.location, "message": problem.message} for problem in problems]
