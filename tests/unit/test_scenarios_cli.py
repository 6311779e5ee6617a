"""`rehearse scenarios list|validate`."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from rehearse.cli import main
from rehearse.scenarios.library import default_scenario_dir, load_library


def test_list_prints_one_json_line_per_scenario(capsys):
    assert main(["scenarios", "list"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == len(load_library())
    assert set(records[0]) == {"id", "title", "problem_area", "difficulty", "persona"}
    assert set(records[0]["persona"]) == {"name", "relationship"}


def test_validate_library_succeeds(capsys):
    assert main(["scenarios", "validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_validate_broken_file_prints_every_problem_and_fails(tmp_path: Path, capsys):
    data = yaml.safe_load((default_scenario_dir() / "deficits-coworker-lunch.yml").read_text(encoding="utf-8"))
    data["difficulty"] = "nightmare"
    data["stances"]["open"] = data["stances"]["open"][:2]
    path = tmp_path / "deficits-coworker-lunch.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["scenarios", "validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"error: {path}: difficulty:" in out
    assert f"error: {path}: stances.open: needs at least" in out


def test_validate_reports_semantic_problems_and_missing_path(tmp_path: Path, capsys):
    data = yaml.safe_load((default_scenario_dir() / "deficits-coworker-lunch.yml").read_text(encoding="utf-8"))
    data["stances"]["agreeing"][0] = data["opening"]
    data["reactions"]["validation"][1] = data["stances"]["open"][3]
    path = tmp_path / "deficits-coworker-lunch.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["scenarios", "validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"error: {path}: stances.agreeing[0]: repeats the line at opening" in out
    assert f"error: {path}: reactions.validation[1]: repeats the line at stances.open[3]" in out
    assert main(["scenarios", "validate", str(tmp_path / "missing")]) == 1
    assert "no such file or directory" in capsys.readouterr().out


def test_list_fails_cleanly_on_a_broken_library(tmp_path: Path, monkeypatch, capsys):
    (tmp_path / "x.yml").write_text("id: x\n", encoding="utf-8")
    monkeypatch.setenv("REHEARSE_SCENARIO_DIR", str(tmp_path))
    assert main(["scenarios", "list"]) == 1
    assert "error:" in capsys.readouterr().err
