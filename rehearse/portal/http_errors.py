"""How errors become answers: JSON for the API, a plain page for the dashboard, Sanic's own elsewhere.

Unexpected exceptions are logged by type and route only (no request data) and answered with 500.
"""
from __future__ import annotations

import logging
from typing import Dict, List, Optional, Tuple

from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sqlalchemy.exc import OperationalError

from rehearse.portal.api import API_PREFIX, error_body
from rehearse.portal.errors import NotFound, Rejected
from rehearse.portal.inputs import InputProblem
from rehearse.portal.scenario_text import problems_as_dicts
from rehearse.portal.templates import render
from rehearse.scenarios import ScenarioInvalid

logger = logging.getLogger(__name__)
DASHBOARD_PREFIX = "/dashboard"


def classify(exception: Exception) -> Tuple[int, str, Optional[List[Dict[str, str]]]]:
    if isinstance(exception, InputProblem):
        return 400, exception.message, exception.problems
    if isinstance(exception, ScenarioInvalid):
        return 422, "the scenario is not valid", problems_as_dicts(exception.problems)
    if isinstance(exception, NotFound):
        return 404, "not found", None
    if isinstance(exception, Rejected):
        return 400, str(exception), None
    if isinstance(exception, OperationalError):
        return 503, "the database is unavailable just now; please try again shortly", None
    if isinstance(exception, SanicException):
        return exception.status_code, str(exception) or "request failed", None
    return 500, "internal error: the request could not be completed", None


def install_error_handler(app: Sanic) -> None:
    default = app.error_handler.default

    def handle(request: Request, exception: Exception) -> response.HTTPResponse:
        path = request.path if request is not None else ""
        if not path.startswith((API_PREFIX, DASHBOARD_PREFIX)):
            return default(request, exception)
        status, message, problems = classify(exception)
        if status >= 500:
            logger.error("%s on %s", type(exception).__name__, request.name or path, exc_info=exception)
        headers = getattr(exception, "headers", None) or {}
        if path.startswith(API_PREFIX):
            reply = error_body(status, message, problems)
        else:
            page = render("dashboard/error.html", status=status, message=message, problems=problems or [])
            reply = response.html(page, status=status)
        reply.headers.update(headers)
        return reply

    app.error_handler.add(Exception, handle)
