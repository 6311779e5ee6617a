"""The widget blueprint: the bundled script, the demo snippet (escaped, validated) and the demo pages' policy."""
from __future__ import annotations

import html
import uuid
from typing import AsyncIterator

import pytest
from sanic import Sanic

from rehearse.portal.widget import embed_snippet, page_policy, widget_blueprint, widget_script
from support.portal_client import PortalClient

RASA_URL = "http://127.0.0.1:5005"


@pytest.fixture
async def client() -> AsyncIterator[PortalClient]:
    Sanic.test_mode = True  # several apps per run
    app = Sanic("widget_test_" + uuid.uuid4().hex[:8])
    app.config.RASA_URL = RASA_URL
    app.blueprint(widget_blueprint)
    portal = PortalClient(app)
    try:
        yield portal
    finally:
        await portal.close()


def test_widget_script_bundles_socket_io_without_a_global():
    script = widget_script()
    assert "Socket.IO v4" in script and "var io = module.exports;" in script
    assert script.index("Socket.IO v4") < script.index("class RehearseWidget")
    assert "sourceMappingURL" not in script


async def test_widget_js_and_css_are_served(client):
    js = await client.get("/widget.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("application/javascript")
    assert js.headers["access-control-allow-origin"] == "*"
    css = await client.get("/widget.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert ".rw-launcher" in css.text


async def test_demo_shows_the_snippet_it_uses(client):
    page = await client.get("/demo?country=ie&code=abcd-efgh&color=%23123456")
    assert page.status_code == 200
    tag = 'data-country="IE" data-code="ABCD-EFGH" data-color="#123456" defer></script>'
    assert tag in page.text
    assert html.escape(tag, quote=False).replace('"', "&#34;") in page.text
    assert f"connect-src 'self' {RASA_URL} ws://127.0.0.1:5005" in page.headers["content-security-policy"]


@pytest.mark.parametrize(
    "query",
    ['color="><script>alert(1)</script>', "country=<b>", "code=ABCD-EFGH\"onload=\"x", "color=red"],
)
async def test_demo_ignores_invalid_settings(client, query):
    page = await client.get("/demo?" + query)
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<b>" not in page.text and "onload" not in page.text
    assert 'data-country="GB"' in page.text and 'data-color="#0b57d0"' in page.text
    assert 'data-code="' not in page.text


def test_snippet_escapes_every_value():
    snippet = str(embed_snippet('https://p"><x>', {"server": "https://r\"'<>", "code": ""}))
    assert "<x>" not in snippet and "'<>" not in snippet
    assert "data-code" not in snippet


async def test_webchat_demo_page_uses_the_vendored_bundle(client):
    page = await client.get("/webchat-demo?country=us")
    assert page.status_code == 200
    assert '<script src="/static/widget/vendor/rasa-webchat/webchat.js"></script>' in page.text
    assert f'data-server="{RASA_URL}" data-country="US"' in page.text
    assert "'unsafe-inline'" in page.headers["content-security-policy"]


def test_page_policy_allows_secure_websockets_for_https():
    policy = page_policy("https://rasa.example.org")["Content-Security-Policy"]
    assert "https://rasa.example.org wss://rasa.example.org" in policy
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy
