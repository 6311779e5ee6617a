"""Integration fixtures: one real stack (Rasa server, action server, portal) shared by the module."""
from __future__ import annotations

import uuid
from typing import Iterator

import pytest

from support.stack import Stack, ensure_trained_model


@pytest.fixture(scope="session")
def trained_model():
    return ensure_trained_model()


@pytest.fixture(scope="session")
def stack(trained_model, tmp_path_factory) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("stack")).start_all()
    try:
        yield running
    finally:
        running.stop_all()


@pytest.fixture
def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"
