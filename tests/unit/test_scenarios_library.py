"""The shipped scenario library: loads, covers every area, relationship and difficulty."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from rehearse.scenarios.library import load_library, validate_path
from rehearse.scenarios.schema import MAX_TURNS, MIN_LINES_PER_STANCE, STANCES, ProblemArea, all_lines

LIBRARY = load_library()


def test_library_validates_without_problems():
    assert validate_path() == []


def test_at_least_three_scenarios_per_problem_area():
    counts = Counter(scenario.problem_area for scenario in LIBRARY.all())
    assert len(LIBRARY) >= 18
    assert {area: counts[area] >= 3 for area in ProblemArea} == {area: True for area in ProblemArea}


def test_relationships_and_difficulties_are_covered():
    relationships = {scenario.persona.relationship.value for scenario in LIBRARY.all()}
    assert {"partner", "adult_child", "sibling", "boss", "coworker", "friend"} <= relationships
    assert relationships & {"mother", "father", "parent"}
    assert {scenario.difficulty.value for scenario in LIBRARY.all()} == {"gentle", "realistic", "tough"}


@pytest.mark.parametrize("scenario", LIBRARY.all(), ids=lambda scenario: scenario.id)
def test_every_scenario_has_enough_distinct_lines(scenario):
    for stance in STANCES:
        assert len(getattr(scenario.stances, stance)) >= MIN_LINES_PER_STANCE
    texts = [text.lower() for _, text in all_lines(scenario)]
    assert len(texts) == len(set(texts))
    assert sum(len(getattr(scenario.stances, stance)) for stance in STANCES) >= MAX_TURNS


def test_get_by_area_and_all():
    scenario = LIBRARY.get("dispute-partner-household-chores")
    assert scenario.problem_area == ProblemArea.role_dispute
    assert scenario in LIBRARY.by_area("role_dispute")
    assert all(item.problem_area == ProblemArea.grief for item in LIBRARY.by_area(ProblemArea.grief))
    assert [item.id for item in LIBRARY.all()] == sorted(item.id for item in LIBRARY.all())
    with pytest.raises(KeyError):
        LIBRARY.get("no-such-scenario")
    with pytest.raises(ValueError):
        LIBRARY.by_area("astrology")


def test_dropping_in_a_file_adds_a_scenario(tmp_path: Path, monkeypatch):
    source = yaml.safe_load(LIBRARY.get("deficits-coworker-lunch").json().encode())
    source["id"] = "my-own-scenario"
    (tmp_path / "my-own-scenario.yml").write_text(yaml.safe_dump(source), encoding="utf-8")
    monkeypatch.setenv("REHEARSE_SCENARIO_DIR", str(tmp_path))
    library = load_library()
    assert [scenario.id for scenario in library.all()] == ["my-own-scenario"]
