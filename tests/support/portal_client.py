"""Drive the portal's Sanic app in-process over ASGI with httpx (sanic-testing 22.12's clients need a
newer Sanic than the pinned 21.12). Cookies persist across requests, like a browser's."""
from __future__ import annotations

import uuid
from typing import Any

import httpx
from sanic import Sanic


def new_app() -> Sanic:
    from rehearse.portal.app import create_app

    Sanic.test_mode = True  # several apps per run; lets each have its own name and router
    return create_app("portal_test_" + uuid.uuid4().hex[:8])


class PortalClient:
    def __init__(self, app: Sanic, base_url: str = "http://portal.test") -> None:
        self.app = app
        self.base_url = base_url
        self.started = False
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=("127.0.0.1", 50000)), base_url=base_url
        )

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if not self.started:
            await self.app._startup()
            self.started = True
        kwargs.setdefault("allow_redirects", False)
        return await self.http.request(method, path, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, **kwargs)

    async def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PUT", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", path, **kwargs)

    async def close(self) -> None:
        await self.http.aclose()
