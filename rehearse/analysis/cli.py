"""`rehearse analyze [TEXT]`: the communication analysis from the command line (JSON Lines in and out)."""
from __future__ import annotations

import argparse
import sys
from typing import Any, Dict


def register(subparsers: "argparse._SubParsersAction") -> None:
    parser = subparsers.add_parser(
        "analyze",
        aliases=["analyse"],
        help="communication analysis of a line, or of JSON Lines {\"text\", \"context\"} on stdin",
        description=(
            "Print {\"text\", \"features\": {name: [spans]}} for TEXT, or for each JSON Lines record "
            "{\"text\": ..., \"context\": optional counterpart line} read from stdin. A bad record gets an "
            "error line; the exit status is 1 when any input failed."
        ),
    )
    parser.add_argument("text", nargs="?", help="the line to analyse (omit to read JSON Lines from stdin)")
    parser.add_argument("--context", help="the counterpart's previous line (single TEXT only)")
    parser.add_argument("--findings", action="store_true", help="also print each finding's span offsets and rule")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from rehearse.jsonl import InputError, run_command

    from .analyser import analyse

    def handle(text: str, record: Dict[str, Any]) -> Dict[str, Any]:
        context = record.get("context", args.context)
        if context is not None and not isinstance(context, str):
            raise InputError(f"\"context\" must be a string, not {type(context).__name__}")
        result = analyse(text, context)
        payload: Dict[str, Any] = {"text": text, "features": result.features}
        if args.findings:
            payload["findings"] = result.to_dict()["findings"]
        return payload

    return run_command(args.text, handle, sys.stdin, sys.stdout)
