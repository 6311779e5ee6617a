"""Therapist A gets 404 on every one of therapist B's resources, on every API and dashboard route.

The routes come from the app's router, so a new route with an id in its path is covered (or, with a
new kind of id, makes this test fail until it is added to RESOURCE_PARAMS).
"""
from __future__ import annotations

import re
from typing import Dict, Iterator, Tuple

import pytest

from rehearse.portal.custom_scenarios import CustomScenarios
from support.portal_fixtures import api_headers, client, dashboard_login, world  # noqa: F401
from support.portal_world import scenario_body

PARAM = re.compile(r"<(\w+):\w+>")
RESOURCE_PARAMS = ("client_id", "session_id", "assignment_id", "scenario_id")
pytestmark = pytest.mark.usefixtures("world")


def resource_routes(app) -> Iterator[Tuple[str, str]]:
    """(method, path pattern) of every portal route that names a resource."""
    for route in app.router.routes:
        path = "/" + route.path
        if path.startswith(("/api/", "/dashboard")) and PARAM.search(path):
            for method in sorted(route.methods):
                yield method, path


def fill(path: str, ids: Dict[str, object]) -> str:
    def value(match: re.Match) -> str:
        assert match.group(1) in RESOURCE_PARAMS, "new route parameter %s: add it to this test" % match.group(1)
        return str(ids[match.group(1)])

    return PARAM.sub(value, path)


async def call(client, method: str, path: str, api_auth: dict, csrf: str):
    if path.startswith("/api/"):
        body = {"body": scenario_body("put-probe", "Probe")} if method == "PUT" else None
        return await client.request(method, path, headers=api_auth, json=body)
    data = {"csrf_token": csrf, "yaml": "", "action": "preview"} if method == "POST" else None
    return await client.request(method, path, data=data)


async def test_every_resource_route_hides_other_therapists_resources(client, world):
    routes = sorted(set(resource_routes(client.app)))
    assert len(routes) >= 14, routes  # 8 API and 6 dashboard routes when written
    api_auth = await api_headers(client, "alice")
    csrf = await dashboard_login(client, "alice")
    for method, pattern in routes:
        path = fill(pattern, world.ids["bob"])
        reply = await call(client, method, path, api_auth, csrf)
        assert reply.status_code in (403, 404), (method, path, reply.status_code, reply.text[:200])
        assert "bob" not in reply.text.lower(), (method, path)
    bob_scenario = CustomScenarios(world.url).get(world.therapists["bob"].id, world.ids["bob"]["scenario_id"])
    assert bob_scenario.retired_at is None and bob_scenario.title == "bob's <b>own</b> scenario"


async def test_the_same_routes_work_for_the_owner(client, world):
    """The control: with A's own ids the very same requests succeed, so the 404s above mean 'not yours'."""
    api_auth = await api_headers(client, "alice")
    csrf = await dashboard_login(client, "alice")
    for method, pattern in sorted(set(resource_routes(client.app)), key=lambda item: item[0] == "DELETE"):
        path = fill(pattern, world.ids["alice"])
        reply = await call(client, method, path, api_auth, csrf)
        assert reply.status_code in (200, 201, 303, 422), (method, path, reply.status_code, reply.text[:300])


async def test_lists_only_show_own_resources(client, world):
    api_auth = await api_headers(client, "bob")
    for path in ("/api/v1/clients", "/api/v1/assignments", "/api/v1/risk-flags", "/api/v1/custom-scenarios"):
        text = (await client.get(path, headers=api_auth)).text
        assert world.ids["alice"]["session_id"] not in text
        assert "alice" not in text, path
    clients = (await client.get("/api/v1/clients", headers=api_auth)).json()
    assert [item["id"] for item in clients] == [world.ids["bob"]["client_id"]]


@pytest.mark.parametrize("bad_id", ["0", "-1", "99999999999999999999", "abc"])
async def test_impossible_ids_are_404_not_errors(client, bad_id):
    api_auth = await api_headers(client, "alice")
    for path in ("/api/v1/clients/%s", "/api/v1/assignments/%s", "/api/v1/custom-scenarios/%s", "/api/v1/sessions/%s"):
        reply = await client.get(path % bad_id, headers=api_auth)
        assert reply.status_code == 404, path % bad_id
    long_id = await client.get("/api/v1/sessions/" + "x" * 500, headers=api_auth)
    assert long_id.status_code == 404
