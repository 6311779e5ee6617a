"""Homework codes and 'delete my data' end to end over REST against the real servers and database."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from rehearse.storage.transcripts import TranscriptStore
from support.stack import texts

pytestmark = pytest.mark.integration

REHEARSE = str(Path(sys.executable).parent / "rehearse")
SCENARIO = "boundaries-mother-holidays-at-home"


def cli(stack, *args: str, stdin: str = "") -> str:
    result = subprocess.run([REHEARSE, *args], env=stack.env, input=stdin, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture(scope="module")
def homework_code(stack) -> str:
    cli(stack, "therapist", "create", "dr-homework", "--password-stdin", stdin="a long test password 123\n")
    out = cli(
        stack, "assign", "--therapist", "dr-homework", "--scenario", SCENARIO,
        "--client-label", "client H", "--instructions", "Name your need in the first two lines.",
    )
    return re.search(r"Code \(shown only once\): (\S+)", out).group(1)


def test_a_homework_code_leads_into_the_assigned_scenario_and_completion_is_recorded(stack, sender, homework_code):
    stack.say(sender, "hi")
    stack.say(sender, "/consent_agree")
    assert any("homework code" in t for t in texts(stack.say(sender, "/enter_code")))

    wrong = texts(stack.say(sender, "ACDE-FGHJ"))
    assert any("didn't work" in t for t in wrong), wrong

    started = texts(stack.say(sender, f"my code is {homework_code.lower()}"))
    assert any("Name your need in the first two lines." in t for t in started), started
    assert any("0 (very low) to 10" in t for t in started), started

    stack.say(sender, "4")
    stack.say(sender, "I feel torn, and I need a quieter holiday this year.")
    ended = texts(stack.say(sender, "end"))
    assert any("debrief" in t.lower() for t in ended), ended

    slots = stack.tracker(sender)["slots"]
    store = TranscriptStore(stack.env["DATABASE_URL"])
    session = store.get_session(slots["practice_state"]["transcript_id"])
    assert session.assignment_id is not None
    assert store.redeem_code(homework_code, sender) is None  # completed: the code is used up


def test_a_code_typed_before_consent_is_kept_for_after(stack, sender, homework_code):
    stack.say(sender, "hi")
    asked = texts(stack.say(sender, "my homework code is ACDE-FGHJ"))
    assert any("agreement" in t for t in asked), asked
    after = texts(stack.say(sender, "/consent_agree"))
    assert any("I see you have a homework code" in t for t in after), after


def test_delete_my_data_erases_transcripts_and_history(stack, sender):
    stack.say(sender, "hi")
    stack.say(sender, "/consent_agree")
    stack.say(sender, '/choose_scenario{"scenario_id": "%s"}' % SCENARIO)
    stack.say(sender, "5")
    stack.say(sender, "You never listen to me.")
    transcript = stack.tracker(sender)["slots"]["practice_state"]["transcript_id"]
    store = TranscriptStore(stack.env["DATABASE_URL"])
    assert store.session_turns(transcript)

    confirm = stack.say(sender, "delete my data")
    assert any(button["payload"] == "/confirm_delete" for reply in confirm for button in reply.get("buttons", []))
    done = texts(stack.say(sender, "/confirm_delete"))
    assert any("have been deleted" in t for t in done), done

    assert not store.has_consented(sender)
    with pytest.raises(LookupError):
        store.get_session(transcript)
    events = stack.tracker(sender)["events"]
    assert not [event for event in events if event["event"] == "user"], "conversation history was kept"
