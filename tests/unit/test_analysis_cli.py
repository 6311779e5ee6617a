"""The `rehearse analyze` command: one TEXT, JSON Lines on stdin, context, bad input and exit status."""
from __future__ import annotations

import io
import json
import sys
from typing import List, Tuple

import pytest

from rehearse.cli import main
from rehearse.jsonl import MAX_TEXT_CHARS


def _run(monkeypatch, capsys, argv: List[str], stdin: str = "") -> Tuple[int, List[dict]]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(["analyze", *argv])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    return status, lines


def test_single_text(monkeypatch, capsys) -> None:
    status, lines = _run(monkeypatch, capsys, ["You never listen to me."])
    assert status == 0
    assert lines == [{"text": "You never listen to me.", "features": lines[0]["features"]}]
    assert lines[0]["features"]["absolute"] == ["never"]
    assert "you_blame" in lines[0]["features"]


def test_single_text_lists_only_present_features(monkeypatch, capsys) -> None:
    _, lines = _run(monkeypatch, capsys, ["Could you call me by six?"])
    assert lines[0]["features"] == {"clear_request": ["Could you call me by six"]}


def test_single_text_with_context_option(monkeypatch, capsys) -> None:
    _, lines = _run(monkeypatch, capsys, ["Great.", "--context", "I crashed your car."])
    assert "sarcasm" in lines[0]["features"]


def test_json_lines_with_context(monkeypatch, capsys) -> None:
    stdin = "\n".join(
        [
            json.dumps({"text": "Perfect.", "context": "I lost your keys."}),
            json.dumps({"text": "Perfect!", "context": "We won the raffle!"}),
            json.dumps({"text": "I need some space."}),
        ]
    )
    status, lines = _run(monkeypatch, capsys, [], stdin)
    assert status == 0
    assert [line["text"] for line in lines] == ["Perfect.", "Perfect!", "I need some space."]
    assert "sarcasm" in lines[0]["features"]
    assert "sarcasm" not in lines[1]["features"]
    assert "need_expressed" in lines[2]["features"]


@pytest.mark.parametrize(
    "bad_line,message",
    [
        ("{not json", "invalid JSON"),
        (json.dumps({"context": "hi"}), "missing"),
        (json.dumps({"text": 42}), "must be a string"),
        (json.dumps({"text": "   "}), "empty"),
        (json.dumps({"text": "x" * 100_000}), "limit"),
        (json.dumps({"text": "hello", "context": ["not", "a", "string"]}), "context"),
        (json.dumps(["text"]), "JSON object"),
    ],
)
def test_bad_input_gets_an_error_line_and_processing_continues(monkeypatch, capsys, bad_line, message) -> None:
    stdin = "\n".join([json.dumps({"text": "Whatever."}), bad_line, json.dumps({"text": "Forget it."})])
    status, lines = _run(monkeypatch, capsys, [], stdin)
    assert status == 1
    assert len(lines) == 3
    assert lines[0]["features"] == {"stonewalling": ["Whatever"]}
    assert lines[1]["line"] == 2 and message in lines[1]["error"]
    assert "stonewalling" in lines[2]["features"]


def test_all_good_lines_exit_zero_and_blank_lines_are_skipped(monkeypatch, capsys) -> None:
    status, lines = _run(monkeypatch, capsys, [], "\n" + json.dumps({"text": "ok"}) + "\n\n")
    assert status == 0 and len(lines) == 1


def test_too_long_single_text_fails(monkeypatch, capsys) -> None:
    status, lines = _run(monkeypatch, capsys, ["x" * (MAX_TEXT_CHARS + 1)])
    assert status == 1 and "error" in lines[0]


def test_empty_single_text_fails(monkeypatch, capsys) -> None:
    status, lines = _run(monkeypatch, capsys, [""])
    assert status == 1 and "empty" in lines[0]["error"]
