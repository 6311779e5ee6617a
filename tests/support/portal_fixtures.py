"""Pytest fixtures for portal tests (import them into a test module): a migrated database with the
two-therapist world, and an in-process client for a fresh app bound to it."""
from __future__ import annotations

from typing import AsyncIterator, Dict

import pytest

from support.portal_client import PortalClient, new_app
from support.portal_world import CSRF_INPUT, PASSWORD, World, build_world


@pytest.fixture
def world(migrated_url: str, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    monkeypatch.setenv("REHEARSE_PORTAL_URL", "https://portal.example")
    return build_world(migrated_url)


@pytest.fixture
async def client(world: World) -> AsyncIterator[PortalClient]:
    portal = PortalClient(new_app())
    try:
        yield portal
    finally:
        await portal.close()


async def api_headers(client: PortalClient, username: str) -> Dict[str, str]:
    reply = await client.post("/api/v1/login", json={"username": username, "password": PASSWORD})
    assert reply.status_code == 200, reply.text
    return {"Authorization": "Bearer " + reply.json()["token"]}


async def csrf_from(client: PortalClient, path: str) -> str:
    page = await client.get(path)
    assert page.status_code == 200, page.text
    return CSRF_INPUT.search(page.text).group(1)


async def dashboard_login(client: PortalClient, username: str) -> str:
    """Log in through the form; returns the CSRF token for later forms."""
    token = await csrf_from(client, "/dashboard/login")
    reply = await client.post(
        "/dashboard/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
    )
    assert reply.status_code == 303, reply.text
    assert reply.headers["location"] == "/dashboard"
    return token
