"""The tracker store writes nothing before consent and erases a conversation on request."""
from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa.core.tracker_store import SQLTrackerStore

from components.erasable_tracker_store import CACHE_IDLE_SECONDS, ErasableSQLTrackerStore
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


async def play_turn(store, sender: str, text: str) -> DialogueStateTracker:
    """What Rasa does with each message: load (or create) the conversation, add events, save it."""
    tracker = await store.get_or_create_tracker(sender)
    tracker.update_with_events([UserUttered(text), SlotSet("consented", True)], store.domain)
    await store.save(tracker)
    return tracker


async def test_a_saved_conversation_is_reused_and_every_event_is_stored_once(store, monkeypatch):
    for line in ("one", "two", "three"):
        tracker = await play_turn(store, "s1", line)
    loads = []
    original = SQLTrackerStore._retrieve
    monkeypatch.setattr(SQLTrackerStore, "_retrieve", lambda *args, **kw: loads.append(1) or original(*args, **kw))
    reused = await store.retrieve("s1")
    assert reused is tracker and not loads
    await store.save(reused)
    assert stored_rows(store, "s1") == len(tracker.events)
    assert [event.text for event in (await store.retrieve_full_tracker("s1")).events
            if isinstance(event, UserUttered)] == ["one", "two", "three"]


async def test_a_write_by_another_replica_is_never_hidden_by_the_kept_tracker(store, tmp_path):
    await play_turn(store, "s1", "from replica one")
    other = ErasableSQLTrackerStore(domain=store.domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    await play_turn(other, "s1", "from replica two")
    seen = await store.retrieve("s1")
    assert [event.text for event in seen.events if isinstance(event, UserUttered)] == [
        "from replica one", "from replica two"
    ]
    await store.save(seen)
    assert stored_rows(store, "s1") == len(seen.events)


async def test_a_turn_that_fails_before_saving_leaves_no_trace_in_the_next_one(store):
    await play_turn(store, "s1", "saved line")
    failed = await store.retrieve("s1")
    failed.update_with_events([UserUttered("never saved")], store.domain)  # the turn dies here
    again = await store.retrieve("s1")
    assert [event.text for event in again.events if isinstance(event, UserUttered)] == ["saved line"]


async def test_an_erased_conversation_is_not_served_from_memory(store):
    await play_turn(store, "s1", "hi")
    tracker = await store.retrieve("s1")
    tracker.update_with_events([SlotSet("erase_conversation", True)], store.domain)
    await store.save(tracker)
    assert await store.retrieve("s1") is None


async def test_a_kept_tracker_is_dropped_after_the_idle_limit(store):
    await play_turn(store, "s1", "hi")
    later = store._clock() + CACHE_IDLE_SECONDS + 1
    store._clock = lambda: later
    await play_turn(store, "s2", "another conversation saves, and sweeps the idle one out")
    assert "s1" not in store._saved and "s2" in store._saved
