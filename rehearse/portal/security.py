"""Security for the portal's own routes: response headers, CSRF tokens and a login rate limiter.

Headers: every response gets `nosniff` and `no-referrer`; the dashboard and API (PORTAL_PREFIXES) also
get a strict Content-Security-Policy (no inline scripts or styles, no framing). Pages served by other
blueprints (the widget demo) set their own policy.

CSRF: each browser gets a random, HttpOnly, SameSite=Strict seed cookie; a form's token is an HMAC of
the seed under the secret key, so it cannot be forged without both. POSTs must echo it (`csrf_token`).
"""
from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import OrderedDict, deque
from typing import Callable, Deque, Hashable, Optional

from sanic.exceptions import PayloadTooLarge
from sanic.request import Request
from sanic.response import HTTPResponse

from rehearse.portal import auth

PORTAL_PREFIXES = ("/api/", "/dashboard")
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
STRICT_HEADERS = {
    "Content-Security-Policy": STRICT_CSP,
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSRF_COOKIE = "rehearse_csrf"
CSRF_FIELD = "csrf_token"


def is_portal_path(path: str) -> bool:
    return path.startswith(PORTAL_PREFIXES)


def is_https(request: Request) -> bool:
    return request.scheme == "https"


def add_security_headers(request: Request, response: HTTPResponse) -> None:
    for name, value in COMMON_HEADERS.items():
        response.headers.setdefault(name, value)
    if is_portal_path(request.path):
        for name, value in STRICT_HEADERS.items():
            response.headers[name] = value


def reject_large_bodies(request: Request) -> None:
    """The server enforces REQUEST_MAX_SIZE while reading; this also covers ASGI, which does not."""
    if len(request.body or b"") > request.app.config.REQUEST_MAX_SIZE:
        raise PayloadTooLarge("the request body is larger than %d bytes" % request.app.config.REQUEST_MAX_SIZE)


# -- CSRF -------------------------------------------------------------------------------------------


def csrf_token(request: Request) -> str:
    """The form token for this browser, creating its seed (set as a cookie on the way out) if needed."""
    seed = request.cookies.get(CSRF_COOKIE) or getattr(request.ctx, "new_csrf_seed", None)
    if not seed:
        seed = request.ctx.new_csrf_seed = secrets.token_urlsafe(32)
    return auth.keyed_digest("csrf", seed)


def csrf_valid(request: Request, submitted: Optional[str]) -> bool:
    seed = request.cookies.get(CSRF_COOKIE)
    if not seed or not submitted:
        return False
    return hmac.compare_digest(submitted, auth.keyed_digest("csrf", seed))


def set_csrf_cookie(request: Request, response: HTTPResponse) -> None:
    seed = getattr(request.ctx, "new_csrf_seed", None)
    if seed:
        set_cookie(request, response, CSRF_COOKIE, seed, max_age=None)


def set_cookie(request: Request, response: HTTPResponse, name: str, value: str, max_age: Optional[int]) -> None:
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = "/"
    if max_age is not None:
        cookie["max-age"] = max_age
    if is_https(request):
        cookie["secure"] = True


# -- rate limiting ----------------------------------------------------------------------------------


class RateLimiter:
    """At most `limit` failures per key in a sliding `window_s`; in memory, per process.

    Keys are evicted oldest-first beyond `max_keys`, so a flood of distinct keys cannot exhaust memory.
    """

    def __init__(
        self, limit: int, window_s: float, max_keys: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self.max_keys = max_keys
        self.clock = clock
        self._failures: "OrderedDict[Hashable, Deque[float]]" = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, key: Hashable, now: float) -> Deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def retry_after(self, key: Hashable) -> Optional[int]:
        """Seconds until `key` may try again, or None if it may now."""
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            if len(times) < self.limit:
                return None
            return max(1, int(times[0] + self.window_s - now + 0.999))

    def failed(self, key: Hashable) -> None:
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            self._failures.move_to_end(key)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def clear(self, key: Hashable) -> None:
        with self._lock:
            self._failures.pop(key, None)
