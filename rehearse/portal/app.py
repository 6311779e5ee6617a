"""Sanic application factory for the portal."""
from __future__ import annotations

import os
from pathlib import Path

from sanic import Sanic, response
from sanic.request import Request

from rehearse.portal.install import install_portal
from rehearse.portal.widget import widget_blueprint

STATIC_DIR = Path(__file__).parent / "static"


def create_app(name: str = "rehearse_portal") -> Sanic:
    app = Sanic(name)
    app.config.RASA_URL = os.environ.get("REHEARSE_RASA_URL", "http://127.0.0.1:5005")
    app.static("/static", str(STATIC_DIR), name="static")

    @app.get("/health")
    async def health(request: Request) -> response.HTTPResponse:
        return response.json({"status": "ok"})

    @app.get("/chat")
    async def chat(request: Request) -> response.HTTPResponse:
        """The chat for clients: the embeddable widget on its demo page."""
        return response.redirect("/demo")

    install_portal(app)
    app.blueprint(widget_blueprint)  # /widget.js, /widget.css, /demo, /webchat-demo

    return app
