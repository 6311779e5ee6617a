"""The tracker store writes nothing before consent and erases a conversation on request."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from components.erasable_tracker_store import ErasableSQLTrackerStore
from rehearse.run import PROJECT_ROOT


@pytest.fixture
def store(tmp_path) -> ErasableSQLTrackerStore:
    domain = Domain.load(str(Path(PROJECT_ROOT) / "domain.yml"))
    return ErasableSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))


def stored_rows(store: ErasableSQLTrackerStore, sender: str) -> int:
    with store.session_scope() as session:
        return session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).count()


def conversation(store, *events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("s1", list(events), slots=store.domain.slots)


async def test_nothing_is_written_before_consent_but_the_conversation_goes_on(store):
    tracker = conversation(store, UserUttered("my dad hits me", intent={"name": "risk_disclosure"}))
    await store.save(tracker)
    assert stored_rows(store, "s1") == 0
    kept = await store.retrieve("s1")
    assert kept is not None and kept.latest_message.text == "my dad hits me"


async def test_after_consent_the_conversation_is_saved(store):
    await store.save(conversation(store, UserUttered("hi"), SlotSet("consented", True)))
    assert stored_rows(store, "s1") > 0
    assert (await store.retrieve("s1")).get_slot("consented") is True


async def test_erasure_deletes_the_history_and_writes_nothing(store):
    await store.save(conversation(store, UserUttered("hi"), SlotSet("consented", True)))
    await store.save(
        conversation(store, UserUttered("hi"), SlotSet("consented", True), SlotSet("erase_conversation", True))
    )
    assert stored_rows(store, "s1") == 0
    assert await store.retrieve("s1") is None
