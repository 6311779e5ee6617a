"""Wire the therapist portal (API, dashboard, security headers, error pages) into the Sanic app."""
from __future__ import annotations

from typing import Optional

from sanic import Sanic

from rehearse.portal.api import api
from rehearse.portal.dashboard import dashboard
from rehearse.portal.http_errors import install_error_handler
from rehearse.portal.security import add_security_headers, reject_large_bodies
from rehearse.portal.services import install_services

MAX_REQUEST_BYTES = 1_000_000
"""Bigger bodies get 413 before any handler runs; the largest legitimate one is a scenario (64 KB)."""


def install_portal(app: Sanic, database_url: Optional[str] = None) -> None:
    app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES
    install_services(app, database_url)
    app.blueprint(api)
    app.blueprint(dashboard)
    app.register_middleware(reject_large_bodies, "request")
    app.register_middleware(add_security_headers, "response")
    install_error_handler(app)
