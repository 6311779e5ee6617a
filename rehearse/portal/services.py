"""What the portal's routes share: the stores, the login limiters and the login flow itself."""
from __future__ import annotations

import asyncio
import functools
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Tuple, TypeVar

from sanic import Sanic
from sanic.request import Request

from rehearse.portal.accounts import Accounts, TherapistInfo
from rehearse.portal.custom_scenarios import CustomScenarios
from rehearse.portal.inputs import AssignmentInput
from rehearse.portal.repository import PortalRepository
from rehearse.portal.security import RateLimiter
from rehearse.storage.transcripts import AssignmentInfo, TranscriptStore

LOGIN_FAILURES_PER_USER = 5
LOGIN_FAILURES_PER_IP = 50
LOGIN_WINDOW_S = 15 * 60
PORTAL_URL_ENV = "REHEARSE_PORTAL_URL"
T = TypeVar("T")


class LoginThrottled(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = (retry_after + 59) // 60
        super().__init__(
            "Too many failed logins. Please wait %d minute%s and try again." % (minutes, "" if minutes == 1 else "s")
        )


@dataclass
class PortalServices:
    url: Optional[str] = None
    user_limiter: RateLimiter = field(default_factory=lambda: RateLimiter(LOGIN_FAILURES_PER_USER, LOGIN_WINDOW_S))
    ip_limiter: RateLimiter = field(default_factory=lambda: RateLimiter(LOGIN_FAILURES_PER_IP, LOGIN_WINDOW_S))

    def __post_init__(self) -> None:
        self.accounts = Accounts(self.url)
        self.repository = PortalRepository(self.url)
        self.scenarios = CustomScenarios(self.url)
        self.store = TranscriptStore(self.url)

    def assign(self, therapist_id: int, fields: AssignmentInput) -> Tuple[AssignmentInfo, str]:
        """Check the scenario is this therapist's to assign, then create the assignment and its code."""
        self.scenarios.check_assignable(therapist_id, fields.scenario_ref)
        return self.store.create_assignment(
            therapist_id, fields.scenario_ref, fields.instructions, fields.due(), fields.client_label
        )

    async def login(self, username: str, password: str, ip: str) -> Optional[TherapistInfo]:
        """Check credentials under the rate limits; raises LoginThrottled when over them."""
        user_key = (username.casefold(), ip)
        waits = [wait for wait in (self.user_limiter.retry_after(user_key), self.ip_limiter.retry_after(ip)) if wait]
        if waits:
            raise LoginThrottled(max(waits))
        therapist = await blocking(self.accounts.authenticate, username, password)
        if therapist is None:
            self.user_limiter.failed(user_key)
            self.ip_limiter.failed(ip)
        else:
            self.user_limiter.clear(user_key)
        return therapist


def services(request: Request) -> PortalServices:
    return request.app.ctx.portal


def install_services(app: Sanic, url: Optional[str] = None) -> None:
    app.ctx.portal = PortalServices(url)


async def blocking(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a synchronous (database) call off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(function, *args, **kwargs))


def client_ip(request: Request) -> str:
    return request.remote_addr or request.ip or "unknown"


def portal_base_url(request: Optional[Request] = None) -> str:
    """`REHEARSE_PORTAL_URL`, else this request's own origin, else the local default."""
    configured = os.environ.get(PORTAL_URL_ENV, "").strip().rstrip("/")
    if configured:
        return configured
    if request is not None:
        return "%s://%s" % (request.scheme, request.host)
    return "http://127.0.0.1:%s" % os.environ.get("REHEARSE_PORTAL_PORT", "8000")


def homework_link(base_url: str, code: str) -> str:
    return "%s/demo?code=%s" % (base_url, code)
