"""Free descriptions map to the right kind of scenario."""
from __future__ import annotations

import pytest

from rehearse.scenarios.library import load_library
from rehearse.scenarios.matching import match_description

LIBRARY = load_library()


def best(text):
    return match_description(text, LIBRARY)[0][0]


def test_mum_christmas_maps_to_a_parent_boundary_or_needs_scenario():
    scenario = best("I need to tell my mum I'm not coming home for Christmas")
    assert scenario.persona.relationship.value in {"mother", "father", "parent"}
    assert scenario.problem_area.value in {"setting_boundaries", "expressing_needs"}


@pytest.mark.parametrize(
    "text, relationship, area",
    [
        ("My husband leaves all the chores to me", "partner", "role_dispute"),
        ("I want to ask my manager for different hours now that the baby is here", "boss", "role_transition"),
        ("My brother wants to sell everything in Dad's house since he died", "sibling", "grief"),
        ("I'd like to ask a colleague to have lunch with me", "coworker", "interpersonal_deficits"),
        ("My friend keeps borrowing money and I want to say no", "friend", "setting_boundaries"),
        ("I'm drowning at work and need to tell my boss it's too much", "boss", "expressing_needs"),
        ("My daughter is moving out to another city", "adult_child", "role_transition"),
        ("My dad keeps turning up at my flat unannounced", "father", "setting_boundaries"),
    ],
)
def test_examples(text, relationship, area):
    scenario = best(text)
    assert (scenario.persona.relationship.value, scenario.problem_area.value) == (relationship, area)


def test_results_are_sorted_and_unrelated_text_matches_nothing():
    ranked = match_description("my mom and the holidays", LIBRARY)
    scores = [score for _, score in ranked]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert match_description("quantum chromodynamics lecture notes", LIBRARY) == []
