"""Property tests of the chat input checks used by the guarded Rasa channels (components/message_limits.py)."""
from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.message_limits import (
    KEPT_CONTROLS,
    MAX_MESSAGE_CHARS,
    MAX_METADATA_BYTES,
    MAX_SENDER_CHARS,
    InputRejected,
    check_metadata,
    check_sender,
    clean_text,
    too_long_notice,
    window_around,
)

ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=300))
def test_clean_text_drops_only_control_characters_and_surrogates(text):
    cleaned = clean_text(text)
    assert all(ch in KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs") for ch in cleaned)
    if all(ch in KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs") for ch in text):
        assert cleaned == text
    else:
        assert len(cleaned) < len(text)
    cleaned.encode("utf-8")  # what a database or a JSON encoder will need


@settings(max_examples=200, deadline=None)
@given(ANY_JSON)
def test_non_strings_are_rejected_with_a_message(value):
    if isinstance(value, str) or value is None:
        return
    with pytest.raises(InputRejected, match="must be a string"):
        clean_text(value)
    with pytest.raises(InputRejected, match="must be a string"):
        check_sender(value)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), ANY_JSON))
def test_sender_is_a_short_printable_string_or_rejected(value):
    try:
        sender = check_sender(value)
    except InputRejected as problem:
        assert "sender" in str(problem)
        return
    assert 0 < len(sender) <= MAX_SENDER_CHARS and sender.isprintable() and sender == sender.strip()


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_JSON, ANY_JSON.map(json.dumps), st.text(max_size=50)))
def test_metadata_is_a_bounded_object_or_rejected(value):
    try:
        metadata = check_metadata(value)
    except InputRejected as problem:
        assert "metadata" in str(problem)
        return
    assert metadata is None or (
        isinstance(metadata, dict) and len(json.dumps(metadata, ensure_ascii=False).encode("utf-8", "surrogatepass")) <= MAX_METADATA_BYTES
    )


def test_large_metadata_is_rejected():
    with pytest.raises(InputRejected, match="limit is 8192"):
        check_metadata({"x": "a" * MAX_METADATA_BYTES})


@settings(max_examples=300, deadline=None)
@given(st.data(), st.text(alphabet=st.sampled_from("ab c\n\u05e9"), min_size=1, max_size=6000))
def test_window_around_keeps_the_span_within_the_limit(data, text):
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=min(len(text), start + 40)))
    limit = data.draw(st.sampled_from([50, 500, MAX_MESSAGE_CHARS]))
    window = window_around(text, start, end, limit)
    assert len(window) <= limit
    assert text[start:end] in window and window in text


def test_notices_name_the_length_and_the_limit():
    assert "100,000 characters; the limit is 2,000" in too_long_notice(100_000, read_part=False)
    assert "only read part of it" in too_long_notice(100_000, read_part=True)
