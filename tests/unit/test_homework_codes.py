"""Homework codes in chat: found in free text, and wrong guesses slowed across conversations."""
import pytest

from rehearse.homework import WrongCodeLimiter, find_code


@pytest.mark.parametrize(
    "text, code",
    [
        ("my homework code is acde-fghj", "ACDEFGHJ"),
        ("ACDE FGHJ", "ACDEFGHJ"),
        ("code: 3467-9ACD!", "34679ACD"),
        ("homework please", None),
        ("abcd-efgh", None),  # B is not in the code alphabet
        ("", None),
    ],
)
def test_find_code(text, code):
    assert find_code(text) == code


def test_wrong_codes_are_limited_across_conversations_then_allowed_again():
    now = [0.0]
    limiter = WrongCodeLimiter(limit=3, window_seconds=60, clock=lambda: now[0])
    for _ in range(3):
        assert not limiter.blocked()
        limiter.record_failure()
    assert limiter.blocked()
    now[0] = 61.0
    assert not limiter.blocked()
