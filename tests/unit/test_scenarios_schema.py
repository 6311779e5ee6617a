"""Scenario schema: every problem is reported with its file and field path."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from rehearse.scenarios.library import ScenarioInvalid, default_scenario_dir, load_file, validate_mapping, validate_path
from rehearse.scenarios.schema import MIN_LINES_PER_STANCE

BASE_FILE = default_scenario_dir() / "dispute-partner-household-chores.yml"


@pytest.fixture
def base() -> dict:
    return yaml.safe_load(BASE_FILE.read_text(encoding="utf-8"))


def problems_of(data: dict):
    with pytest.raises(ScenarioInvalid) as caught:
        validate_mapping(data, source="s.yml")
    return {(problem.location, problem.message) for problem in caught.value.problems}


def locations(data: dict):
    return {location for location, _ in problems_of(data)}


def test_base_scenario_is_valid(base):
    scenario = validate_mapping(base)
    assert scenario.id == "dispute-partner-household-chores"
    assert scenario.persona.relationship.value == "partner"


def test_each_bad_field_is_reported_with_its_location(base):
    base["persona"]["relationship"] = "landlord"
    base["difficulty"] = "extreme"
    base["problem_area"] = "money"
    base["skills"].append("shouting")
    base["stances"]["open"][2] = "   "
    base["unexpected"] = 1
    found = locations(base)
    assert {
        "s.yml: persona.relationship",
        "s.yml: difficulty",
        "s.yml: problem_area",
        f"s.yml: skills[{len(base['skills']) - 1}]",
        "s.yml: stances.open[2]",
        "s.yml: unexpected",
    } <= found


def test_missing_field_is_reported(base):
    del base["opening"]
    del base["persona"]["name"]
    assert {"s.yml: opening", "s.yml: persona.name"} <= locations(base)


def test_duplicate_line_is_rejected_with_both_places(base):
    base["stances"]["agreeing"][0] = base["stances"]["defensive"][1].upper()
    messages = problems_of(base)
    assert ("s.yml: stances.agreeing[0]", "repeats the line at stances.defensive[1]: lines must be distinct") in messages


def test_too_few_lines_are_rejected_next_to_other_field_errors(base):
    base["stances"]["guarded"] = base["stances"]["guarded"][: MIN_LINES_PER_STANCE - 1]
    base["stalemate"]["lines"] = base["stalemate"]["lines"][:1]
    base["curveballs"] = []
    base["difficulty"] = "extreme"
    found = problems_of(base)
    assert any(location == "s.yml: stances.guarded" and "never repeats" in message for location, message in found)
    assert {"s.yml: stalemate.lines", "s.yml: curveballs", "s.yml: difficulty"} <= {location for location, _ in found}


def test_missing_required_reaction_and_unknown_reaction_feature(base):
    del base["reactions"]["contempt"]
    base["reactions"]["yelling"] = ["Stop yelling.", "Please stop."]
    found = problems_of(base)
    assert any(location == "s.yml: reactions" and "yelling" in message for location, message in found)
    assert any(location == "s.yml: reactions" and "missing contempt" in message for location, message in found)


def test_curveball_needs_exactly_one_trigger(base):
    base["curveballs"][0]["trigger"] = {"turn": 2, "feature": "clear_request"}
    base["curveballs"][1]["trigger"] = {}
    found = locations(base)
    assert {"s.yml: curveballs[0].trigger", "s.yml: curveballs[1].trigger"} <= found


def test_bad_slug_and_not_a_mapping(base):
    base["id"] = "Not A Slug"
    assert "s.yml: id" in locations(base)
    with pytest.raises(ScenarioInvalid, match="must be a mapping"):
        validate_mapping(["a", "list"])


def test_id_must_equal_file_stem(base, tmp_path: Path):
    path = tmp_path / "another-name.yml"
    path.write_text(yaml.safe_dump(base), encoding="utf-8")
    with pytest.raises(ScenarioInvalid) as caught:
        load_file(path)
    assert [problem.location for problem in caught.value.problems] == [f"{path}: id"]


def test_validate_path_reports_yaml_syntax_error_with_line(tmp_path: Path):
    path = tmp_path / "broken.yml"
    path.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    problems = validate_path(path)
    assert len(problems) == 1 and problems[0].location.startswith(f"{path}:") and "YAML" in problems[0].message


def test_validate_path_on_directory_collects_problems_from_every_file(base, tmp_path: Path):
    good = copy.deepcopy(base)
    (tmp_path / f"{good['id']}.yml").write_text(yaml.safe_dump(good), encoding="utf-8")
    bad = copy.deepcopy(base)
    bad["id"] = "bad-one"
    bad["difficulty"] = "impossible"
    (tmp_path / "bad-one.yml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    problems = validate_path(tmp_path)
    assert [str(problem.location) for problem in problems] == [f"{tmp_path / 'bad-one.yml'}: difficulty"]


def test_duplicate_ids_across_files_are_reported(base, tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / f"{base['id']}.yml").write_text(yaml.safe_dump(base), encoding="utf-8")
    from rehearse.scenarios.library import load_library

    with pytest.raises(ScenarioInvalid, match="also defined in"):
        load_library([first, second])
