"""Browser fixtures: Debian's headless Chromium driven by Playwright, against the real running services.

The services come from the integration suite's `stack` fixture (Rasa server, action server, portal).
Every page records each request and WebSocket it opens; a test fails if anything left the loopback host.
"""
from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator, List
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from rehearse.run import PROJECT_ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def portal_url(stack) -> str:
    """The real portal process of the stack; it must serve the widget blueprint."""
    try:
        urllib.request.urlopen(f"{stack.portal_url}/widget.js", timeout=10).close()
    except urllib.error.URLError as error:
        pytest.fail(f"the portal does not serve /widget.js ({error}): register widget_blueprint in create_app()")
    return stack.portal_url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the browser tests, closed after them: Playwright's sync API keeps an event loop
    running while it is open, which would break the asyncio tests that run later in the same session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-packages.sh (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _open_page(browser: Browser, viewport: dict, bypass_csp: bool = False) -> Iterator[Page]:
    """A page in a fresh context (empty localStorage) that fails the test on any non-loopback address
    and on any console error (script errors, failed loads, Content-Security-Policy violations)."""
    context = browser.new_context(viewport=viewport, bypass_csp=bypass_csp)
    context.set_default_timeout(60_000)
    page = context.new_page()
    outside: List[str] = []
    errors: List[str] = []

    def check(url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            outside.append(url)

    page.on("request", lambda request: check(request.url))
    page.on("websocket", lambda socket: check(socket.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Console errors include Content-Security-Policy violations and failed loads.
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        yield page
    finally:
        context.close()
    assert not outside, f"the page loaded from outside the machine: {outside}"
    assert not errors, f"errors in the browser console: {errors}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _open_page(browser, DESKTOP)


@pytest.fixture
def audit_page(browser: Browser) -> Iterator[Page]:
    """For axe-core, which the test injects and which sets inline styles the demo page's policy forbids."""
    yield from _open_page(browser, DESKTOP, bypass_csp=True)


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    yield from _open_page(browser, PHONE)


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return take
