"""Property tests of the portal API's body parsing: any bytes, any JSON value and any form give a parsed
model or InputProblem with a message (the API's 400), never another exception (a 500)."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearse.portal.inputs import (
    MAX_INSTRUCTIONS_CHARS,
    AssignmentInput,
    InputProblem,
    LoginInput,
    ScenarioInput,
    parse_form,
    parse_json,
)

MODELS = st.sampled_from([LoginInput, AssignmentInput, ScenarioInput])
FIELDS = st.sampled_from(
    ["username", "password", "scenario_ref", "client_label", "instructions", "due_date", "yaml", "body", "csrf_token", "x"]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)
BODIES = st.one_of(st.dictionaries(FIELDS, JSON_VALUES, max_size=5), JSON_VALUES)


def parsed_or_problem(parse, *args):
    try:
        return parse(*args)
    except InputProblem as problem:
        assert problem.message
        assert all(item["field"] and item["message"] for item in problem.problems)
        return None


@settings(max_examples=300, deadline=None)
@given(MODELS, st.binary(max_size=200))
def test_any_bytes_parse_or_give_an_input_problem(model, raw):
    parsed_or_problem(parse_json, raw, model)


@settings(max_examples=250, deadline=None)
@given(MODELS, BODIES)
def test_any_json_body_parses_or_gives_an_input_problem(model, body):
    result = parsed_or_problem(parse_json, json.dumps(body).encode("utf-8"), model)
    if result is not None:
        assert isinstance(body, dict) and set(body) <= set(model.__fields__)


@settings(max_examples=200, deadline=None)
@given(MODELS, st.dictionaries(FIELDS, st.text(max_size=MAX_INSTRUCTIONS_CHARS + 10), max_size=6))
def test_any_form_parses_or_gives_an_input_problem(model, fields):
    parsed_or_problem(parse_form, fields, model)


@settings(max_examples=200, deadline=None)
@given(
    st.text(min_size=1, max_size=120).filter(lambda s: s.strip() and "\x00" not in s),
    st.text(max_size=MAX_INSTRUCTIONS_CHARS).filter(lambda s: "\x00" not in s),
)
def test_a_valid_assignment_always_parses(scenario_ref, instructions):
    body = {"scenario_ref": scenario_ref, "instructions": instructions, "due_date": "2030-01-31"}
    parsed = parse_json(json.dumps(body).encode("utf-8"), AssignmentInput)
    assert parsed.scenario_ref == scenario_ref.strip() and parsed.instructions == instructions.strip()


@pytest.mark.parametrize(
    "raw",
    [b"[" * 100_000, b'{"yaml": ' + b"[" * 50_000, b"\xff\xfe{}", b'{"yaml": "\\ud800"}', b"\x00", b"1e999999"],
    ids=["deep", "deep-field", "not-utf8", "lone-surrogate", "nul", "huge-number"],
)
def test_pathological_bodies(raw):
    parsed_or_problem(parse_json, raw, ScenarioInput)
