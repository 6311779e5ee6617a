"""Property tests of the CLI's JSON Lines parser: any line either parses to a record with a usable text
or raises InputError (never another exception), and valid records always parse."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rehearse.jsonl import MAX_TEXT_CHARS, InputError, parse_record

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
RECORDS = st.dictionaries(st.sampled_from(["text", "id", "context", "extra"]), JSON_VALUES, max_size=4)


def parse_or_input_error(line: str):
    try:
        return parse_record(line)
    except InputError as error:
        assert str(error)
        return None


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_line_parses_or_raises_input_error(line):
    record = parse_or_input_error(line)
    if record is not None:
        assert isinstance(record["text"], str) and record["text"].strip() and len(record["text"]) <= MAX_TEXT_CHARS


@settings(max_examples=200, deadline=None)
@given(st.one_of(RECORDS, JSON_VALUES))
def test_any_json_value_parses_or_raises_input_error(value):
    record = parse_or_input_error(json.dumps(value))
    if record is not None:
        assert record == value


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=MAX_TEXT_CHARS).filter(str.strip), RECORDS)
def test_a_record_with_a_usable_text_always_parses(text, extra):
    record = {**extra, "text": text}
    assert parse_record(json.dumps(record)) == record


@pytest.mark.parametrize("line", ["[" * 100_000, '{"text": ' + "[" * 50_000], ids=["deep-list", "deep-text"])
def test_deeply_nested_json_is_an_input_error(line):
    with pytest.raises(InputError, match="nested too deeply"):
        parse_record(line)
