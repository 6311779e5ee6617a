import pydantic
import pytest

from rehearse.bench.script import (
    BenchScript,
    baseline_conversation,
    load_script,
    micro_lines,
    rehearse_conversation,
    unknown_scenarios,
)


def test_the_shipped_script_is_valid_and_has_hostile_neutral_and_skilled_lines():
    script = load_script()
    assert {"hostile", "neutral", "skilled"} <= set(script.rehearse.lines)
    assert len(script.roleplay_lines()) >= 40


def test_an_invalid_script_is_rejected():
    with pytest.raises(pydantic.ValidationError):
        BenchScript.parse_obj({"baseline": {"sessions": []}, "rehearse": {}})


def test_rehearse_sessions_open_with_consent_scenario_and_mood_then_play_distinct_lines():
    script = load_script()
    conversation = rehearse_conversation(script)
    first, second = conversation.setup(0), conversation.setup(1)
    assert first[:2] == ["hi", "/consent_agree"]
    assert first[3] == '/choose_scenario{"scenario_id": "%s"}' % script.rehearse.scenarios[0].scenario_id
    assert second[3] == '/choose_scenario{"scenario_id": "%s"}' % script.rehearse.scenarios[1].scenario_id
    turns = conversation.turns(0)
    assert len(turns) == script.rehearse.turns_per_session == len(set(turns))
    assert conversation.turns(0) == turns  # seeded: the same run twice sends the same lines
    assert conversation.turns(1) != turns


def test_rehearse_replies_are_read_as_counterpart_lines_or_the_end_of_the_session():
    conversation = rehearse_conversation(load_script())
    assert conversation.expected(["Mum: “You never come home any more.”"])
    assert not conversation.expected(["I'm worried about what you said. If you are in danger, call 999."])
    assert conversation.ended(["Here is your debrief.", "How are you feeling now, from 0 (very low) to 10 (very good)?"])
    assert not conversation.ended(["Mum: “Fine.”"])


def test_baseline_sessions_cycle_through_the_script_and_need_any_reply():
    script = load_script()
    conversation = baseline_conversation(script)
    sessions = script.baseline.sessions
    assert conversation.turns(len(sessions)) == sessions[0]
    assert conversation.setup(0) == []
    assert conversation.expected(["Hey! How are you?"]) and not conversation.expected([])


def test_micro_lines_are_distinct_and_as_many_as_asked():
    script = load_script()
    lines = micro_lines(script, 300)
    assert len(lines) == len(set(lines)) == 300
    assert set(script.roleplay_lines()) <= set(lines)
    assert len(micro_lines(script, 5)) == 5


def test_the_script_scenarios_exist_in_the_library_under_their_area():
    assert unknown_scenarios(load_script()) == []


def test_a_scenario_under_the_wrong_area_or_missing_is_reported():
    script = load_script().copy(deep=True)
    script.rehearse.scenarios[0].area = "grief"
    script.rehearse.scenarios[1].scenario_id = "no-such-scenario"
    unknown = unknown_scenarios(script)
    assert len(unknown) == 2 and unknown[1].endswith("/no-such-scenario")
