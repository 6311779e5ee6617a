"""The JSON API under /api/v1: bearer-token login, then everything scoped to the logged-in therapist.

Every route is described in `openapi.py`; a test checks that the two agree.
"""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable, Optional

from sanic import Blueprint, response
from sanic.exceptions import Unauthorized
from sanic.request import Request

from rehearse.portal import exports, openapi
from rehearse.portal.errors import Rejected, check_route_ids
from rehearse.portal.inputs import AssignmentInput, LoginInput, ScenarioInput, parse_json
from rehearse.portal.scenario_text import canonical_body, parse_yaml, validate_body
from rehearse.portal.serialize import dumps, jsonable
from rehearse.portal.services import (
    LoginThrottled,
    blocking,
    client_ip,
    homework_link,
    portal_base_url,
    services,
)

API_PREFIX = "/api/v1"
api = Blueprint("api", url_prefix=API_PREFIX)


def ok(data: Any, status: int = 200) -> response.HTTPResponse:
    return response.json(jsonable(data), status=status, dumps=dumps)


def error_body(status: int, message: str, problems: Optional[list] = None) -> response.HTTPResponse:
    body = {"error": {"status": status, "message": message}}
    if problems:
        body["error"]["problems"] = problems
    return response.json(body, status=status, dumps=dumps)


def bearer_token(request: Request) -> Optional[str]:
    scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def authenticated(handler: Callable) -> Callable:
    @wraps(handler)
    async def wrapper(request: Request, **params: Any) -> response.HTTPResponse:
        token = bearer_token(request)
        therapist = await blocking(services(request).accounts.therapist_for_token, token, "api") if token else None
        if therapist is None:
            raise Unauthorized("log in first: send Authorization: Bearer <token> from POST /api/v1/login", scheme="Bearer")
        check_route_ids(params)
        request.ctx.therapist = therapist
        return await handler(request, **params)

    return wrapper


def therapist_id(request: Request) -> int:
    return request.ctx.therapist.id


# -- login ------------------------------------------------------------------------------------------


@api.post("/login")
async def login(request: Request) -> response.HTTPResponse:
    credentials = parse_json(request.body, LoginInput)
    portal = services(request)
    try:
        therapist = await portal.login(credentials.username, credentials.password, client_ip(request))
    except LoginThrottled as throttled:
        reply = error_body(429, str(throttled))
        reply.headers["Retry-After"] = str(throttled.retry_after)
        return reply
    if therapist is None:
        return error_body(401, "wrong username or password")
    issued = await blocking(portal.accounts.issue_token, therapist.id, "api")
    return ok({"token": issued.token, "token_type": "Bearer", "expires_at": issued.expires_at, "username": therapist.username})


@api.post("/logout")
@authenticated
async def logout(request: Request) -> response.HTTPResponse:
    await blocking(services(request).accounts.revoke_token, bearer_token(request))
    return response.empty()


@api.get("/me")
@authenticated
async def me(request: Request) -> response.HTTPResponse:
    return ok(request.ctx.therapist)


@api.get("/openapi.json")
async def openapi_document(request: Request) -> response.HTTPResponse:
    return ok(openapi.document())


# -- clients, sessions, risk -----------------------------------------------------------------------


@api.get("/clients")
@authenticated
async def list_clients(request: Request) -> response.HTTPResponse:
    return ok(await blocking(services(request).repository.clients, therapist_id(request)))


@api.get("/clients/<client_id:int>")
@authenticated
async def get_client(request: Request, client_id: int) -> response.HTTPResponse:
    return ok(await blocking(services(request).repository.client, therapist_id(request), client_id))


@api.get("/clients/<client_id:int>/trends")
@authenticated
async def client_trends(request: Request, client_id: int) -> response.HTTPResponse:
    return ok(await blocking(services(request).repository.trends, therapist_id(request), client_id))


@api.get("/clients/<client_id:int>/export")
@authenticated
async def export_client(request: Request, client_id: int) -> response.HTTPResponse:
    return await export_response(request, client_id, request.args.get("format", "json"))


async def export_response(request: Request, client_id: int, export_format: str) -> response.HTTPResponse:
    """Shared by the API and the dashboard (each with its own default format)."""
    if export_format not in exports.FORMATS:
        raise Rejected("format must be csv or json")
    data = await blocking(exports.client_export, services(request).repository, request.ctx.therapist.id, client_id)
    return response.text(
        exports.render(data, export_format),
        content_type=exports.FORMATS[export_format],
        headers={"Content-Disposition": 'attachment; filename="%s"' % exports.filename(client_id, export_format)},
    )


@api.get("/sessions/<session_id:str>")
@authenticated
async def get_session(request: Request, session_id: str) -> response.HTTPResponse:
    return ok(await blocking(services(request).repository.session, therapist_id(request), session_id))


@api.get("/risk-flags")
@authenticated
async def list_risk_flags(request: Request) -> response.HTTPResponse:
    return ok(await blocking(services(request).repository.risk_flags, therapist_id(request)))


# -- assignments ------------------------------------------------------------------------------------


@api.get("/assignments")
@authenticated
async def list_assignments(request: Request) -> response.HTTPResponse:
    return ok(await blocking(services(request).repository.assignments, therapist_id(request)))


@api.post("/assignments")
@authenticated
async def create_assignment(request: Request) -> response.HTTPResponse:
    fields = parse_json(request.body, AssignmentInput)
    info, code = await blocking(services(request).assign, therapist_id(request), fields)
    return ok({"assignment": info, "code": code, "link": homework_link(portal_base_url(request), code)}, status=201)


@api.get("/assignments/<assignment_id:int>")
@authenticated
async def get_assignment(request: Request, assignment_id: int) -> response.HTTPResponse:
    return ok(await blocking(services(request).repository.assignment, therapist_id(request), assignment_id))


# -- scenarios --------------------------------------------------------------------------------------


@api.get("/scenarios")
@authenticated
async def list_scenarios(request: Request) -> response.HTTPResponse:
    return ok(await blocking(services(request).scenarios.choices, therapist_id(request)))


@api.get("/custom-scenarios")
@authenticated
async def list_custom_scenarios(request: Request) -> response.HTTPResponse:
    items = await blocking(services(request).scenarios.list, therapist_id(request))
    return ok([custom_json(item) for item in items])


def custom_json(info: Any) -> dict:
    return {**jsonable(info), "ref": info.ref}


def scenario_body(request: Request) -> dict:
    """The scenario mapping sent as `yaml` text or a `body` object (not yet validated)."""
    given = parse_json(request.body, ScenarioInput)
    return parse_yaml(given.yaml) if given.yaml is not None else given.body


@api.post("/custom-scenarios/validate")
@authenticated
async def validate_custom_scenario(request: Request) -> response.HTTPResponse:
    """Preview: the validated, normalised scenario, or every problem; nothing is stored."""
    return ok({"valid": True, "scenario": canonical_body(validate_body(scenario_body(request)))})


@api.post("/custom-scenarios")
@authenticated
async def create_custom_scenario(request: Request) -> response.HTTPResponse:
    body = scenario_body(request)
    info = await blocking(services(request).scenarios.create, therapist_id(request), body)
    return ok(custom_json(info), status=201)


@api.get("/custom-scenarios/<scenario_id:int>")
@authenticated
async def get_custom_scenario(request: Request, scenario_id: int) -> response.HTTPResponse:
    return ok(custom_json(await blocking(services(request).scenarios.get, therapist_id(request), scenario_id)))


@api.put("/custom-scenarios/<scenario_id:int>")
@authenticated
async def update_custom_scenario(request: Request, scenario_id: int) -> response.HTTPResponse:
    body = scenario_body(request)
    info = await blocking(services(request).scenarios.update, therapist_id(request), scenario_id, body)
    return ok(custom_json(info))


@api.delete("/custom-scenarios/<scenario_id:int>")
@authenticated
async def retire_custom_scenario(request: Request, scenario_id: int) -> response.HTTPResponse:
    return ok(custom_json(await blocking(services(request).scenarios.retire, therapist_id(request), scenario_id)))
