"""The embeddable chat widget: `/widget.js`, `/widget.css`, the `/demo` page and the `/webchat-demo` page.

`/widget.js` is one file: the vendored socket.io client, scoped so it defines no global, followed by the
widget's own script. Pages embed it with a single `<script>` tag (see docs/widget.md).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Dict, Optional
from urllib.parse import urlsplit

from markupsafe import Markup
from sanic import Blueprint, response
from sanic.request import Request

from rehearse.portal.templates import render

WIDGET_DIR = Path(__file__).parent / "static" / "widget"
VENDOR_DIR = WIDGET_DIR / "vendor"
SCRIPT_CACHE = "public, max-age=300"

COUNTRY = re.compile(r"^[A-Z]{2}$")
HOMEWORK_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
DEFAULT_COUNTRY = "GB"
DEFAULT_COLOUR = "#0b57d0"

widget_blueprint = Blueprint("widget")


@functools.lru_cache(maxsize=1)
def widget_script() -> str:
    """socket.io-client's UMD build sees a CommonJS `module` and exports into it instead of `window.io`."""
    socket_io = (VENDOR_DIR / "socket.io" / "socket.io.min.js").read_text(encoding="utf-8")
    widget = (WIDGET_DIR / "rehearse-widget.js").read_text(encoding="utf-8")
    return (
        "/*! Rehearse chat widget. Bundles socket.io-client (MIT, see /static/widget/vendor/socket.io/LICENSE). */\n"
        "(function () {\n"
        "var module = { exports: {} }, exports = module.exports, define;\n"
        f"{socket_io}\n"
        "var io = module.exports;\n"
        f"{widget}\n"
        "})();\n"
    )


def _choice(value: Optional[str], pattern: re.Pattern, default: str) -> str:
    value = (value or "").strip()
    return value if pattern.match(value) else default


def snippet_settings(request: Request) -> Dict[str, str]:
    """The demo page's snippet attributes; query parameters may change them, but only to valid values."""
    args = request.args
    return {
        "server": request.app.config.RASA_URL,
        "country": _choice((args.get("country") or "").upper(), COUNTRY, DEFAULT_COUNTRY),
        "code": _choice((args.get("code") or "").upper(), HOMEWORK_CODE, ""),
        "color": _choice(args.get("color"), COLOUR, DEFAULT_COLOUR),
    }


def embed_snippet(portal_url: str, settings: Dict[str, str]) -> Markup:
    """The one-line embed snippet; Markup.format escapes every value."""
    attributes = Markup("").join(
        Markup(' data-{}="{}"').format(name, value) for name, value in settings.items() if value
    )
    return Markup('<script src="{}/widget.js"{} defer></script>').format(portal_url, attributes)


def portal_url(request: Request) -> str:
    return f"{request.scheme}://{request.host}"


def page_policy(rasa_url: str, inline_styles: bool = False) -> Dict[str, str]:
    """Content-Security-Policy of a demo page: its own files, plus HTTP and WebSocket to the Rasa server.

    rasa-webchat injects its CSS as <style> elements, so its page needs 'unsafe-inline' styles.
    """
    parts = urlsplit(rasa_url)
    websocket = "wss" if parts.scheme == "https" else "ws"
    styles = "'self' 'unsafe-inline'" if inline_styles else "'self'"
    policy = (
        f"default-src 'self'; script-src 'self'; style-src {styles}; img-src 'self' data:; font-src 'self' data:; "
        f"connect-src 'self' {parts.scheme}://{parts.netloc} {websocket}://{parts.netloc}; "
        "object-src 'none'; base-uri 'none'; form-action 'self'"
    )
    return {"Content-Security-Policy": policy}


@widget_blueprint.get("/widget.js")
async def widget_js(request: Request) -> response.HTTPResponse:
    return response.text(
        widget_script(),
        content_type="application/javascript; charset=utf-8",
        headers={"Cache-Control": SCRIPT_CACHE, "Access-Control-Allow-Origin": "*"},
    )


@widget_blueprint.get("/widget.css")
async def widget_css(request: Request) -> response.HTTPResponse:
    return await response.file(
        str(WIDGET_DIR / "widget.css"),
        mime_type="text/css; charset=utf-8",
        headers={"Cache-Control": SCRIPT_CACHE, "Access-Control-Allow-Origin": "*"},
    )


@widget_blueprint.get("/demo")
async def demo(request: Request) -> response.HTTPResponse:
    settings = snippet_settings(request)
    snippet = embed_snippet(portal_url(request), settings)
    return response.html(
        render("demo.html", snippet=snippet, snippet_source=str(snippet)), headers=page_policy(settings["server"])
    )


@widget_blueprint.get("/webchat-demo")
async def webchat_demo(request: Request) -> response.HTTPResponse:
    settings = snippet_settings(request)
    return response.html(
        render("webchat_demo.html", rasa_url=settings["server"], country=settings["country"]),
        headers=page_policy(settings["server"], inline_styles=True),
    )
