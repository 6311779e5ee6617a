"""Shared driver for the `rehearse risk` / `rehearse analyze` style commands.

One TEXT argument gives one result; otherwise JSON Lines are read from a stream, one result line per
input line. A bad input produces an error line for that input and processing continues; the return
value tells whether any input failed.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Dict, IO, Iterable, Optional

MAX_TEXT_CHARS = 10_000
"""Longest message accepted (characters). Longer input gets an error line, not a silent truncation."""

Handler = Callable[[str, Dict[str, Any]], Dict[str, Any]]


class InputError(ValueError):
    """An input line that cannot be processed; the message is shown to the user."""


def parse_record(line: str) -> Dict[str, Any]:
    """Decode one JSON Lines record and check its `text` field."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise InputError("each line must be a JSON object with a \"text\" field")
    check_text(record.get("text", None), present="text" in record)
    return record


def check_text(text: Any, present: bool = True) -> str:
    if not present:
        raise InputError("missing \"text\" field")
    if not isinstance(text, str):
        raise InputError(f"\"text\" must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError("\"text\" is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"\"text\" is {len(text)} characters; the limit is {MAX_TEXT_CHARS}")
    return text


def _write(out: IO[str], payload: Dict[str, Any]) -> None:
    out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    out.flush()


def run_lines(lines: Iterable[str], handle: Handler, out: IO[str]) -> bool:
    """Process JSON Lines; return True when every non-blank line succeeded."""
    all_ok = True
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = parse_record(raw)
            _write(out, handle(record["text"], record))
        except InputError as error:
            all_ok = False
            _write(out, {"line": number, "error": str(error)})
    return all_ok


def run_command(text: Optional[str], handle: Handler, stdin: IO[str], out: IO[str]) -> int:
    """Entry point for a subcommand: exit status 0 when all inputs succeeded, 1 otherwise."""
    if text is not None:
        try:
            _write(out, handle(check_text(text), {"text": text}))
            return 0
        except InputError as error:
            _write(out, {"error": str(error)})
            return 1
    return 0 if run_lines(stdin, handle, out) else 1
