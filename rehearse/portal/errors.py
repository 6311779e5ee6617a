"""Errors the portal's stores raise and its routes turn into HTTP answers."""
from __future__ import annotations


class NotFound(LookupError):
    """No such resource for this therapist: missing and not-yours look the same (404)."""


class Rejected(ValueError):
    """A request that cannot be carried out as given; the message says why (400)."""


MAX_ID = 2 ** 31 - 1
MAX_SESSION_ID_CHARS = 36


def check_route_ids(params: dict) -> None:
    """Route ids a database could not hold mean a missing resource, not a database error."""
    for name, value in params.items():
        if isinstance(value, int) and not 0 < value <= MAX_ID:
            raise NotFound(name)
        if name == "session_id" and len(value) > MAX_SESSION_ID_CHARS:
            raise NotFound(name)
