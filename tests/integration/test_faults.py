"""Faults against real processes: the action server killed, the database down, Rasa and the portal restarted.

These run on their own stack (transcripts on a real PostgreSQL server), because they stop and restart its
processes.
"""
from __future__ import annotations

import json
import signal
import time
import urllib.request
import uuid
from typing import Iterator, List

import pytest

from rehearse.storage.transcripts import TranscriptStore
from support.stack import Stack, http_json, texts
from test_conversation_rest import COUNTERPART, start_practice
from test_homework_and_privacy import cli

pytestmark = pytest.mark.integration

SCENARIO = "boundaries-mother-holidays-at-home"
TROUBLE = "having trouble"
FLUSH_TIMEOUT = 30


@pytest.fixture(scope="module")
def fault_stack(trained_model, postgres_server, tmp_path_factory) -> Iterator[Stack]:
    database = postgres_server.create_database("rehearse_faults")
    running = Stack(tmp_path_factory.mktemp("faults"), extra_env={"DATABASE_URL": database}).start_all()
    try:
        yield running
    finally:
        running.stop_all()


def transcript(stack: Stack, sender: str) -> List:
    session_id = stack.tracker(sender)["slots"]["practice_state"]["transcript_id"]
    return TranscriptStore(stack.env["DATABASE_URL"]).session_turns(session_id)


def assert_consistent(turns, expected_user_lines: List[str]) -> None:
    seqs = [turn.seq for turn in turns]
    assert seqs == sorted(set(seqs)) == list(range(1, len(seqs) + 1)), seqs
    assert [turn.text for turn in turns if turn.speaker == "user"] == expected_user_lines


def test_action_server_killed_mid_session(fault_stack, sender):
    start_practice(fault_stack, sender, SCENARIO)
    first = texts(fault_stack.say(sender, "I feel tired, and I need this year to be quieter."))
    assert COUNTERPART.match(first[0])

    fault_stack.processes["actions"].send_signal(signal.SIGKILL)
    fault_stack.processes.pop("actions").wait(timeout=10)
    try:
        failed = texts(fault_stack.say(sender, "Could we visit the weekend after instead?"))
        assert len(failed) == 1 and TROUBLE in failed[0], failed
    finally:
        fault_stack.start("actions")

    again = texts(fault_stack.say(sender, "Could we visit the weekend after instead?"))
    assert COUNTERPART.match(again[0]), again
    assert_consistent(
        transcript(fault_stack, sender),
        ["I feel tired, and I need this year to be quieter.", "Could we visit the weekend after instead?"],
    )


def test_database_unavailable_for_a_while(fault_stack, postgres_server, sender):
    start_practice(fault_stack, sender, SCENARIO)
    lines = ["I love our holidays together.", "This year I need some rest at home.", "Could we visit in January?"]
    postgres_server.pause()
    try:
        for line in lines:
            reply = texts(fault_stack.say(sender, line))
            assert COUNTERPART.match(reply[0]), reply  # the conversation keeps working
    finally:
        postgres_server.resume()
    deadline = time.monotonic() + FLUSH_TIMEOUT
    while time.monotonic() < deadline and len(transcript(fault_stack, sender)) < 1 + 2 * len(lines):
        time.sleep(1)
    assert_consistent(transcript(fault_stack, sender), lines)


def test_rasa_server_restarted_mid_session(fault_stack, sender):
    start_practice(fault_stack, sender, SCENARIO)
    fault_stack.say(sender, "I feel torn about the holidays.")
    fault_stack.stop("rasa")
    fault_stack.start("rasa")
    resumed = texts(fault_stack.say(sender, "Could we talk about it on Sunday?"))
    assert COUNTERPART.match(resumed[0]), resumed  # still inside the role-play, from the tracker store
    assert_consistent(
        transcript(fault_stack, sender), ["I feel torn about the holidays.", "Could we talk about it on Sunday?"]
    )


def test_portal_restarted_loses_no_data(fault_stack):
    username = f"dr-{uuid.uuid4().hex[:8]}"
    password = "a long test password 123"
    cli(fault_stack, "therapist", "create", username, "--password-stdin", stdin=password + "\n")
    cli(fault_stack, "assign", "--therapist", username, "--scenario", SCENARIO, "--client-label", "client R")
    token = http_json(f"{fault_stack.portal_url}/api/v1/login", {"username": username, "password": password})["token"]

    def assignments() -> list:
        request = urllib.request.Request(
            f"{fault_stack.portal_url}/api/v1/assignments", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as reply:
            return json.loads(reply.read())

    before = assignments()
    fault_stack.stop("portal")
    fault_stack.start("portal")
    assert assignments() == before and before
