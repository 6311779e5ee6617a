"""What a chat message may look like before it reaches Rasa: limits and checks, without Rasa imports.

The guarded channels (`components/channels.py`) apply these to every REST and socket.io message:
- the sender id is a string of at most MAX_SENDER_CHARS printable characters;
- the text is a string; control characters (other than tab and newlines) and lone surrogates are
  dropped, because a database (PostgreSQL) or a UTF-8 encoder would refuse them later;
- metadata is an object whose JSON is at most MAX_METADATA_BYTES (it is stored with every turn);
- a text longer than MAX_MESSAGE_CHARS is not given to the classifier (its attention cost grows with the
  square of the length: 100 KB of text asked TensorFlow for 12 GB). It is risk-checked in full first,
  and a risky one is passed on as the stretch of at most MAX_MESSAGE_CHARS around the risk phrase.
"""
from __future__ import annotations

import json
import unicodedata
from typing import Any, Dict, Optional, Tuple

MAX_MESSAGE_CHARS = 2_000
"""Longest chat message read (characters). The widget's input box has the same maxlength."""
MAX_METADATA_BYTES = 8_192
MAX_SENDER_CHARS = 128
MAX_BODY_BYTES = 262_144
"""Largest request body the Rasa server reads (Sanic's REQUEST_MAX_SIZE; SANIC_REQUEST_MAX_SIZE overrides).
Big enough that an over-long pasted message is still risk-checked, small enough to bound the work."""
KEPT_CONTROLS = frozenset("\t\n\r")


class InputRejected(ValueError):
    """A message that cannot be passed on; the text is shown to the sender."""


def clean_text(value: Any) -> str:
    """The message text without control characters and lone surrogates; a non-string is rejected."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputRejected(f'"message" must be a string, not {_type_name(value)}')
    return "".join(ch for ch in value if ch in KEPT_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs"))


def check_sender(value: Any) -> str:
    if value is None:
        raise InputRejected('"sender" is required: a conversation id of your choice')
    if not isinstance(value, str):
        raise InputRejected(f'"sender" must be a string, not {_type_name(value)}')
    sender = value.strip()
    if not sender or len(sender) > MAX_SENDER_CHARS or not sender.isprintable():
        raise InputRejected(f'"sender" must be 1 to {MAX_SENDER_CHARS} printable characters')
    return sender


def check_metadata(value: Any) -> Optional[Dict[str, Any]]:
    """Metadata as an object (a JSON string of one is decoded, as Rasa's socket.io channel does)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise InputRejected('"metadata" is a string but not JSON') from None
    if not isinstance(value, dict):
        raise InputRejected(f'"metadata" must be an object, not {_type_name(value)}')
    size = len(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    if size > MAX_METADATA_BYTES:
        raise InputRejected(f'"metadata" is {size} bytes; the limit is {MAX_METADATA_BYTES}')
    return value


def is_too_long(text: str) -> bool:
    return len(text) > MAX_MESSAGE_CHARS


def too_long_notice(length: int, read_part: bool) -> str:
    if read_part:
        return (
            f"Your message was very long ({length:,} characters), so I only read part of it. "
            f"Please keep messages under {MAX_MESSAGE_CHARS:,} characters."
        )
    return (
        f"That message is too long for me to read ({length:,} characters; the limit is {MAX_MESSAGE_CHARS:,}). "
        "Please send it again in shorter parts."
    )


def window_around(text: str, start: int, end: int, limit: int = MAX_MESSAGE_CHARS) -> str:
    """At most `limit` characters of `text` containing text[start:end], centred on it and cut at spaces."""
    end = min(end, start + limit)
    left = max(0, start - (limit - (end - start)) // 2)
    right = min(len(text), left + limit)
    left = max(0, right - limit)
    left, right = _to_word_edges(text, left, right, start, end)
    return text[left:right]


def _to_word_edges(text: str, left: int, right: int, start: int, end: int) -> Tuple[int, int]:
    """Move the cut points inwards to whitespace, never past the span that must stay."""
    if left > 0:
        space = _first_space(text, left, start)
        left = space if space is not None else left
    if right < len(text):
        space = _last_space(text, end, right)
        right = space if space is not None else right
    return left, right


def _first_space(text: str, lo: int, hi: int) -> Optional[int]:
    for index in range(lo, hi):
        if text[index].isspace():
            return index + 1
    return None


def _last_space(text: str, lo: int, hi: int) -> Optional[int]:
    for index in range(hi - 1, lo - 1, -1):
        if text[index].isspace():
            return index
    return None


def _type_name(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
