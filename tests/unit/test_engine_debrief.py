"""Debrief: skills, strongest line, a rewrite built from the analysis, outcome, mood and a suggestion."""
from __future__ import annotations

from rehearse.engine import respond, start
from rehearse.engine.debrief import debrief
from rehearse.scenarios.library import load_library

LIBRARY = load_library()
CHORES = LIBRARY.get("dispute-partner-household-chores")
BLAME = ("You never help with anything.", {"you_blame": ["You never help"], "absolute": ["never"]})
SKILLED = [
    ("I can see you're tired after work too.", {"validation": ["I can see"]}),
    ("I felt exhausted when the dishes were left.", {"i_statement": ["I felt"], "feeling_expressed": ["exhausted"]}),
    ("I need it to feel shared. Could you do the dishes on weeknights?",
     {"need_expressed": ["I need"], "clear_request": ["Could you"], "i_statement": ["I need"]}),
    ("That makes sense. What would help you?", {"validation": ["That makes sense"], "open_question": ["What"]}),
    ("I appreciate that. Could we try it for a month?", {"validation": ["I appreciate"], "clear_request": ["Could we"]}),
    ("Thank you. I need us to be a team.", {"need_expressed": ["I need"]}),
]


def play(turns, seed=1):
    state, _ = start(CHORES, seed)
    played = []
    for text, features in turns:
        if state.outcome:
            break
        state, _ = respond(CHORES, state, text, features)
        played.append((text, features))
    return state, played


def test_resolved_session_debrief():
    state, played = play([BLAME, *SKILLED])
    assert state.outcome == "resolved"
    result = debrief(CHORES, state, played, mood_before=3, mood_after=6)
    assert result.outcome == "resolved" and result.turns == len(played)
    assert result.skills_used["validation"] >= 2 and result.problems == {"you_blame": 1, "absolute": 1}
    assert result.strongest_line == SKILLED[2][0]
    assert result.rewrite.original == BLAME[0]
    assert result.rewrite.improved.startswith(f"When {CHORES.model_line.observation}, I felt {CHORES.model_line.feeling}.")
    assert result.rewrite.improved.endswith(CHORES.model_line.request)
    assert 'swapped "never" for one specific moment' in result.rewrite.changes
    assert result.mood_change == 3
    assert "'I'" in result.suggestion
    text = result.to_text()
    assert "Outcome: resolved" in text and "Mood: 3 -> 6 (+3)" in text and BLAME[0] in text
    assert len(text.splitlines()) <= 8
    assert result.to_dict()["rewrite"]["original"] == BLAME[0]


def test_stalemate_explains_what_was_missing():
    hostile = ("Whatever, you lazy slob.", {"contempt": ["lazy slob"], "stonewalling": ["Whatever"]})
    state, played = play([hostile] * 12)
    result = debrief(CHORES, state, played)
    assert result.outcome == "stalemate"
    assert "never clearly heard your clear request" in result.outcome_reason
    assert result.strongest_line is None and result.mood_change is None
    assert "put" in result.suggestion and "Mood" not in result.to_text()


def test_rewrite_keeps_what_was_already_there():
    vague = ("I feel sad about it, maybe.", {"feeling_expressed": ["sad"], "hedging": ["maybe"]})
    state, played = play([SKILLED[0], vague])
    result = debrief(CHORES, state, played)
    assert result.outcome == "unfinished"
    assert result.rewrite.original == vague[0]
    assert "dropped the softeners" in result.rewrite.changes
    assert "ended with a clear, doable request" in result.rewrite.changes


def test_suggestion_names_an_unused_scenario_skill_when_no_problems():
    state, played = play([SKILLED[0]])
    result = debrief(CHORES, state, played)
    assert result.suggestion.startswith("Next time, practise I-statement")


def test_empty_session():
    state, _ = start(CHORES, 1)
    result = debrief(CHORES, state, [])
    assert result.turns == 0 and result.strongest_line is None and result.rewrite is None
    assert result.to_text().startswith("Outcome: unfinished after 0 lines.")
