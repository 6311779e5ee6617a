"""Bad input against the real servers: REST and socket.io (Rasa) and the portal's JSON API.

Every bad input is refused or handled with a clear message and never a 5xx, and the service still answers
a normal request right after it. Limits (docs/security.md): chat messages 2,000 characters, metadata
8 KB, Rasa request bodies 256 KB, portal request bodies 1 MB.
"""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
import socketio

from components.message_limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, MAX_METADATA_BYTES
from rehearse.portal.install import MAX_REQUEST_BYTES
from support.stack import texts

pytestmark = pytest.mark.integration

REHEARSE = str(Path(sys.executable).parent / "rehearse")
REPLY_TIMEOUT = 60
LONG_TEXT = ("I feel fine about the holidays this year. " * 2_500).strip()  # about 100 KB
RISKY_ENDING = " Honestly, I want to kill myself."
GREETING = "practice tool"  # in the welcome message


def post(url: str, body: bytes, headers: Optional[Dict[str, str]] = None) -> Tuple[int, Any]:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=REPLY_TIMEOUT) as reply:
            return reply.status, _decoded(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, _decoded(error.read())


def get(url: str, headers: Optional[Dict[str, str]] = None) -> Tuple[int, Any]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=REPLY_TIMEOUT) as reply:
            return reply.status, _decoded(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, _decoded(error.read())


def _decoded(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def as_json(payload: Any) -> bytes:
    return json.dumps(payload).encode("utf-8")


# -- REST --------------------------------------------------------------------------------------------


def rest(stack, body: bytes) -> Tuple[int, Any]:
    return post(f"{stack.rasa_url}/webhooks/rest/webhook", body)


def assert_still_answers(stack) -> None:
    """A fresh conversation gets the normal welcome: the server is not wedged."""
    replies = stack.say(f"after-{uuid.uuid4().hex[:8]}", "hi")
    assert any(GREETING in text for text in texts(replies)), replies


REFUSED_REST_BODIES = {
    "malformed JSON": (b'{"sender": "x", "message": ', "parsing body as json"),
    "not JSON": (b"hello there", "parsing body as json"),
    "invalid UTF-8": (b'{"sender": "x", "message": "\xff\xfe hi"}', "parsing body as json"),
    "a list": (as_json(["hi"]), "must be a JSON object"),
    "wrong types": (as_json({"sender": 5, "message": ["x"]}), '"sender" must be a string'),
    "message a list": (as_json({"sender": "x", "message": ["x"]}), '"message" must be a string'),
    "message a number": (as_json({"sender": "x", "message": 5}), '"message" must be a string'),
    "no sender": (as_json({"message": "hi"}), '"sender" is required'),
    "sender too long": (as_json({"sender": "s" * 500, "message": "hi"}), '"sender" must be 1 to 128'),
    "metadata not an object": (as_json({"sender": "x", "message": "hi", "metadata": [1]}), '"metadata" must be an object'),
    "metadata string not JSON": (as_json({"sender": "x", "message": "hi", "metadata": "{oops"}), "not JSON"),
    "metadata over 8 KB": (
        as_json({"sender": "x", "message": "hi", "metadata": {"note": "m" * MAX_METADATA_BYTES}}),
        f"the limit is {MAX_METADATA_BYTES}",
    ),
}


@pytest.mark.parametrize("name", list(REFUSED_REST_BODIES))
def test_rest_refuses_malformed_requests_with_a_400_and_a_reason(stack, name):
    body, reason = REFUSED_REST_BODIES[name]
    status, reply = rest(stack, body)
    assert status == 400, (status, reply)
    assert reason in reply["message"], reply
    assert_still_answers(stack)


def test_rest_refuses_a_body_over_the_size_limit_with_413(stack):
    metadata = {"country": "GB", "padding": "p" * 1_000_000}  # 1 MB of metadata
    status, reply = rest(stack, as_json({"sender": "big", "message": "hi", "metadata": metadata}))
    assert status == 413, (status, reply)
    assert "size limit" in reply["message"]
    assert MAX_BODY_BYTES < 1_000_000
    assert_still_answers(stack)


@pytest.mark.parametrize(
    "message",
    ["", "   ", "\n\t", "<script>alert(1)</script><b>hi</b>", "hi\x00\x1b[31m\x07", "🙄🙄 שלום مرحبا \u202eyou", "hi \ud800"],
    ids=["empty", "spaces", "whitespace", "html", "control", "emoji-rtl", "lone-surrogate"],
)
def test_rest_answers_odd_messages_normally(stack, sender, message):
    status, replies = rest(stack, json.dumps({"sender": sender, "message": message}).encode("utf-8"))
    assert status == 200, (status, replies)
    assert replies and all(reply["recipient_id"] == sender and reply.get("text") for reply in replies), replies
    stored = [event["text"] for event in stack.tracker(sender)["events"] if event["event"] == "user"]
    assert stored and all("\x00" not in text and "\ud800" not in text for text in stored), stored
    assert_still_answers(stack)


def test_an_unknown_sender_simply_starts_a_new_conversation(stack):
    sender = "never-seen-" + uuid.uuid4().hex
    assert any(GREETING in text for text in texts(stack.say(sender, "hello")))
    assert stack.tracker(sender)["sender_id"] == sender


def test_a_100_kb_message_is_refused_with_the_limit_and_changes_nothing(stack, sender):
    stack.say(sender, "hi")
    events_before = len(stack.tracker(sender)["events"])
    status, replies = rest(stack, as_json({"sender": sender, "message": LONG_TEXT}))
    assert status == 200, (status, replies)
    assert texts(replies) == [
        f"That message is too long for me to read ({len(LONG_TEXT):,} characters; the limit is {MAX_MESSAGE_CHARS:,}). "
        "Please send it again in shorter parts."
    ]
    assert len(stack.tracker(sender)["events"]) == events_before  # not stored, not classified
    assert texts(stack.say(sender, "x" * MAX_MESSAGE_CHARS))  # exactly at the limit is read
    assert_still_answers(stack)


def test_a_100_kb_message_with_a_risk_phrase_at_the_end_still_gets_the_crisis_reply(stack, sender):
    stack.say(sender, "hi")
    replies = texts(stack.say(sender, LONG_TEXT + RISKY_ENDING, metadata={"country": "GB"}))
    assert any("your safety matters" in text for text in replies), replies
    assert "only read part of it" in replies[-1]
    user_turns = [event for event in stack.tracker(sender)["events"] if event["event"] == "user"]
    assert user_turns[-1]["parse_data"]["intent"]["name"] == "risk_disclosure"
    assert len(user_turns[-1]["text"]) <= MAX_MESSAGE_CHARS and "kill myself" in user_turns[-1]["text"]


def test_the_client_cannot_choose_the_input_channel(stack, sender):
    status, _ = rest(stack, as_json({"sender": sender, "message": "hi", "input_channel": "socketio"}))
    assert status == 200
    assert stack.tracker(sender)["latest_input_channel"] == "rest"


# -- socket.io ---------------------------------------------------------------------------------------


class SocketChat:
    """A python-socketio client on Rasa's socket.io channel (polling: no websocket frame-size limit)."""

    def __init__(self, stack) -> None:
        self.replies: "queue.Queue[dict]" = queue.Queue()
        self.confirmed: "queue.Queue[str]" = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self.replies.put)
        self.client.on("session_confirm", self.confirmed.put)
        self.client.connect(stack.rasa_url, transports=["polling"], socketio_path="socket.io", wait_timeout=30)
        self.session_id = ""

    def start_session(self, request: Any) -> str:
        self.client.emit("session_request", request)
        self.session_id = self.confirmed.get(timeout=REPLY_TIMEOUT)
        return self.session_id

    def send(self, data: Any) -> None:
        self.client.emit("user_uttered", data)

    def say(self, message: str, **extra: Any) -> None:
        self.send({"message": message, "session_id": self.session_id, **extra})

    def next_text(self) -> str:
        return self.replies.get(timeout=REPLY_TIMEOUT).get("text", "")

    def drain(self, quiet_s: float = 2.0) -> List[str]:
        """Every reply to the last message: the first within REPLY_TIMEOUT, then until quiet."""
        received = [self.next_text()]
        while True:
            try:
                received.append(self.replies.get(timeout=quiet_s).get("text", ""))
            except queue.Empty:
                return received

    def texts_until(self, fragment: str) -> List[str]:
        received = [self.next_text()]
        while fragment not in received[-1]:
            received.append(self.next_text())
        return received

    def close(self) -> None:
        self.client.disconnect()


@pytest.fixture
def chat(stack):
    client = SocketChat(stack)
    try:
        yield client
    finally:
        client.close()


@pytest.mark.parametrize("request_data", ["a string", 5, ["x"], {"session_id": {"a": 1}}, {"session_id": "s" * 500}, None])
def test_socketio_a_bad_session_request_gets_a_fresh_random_session(chat, request_data):
    session_id = chat.start_session(request_data)
    assert isinstance(session_id, str) and len(session_id) == 32 and session_id != "s" * 500
    chat.say("hi")
    assert any(GREETING in text for text in chat.texts_until(GREETING))


BAD_SOCKET_EVENTS = {
    "no data": (None, "a message must be an object"),
    "not an object": ("just text", "a message must be an object"),
    "message a list": ({"message": ["x"]}, '"message" must be a string'),
    "no session id": ({"message": "hi"}, "send session_request first"),
    "metadata not JSON": ({"message": "hi", "customData": "{oops"}, "not JSON"),
    "metadata over 8 KB": ({"message": "hi", "customData": {"pad": "m" * MAX_METADATA_BYTES}}, "the limit is 8192"),
}


@pytest.mark.parametrize("name", list(BAD_SOCKET_EVENTS))
def test_socketio_a_bad_message_event_is_answered_with_the_reason(chat, name):
    data, reason = BAD_SOCKET_EVENTS[name]
    chat.start_session({"session_id": uuid.uuid4().hex})
    if isinstance(data, dict) and "message" in data and name != "no session id":
        data = {**data, "session_id": chat.session_id}
    chat.send(data)
    assert reason in chat.next_text()
    chat.say("hi")
    assert any(GREETING in text for text in chat.texts_until(GREETING))


def test_socketio_odd_and_over_long_messages(chat):
    chat.start_session({"session_id": uuid.uuid4().hex})
    chat.say("hi")
    assert any(GREETING in text for text in chat.drain())
    chat.say("\x00\x1b[31m <script>alert(1)</script> 🙄 שלום \u202e", customData={"country": "GB"})
    assert all(text for text in chat.drain())
    chat.say(LONG_TEXT)
    assert chat.drain() == [
        f"That message is too long for me to read ({len(LONG_TEXT):,} characters; the limit is {MAX_MESSAGE_CHARS:,}). "
        "Please send it again in shorter parts."
    ]
    chat.say(LONG_TEXT + RISKY_ENDING, customData={"country": "GB"})
    crisis = chat.texts_until("only read part of it")
    assert any("your safety matters" in text for text in crisis), crisis


def test_socketio_a_frame_over_the_transport_limit_does_not_take_the_server_down(stack):
    big = SocketChat(stack)
    big.start_session({"session_id": uuid.uuid4().hex})
    try:
        big.say("hi", customData={"padding": "p" * 1_200_000})  # over engine.io's 1 MB buffer
    except Exception:  # noqa: BLE001 - the transport may refuse the frame; the server must stay up
        pass
    finally:
        big.close()
    fresh = SocketChat(stack)
    try:
        fresh.start_session({"session_id": uuid.uuid4().hex})
        fresh.say("hi")
        assert any(GREETING in text for text in fresh.texts_until(GREETING))
    finally:
        fresh.close()


# -- portal API --------------------------------------------------------------------------------------

PORTAL_PASSWORD = "a long test password for bad input 42"


@pytest.fixture(scope="module")
def api(stack) -> Dict[str, str]:
    username = "dr-bad-input-" + uuid.uuid4().hex[:6]
    subprocess.run(
        [REHEARSE, "therapist", "create", username, "--password-stdin"],
        env=stack.env, input=PORTAL_PASSWORD + "\n", capture_output=True, text=True, check=True,
    )
    status, reply = post(f"{stack.portal_url}/api/v1/login", as_json({"username": username, "password": PORTAL_PASSWORD}))
    assert status == 200, reply
    return {"Authorization": "Bearer " + reply["token"], "X-Username": username}


def assert_portal_answers(stack, api) -> None:
    status, me = get(f"{stack.portal_url}/api/v1/me", api)
    assert status == 200 and me["username"] == api["X-Username"], me


BAD_PORTAL_BODIES = {
    "malformed JSON": (b'{"scenario_ref": ', 400, "malformed JSON"),
    "invalid UTF-8": (b'{"scenario_ref": "\xff"}', 400, "not UTF-8"),
    "a list": (as_json(["x"]), 400, "must be a JSON object"),
    "wrong types": (as_json({"scenario_ref": 5, "instructions": ["x"]}), 400, "scenario_ref"),
    "unknown field": (as_json({"scenario_ref": "x", "evil": True}), 400, "evil"),
    "deeply nested": (b'{"scenario_ref": ' + b"[" * 100_000, 400, "malformed JSON"),
    "NUL character": (as_json({"scenario_ref": "a\x00b"}), 400, "NUL"),
    "instructions too long": (as_json({"scenario_ref": "x", "instructions": "i" * 5_000}), 400, "instructions"),
    "empty body": (b"", 400, "must be a JSON object"),
    "over 1 MB": (as_json({"scenario_ref": "x", "instructions": "i" * (MAX_REQUEST_BYTES + 10)}), 413, "size limit"),
}


@pytest.mark.parametrize("name", list(BAD_PORTAL_BODIES))
def test_portal_api_refuses_bad_bodies_with_a_clear_json_error(stack, api, name):
    body, expected_status, reason = BAD_PORTAL_BODIES[name]
    status, reply = post(f"{stack.portal_url}/api/v1/assignments", body, api)
    assert status == expected_status, (status, reply)
    message = json.dumps(reply)
    assert reason in message, reply
    assert_portal_answers(stack, api)


@pytest.mark.parametrize(
    "body", [b"not json", as_json({"username": 5, "password": None}), as_json({"username": "x" * 5000, "password": "y"})]
)
def test_portal_login_refuses_bad_bodies_with_400(stack, body):
    status, reply = post(f"{stack.portal_url}/api/v1/login", body)
    assert status == 400 and reply["error"]["message"], reply


def test_portal_stores_html_emoji_and_rtl_as_plain_text(stack, api):
    label = "<script>alert(1)</script> 🙄 שלום"
    status, created = post(
        f"{stack.portal_url}/api/v1/assignments",
        as_json({"scenario_ref": "boundaries-mother-holidays-at-home", "client_label": label, "instructions": "<b>bold</b>"}),
        api,
    )
    assert status == 201, created
    assert created["assignment"]["client_label"] == label
    status, listed = get(f"{stack.portal_url}/api/v1/assignments", api)
    assert status == 200 and any(item["assignment"]["client_label"] == label for item in listed)


def test_portal_unknown_ids_and_paths_are_404_not_500(stack, api):
    for path in ("/api/v1/clients/99999999999999", "/api/v1/sessions/" + "x" * 500, "/api/v1/assignments/0", "/api/v1/nope"):
        status, reply = get(f"{stack.portal_url}{path}", api)
        assert status == 404, (path, status, reply)
    assert_portal_answers(stack, api)
