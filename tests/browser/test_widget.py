"""The Rehearse chat widget and rasa-webchat in real headless Chromium, against the real running services.

Tests look at what a user sees and can do: visible text, roles, accessible names, focus, layout.
"""
from __future__ import annotations

import json
import re
from typing import List

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

STORAGE_PREFIX = "rehearse-widget:"
RISK_PHRASE = "honestly I just want to end my life"
ROLE_PLAY_LINES = [
    "You never listen to me and it's always about what you want.",
    "I feel torn saying this, and I need a quieter holiday this year.",
    "Could we visit on the weekend after instead?",
]
PREFERRED_SCENARIO = re.compile(r"holiday", re.I)
BLOCKING_IMPACTS = {"serious", "critical"}


class ChatWidget:
    """The widget as a user meets it on a page: a launcher button and a chat dialog."""

    def __init__(self, page: Page):
        self.page = page
        self.launcher = page.get_by_role("button", name="Practice chat")
        self.dialog = page.get_by_role("dialog", name="Rehearse")
        self.log = self.dialog.get_by_role("log", name="Conversation")
        self.input = self.dialog.get_by_role("textbox", name="Your message")
        self.controls = self.dialog.get_by_role("group", name="Role-play controls")
        self.crisis_panel = self.dialog.get_by_role("region", name="Support available now")
        self.characters = self.log.get_by_text(re.compile(r"^In character: "))

    def open(self) -> "ChatWidget":
        self.launcher.click()
        expect(self.dialog).to_be_visible()
        expect(self.input).to_be_focused()
        return self

    def choose(self, name) -> None:
        """Click the newest enabled choice button with this name."""
        self.log.get_by_role("button", name=name, exact=isinstance(name, str), disabled=False).last.click()

    def say(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def expect_text(self, text, timeout: float = 60_000) -> None:
        expect(self.log).to_contain_text(text, timeout=timeout)

    def say_line_and_wait_for_reply(self, text: str) -> None:
        before = self.characters.count()
        self.say(text)
        expect(self.characters).to_have_count(before + 1, timeout=60_000)

    def start_role_play(self) -> None:
        """Consent, pick the area and a scenario by button, answer the mood; wait for the opening line."""
        self.expect_text("practice tool")
        self.choose("I agree, let's start")
        self.choose("Setting a boundary")
        self.expect_text("Which one would you like?")
        scenarios = self.log.get_by_role("group", name="Choices").last.get_by_role("button", disabled=False)
        titles: List[str] = scenarios.all_inner_texts()
        assert titles, "no scenario buttons were offered"
        preferred = [title for title in titles if PREFERRED_SCENARIO.search(title)]
        self.choose(preferred[0] if preferred else titles[0])
        self.expect_text("how are you feeling right now")
        self.choose("5")
        expect(self.characters.first).to_be_visible(timeout=60_000)
        expect(self.controls).to_be_visible()

    def storage(self) -> dict:
        return self.page.evaluate(
            "(prefix) => Object.fromEntries(Object.keys(localStorage)"
            ".filter((key) => key.startsWith(prefix)).map((key) => [key, localStorage.getItem(key)]))",
            STORAGE_PREFIX,
        )


def open_demo(page: Page, portal_url: str) -> ChatWidget:
    page.goto(f"{portal_url}/demo")
    return ChatWidget(page).open()


def test_demo_page_shows_the_snippet_it_uses(page: Page, portal_url: str):
    page.goto(f"{portal_url}/demo")
    snippet = page.locator("#snippet").inner_text()
    assert snippet.startswith(f'<script src="{portal_url}/widget.js"') and "data-server=" in snippet, snippet
    used = page.evaluate("document.querySelector('script[src$=\"/widget.js\"]').outerHTML")
    assert used.replace('defer=""', "defer") == snippet, (used, snippet)  # the DOM writes `defer=""`


def test_whole_practice_by_buttons_with_tip_retry_end_and_debrief(page: Page, portal_url: str, screenshot):
    chat = open_demo(page, portal_url)
    chat.expect_text("practice tool")
    expect(chat.log.get_by_role("button", name="I agree, let's start")).to_be_visible()
    screenshot(page, "01-welcome")

    chat.start_role_play()
    # The counterpart speaks in character: its own label and bubble style, unlike coach messages.
    opening = chat.log.locator(".rw-counterpart").first
    coach = chat.log.locator(".rw-coach").first
    expect(opening.get_by_text(re.compile(r"^In character: \S"))).to_be_visible()
    background = "(node) => getComputedStyle(node.querySelector('.rw-bubble')).backgroundColor"
    assert opening.evaluate(background) != coach.evaluate(background)

    for line in ROLE_PLAY_LINES:
        chat.say_line_and_wait_for_reply(line)
    expect(chat.log.get_by_text(ROLE_PLAY_LINES[-1])).to_be_visible()
    screenshot(page, "02-role-play")

    chat.controls.get_by_role("button", name="Tip").click()
    chat.expect_text(re.compile(r"Tip: \S"))
    chat.controls.get_by_role("button", name="Try again").click()
    chat.expect_text("taken back")

    chat.controls.get_by_role("button", name="End").click()
    chat.expect_text(re.compile("debrief", re.I))
    chat.expect_text("How are you feeling now")
    expect(chat.controls).to_be_hidden()
    expect(chat.input).to_be_focused()  # focus did not vanish with the control bar
    expect(chat.log.get_by_role("button", name="7", exact=True, disabled=False)).to_be_visible()
    screenshot(page, "03-debrief")


def test_a_typed_mood_without_a_rating_is_asked_again_with_fresh_buttons(page: Page, portal_url: str, screenshot):
    chat = open_demo(page, portal_url)
    chat.expect_text("practice tool")
    chat.choose("I agree, let's start")
    chat.choose("Setting a boundary")
    chat.expect_text("Which one would you like?")
    chat.log.get_by_role("group", name="Choices").last.get_by_role("button", disabled=False).first.click()
    chat.expect_text("how are you feeling right now")
    chat.say("not sure really")
    chat.expect_text("Please choose a number from 0 (very low) to 10 (very good).")
    expect(chat.log.get_by_text("how are you feeling right now")).to_have_count(2)
    screenshot(page, "09-mood-asked-again")
    # Only the newest question's buttons can be used.
    expect(chat.log.get_by_role("button", name="6", exact=True, disabled=False)).to_have_count(1)
    chat.choose("6")
    expect(chat.characters.first).to_be_visible(timeout=60_000)


def test_crisis_panel_stays_visible_until_cleared(page: Page, portal_url: str, screenshot):
    chat = open_demo(page, portal_url)
    chat.start_role_play()
    chat.say(RISK_PHRASE)

    expect(chat.crisis_panel).to_be_visible(timeout=60_000)
    chat.expect_text("stepping out of the role-play")
    expect(chat.crisis_panel).to_contain_text("If you are in immediate danger")
    expect(chat.controls).to_be_hidden()

    chat.say("thank you")
    expect(chat.log.locator(".rw-user").last).to_have_text(re.compile("thank you"))
    chat.page.wait_for_timeout(1500)  # let any reply arrive
    expect(chat.crisis_panel).to_be_visible()
    box = chat.crisis_panel.bounding_box()
    assert box and box["height"] > 40 and box["y"] < chat.log.bounding_box()["y"], box
    screenshot(page, "04-crisis-panel")

    page.reload()
    chat = ChatWidget(page).open()
    expect(chat.crisis_panel).to_be_visible()
    expect(chat.crisis_panel).to_contain_text("If you are in immediate danger")


def test_clear_conversation_starts_a_fresh_session(page: Page, portal_url: str, screenshot):
    chat = open_demo(page, portal_url)
    chat.expect_text("practice tool")
    chat.say(RISK_PHRASE)
    expect(chat.crisis_panel).to_be_visible(timeout=60_000)
    old = chat.storage()
    old_session = old[STORAGE_PREFIX + "session"]
    assert RISK_PHRASE in old[STORAGE_PREFIX + "conversation"]

    chat.dialog.get_by_role("button", name="Clear conversation").click()

    expect(chat.dialog.get_by_role("status")).to_have_text(re.compile("Conversation cleared"))
    expect(chat.crisis_panel).to_be_hidden()
    expect(chat.log).not_to_contain_text(RISK_PHRASE)
    chat.expect_text("practice tool")  # the fresh session's welcome
    expect(chat.log.get_by_text("You said:")).to_have_count(0)
    new = chat.storage()
    assert set(new) <= {STORAGE_PREFIX + "session", STORAGE_PREFIX + "conversation"}, new
    assert new[STORAGE_PREFIX + "session"] != old_session
    assert old_session not in json.dumps(new) and RISK_PHRASE not in json.dumps(new)
    screenshot(page, "05-cleared")


def test_session_persists_with_the_country_on_every_message(page: Page, portal_url: str, stack):
    chat = open_demo(page, portal_url)
    chat.expect_text("practice tool")
    chat.choose("I agree, let's start")
    chat.expect_text("What would you like to practise?")
    session = chat.storage()[STORAGE_PREFIX + "session"]

    page.reload()  # the same conversation continues after a reload
    chat = ChatWidget(page).open()
    chat.expect_text("What would you like to practise?")
    chat.choose("Setting a boundary")
    chat.expect_text("Which one would you like?")
    assert chat.storage()[STORAGE_PREFIX + "session"] == session

    user_events = [event for event in stack.tracker(session)["events"] if event["event"] == "user"]
    assert [event["text"] for event in user_events][-2:] == ["/consent_agree", '/choose_area{"problem_area": "setting_boundaries"}']
    assert all(event["metadata"].get("country") == "GB" for event in user_events), user_events


def test_keyboard_only_use(page: Page, portal_url: str):
    page.goto(f"{portal_url}/demo")
    chat = ChatWidget(page)
    page.keyboard.press("Tab")
    expect(chat.launcher).to_be_focused()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(chat.dialog).to_be_visible()
    expect(chat.input).to_be_focused()
    expect(chat.launcher).to_have_attribute("aria-expanded", "true")
    chat.expect_text("practice tool")

    agree = chat.log.get_by_role("button", name="I agree, let's start")
    for _ in range(12):  # back from the input through the choices, by keyboard alone
        page.keyboard.press("Shift+Tab")
        if agree.evaluate("(node) => node.getRootNode().activeElement === node"):
            break
    expect(agree).to_be_focused()
    outline = agree.evaluate("(node) => getComputedStyle(node).outlineStyle")
    assert outline != "none", "the focused button has no visible focus outline"
    page.keyboard.press("Enter")
    chat.expect_text("What would you like to practise?")

    page.keyboard.press("Escape")
    expect(chat.dialog).to_be_hidden()
    expect(chat.launcher).to_be_focused()


def test_homework_code_is_the_first_message(page: Page, portal_url: str):
    page.goto(f"{portal_url}/demo?code=abcd-efgh")
    expect(page.locator("#snippet")).to_contain_text('data-code="ABCD-EFGH"')
    chat = ChatWidget(page).open()
    expect(chat.log.get_by_text("You said:")).to_have_count(1)
    expect(chat.log.get_by_text("my homework code is ABCD-EFGH")).to_be_visible()
    expect(chat.log.get_by_role("button", name=re.compile("I agree"))).to_be_visible(timeout=60_000)


def test_light_theme_colour_keeps_readable_contrast(audit_page: Page, portal_url: str):
    page = audit_page
    page.goto(f"{portal_url}/demo?color=%23ffd400")
    chat = ChatWidget(page).open()
    chat.expect_text("practice tool")
    assert not run_axe(page, portal_url, "yellow theme")


def test_phone_screen(phone_page: Page, portal_url: str, screenshot):
    chat = open_demo(phone_page, portal_url)
    chat.expect_text("practice tool")
    agree = chat.log.get_by_role("button", name="I agree, let's start")
    agree.scroll_into_view_if_needed()
    screenshot(phone_page, "06-phone")

    viewport = phone_page.viewport_size
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"horizontal scroll of {overflow} px"
    window = chat.dialog.bounding_box()
    assert window["width"] == viewport["width"] and window["height"] == viewport["height"], window
    for element in (chat.input, chat.dialog.get_by_role("button", name="Send"), agree,
                    chat.dialog.get_by_role("button", name="Clear conversation"),
                    chat.dialog.get_by_role("button", name="Close chat")):
        expect(element).to_be_in_viewport()
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box

    chat.say(RISK_PHRASE)
    expect(chat.crisis_panel).to_be_visible(timeout=60_000)
    expect(chat.input).to_be_in_viewport()
    panel = chat.crisis_panel.bounding_box()
    assert panel["height"] <= viewport["height"] / 2, panel  # the conversation stays usable below it
    screenshot(phone_page, "08-phone-crisis")


def run_axe(page: Page, portal_url: str, label: str) -> list:
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(url=f"{portal_url}/static/widget/vendor/axe-core/axe.min.js")
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then((r) => r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length})))"
    )
    print(f"axe-core ({label}): {len(result)} violation(s)")
    for violation in result:
        print(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['nodes']} node(s))")
    return [violation for violation in result if violation["impact"] in BLOCKING_IMPACTS]


def test_axe_finds_no_serious_violations(audit_page: Page, portal_url: str):
    page = audit_page
    chat = open_demo(page, portal_url)
    chat.expect_text("practice tool")
    blocking = run_axe(page, portal_url, "welcome")
    chat.start_role_play()
    chat.say_line_and_wait_for_reply(ROLE_PLAY_LINES[0])
    blocking += run_axe(page, portal_url, "role-play")
    chat.say(RISK_PHRASE)
    expect(chat.crisis_panel).to_be_visible(timeout=60_000)
    blocking += run_axe(page, portal_url, "crisis panel")
    assert not blocking, blocking


def test_rasa_webchat_holds_a_conversation(page: Page, portal_url: str, screenshot):
    page.goto(f"{portal_url}/webchat-demo")
    launcher = page.locator(".rw-launcher")
    expect(launcher).to_be_visible(timeout=60_000)  # rasa-webchat shows it once the socket is confirmed
    launcher.click()
    messages = page.locator(".rw-messages-container")
    expect(messages).to_contain_text("practice tool", timeout=60_000)
    # rasa-webchat renders quick replies as clickable <div>s, not buttons.
    messages.get_by_text("I agree, let's start", exact=True).click()
    expect(messages).to_contain_text("What would you like to practise?", timeout=60_000)
    expect(messages.get_by_text("Setting a boundary", exact=True)).to_be_visible()
    screenshot(page, "07-rasa-webchat")
