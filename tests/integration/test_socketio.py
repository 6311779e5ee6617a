"""A real socket.io client (python-socketio) talks to Rasa's socket.io channel with session persistence."""
from __future__ import annotations

import queue
import uuid

import pytest
import socketio

pytestmark = pytest.mark.integration

REPLY_TIMEOUT = 60


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_bot_uttered_arrives_with_session_persistence(stack, transport):
    replies: "queue.Queue[dict]" = queue.Queue()
    confirmed: "queue.Queue[dict]" = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("bot_uttered", replies.put)
    client.on("session_confirm", confirmed.put)
    session_id = uuid.uuid4().hex
    client.connect(stack.rasa_url, transports=[transport], socketio_path="socket.io", wait_timeout=30)
    try:
        client.emit("session_request", {"session_id": session_id})
        confirmed.get(timeout=REPLY_TIMEOUT)
        client.emit(
            "user_uttered",
            {"message": "hi", "session_id": session_id, "customData": {"country": "GB"}},
        )
        # Socket.io sends a long text as one bot_uttered per paragraph; the last carries the buttons.
        received = [replies.get(timeout=REPLY_TIMEOUT)]
        while not received[-1].get("quick_replies"):
            received.append(replies.get(timeout=REPLY_TIMEOUT))
        assert any("practice tool" in message.get("text", "") for message in received), received
        assert any(button["payload"] == "/consent_agree" for button in received[-1]["quick_replies"])
    finally:
        client.disconnect()

    # Session persistence: the conversation is stored under the socket.io session id.
    tracker = stack.tracker(session_id)
    assert [event for event in tracker["events"] if event["event"] == "user"], tracker
