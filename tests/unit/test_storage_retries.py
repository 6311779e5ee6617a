"""Writes that the outbox may retry are idempotent: a retried write never duplicates anything."""
from __future__ import annotations

from rehearse.storage.transcripts import TranscriptStore


def test_a_session_started_twice_with_its_id_exists_once(migrated_url):
    store = TranscriptStore(migrated_url)
    store.register_consent("retry-client")
    first = store.start_session("retry-client", "some-scenario", session_id="11111111-2222-3333-4444-555555555555")
    second = store.start_session("retry-client", "some-scenario", session_id=first)
    assert first == second == "11111111-2222-3333-4444-555555555555"
    assert store.get_session(first).scenario_ref == "some-scenario"


def test_retracting_from_a_seq_twice_changes_nothing_more(migrated_url):
    store = TranscriptStore(migrated_url)
    store.register_consent("retry-client")
    session = store.start_session("retry-client", "some-scenario")
    for seq, speaker in enumerate(["counterpart", "user", "counterpart", "user", "counterpart"], start=1):
        store.record_turn(session, seq, speaker, f"line {seq}")
    assert store.retract_from(session, 4) == 2
    assert store.retract_from(session, 4) == 0
    assert [turn.retracted for turn in store.session_turns(session)] == [False, False, False, True, True]
