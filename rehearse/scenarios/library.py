"""Loading and validating the scenario library: one YAML file per scenario, no code change to add one."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

import yaml
from pydantic import ValidationError

from rehearse.scenarios.schema import (
    ProblemArea,
    Scenario,
    ValidationProblem,
    pydantic_problems,
    semantic_problems,
)

SCENARIO_DIR_ENV = "REHEARSE_SCENARIO_DIR"
SCENARIO_SUFFIXES = (".yml", ".yaml")
PathLike = Union[str, Path]


class ScenarioInvalid(ValueError):
    """A scenario failed validation; `problems` lists every problem with its location."""

    def __init__(self, problems: List[ValidationProblem]):
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


def default_scenario_dir() -> Path:
    """`$REHEARSE_SCENARIO_DIR`, else `data/scenarios` in the project root that holds this package."""
    override = os.environ.get(SCENARIO_DIR_ENV)
    if override:
        return Path(override)
    package_root = Path(__file__).resolve().parents[2]
    for candidate in (package_root / "data" / "scenarios", Path.cwd() / "data" / "scenarios"):
        if candidate.is_dir():
            return candidate
    return package_root / "data" / "scenarios"


def validate_mapping(data: object, source: str = "scenario") -> Scenario:
    """Validate one scenario given as a mapping (e.g. stored by the portal); raise ScenarioInvalid."""
    if not isinstance(data, dict):
        raise ScenarioInvalid([ValidationProblem(source, "a scenario must be a mapping of fields")])
    try:
        scenario = Scenario.parse_obj(data)
    except ValidationError as error:
        raise ScenarioInvalid(_located(source, pydantic_problems(error.errors()))) from None
    problems = semantic_problems(scenario)
    if problems:
        raise ScenarioInvalid(_located(source, problems))
    return scenario


def _located(source: str, problems: Iterable[ValidationProblem]) -> List[ValidationProblem]:
    return [ValidationProblem(f"{source}: {problem.location}", problem.message) for problem in problems]


def load_file(path: PathLike) -> Scenario:
    """Read and validate one scenario file; its `id` must equal the file name stem."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ScenarioInvalid([ValidationProblem(str(path), f"cannot read: {error.strerror}")]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        reason = getattr(error, "problem", None) or str(error)
        raise ScenarioInvalid([ValidationProblem(where, f"not valid YAML: {reason}")]) from None
    scenario = validate_mapping(data, source=str(path))
    if scenario.id != path.stem:
        raise ScenarioInvalid(
            [ValidationProblem(f"{path}: id", f"{scenario.id!r} must equal the file name stem {path.stem!r}")]
        )
    return scenario


def scenario_files(path: PathLike) -> List[Path]:
    path = Path(path)
    if path.is_dir():
        return sorted(item for item in path.iterdir() if item.suffix in SCENARIO_SUFFIXES and item.is_file())
    return [path]


def _load_all(paths: Sequence[PathLike]) -> Tuple[Dict[str, Scenario], List[ValidationProblem]]:
    scenarios: Dict[str, Scenario] = {}
    origins: Dict[str, Path] = {}
    problems: List[ValidationProblem] = []
    for root in paths:
        if not Path(root).exists():
            problems.append(ValidationProblem(str(root), "no such file or directory"))
            continue
        files = scenario_files(root)
        if not files:
            problems.append(ValidationProblem(str(root), "no scenario files (*.yml) found"))
        for file in files:
            try:
                scenario = load_file(file)
            except ScenarioInvalid as error:
                problems.extend(error.problems)
                continue
            if scenario.id in scenarios:
                problems.append(
                    ValidationProblem(f"{file}: id", f"{scenario.id!r} is also defined in {origins[scenario.id]}")
                )
                continue
            scenarios[scenario.id] = scenario
            origins[scenario.id] = file
    return scenarios, problems


def validate_path(path: Optional[PathLike] = None) -> List[ValidationProblem]:
    """Every problem in a scenario file or directory (default: the library); empty when all is valid."""
    return _load_all([path if path is not None else default_scenario_dir()])[1]


class Library:
    """The validated scenarios, by id and by problem area, in id order."""

    def __init__(self, scenarios: Iterable[Scenario]):
        self._by_id: Dict[str, Scenario] = {scenario.id: scenario for scenario in sorted(scenarios, key=_id)}

    def get(self, scenario_id: str) -> Scenario:
        try:
            return self._by_id[scenario_id]
        except KeyError:
            raise KeyError(f"no scenario {scenario_id!r}") from None

    def __contains__(self, scenario_id: object) -> bool:
        return scenario_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def all(self) -> List[Scenario]:
        return list(self._by_id.values())

    def by_area(self, area: Union[str, ProblemArea]) -> List[Scenario]:
        area = ProblemArea(area)
        return [scenario for scenario in self._by_id.values() if scenario.problem_area == area]


def _id(scenario: Scenario) -> str:
    return scenario.id


def load_library(paths: Optional[Sequence[PathLike]] = None) -> Library:
    """Load every scenario under `paths` (default: the library directory); raise ScenarioInvalid if any fails."""
    scenarios, problems = _load_all(list(paths) if paths else [default_scenario_dir()])
    if problems:
        raise ScenarioInvalid(problems)
    return Library(scenarios.values())
