"""Jinja2 environment for portal pages. Autoescaping is on for every template: user text never becomes markup."""
from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATE_DIR = Path(__file__).parent / "templates"


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html", "xml", "j2"), default=True),
    )


def render(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)
