"""Therapist-authored scenarios in the database, scenario refs, and homework codes for the chat side."""
from __future__ import annotations

import pytest

from rehearse.portal.custom_scenarios import CustomScenarios, custom_id, scenario_for_ref
from rehearse.portal.errors import NotFound, Rejected
from rehearse.portal.repository import homework_for_code
from rehearse.portal.scenario_text import parse_yaml
from rehearse.scenarios import ScenarioInvalid
from rehearse.storage.transcripts import TranscriptStore
from support.portal_fixtures import world  # noqa: F401
from support.portal_world import LIBRARY_ID, scenario_body


def test_custom_id_parsing():
    assert custom_id("custom:12") == 12
    for ref in ("custom:", "custom:x", "custom:-1", "12", LIBRARY_ID, "custom:99999999999"):
        assert custom_id(ref) is None


def test_scenario_for_ref_resolves_library_and_custom(world):
    assert scenario_for_ref(LIBRARY_ID, world.url).id == LIBRARY_ID
    own = scenario_for_ref("custom:%d" % world.ids["alice"]["scenario_id"], world.url)
    assert own.id == "alice-own-scenario" and own.title == "alice's <b>own</b> scenario"
    for missing in ("custom:999999", "no-such-scenario"):
        with pytest.raises(KeyError):
            scenario_for_ref(missing, world.url)


def test_retired_scenarios_still_resolve_but_cannot_be_assigned(world):
    store = CustomScenarios(world.url)
    alice = world.therapists["alice"].id
    ref = "custom:%d" % world.ids["alice"]["scenario_id"]
    store.retire(alice, world.ids["alice"]["scenario_id"])
    assert scenario_for_ref(ref, world.url).id == "alice-own-scenario"
    with pytest.raises(Rejected, match="retired"):
        store.check_assignable(alice, ref)


def test_other_therapists_scenarios_are_not_found(world):
    store = CustomScenarios(world.url)
    alice, bob_scenario = world.therapists["alice"].id, world.ids["bob"]["scenario_id"]
    with pytest.raises(NotFound):
        store.get(alice, bob_scenario)
    with pytest.raises(NotFound):
        store.update(alice, bob_scenario, scenario_body("stolen", "Stolen"))
    with pytest.raises(NotFound):
        store.retire(alice, bob_scenario)
    with pytest.raises(Rejected):
        store.check_assignable(alice, "custom:%d" % bob_scenario)
    assert [item.slug for item in store.list(alice)] == ["alice-own-scenario"]


def test_same_slug_is_fine_for_different_therapists(world):
    store = CustomScenarios(world.url)
    created = store.create(world.therapists["bob"].id, scenario_body("alice-own-scenario", "Bob's copy"))
    assert created.slug == "alice-own-scenario"


def test_invalid_scenarios_explain_every_field(world):
    body = scenario_body("broken", "Broken")
    body["stances"] = {**body["stances"], "open": ["Only one"]}
    body["difficulty"] = "brutal"
    body.pop("goal")
    with pytest.raises(ScenarioInvalid) as caught:
        CustomScenarios(world.url).create(world.therapists["alice"].id, body)
    locations = {problem.location for problem in caught.value.problems}
    assert {"scenario: difficulty", "scenario: goal"} <= locations


def test_yaml_errors_carry_their_position():
    with pytest.raises(ScenarioInvalid) as caught:
        parse_yaml("id: a\ntitle: [unclosed\n")
    assert caught.value.problems[0].location.startswith("yaml line ")
    for text in ("- a list", "just text", ""):
        with pytest.raises(ScenarioInvalid):
            parse_yaml(text)
    with pytest.raises(ScenarioInvalid, match="longer than"):
        parse_yaml("a: " + "x" * 70_000)


def test_homework_for_code_redeems_and_resolves_the_scenario(world):
    store = TranscriptStore(world.url)
    alice = world.therapists["alice"].id
    info, code = store.create_assignment(alice, "custom:%d" % world.ids["alice"]["scenario_id"], "Go", None, "K")
    store.register_consent("new-sender")
    homework = homework_for_code(code.lower(), "new-sender", world.url)
    assert homework.assignment.id == info.id
    assert homework.scenario.id == "alice-own-scenario"
    assert homework_for_code("AAAA-AAAA", "new-sender", world.url) is None
