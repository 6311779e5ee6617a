"""`rehearse risk [TEXT]`: the risk detector from the command line (same decision as `detect()`)."""
from __future__ import annotations

import argparse
import sys
from typing import Any, Dict


def register(subparsers: "argparse._SubParsersAction") -> None:
    parser = subparsers.add_parser(
        "risk",
        help="check messages for risk phrases",
        description=(
            "Check a message for risk phrases. With TEXT, check it; otherwise read JSON Lines "
            '{"text": ...} from stdin and write one JSON line per input: '
            '{"text", "risk", "category", "rule", "span"}. Exit status 1 if any input line was bad.'
        ),
    )
    parser.add_argument("text", nargs="?", help="the message to check (omit to read JSON Lines from stdin)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from rehearse.jsonl import run_command
    from rehearse.risk.detector import detect

    def handle(text: str, _record: Dict[str, Any]) -> Dict[str, Any]:
        return {"text": text, **detect(text).to_dict()}

    return run_command(args.text, handle, sys.stdin, sys.stdout)
