"""The OpenAPI document describes exactly the API routes the app serves."""
from __future__ import annotations

import re

from rehearse.portal import openapi
from support.portal_client import new_app

PARAM = re.compile(r"<(\w+):\w+>")


def served_api_routes() -> set:
    app = new_app()
    app.router.finalize()
    routes = set()
    for route in app.router.routes:
        path = "/" + route.path
        if path.startswith(openapi.PREFIX + "/"):
            routes.update((method.lower(), PARAM.sub(r"{\1}", path)) for method in route.methods)
    return routes


def documented_routes(document: dict) -> set:
    return {(method, path) for path, operations in document["paths"].items() for method in operations}


def test_document_lists_every_api_route_and_nothing_else():
    assert documented_routes(openapi.document()) == served_api_routes()


def test_every_path_parameter_is_declared():
    for path, operations in openapi.document()["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for operation in operations.values():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == names, path


def test_every_schema_reference_resolves():
    document = openapi.document()
    text = repr(document)
    for name in re.findall(r"#/components/schemas/(\w+)", text):
        assert name in document["components"]["schemas"], name


def test_protected_operations_document_401_and_public_ones_opt_out():
    for path, operations in openapi.document()["paths"].items():
        for method, operation in operations.items():
            if operation.get("security") == []:
                assert path.endswith(("/login", "/openapi.json")), path
            else:
                assert "401" in operation["responses"], (method, path)
