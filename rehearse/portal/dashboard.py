"""The server-rendered dashboard under /dashboard: login, clients, transcripts, assignments, scenarios.

Every POST must carry the CSRF token (403 otherwise); every page but the login needs a session cookie.
"""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable, Dict, Optional

from sanic import Blueprint, response
from sanic.exceptions import Forbidden
from sanic.request import Request

from rehearse.portal import auth
from rehearse.portal.api import export_response
from rehearse.portal.custom_scenarios import library
from rehearse.portal.errors import Rejected, check_route_ids
from rehearse.portal.highlight import highlight
from rehearse.portal.inputs import AssignmentInput, InputProblem, LoginInput, parse_form
from rehearse.portal.scenario_text import canonical_body, parse_yaml, to_yaml, validate_body
from rehearse.portal.security import CSRF_FIELD, csrf_token, csrf_valid, set_cookie, set_csrf_cookie
from rehearse.portal.services import LoginThrottled, blocking, client_ip, homework_link, portal_base_url, services
from rehearse.portal.templates import render
from rehearse.portal.trends import trend_view
from rehearse.scenarios import ScenarioInvalid

SESSION_COOKIE = "rehearse_session"
SESSION_MAX_AGE_S = 8 * 60 * 60
LOGIN_PATH = "/dashboard/login"
dashboard = Blueprint("dashboard", url_prefix="/dashboard")


@dashboard.middleware("request")
async def require_csrf_token(request: Request) -> None:
    if request.method == "POST" and not csrf_valid(request, (request.form or {}).get(CSRF_FIELD)):
        raise Forbidden("This form has expired or did not come from this site. Reload the page and try again.")


def page(request: Request, template: str, status: int = 200, **context: Any) -> response.HTTPResponse:
    therapist = getattr(request.ctx, "therapist", None)
    html = render(template, therapist=therapist, csrf_token=csrf_token(request), highlight=highlight, **context)
    reply = response.html(html, status=status)
    set_csrf_cookie(request, reply)
    return reply


def redirect(location: str) -> response.HTTPResponse:
    return response.redirect(location, status=303)


def logged_in(handler: Callable) -> Callable:
    @wraps(handler)
    async def wrapper(request: Request, **params: Any) -> response.HTTPResponse:
        token = auth.unsign("session", request.cookies.get(SESSION_COOKIE))
        therapist = await blocking(services(request).accounts.therapist_for_token, token, "session") if token else None
        if therapist is None:
            return redirect(LOGIN_PATH)
        check_route_ids(params)
        request.ctx.therapist = therapist
        return await handler(request, **params)

    return wrapper


def form(request: Request) -> Dict[str, str]:
    return {name: values[0] for name, values in (request.form or {}).items()}


def me(request: Request) -> int:
    return request.ctx.therapist.id


# -- login ------------------------------------------------------------------------------------------


@dashboard.get("/login")
async def login_form(request: Request) -> response.HTTPResponse:
    return page(request, "dashboard/login.html")


@dashboard.post("/login")
async def login(request: Request) -> response.HTTPResponse:
    fields = form(request)
    try:
        credentials = parse_form(fields, LoginInput)
        therapist = await services(request).login(credentials.username, credentials.password, client_ip(request))
    except InputProblem:
        return page(request, "dashboard/login.html", status=400, error="Enter your username and password.")
    except LoginThrottled as throttled:
        reply = page(request, "dashboard/login.html", status=429, error=str(throttled))
        reply.headers["Retry-After"] = str(throttled.retry_after)
        return reply
    if therapist is None:
        return page(request, "dashboard/login.html", status=401, error="Wrong username or password.", username=fields.get("username", ""))
    issued = await blocking(services(request).accounts.issue_token, therapist.id, "session")
    reply = redirect("/dashboard")
    set_cookie(request, reply, SESSION_COOKIE, auth.sign("session", issued.token), max_age=SESSION_MAX_AGE_S)
    return reply


@dashboard.post("/logout")
async def logout(request: Request) -> response.HTTPResponse:
    token = auth.unsign("session", request.cookies.get(SESSION_COOKIE))
    if token:
        await blocking(services(request).accounts.revoke_token, token)
    reply = redirect(LOGIN_PATH)
    set_cookie(request, reply, SESSION_COOKIE, "", max_age=0)
    return reply


# -- overview, clients, sessions --------------------------------------------------------------------


@dashboard.get("/")
@logged_in
async def overview(request: Request) -> response.HTTPResponse:
    repository = services(request).repository
    clients = await blocking(repository.clients, me(request))
    assignments = await blocking(repository.assignments, me(request))
    risk_flags = await blocking(repository.risk_flags, me(request), None, 20)
    return page(request, "dashboard/overview.html", clients=clients, assignments=assignments, risk_flags=risk_flags)


@dashboard.get("/clients/<client_id:int>")
@logged_in
async def client(request: Request, client_id: int) -> response.HTTPResponse:
    repository = services(request).repository
    detail = await blocking(repository.client, me(request), client_id)
    trends = await blocking(repository.trends, me(request), client_id)
    risk_flags = await blocking(repository.risk_flags, me(request), client_id)
    return page(request, "dashboard/client.html", detail=detail, trends=trend_view(trends), risk_flags=risk_flags)


@dashboard.get("/clients/<client_id:int>/export")
@logged_in
async def export(request: Request, client_id: int) -> response.HTTPResponse:
    return await export_response(request, client_id, request.args.get("format", "csv"))


@dashboard.get("/sessions/<session_id:str>")
@logged_in
async def session(request: Request, session_id: str) -> response.HTTPResponse:
    detail = await blocking(services(request).repository.session, me(request), session_id)
    return page(request, "dashboard/session.html", detail=detail)


# -- assignments ------------------------------------------------------------------------------------


async def assignments_page(request: Request, status: int = 200, **context: Any) -> response.HTTPResponse:
    portal = services(request)
    assignments = await blocking(portal.repository.assignments, me(request))
    choices = await blocking(portal.scenarios.choices, me(request))
    return page(request, "dashboard/assignments.html", status=status, assignments=assignments, choices=choices, **context)


@dashboard.get("/assignments")
@logged_in
async def assignments(request: Request) -> response.HTTPResponse:
    return await assignments_page(request)


@dashboard.post("/assignments")
@logged_in
async def create_assignment(request: Request) -> response.HTTPResponse:
    fields = form(request)
    try:
        info, code = await blocking(services(request).assign, me(request), parse_form(fields, AssignmentInput))
    except InputProblem as problem:
        return await assignments_page(request, 400, problems=problem.problems, entered=fields)
    except Rejected as rejected:
        return await assignments_page(request, 400, problems=[{"field": "scenario_ref", "message": str(rejected)}], entered=fields)
    link = homework_link(portal_base_url(request), code)
    return page(request, "dashboard/assignment_created.html", status=201, assignment=info, code=code, link=link)


# -- therapist-authored scenarios -------------------------------------------------------------------


@dashboard.get("/scenarios")
@logged_in
async def scenarios(request: Request) -> response.HTTPResponse:
    own = await blocking(services(request).scenarios.list, me(request))
    return page(request, "dashboard/scenarios.html", own=own, library=library().all())


@dashboard.get("/scenarios/new")
@logged_in
async def new_scenario(request: Request) -> response.HTTPResponse:
    start_from = request.args.get("from")
    text = to_yaml(canonical_body(library().get(start_from))) if start_from in library() else ""
    return page(request, "dashboard/scenario_form.html", yaml_text=text, custom=None)


@dashboard.post("/scenarios")
@logged_in
async def create_scenario(request: Request) -> response.HTTPResponse:
    return await save_scenario(request, None)


@dashboard.get("/scenarios/<scenario_id:int>")
@logged_in
async def scenario(request: Request, scenario_id: int) -> response.HTTPResponse:
    custom = await blocking(services(request).scenarios.get, me(request), scenario_id)
    return page(
        request, "dashboard/scenario_form.html", custom=custom, yaml_text=to_yaml(custom.body),
        preview=validate_body(custom.body),
    )


@dashboard.post("/scenarios/<scenario_id:int>")
@logged_in
async def update_scenario(request: Request, scenario_id: int) -> response.HTTPResponse:
    return await save_scenario(request, scenario_id)


async def save_scenario(request: Request, scenario_id: Optional[int]) -> response.HTTPResponse:
    """Preview (validate and show) or save the YAML in the form; problems are listed field by field."""
    store = services(request).scenarios
    custom = await blocking(store.get, me(request), scenario_id) if scenario_id is not None else None
    fields = form(request)
    text = fields.get("yaml", "")
    try:
        body = parse_yaml(text)
        if fields.get("action") == "save":
            if scenario_id is None:
                saved = await blocking(store.create, me(request), body)
            else:
                saved = await blocking(store.update, me(request), scenario_id, body)
            return redirect("/dashboard/scenarios/%d" % saved.id)
        preview = validate_body(body)
    except ScenarioInvalid as invalid:
        return page(request, "dashboard/scenario_form.html", status=422, custom=custom, yaml_text=text, problems=invalid.problems)
    return page(request, "dashboard/scenario_form.html", custom=custom, yaml_text=text, preview=preview)


@dashboard.post("/scenarios/<scenario_id:int>/retire")
@logged_in
async def retire_scenario(request: Request, scenario_id: int) -> response.HTTPResponse:
    await blocking(services(request).scenarios.retire, me(request), scenario_id)
    return redirect("/dashboard/scenarios/%d" % scenario_id)


