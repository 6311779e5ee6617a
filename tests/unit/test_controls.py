"""Controls are whole-message commands; role-play lines that merely contain a control word stay lines."""
import pytest

from rehearse.controls import (
    ASK_TIP,
    DELETE_MY_DATA,
    END_PRACTICE,
    PAUSE_PRACTICE,
    RESUME_PRACTICE,
    RETRY_LINE,
    parse_command,
)


@pytest.mark.parametrize(
    "text, intent",
    [
        ("tip", ASK_TIP),
        ("Give me a tip!", ASK_TIP),
        ("what should I say next?", ASK_TIP),
        ("try that again", RETRY_LINE),
        ("Let me try again", RETRY_LINE),
        ("undo", RETRY_LINE),
        ("pause", PAUSE_PRACTICE),
        ("Let’s take a break", PAUSE_PRACTICE),
        ("resume", RESUME_PRACTICE),
        ("go back to practice", RESUME_PRACTICE),
        ("end", END_PRACTICE),
        ("END PRACTICE.", END_PRACTICE),
        ("stop practice", END_PRACTICE),
        ("I want to stop practicing", END_PRACTICE),
        ("I'm done practising", END_PRACTICE),
        ("  end   the role-play  ", END_PRACTICE),
        ("i want to stop the role play", END_PRACTICE),
        ("can I redo that line", RETRY_LINE),
        ("retry my last line", RETRY_LINE),
        ("back to the roleplay", RESUME_PRACTICE),
        ("please delete everything you have on me", DELETE_MY_DATA),
        ("remove my conversation history", DELETE_MY_DATA),
    ],
)
def test_commands_are_recognised(text, intent):
    assert parse_command(text) == intent


@pytest.mark.parametrize(
    "line",
    [
        "I'm done doing all the dishes alone",
        "I’m done cleaning up after you",
        "stop yelling at me",
        "I need a break from you",
        "Can we end this argument and talk calmly?",
        "You never give me a tip about anything",
        "Let's continue this when you've calmed down",
        "I want to end things between us",
        "Can we go back to the way things were?",
        "I'm not going back to the old routine",
        "You know everything about me",
        "Delete that message you sent my sister",
        "redo the whole kitchen yourself then",
        "",
        "end " * 40,
    ],
)
def test_role_play_lines_are_not_commands(line):
    assert parse_command(line) is None
