"""Action tests: real Rasa trackers, the real domain, a collecting dispatcher and a migrated SQLite file."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from rehearse.run import PROJECT_ROOT


@pytest.fixture(scope="session")
def domain() -> Domain:
    return Domain.load(str(Path(PROJECT_ROOT) / "domain.yml"))


@pytest.fixture(scope="session")
def domain_dict(domain: Domain) -> Dict[str, Any]:
    return domain.as_dict()


@pytest.fixture
def transcript_db(tmp_path, monkeypatch) -> str:
    """A migrated SQLite database that the actions' store uses for this test."""
    from actions import services
    from rehearse.storage import migrations
    from rehearse.storage.db import dispose_engines

    url = "sqlite:///" + str(tmp_path / "rehearse.db")
    monkeypatch.setenv("DATABASE_URL", url)
    migrations.upgrade(url, "head")
    services.store.cache_clear()
    services.outbox.cache_clear()  # its lock belongs to one event loop; each test has its own
    yield url
    services.store.cache_clear()
    services.outbox.cache_clear()
    dispose_engines(url)


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


class TrackerFactory:
    def __init__(self, domain: Domain) -> None:
        self.domain = domain

    def __call__(
        self,
        slots: Optional[Dict[str, Any]] = None,
        text: str = "hi",
        intent: str = "greet",
        entities: Iterable[Dict[str, Any]] = (),
        active_loop: Optional[str] = None,
        sender_id: str = "action-test",
        extra_events: Iterable[Event] = (),
    ) -> Tracker:
        """A real Rasa tracker built from events, handed to the SDK as the action server would see it."""
        events: List[Event] = [SlotSet(name, value) for name, value in (slots or {}).items()]
        if active_loop:
            events.append(ActiveLoop(active_loop))
        events.extend(extra_events)
        events.append(
            UserUttered(text, intent={"name": intent, "confidence": 1.0}, entities=list(entities))
        )
        tracker = DialogueStateTracker.from_events(sender_id, events, slots=self.domain.slots)
        return Tracker.from_dict(tracker.current_state(EventVerbosity.ALL))


@pytest.fixture
def make_tracker(domain: Domain) -> TrackerFactory:
    return TrackerFactory(domain)

