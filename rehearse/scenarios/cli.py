"""`rehearse scenarios list|validate [PATH]`."""
from __future__ import annotations

import argparse
import json
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("scenarios", help="list or validate the role-play scenarios")
    actions = parser.add_subparsers(dest="scenarios_command", metavar="ACTION")
    list_parser = actions.add_parser("list", help="one JSON line per scenario")
    list_parser.set_defaults(handler=list_scenarios)
    validate_parser = actions.add_parser(
        "validate", help="check the library, or a scenario file or folder, and print every problem"
    )
    validate_parser.add_argument("path", nargs="?", help="a scenario file or folder (default: the library)")
    validate_parser.set_defaults(handler=validate_scenarios)
    parser.set_defaults(handler=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def list_scenarios(args: argparse.Namespace) -> int:
    from rehearse.scenarios.library import ScenarioInvalid, load_library

    try:
        library = load_library()
    except ScenarioInvalid as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    for scenario in library.all():
        record = {
            "id": scenario.id,
            "title": scenario.title,
            "problem_area": scenario.problem_area.value,
            "difficulty": scenario.difficulty.value,
            "persona": {
                "name": scenario.persona.name,
                "relationship": scenario.persona.relationship.value,
            },
        }
        print(json.dumps(record, ensure_ascii=False))
    return 0


def validate_scenarios(args: argparse.Namespace) -> int:
    from rehearse.scenarios.library import default_scenario_dir, scenario_files, validate_path

    target = args.path or default_scenario_dir()
    problems = validate_path(target)
    for problem in problems:
        print(f"error: {problem}")
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"ok: {len(scenario_files(target))} scenario file(s) valid in {target}")
    return 0
