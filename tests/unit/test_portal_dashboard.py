"""The dashboard: every page's happy path, escaping of user text, CSRF, login throttling, headers."""
from __future__ import annotations

import re

import pytest
import yaml

from rehearse.portal.custom_scenarios import CustomScenarios
from rehearse.portal.security import STRICT_CSP
from support.portal_fixtures import client, csrf_from, dashboard_login, world  # noqa: F401
from support.portal_world import LIBRARY_ID, PASSWORD, SCRIPT_LINE, scenario_body

pytestmark = pytest.mark.usefixtures("world")


def assert_inert(html: str) -> None:
    """No user-written markup survived: only our own tags appear."""
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html and "<i>" not in html


async def test_pages_need_login(client, world):
    for path in ("/dashboard", "/dashboard/assignments", "/dashboard/clients/%d" % world.ids["alice"]["client_id"]):
        reply = await client.get(path)
        assert reply.status_code == 303 and reply.headers["location"] == "/dashboard/login"


async def test_login_page_sets_strict_headers_and_csrf_cookie(client):
    reply = await client.get("/dashboard/login")
    assert reply.headers["content-security-policy"] == STRICT_CSP
    assert "frame-ancestors 'none'" in STRICT_CSP and "unsafe-inline" not in STRICT_CSP
    assert reply.headers["x-frame-options"] == "DENY"
    assert reply.headers["referrer-policy"] == "no-referrer"
    assert reply.headers["x-content-type-options"] == "nosniff"
    cookie = reply.headers["set-cookie"]
    assert "rehearse_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "<script" not in reply.text and "style=" not in reply.text


async def test_session_cookie_flags_and_logout(client):
    token = await csrf_from(client, "/dashboard/login")
    reply = await client.post("/dashboard/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token})
    cookie = [value for key, value in reply.headers.multi_items() if key == "set-cookie"][0]
    assert cookie.startswith("rehearse_session=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # plain http in the test; https requests get Secure
    assert (await client.get("/dashboard")).status_code == 200
    logout = await client.post("/dashboard/logout", data={"csrf_token": token})
    assert logout.status_code == 303
    assert (await client.get("/dashboard")).status_code == 303


async def test_tampered_session_cookie_is_not_accepted(client):
    await dashboard_login(client, "alice")
    value = client.http.cookies.get("rehearse_session")
    token, _, signature = value.rpartition(".")
    client.http.cookies.clear()
    good = await client.get("/dashboard", headers={"Cookie": "rehearse_session=" + value})
    assert good.status_code == 200
    for forged in (token, token + ".", token + "." + signature[::-1], "x" + value):
        reply = await client.get("/dashboard", headers={"Cookie": "rehearse_session=" + forged})
        assert reply.status_code == 303, forged


async def test_overview_lists_clients_assignments_and_risk_banner(client, world):
    await dashboard_login(client, "alice")
    page = (await client.get("/dashboard")).text
    assert 'class="risk-banner" role="alert"' in page
    assert "self_harm" in page
    assert "/dashboard/clients/%d" % world.ids["alice"]["client_id"] in page
    assert "/dashboard/clients/%d" % world.ids["bob"]["client_id"] not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'status-started' in page
    assert_inert(page)


async def test_client_page_has_trends_chart_sessions_and_exports(client, world):
    await dashboard_login(client, "alice")
    ids = world.ids["alice"]
    page = (await client.get("/dashboard/clients/%d" % ids["client_id"])).text
    assert page.count("<svg") == 2 and page.count("<circle") == 4  # one session: a point per series
    assert "Mood before and after" in page
    assert "/dashboard/sessions/" + ids["session_id"] in page
    assert "export?format=csv" in page and "export?format=json" in page
    assert "3 → 6 (+3)" in page
    assert_inert(page)


async def test_session_page_highlights_findings_and_escapes_text(client, world):
    await dashboard_login(client, "alice")
    page = (await client.get("/dashboard/sessions/" + world.ids["alice"]["session_id"])).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; " in page
    assert '<mark class="f-feeling_expressed" title="feeling_expressed (feel)">I feel hurt</mark>' in page
    # "you never" (you_blame) contains "never" (absolute): nested, properly closed marks.
    assert ('<mark class="f-you_blame" title="you_blame (you-never)">you </mark>'
            '<mark class="f-you_blame" title="you_blame (you-never)"><mark class="f-absolute" '
            'title="absolute (never)">never</mark></mark>') in page
    assert "Debrief" in page and "They did not hear you." in page
    assert "3 → 6" in page and "(+3)" in page
    assert 'class="risk-banner"' in page
    assert "&lt;b&gt;Fine&lt;/b&gt;" in page
    assert "'=HYPERLINK" not in page and "=HYPERLINK(&#34;http://evil.example&#34;" in page
    assert_inert(page)


async def test_dashboard_export_download(client, world):
    await dashboard_login(client, "alice")
    path = "/dashboard/clients/%d/export" % world.ids["alice"]["client_id"]
    csv_reply = await client.get(path + "?format=csv")
    assert csv_reply.status_code == 200 and csv_reply.headers["content-type"].startswith("text/csv")
    json_reply = await client.get(path + "?format=json")
    assert "<script>" not in json_reply.text and json_reply.json()["sessions"][0]["turns"][1]["text"] == SCRIPT_LINE


async def test_create_assignment_shows_code_once(client):
    token = await dashboard_login(client, "alice")
    form = await client.get("/dashboard/assignments")
    assert 'value="%s"' % LIBRARY_ID in form.text
    reply = await client.post("/dashboard/assignments", data={
        "csrf_token": token, "scenario_ref": LIBRARY_ID, "client_label": "<b>Sam</b>", "instructions": "Do it",
        "due_date": "2030-02-01",
    })
    assert reply.status_code == 201, reply.text
    code = re.search(r'<p class="code">([A-Z0-9]{4}-[A-Z0-9]{4})</p>', reply.text).group(1)
    assert "https://portal.example/demo?code=" + code in reply.text
    assert "&lt;b&gt;Sam&lt;/b&gt;" in reply.text
    listing = (await client.get("/dashboard/assignments")).text
    assert "&lt;b&gt;Sam&lt;/b&gt;" in listing and code not in listing


async def test_create_assignment_problems_are_shown_per_field(client):
    token = await dashboard_login(client, "alice")
    reply = await client.post("/dashboard/assignments", data={
        "csrf_token": token, "scenario_ref": LIBRARY_ID, "due_date": "tomorrow",
    })
    assert reply.status_code == 400
    assert "<code>due_date</code>: must be a date written YYYY-MM-DD" in reply.text


async def test_scenario_pages_preview_save_edit_retire(client, world):
    token = await dashboard_login(client, "alice")
    listing = (await client.get("/dashboard/scenarios")).text
    assert "alice&#39;s &lt;b&gt;own&lt;/b&gt; scenario" in listing
    assert "bob&#39;s" not in listing
    started = (await client.get("/dashboard/scenarios/new?from=" + LIBRARY_ID)).text
    assert "id: " + LIBRARY_ID in started

    text = yaml.safe_dump(scenario_body("dash-made", "<script>x</script> Dash"), sort_keys=False)
    preview = await client.post("/dashboard/scenarios", data={"csrf_token": token, "yaml": text, "action": "preview"})
    assert preview.status_code == 200 and "Preview: &lt;script&gt;x&lt;/script&gt; Dash" in preview.text
    saved = await client.post("/dashboard/scenarios", data={"csrf_token": token, "yaml": text, "action": "save"})
    assert saved.status_code == 303
    location = saved.headers["location"]
    view = (await client.get(location)).text
    assert "id: dash-made" in view and "<script>x" not in view

    broken = text.replace("difficulty: tough", "difficulty: brutal")
    invalid = await client.post(location, data={"csrf_token": token, "yaml": broken, "action": "save"})
    assert invalid.status_code == 422
    assert "<code>scenario: difficulty</code>" in invalid.text

    retired = await client.post(location + "/retire", data={"csrf_token": token})
    assert retired.status_code == 303
    assert "retired" in (await client.get(location)).text


async def test_post_without_or_with_a_wrong_csrf_token_is_403(client, world):
    token = await dashboard_login(client, "alice")
    scenario_path = "/dashboard/scenarios/%d" % world.ids["alice"]["scenario_id"]
    for path, data in (
        ("/dashboard/assignments", {"scenario_ref": LIBRARY_ID}),
        (scenario_path + "/retire", {}),
        ("/dashboard/logout", {}),
    ):
        missing = await client.post(path, data=data)
        assert missing.status_code == 403, path
        wrong = await client.post(path, data={**data, "csrf_token": token[:-3] + "xyz"})
        assert wrong.status_code == 403, path
    scenario = CustomScenarios(world.url).get(world.therapists["alice"].id, world.ids["alice"]["scenario_id"])
    assert scenario.retired_at is None


async def test_login_form_needs_csrf_token(client):
    await client.get("/dashboard/login")
    reply = await client.post("/dashboard/login", data={"username": "alice", "password": PASSWORD})
    assert reply.status_code == 403


async def test_dashboard_login_rate_limit(client):
    token = await csrf_from(client, "/dashboard/login")
    for _ in range(5):
        reply = await client.post("/dashboard/login", data={"username": "alice", "password": "no", "csrf_token": token})
        assert reply.status_code == 401 and "Wrong username or password." in reply.text
    blocked = await client.post("/dashboard/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token})
    assert blocked.status_code == 429 and "Too many failed logins" in blocked.text


async def test_unknown_dashboard_page_is_404_with_strict_headers(client):
    await dashboard_login(client, "alice")
    reply = await client.get("/dashboard/nothing")
    assert reply.status_code == 404
    assert reply.headers["content-security-policy"] == STRICT_CSP


async def test_other_pages_keep_their_own_policy(client):
    reply = await client.get("/health")
    assert reply.status_code == 200
    assert "content-security-policy" not in reply.headers
    assert reply.headers["x-content-type-options"] == "nosniff"
