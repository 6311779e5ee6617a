"""Rasa's REST and socket.io channels with the input checks of `components/message_limits.py`.

Same names, URLs and behaviour as Rasa's own (`/webhooks/rest/webhook`, `/socket.io`), plus:
- a malformed REST request (not an object, a sender or message of the wrong type, oversized metadata)
  is answered 400 with the reason, where Rasa would answer 500 or an empty 200 and log the text;
- a malformed socket.io event is answered with a `bot_uttered` saying what is wrong, not dropped;
- a message over MAX_MESSAGE_CHARS is risk-checked in full but not classified: the sender is told it is
  too long, and only a risky one is passed on (as the stretch around the risk phrase), so the crisis
  reply still goes out and a role-play line is never silently cut;
- the server reads request bodies up to MAX_BODY_BYTES (Sanic answers 413 above that), unless
  SANIC_REQUEST_MAX_SIZE is set;
- the client cannot choose `input_channel`.
"""
from __future__ import annotations

import logging
import os
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, Sanic
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from components.message_limits import (
    MAX_BODY_BYTES,
    InputRejected,
    check_metadata,
    check_sender,
    clean_text,
    is_too_long,
    too_long_notice,
    window_around,
)

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def limit_request_bodies(blueprint: Blueprint) -> None:
    """Lower Sanic's 100 MB default body limit when the Rasa server starts (once per server)."""

    @blueprint.listener("before_server_start")
    async def set_limit(app: Sanic, _loop: Any) -> None:
        if "SANIC_REQUEST_MAX_SIZE" not in os.environ:
            app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, MAX_BODY_BYTES)


def guard_length(on_new_message: OnNewMessage) -> OnNewMessage:
    """Pass on messages within the limit; for a longer one, tell the sender and pass on only risk."""

    async def guarded(message: UserMessage) -> Any:
        text = message.text or ""
        if not is_too_long(text):
            return await on_new_message(message)
        from rehearse.risk import detect  # the detector is already loaded by the NLU pipeline

        result = detect(text)
        logger.info("over-long message refused: chars=%d risk=%s", len(text), result.risk)
        if result.risk:
            window = window_around(text, result.start, result.end)
            await on_new_message(
                UserMessage(
                    window, message.output_channel, message.sender_id,
                    input_channel=message.input_channel, metadata=message.metadata,
                )
            )
        await _notify(message, too_long_notice(len(text), read_part=result.risk))
        return None

    return guarded


async def _notify(message: UserMessage, text: Text) -> None:
    await message.output_channel.send_text_message(message.sender_id, text)


class GuardedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = super().blueprint(guard_length(on_new_message))
        limit_request_bodies(blueprint)
        return blueprint

    @staticmethod
    def _body(request: Request) -> Dict[Text, Any]:
        body = request.json  # malformed JSON or UTF-8: Sanic answers 400 "Failed when parsing body as json"
        if not isinstance(body, dict):
            raise InvalidUsage('the body must be a JSON object: {"sender": "...", "message": "..."}')
        return body

    async def _extract_sender(self, request: Request) -> Optional[Text]:
        return _checked(check_sender, self._body(request).get("sender"))

    def _extract_message(self, request: Request) -> Optional[Text]:
        return _checked(clean_text, self._body(request).get("message"))

    def _extract_input_channel(self, request: Request) -> Text:
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return _checked(check_metadata, self._body(request).get("metadata"))


def _checked(check: Callable[[Any], Any], value: Any) -> Any:
    try:
        return check(value)
    except InputRejected as problem:
        raise InvalidUsage(str(problem)) from None


class GuardedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        blueprint = super().blueprint(guard_length(on_new_message))
        limit_request_bodies(blueprint)
        namespace = self.namespace or "/"
        handlers = self.sio.handlers[namespace]
        handle_session_request = handlers["session_request"]
        handle_message = handlers[self.user_message_evt]

        async def session_request(sid: Text, data: Any = None) -> None:
            await handle_session_request(sid, _session_request(data))

        async def user_message(sid: Text, data: Any = None) -> None:
            try:
                checked = self._message_event(data)
            except InputRejected as problem:
                await self.sio.emit(self.bot_message_evt, {"text": str(problem)}, room=sid, namespace=namespace)
                return
            await handle_message(sid, checked)

        self.sio.on("session_request", session_request, namespace=namespace)
        self.sio.on(self.user_message_evt, user_message, namespace=namespace)
        return blueprint

    def _message_event(self, data: Any) -> Dict[Text, Any]:
        if not isinstance(data, dict):
            raise InputRejected('a message must be an object: {"message": "...", "session_id": "..."}')
        checked = {"message": clean_text(data.get("message")), self.metadata_key: check_metadata(data.get(self.metadata_key)) or {}}
        if self.session_persistence:
            if not data.get("session_id"):
                raise InputRejected("no session: send session_request first and use the session_id it confirms")
            checked["session_id"] = check_sender(data.get("session_id"))
        return checked


def _session_request(data: Any) -> Dict[Text, Any]:
    """A valid session id is kept; anything else gets a new random one (as Rasa does for a missing id)."""
    session_id = data.get("session_id") if isinstance(data, dict) else None
    try:
        return {"session_id": check_sender(session_id)}
    except InputRejected:
        return {"session_id": uuid.uuid4().hex}
