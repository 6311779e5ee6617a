"""Action-server plugin (rasa-sdk discovers a top-level package with exactly this name).

It warms the heavy models (spaCy pipeline, analyser, scenario library) before the action server
accepts requests, so the first role-play turn of a fresh process is as fast as the others.
"""
from __future__ import annotations

import asyncio
import logging

import pluggy
from sanic import Sanic

hookimpl = pluggy.HookimplMarker("rasa_sdk")
logger = logging.getLogger(__name__)


def warm_up() -> None:
    from actions.services import library, store
    from rehearse.analysis import analyse

    library()
    store()
    analyse("I feel worried when plans change; could we talk about it on Sunday?")


class WarmUpPlugin:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        @app.listener("before_server_start")
        async def _warm_up(app: Sanic, loop: asyncio.AbstractEventLoop) -> None:
            await loop.run_in_executor(None, warm_up)
            logger.info("action server warmed up")


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(WarmUpPlugin())
