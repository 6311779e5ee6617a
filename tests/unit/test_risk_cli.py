"""`rehearse risk`: single TEXT, JSON Lines, bad lines and the exit status."""
from __future__ import annotations

import argparse
import io
import json
import sys
from typing import List, Tuple

import pytest

from rehearse.jsonl import MAX_TEXT_CHARS
from rehearse.risk import detect
from rehearse.risk.cli import register


def main(argv: List[str]) -> int:
    """The `rehearse` parser with only this subcommand, so other commands cannot affect these tests."""
    parser = argparse.ArgumentParser(prog="rehearse")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.handler(args)


def run(argv: List[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> Tuple[int, List[dict]]:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    monkeypatch.setattr(sys, "stdout", out)
    status = main(argv)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def test_single_text(monkeypatch: pytest.MonkeyPatch) -> None:
    status, lines = run(["risk", "i want to kms"], "", monkeypatch)
    assert status == 0
    assert lines == [{"text": "i want to kms", **detect("i want to kms").to_dict()}]
    assert lines[0]["risk"] is True and lines[0]["category"] == "suicidal"


def test_single_safe_text(monkeypatch: pytest.MonkeyPatch) -> None:
    status, lines = run(["risk", "this commute is killing me"], "", monkeypatch)
    assert status == 0
    assert lines == [{"text": "this commute is killing me", "risk": False, "category": None,
                      "rule": None, "span": None}]


def test_json_lines_match_detect(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["I cut myself again", "my phone died", "he hits me", "I’m not going to hurt myself"]
    stdin = "".join(json.dumps({"text": text}) + "\n" for text in texts)
    status, lines = run(["risk"], stdin, monkeypatch)
    assert status == 0
    assert lines == [{"text": text, **detect(text).to_dict()} for text in texts]


def test_bad_lines_are_reported_and_processing_continues(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = "\n".join([
        "{not json",
        json.dumps({"message": "no text field"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        json.dumps({"text": "x" * (MAX_TEXT_CHARS + 1)}),
        json.dumps(["a list"]),
        json.dumps({"text": "I want to die"}),
    ]) + "\n"
    status, lines = run(["risk"], stdin, monkeypatch)
    assert status == 1
    assert [line.get("line") for line in lines[:6]] == [1, 2, 3, 4, 5, 6]
    assert all("error" in line for line in lines[:6])
    assert "invalid JSON" in lines[0]["error"]
    assert "missing" in lines[1]["error"]
    assert "string" in lines[2]["error"]
    assert "empty" in lines[3]["error"]
    assert "limit" in lines[4]["error"]
    assert lines[6] == {"text": "I want to die", **detect("I want to die").to_dict()}


def test_empty_single_text_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    status, lines = run(["risk", "  "], "", monkeypatch)
    assert status == 1
    assert "error" in lines[0]


def test_blank_stdin_succeeds_with_no_output(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(["risk"], "\n\n", monkeypatch) == (0, [])
