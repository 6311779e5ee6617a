"""Play every scenario with three scripted users and check the counterpart behaves realistically.

Users: skilled (I-statements, validation, clear requests), hostile (blame, absolutes, contempt) and
avoidant (hedging, shutting down). Their lines come from `scripts/scripted_users.yml`, filled in with
each scenario's model line, and go through the real communication analyser. Prints a table per
scenario and checks the targets:
  - skilled resolves within 8 turns in at least 90% of scenarios;
  - hostile resolves in none;
  - no counterpart line repeats within a session.

    .venv/bin/python scripts/eval_scripted_users.py [--seeds N] [--json]
Exit status 0 when every target is met.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Sequence

import yaml
from pydantic import BaseModel, validator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rehearse.engine import respond, start  # noqa: E402
from rehearse.engine.feedback import fill  # noqa: E402
from rehearse.scenarios.library import load_library  # noqa: E402
from rehearse.scenarios.schema import MAX_TURNS, Scenario  # noqa: E402

BANK_FILE = Path(__file__).with_name("scripted_users.yml")
STYLES = ("skilled", "hostile", "avoidant")
SKILLED_MAX_TURNS = 8
SKILLED_TARGET = 0.9

Analyse = Callable[[str, str], Mapping[str, Sequence[str]]]


class UserScript(BaseModel):
    plan: List[str]
    after_curveball: str
    banks: Dict[str, List[str]]

    class Config:
        extra = "forbid"

    @validator("after_curveball")
    def bank_exists(cls, name, values):
        if "banks" in values and name not in values["banks"]:
            raise ValueError(f"no bank {name!r}")
        return name

    @validator("banks")
    def plan_banks_exist(cls, banks, values):
        missing = [name for name in values.get("plan", []) if name not in banks]
        if missing:
            raise ValueError(f"plan names unknown banks: {', '.join(missing)}")
        return banks


@dataclass
class SessionResult:
    style: str
    outcome: str
    turns: int
    repeated_lines: int


def load_scripts() -> Dict[str, UserScript]:
    data = yaml.safe_load(BANK_FILE.read_text(encoding="utf-8"))
    return {style: UserScript.parse_obj(data[style]) for style in STYLES}


def real_analyser() -> Analyse:
    try:
        from rehearse.analysis import analyse

        analyse("I felt hurt when you left.", context=None)
    except Exception as error:  # the analyser is another part of the project; say clearly what is missing
        raise SystemExit(f"The communication analyser (rehearse.analysis.analyse) is not usable: {error!r}")

    def run(text: str, context: str) -> Mapping[str, Sequence[str]]:
        return {name: list(spans) for name, spans in analyse(text, context=context).features.items()}

    return run


class ScriptedUser:
    """Works through a style's plan, answers curveballs from its curveball bank, and avoids repeating itself."""

    def __init__(self, script: UserScript, scenario: Scenario, rng: random.Random):
        self.script, self.scenario, self.rng = script, scenario, rng
        self.said: set = set()
        self.step = 0

    def line(self, after_curveball: bool) -> str:
        plan = self.script.plan
        if after_curveball:
            bank = self.script.after_curveball
        else:
            bank = plan[min(self.step, len(plan) - 1)]
            self.step += 1
        options = [fill(text, self.scenario) for text in self.script.banks[bank]]
        fresh = [text for text in options if text not in self.said] or options
        choice = self.rng.choice(fresh)
        self.said.add(choice)
        return choice


def play(scenario: Scenario, script: UserScript, style: str, seed: int, analyse: Analyse) -> SessionResult:
    state, counterpart_line = start(scenario, seed)
    user = ScriptedUser(script, scenario, random.Random(f"{style}:{scenario.id}:{seed}"))
    lines = [counterpart_line]
    after_curveball = False
    while state.outcome is None and state.turn < MAX_TURNS:
        text = user.line(after_curveball)
        state, reply = respond(scenario, state, text, analyse(text, counterpart_line))
        counterpart_line, after_curveball = reply.text, reply.curveball
        lines.append(reply.text)
    return SessionResult(style, state.outcome or "none", state.turn, len(lines) - len(set(lines)))


def evaluate(seeds: int, analyse: Analyse) -> Dict[str, List[SessionResult]]:
    scripts = load_scripts()
    results: Dict[str, List[SessionResult]] = {}
    for scenario in load_library().all():
        results[scenario.id] = [
            play(scenario, scripts[style], style, seed, analyse) for seed in range(seeds) for style in STYLES
        ]
    return results


def _cell(sessions: List[SessionResult]) -> str:
    resolved = [session for session in sessions if session.outcome == "resolved"]
    if len(sessions) == 1:
        session = sessions[0]
        return f"{'y' if resolved else 'n'} ({session.turns})"
    turns = sorted(session.turns for session in resolved)
    median = f" med {turns[len(turns) // 2]}" if turns else ""
    return f"{len(resolved)}/{len(sessions)}{median}"


def report(results: Dict[str, List[SessionResult]], seeds: int) -> bool:
    width = max(len(scenario_id) for scenario_id in results)
    print(f"{'scenario':<{width}}  {'skilled':>12}  {'hostile':>12}  {'avoidant':>12}  repeats")
    for scenario_id, sessions in results.items():
        cells = [_cell([s for s in sessions if s.style == style]) for style in STYLES]
        repeats = sum(session.repeated_lines for session in sessions)
        print(f"{scenario_id:<{width}}  " + "  ".join(f"{cell:>12}" for cell in cells) + f"  {repeats:>7}")
    every = [session for sessions in results.values() for session in sessions]
    skilled = [s for s in every if s.style == "skilled"]
    skilled_ok = sum(1 for s in skilled if s.outcome == "resolved" and s.turns <= SKILLED_MAX_TURNS) / len(skilled)
    hostile_resolved = sum(1 for s in every if s.style == "hostile" and s.outcome == "resolved")
    avoidant_resolved = sum(1 for s in every if s.style == "avoidant" and s.outcome == "resolved")
    repeats = sum(s.repeated_lines for s in every)
    print(
        f"\nskilled resolved within {SKILLED_MAX_TURNS} turns: {skilled_ok:.0%} of {len(skilled)} sessions "
        f"(target >= {SKILLED_TARGET:.0%})\n"
        f"hostile resolved: {hostile_resolved} (target 0)\n"
        f"avoidant resolved: {avoidant_resolved}\n"
        f"repeated counterpart lines: {repeats} (target 0)\n"
        f"seeds per scenario and user: {seeds}"
    )
    return skilled_ok >= SKILLED_TARGET and hostile_resolved == 0 and repeats == 0


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1, help="sessions per scenario and user (default 1)")
    parser.add_argument("--json", action="store_true", help="print the raw results as JSON instead")
    args = parser.parse_args(argv)
    results = evaluate(args.seeds, real_analyser())
    if args.json:
        print(json.dumps({key: [asdict(s) for s in value] for key, value in results.items()}, indent=1))
        return 0
    return 0 if report(results, args.seeds) else 1


if __name__ == "__main__":
    sys.exit(main())
