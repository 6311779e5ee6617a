import pytest

from rehearse.mood import parse_mood


@pytest.mark.parametrize(
    "text, mood",
    [("7", 7), ("0", 0), ("10", 10), ("about a 6", 6), ("8/10", 8), ("maybe 3 out of 10", 3), ("Seven", 7)],
)
def test_valid_ratings(text, mood):
    assert parse_mood(text) == mood


@pytest.mark.parametrize("text", ["", "banana", "11", "-1", "3 or 4", "7.5", "100"])
def test_invalid_ratings(text):
    assert parse_mood(text) is None
