"""The OpenAPI 3 description of /api/v1, generated from the route table below.

`tests/unit/test_portal_openapi.py` checks that this table and the app's router list the same routes.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

PREFIX = "/api/v1"


class Route(NamedTuple):
    method: str
    path: str
    summary: str
    response: Optional[str]
    request: Optional[str] = None
    auth: bool = True
    status: int = 200
    errors: Tuple[int, ...] = ()


ROUTES: List[Route] = [
    Route("post", "/login", "Log in; returns a bearer token (5 failures per username and IP in 15 min: 429)",
          "Token", "Login", auth=False, errors=(400, 401, 429)),
    Route("post", "/logout", "Revoke the bearer token used", None, status=204),
    Route("get", "/me", "The logged-in therapist", "Therapist"),
    Route("get", "/openapi.json", "This document", "Object", auth=False),
    Route("get", "/clients", "Your clients with session and risk-flag counts", "ClientList"),
    Route("get", "/clients/{client_id}", "One client: sessions and assignments", "ClientDetail", errors=(404,)),
    Route("get", "/clients/{client_id}/trends", "Skill counts and mood per session", "TrendList", errors=(404,)),
    Route("get", "/clients/{client_id}/export", "The client's data as CSV or JSON (query: format=csv|json)",
          "Export", errors=(400, 404)),
    Route("get", "/sessions/{session_id}", "A transcript with findings, debrief and risk flags", "SessionDetail",
          errors=(404,)),
    Route("get", "/risk-flags", "Recent risk flags of your clients (never message text)", "RiskFlagList"),
    Route("get", "/assignments", "Your assignments with completion status", "AssignmentList"),
    Route("post", "/assignments", "Create an assignment; the code is returned only here", "AssignmentCreated",
          "AssignmentInput", status=201, errors=(400,)),
    Route("get", "/assignments/{assignment_id}", "One assignment", "AssignmentView", errors=(404,)),
    Route("get", "/scenarios", "Scenarios you can assign: the library and your own live ones", "ScenarioChoiceList"),
    Route("get", "/custom-scenarios", "Your own scenarios, retired ones included", "CustomScenarioList"),
    Route("post", "/custom-scenarios", "Create a scenario (validated by the library schema)", "CustomScenario",
          "ScenarioInput", status=201, errors=(400, 422)),
    Route("post", "/custom-scenarios/validate", "Preview: validate a scenario without storing it",
          "ScenarioPreview", "ScenarioInput", errors=(400, 422)),
    Route("get", "/custom-scenarios/{scenario_id}", "One of your scenarios", "CustomScenario", errors=(404,)),
    Route("put", "/custom-scenarios/{scenario_id}", "Replace one of your scenarios", "CustomScenario",
          "ScenarioInput", errors=(400, 404, 422)),
    Route("delete", "/custom-scenarios/{scenario_id}", "Retire one of your scenarios (existing assignments keep it)",
          "CustomScenario", errors=(404,)),
]

STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}
INTEGER = {"type": "integer"}
DATETIME = {"type": "string", "format": "date-time"}
NULLABLE_DATETIME = {**DATETIME, "nullable": True}
MOOD = {"type": "integer", "minimum": 0, "maximum": 10, "nullable": True}


def ref(name: str) -> Dict[str, str]:
    return {"$ref": "#/components/schemas/" + name}


def obj(required: bool = True, **properties: Any) -> Dict[str, Any]:
    schema: Dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(properties)
    return schema


def array(name: str) -> Dict[str, Any]:
    return {"type": "array", "items": ref(name)}


SESSION_SUMMARY = obj(
    id=STRING, client_id=INTEGER, scenario_ref=STRING, assignment_id={**INTEGER, "nullable": True},
    started_at=DATETIME, ended_at=NULLABLE_DATETIME, mood_before=MOOD, mood_after=MOOD,
    outcome=NULLABLE_STRING, risk_flag={"type": "boolean"},
)
ASSIGNMENT = obj(
    id=INTEGER, therapist_id=INTEGER, client_id={**INTEGER, "nullable": True}, client_label=NULLABLE_STRING,
    scenario_ref=STRING, instructions=STRING, due_date={"type": "string", "format": "date", "nullable": True},
    expires_at=DATETIME, completed_at=NULLABLE_DATETIME, created_at=DATETIME,
)
FINDING = obj(feature=STRING, start=INTEGER, end=INTEGER, text=STRING, rule=STRING)
SCHEMAS: Dict[str, Dict[str, Any]] = {
    "Object": {"type": "object"},
    "Error": obj(error=obj(
        required=False, status=INTEGER, message=STRING,
        problems={"type": "array", "items": obj(field=STRING, message=STRING)},
    )),
    "Login": obj(username=STRING, password={"type": "string", "format": "password"}),
    "Token": obj(token=STRING, token_type=STRING, expires_at=DATETIME, username=STRING),
    "Therapist": obj(id=INTEGER, username=STRING),
    "Client": obj(id=INTEGER, label=NULLABLE_STRING, consented_at=DATETIME, sessions=INTEGER,
                  last_session_at=NULLABLE_DATETIME, risk_flags=INTEGER),
    "ClientList": array("Client"),
    "SessionSummary": SESSION_SUMMARY,
    "Assignment": ASSIGNMENT,
    "AssignmentView": obj(assignment=ref("Assignment"), status={
        "type": "string", "enum": ["completed", "started", "not started", "overdue", "expired"]}),
    "AssignmentList": array("AssignmentView"),
    "ClientDetail": obj(client=ref("Client"), sessions=array("SessionSummary"), assignments=array("AssignmentView")),
    "Trend": obj(session_id=STRING, started_at=DATETIME, mood_before=MOOD, mood_after=MOOD,
                 feature_counts={"type": "object", "additionalProperties": INTEGER}),
    "TrendList": array("Trend"),
    "Finding": FINDING,
    "Turn": obj(seq=INTEGER, speaker={"type": "string", "enum": ["user", "counterpart", "coach"]}, text=STRING,
                findings=array("Finding"), retracted={"type": "boolean"}, created_at=DATETIME),
    "RiskFlag": obj(id=INTEGER, client_id={**INTEGER, "nullable": True}, client_label=NULLABLE_STRING,
                    session_id=NULLABLE_STRING, category=STRING, rule=STRING, created_at=DATETIME),
    "RiskFlagList": array("RiskFlag"),
    "SessionDetail": obj(session=ref("SessionSummary"), client_label=NULLABLE_STRING,
                         debrief={"type": "object", "nullable": True}, turns=array("Turn"),
                         risk_flags=array("RiskFlag")),
    "Export": {"type": "object", "description": "JSON: client, assignments, sessions (with turns), risk_flags; "
               "CSV (text/csv): one row per turn or risk flag, formula-like cells prefixed with a quote"},
    "AssignmentInput": obj(required=False, scenario_ref=STRING, client_label=NULLABLE_STRING, instructions=STRING,
                           due_date={"type": "string", "format": "date", "nullable": True}),
    "AssignmentCreated": obj(assignment=ref("Assignment"), code=STRING, link=STRING),
    "ScenarioChoice": obj(ref=STRING, title=STRING, problem_area=STRING,
                          source={"type": "string", "enum": ["library", "custom"]}),
    "ScenarioChoiceList": array("ScenarioChoice"),
    "ScenarioInput": {**obj(required=False, yaml=STRING, body={"type": "object"}),
                      "description": "Exactly one of yaml (the scenario as YAML text) or body (as an object)"},
    "CustomScenario": obj(id=INTEGER, ref=STRING, slug=STRING, title=STRING, body={"type": "object"},
                          created_at=DATETIME, updated_at=DATETIME, retired_at=NULLABLE_DATETIME),
    "CustomScenarioList": array("CustomScenario"),
    "ScenarioPreview": obj(valid={"type": "boolean"}, scenario={"type": "object"}),
}
SCHEMAS["AssignmentInput"]["required"] = ["scenario_ref"]

ERROR_TEXT = {400: "Bad input (message and problems say what)", 401: "Not logged in", 404: "Not found (or not yours)",
              413: "Body too large", 422: "The scenario is not valid (problems list each field)",
              429: "Too many failed logins (see Retry-After)"}


def _parameters(path: str) -> List[Dict[str, Any]]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    params = [{"name": name, "in": "path", "required": True,
               "schema": STRING if name == "session_id" else INTEGER} for name in names]
    if path.endswith("/export"):
        params.append({"name": "format", "in": "query", "schema": {"type": "string", "enum": ["csv", "json"]}})
    return params


def _operation(route: Route) -> Dict[str, Any]:
    success: Dict[str, Any] = {"description": "OK"}
    if route.response:
        success["content"] = {"application/json": {"schema": ref(route.response)}}
    responses = {str(route.status): success}
    for status in (*route.errors, *((401,) if route.auth else ())):
        responses[str(status)] = {"description": ERROR_TEXT[status],
                                  "content": {"application/json": {"schema": ref("Error")}}}
    operation: Dict[str, Any] = {"summary": route.summary, "responses": responses,
                                 "parameters": _parameters(route.path)}
    if route.request:
        operation["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": ref(route.request)}}}
    if not route.auth:
        operation["security"] = []
    return operation


@functools.lru_cache(maxsize=1)
def document() -> Dict[str, Any]:
    paths: Dict[str, Dict[str, Any]] = {}
    for route in ROUTES:
        paths.setdefault(PREFIX + route.path, {})[route.method] = _operation(route)
    return {
        "openapi": "3.0.3",
        "info": {"title": "Rehearse therapist portal API", "version": "1.0.0",
                 "description": "Each therapist sees only their own clients, assignments, transcripts and "
                                "scenarios; anything else answers 404."},
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}],
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}, "schemas": SCHEMAS},
        "paths": paths,
    }
