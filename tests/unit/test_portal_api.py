"""The JSON API: every endpoint's happy path, and bad input answered with 4xx JSON, never 5xx."""
from __future__ import annotations

import json

import pytest

from rehearse.portal.security import STRICT_CSP
from support.portal_fixtures import api_headers, client, world  # noqa: F401
from support.portal_world import LIBRARY_ID, PASSWORD, SCRIPT_LINE, scenario_body


async def test_login_me_logout(client):
    headers = await api_headers(client, "alice")
    me = await client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200 and me.json()["username"] == "alice"
    assert me.headers["content-security-policy"] == STRICT_CSP
    assert me.headers["x-content-type-options"] == "nosniff"
    assert (await client.post("/api/v1/logout", headers=headers)).status_code == 204
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401


async def test_requests_without_a_valid_token_get_401(client):
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}):
        reply = await client.get("/api/v1/clients", headers=headers)
        assert reply.status_code == 401
        assert reply.headers["www-authenticate"].startswith("Bearer")
        assert reply.json()["error"]["status"] == 401


async def test_wrong_password_is_401(client):
    reply = await client.post("/api/v1/login", json={"username": "alice", "password": "nope"})
    assert reply.status_code == 401
    assert reply.json()["error"]["message"] == "wrong username or password"


async def test_clients_client_trends_and_session(client, world):
    headers = await api_headers(client, "alice")
    ids = world.ids["alice"]
    clients = (await client.get("/api/v1/clients", headers=headers)).json()
    assert [item["id"] for item in clients] == [ids["client_id"]]
    assert clients[0]["risk_flags"] == 1 and clients[0]["sessions"] == 1

    detail = (await client.get("/api/v1/clients/%d" % ids["client_id"], headers=headers)).json()
    assert detail["sessions"][0]["id"] == ids["session_id"]
    assert detail["assignments"][0]["status"] == "started"

    trends = (await client.get("/api/v1/clients/%d/trends" % ids["client_id"], headers=headers)).json()
    assert trends == [{
        "session_id": ids["session_id"], "started_at": trends[0]["started_at"], "mood_before": 3, "mood_after": 6,
        "feature_counts": {"feeling_expressed": 1, "you_blame": 1, "absolute": 1},
    }]

    session = (await client.get("/api/v1/sessions/" + ids["session_id"], headers=headers)).json()
    assert [turn["speaker"] for turn in session["turns"]] == ["counterpart", "user", "counterpart", "user"]
    assert session["turns"][1]["text"] == SCRIPT_LINE
    assert session["debrief"]["outcome"] == "stalemate"
    assert session["risk_flags"][0]["category"] == "self_harm"
    assert "text" not in session["risk_flags"][0]


async def test_json_answers_escape_markup_characters(client, world):
    headers = await api_headers(client, "alice")
    reply = await client.get("/api/v1/sessions/" + world.ids["alice"]["session_id"], headers=headers)
    assert "<script>" not in reply.text and "\\u003cscript\\u003e" in reply.text
    assert reply.json()["turns"][1]["text"] == SCRIPT_LINE


async def test_risk_flags(client):
    headers = await api_headers(client, "alice")
    flags = (await client.get("/api/v1/risk-flags", headers=headers)).json()
    assert [(flag["category"], flag["rule"]) for flag in flags] == [("self_harm", "self-harm-intent")]


async def test_create_list_and_get_assignment(client):
    headers = await api_headers(client, "alice")
    body = {"scenario_ref": LIBRARY_ID, "client_label": "J.", "instructions": "Twice", "due_date": "2030-01-31"}
    created = await client.post("/api/v1/assignments", json=body, headers=headers)
    assert created.status_code == 201, created.text
    data = created.json()
    assert data["link"] == "https://portal.example/demo?code=" + data["code"]
    assert data["assignment"]["due_date"] == "2030-01-31"
    listed = (await client.get("/api/v1/assignments", headers=headers)).json()
    assert data["assignment"]["id"] in [item["assignment"]["id"] for item in listed]
    one = (await client.get("/api/v1/assignments/%d" % data["assignment"]["id"], headers=headers)).json()
    assert one["status"] == "not started" and "code" not in json.dumps(one).replace("code_", "")


async def test_assignment_for_unknown_or_foreign_scenario_is_400(client, world):
    headers = await api_headers(client, "alice")
    for ref in ("no-such-scenario", "custom:%d" % world.ids["bob"]["scenario_id"], "custom:999999"):
        reply = await client.post("/api/v1/assignments", json={"scenario_ref": ref}, headers=headers)
        assert reply.status_code == 400, ref


async def test_scenario_choices_include_library_and_own_only(client, world):
    headers = await api_headers(client, "alice")
    choices = (await client.get("/api/v1/scenarios", headers=headers)).json()
    refs = {item["ref"] for item in choices}
    assert LIBRARY_ID in refs
    assert "custom:%d" % world.ids["alice"]["scenario_id"] in refs
    assert "custom:%d" % world.ids["bob"]["scenario_id"] not in refs


async def test_custom_scenario_lifecycle(client):
    headers = await api_headers(client, "alice")
    body = scenario_body("api-made", "Made over the API")
    created = await client.post("/api/v1/custom-scenarios", json={"body": body}, headers=headers)
    assert created.status_code == 201, created.text
    scenario_id = created.json()["id"]
    assert created.json()["ref"] == "custom:%d" % scenario_id

    listed = (await client.get("/api/v1/custom-scenarios", headers=headers)).json()
    assert scenario_id in [item["id"] for item in listed]

    body["title"] = "Renamed"
    updated = await client.put("/api/v1/custom-scenarios/%d" % scenario_id, json={"body": body}, headers=headers)
    assert updated.status_code == 200 and updated.json()["title"] == "Renamed"
    fetched = (await client.get("/api/v1/custom-scenarios/%d" % scenario_id, headers=headers)).json()
    assert fetched["title"] == "Renamed"

    retired = await client.delete("/api/v1/custom-scenarios/%d" % scenario_id, headers=headers)
    assert retired.status_code == 200 and retired.json()["retired_at"]
    reply = await client.post("/api/v1/assignments", json={"scenario_ref": "custom:%d" % scenario_id}, headers=headers)
    assert reply.status_code == 400 and "retired" in reply.json()["error"]["message"]


async def test_custom_scenario_as_yaml_and_validation_problems(client):
    headers = await api_headers(client, "alice")
    preview = await client.post("/api/v1/custom-scenarios/validate", json={"yaml": "id: x\ntitle: T\n"}, headers=headers)
    assert preview.status_code == 422
    fields = {problem["field"] for problem in preview.json()["error"]["problems"]}
    assert {"scenario: persona", "scenario: opening", "scenario: stances"} <= fields

    import yaml
    text = yaml.safe_dump(scenario_body("yaml-made", "From YAML"))
    ok = await client.post("/api/v1/custom-scenarios/validate", json={"yaml": text}, headers=headers)
    assert ok.status_code == 200 and ok.json()["scenario"]["id"] == "yaml-made"
    bad_yaml = await client.post("/api/v1/custom-scenarios", json={"yaml": "id: [unclosed"}, headers=headers)
    assert bad_yaml.status_code == 422
    assert "not valid YAML" in bad_yaml.json()["error"]["problems"][0]["message"]


async def test_duplicate_custom_scenario_id_is_explained(client):
    headers = await api_headers(client, "alice")
    body = {"body": scenario_body("alice-own-scenario", "Again")}
    reply = await client.post("/api/v1/custom-scenarios", json=body, headers=headers)
    assert reply.status_code == 422
    assert reply.json()["error"]["problems"] == [
        {"field": "scenario: id", "message": "you already have a scenario with the id 'alice-own-scenario'"}
    ]


async def test_export_formats(client, world):
    headers = await api_headers(client, "alice")
    path = "/api/v1/clients/%d/export" % world.ids["alice"]["client_id"]
    as_json = await client.get(path + "?format=json", headers=headers)
    assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json"
    assert as_json.json()["sessions"][0]["turns"][1]["text"] == SCRIPT_LINE
    as_csv = await client.get(path + "?format=csv", headers=headers)
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    assert (await client.get(path + "?format=xml", headers=headers)).status_code == 400


async def test_openapi_document_is_public(client):
    reply = await client.get("/api/v1/openapi.json")
    assert reply.status_code == 200 and reply.json()["openapi"].startswith("3.")


@pytest.mark.parametrize(
    "body, message",
    [
        (b"{not json", "malformed JSON"),
        (b"", "must be a JSON object"),
        (b"[1, 2]", "must be a JSON object"),
        (b'"text"', "must be a JSON object"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[" * 100_000, "malformed JSON"),
        (b'{"username": 5, "password": "x"}', "username"),
        (b'{"username": "alice", "password": null}', "password"),
        (b'{"username": "alice", "password": "x", "admin": true}', "admin"),
    ],
)
async def test_bad_login_bodies_are_400_with_a_message(client, body, message):
    reply = await client.post("/api/v1/login", content=body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 400, reply.text
    assert message in reply.json()["error"]["message"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"scenario_ref": 7}, "scenario_ref"),
        ({"scenario_ref": LIBRARY_ID, "due_date": "31/01/2030"}, "due_date"),
        ({"scenario_ref": LIBRARY_ID, "due_date": 20300131}, "due_date"),
        ({"scenario_ref": LIBRARY_ID, "client_label": ["a"]}, "client_label"),
        ({"scenario_ref": LIBRARY_ID, "instructions": "x" * 5000}, "instructions"),
        ({"scenario_ref": LIBRARY_ID, "instructions": "nul\x00"}, "instructions"),
        ({}, "scenario_ref"),
    ],
)
async def test_wrong_assignment_types_are_400_per_field(client, body, field):
    headers = await api_headers(client, "alice")
    reply = await client.post("/api/v1/assignments", json=body, headers=headers)
    assert reply.status_code == 400, reply.text
    assert field in [problem["field"] for problem in reply.json()["error"]["problems"]]


async def test_scenario_input_needs_exactly_one_form(client):
    headers = await api_headers(client, "alice")
    for body in ({}, {"yaml": "a: 1", "body": {}}, {"yaml": 3}, {"body": "text"}):
        reply = await client.post("/api/v1/custom-scenarios", json=body, headers=headers)
        assert reply.status_code == 400, body


async def test_yaml_aliases_are_refused(client):
    headers = await api_headers(client, "alice")
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n'
    reply = await client.post("/api/v1/custom-scenarios/validate", json={"yaml": bomb}, headers=headers)
    assert reply.status_code == 422
    assert "aliases" in reply.json()["error"]["problems"][0]["message"]


async def test_oversized_body_is_413_json(client):
    reply = await client.post("/api/v1/login", content=b"{" + b" " * 1_100_000 + b"}",
                              headers={"Content-Type": "application/json"})
    assert reply.status_code == 413
    assert reply.json()["error"]["status"] == 413


async def test_login_rate_limit(client):
    for _ in range(5):
        reply = await client.post("/api/v1/login", json={"username": "alice", "password": "wrong"})
        assert reply.status_code == 401
    blocked = await client.post("/api/v1/login", json={"username": "alice", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed logins" in blocked.json()["error"]["message"]
    assert int(blocked.headers["retry-after"]) > 0
    other = await client.post("/api/v1/login", json={"username": "bob", "password": PASSWORD})
    assert other.status_code == 200


async def test_unknown_api_route_is_json_404(client):
    reply = await client.get("/api/v1/nothing-here")
    assert reply.status_code == 404 and reply.json()["error"]["status"] == 404


async def test_database_outage_is_503_json_not_a_crash(tmp_path, monkeypatch):
    from support.portal_client import PortalClient, new_app

    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "never-migrated.db"))
    portal = PortalClient(new_app())
    try:
        reply = await portal.post("/api/v1/login", json={"username": "alice", "password": PASSWORD})
    finally:
        await portal.close()
    assert reply.status_code == 503
    assert "database is unavailable" in reply.json()["error"]["message"]
