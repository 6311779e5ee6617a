"""TranscriptStore on SQLite and PostgreSQL: consent, turns, retraction, risk flags, deletion, retention."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from rehearse.storage.db import session_scope
from rehearse.storage.models import Assignment, Client, PracticeSession, RiskEvent, Therapist, Turn, utcnow
from rehearse.storage.transcripts import ConsentRequired, TranscriptStore, TurnConflict, UnknownSession


@pytest.fixture
def store(migrated_url) -> TranscriptStore:
    return TranscriptStore(migrated_url)


def count(store: TranscriptStore, model, *where) -> int:
    with session_scope(store.url) as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def started(store: TranscriptStore, sender: str, scenario: str = "boundary-mum-christmas") -> str:
    store.register_consent(sender)
    return store.start_session(sender, scenario, mood_before=4)


def play(store: TranscriptStore, session_id: str, lines) -> None:
    for seq, (speaker, text) in enumerate(lines, start=1):
        store.record_turn(session_id, seq, speaker, text)


def backdate(store: TranscriptStore, model, column, days: int, *where) -> None:
    with session_scope(store.url) as session:
        session.execute(update(model).where(*where).values({column: utcnow() - timedelta(days=days)}))


def test_consent_is_idempotent(store):
    assert not store.has_consented("s1")
    first = store.register_consent("s1")
    assert store.register_consent("s1") == first
    assert store.has_consented("s1")
    assert count(store, Client) == 1


def test_nothing_is_stored_before_consent(store):
    with pytest.raises(ConsentRequired):
        store.start_session("stranger", "grief-father")
    assert count(store, Client) == 0
    assert count(store, PracticeSession) == 0


def test_session_lifecycle(store):
    session_id = started(store, "s1")
    store.set_mood(session_id, after=7)
    store.finish_session(session_id, "resolved", {"skills": {"i_statement": 2}})
    info = store.get_session(session_id)
    assert (info.mood_before, info.mood_after, info.outcome) == (4, 7, "resolved")
    assert info.debrief == {"skills": {"i_statement": 2}}
    assert info.ended_at is not None and info.ended_at.tzinfo is not None
    assert info.started_at <= info.ended_at


@pytest.mark.parametrize("mood", [-1, 11, 3.5, True, "5"])
def test_mood_out_of_range_is_rejected(store, mood):
    session_id = started(store, "s1")
    with pytest.raises(ValueError):
        store.set_mood(session_id, after=mood)
    assert store.get_session(session_id).mood_after is None


def test_database_rejects_mood_out_of_range(store):
    session_id = started(store, "s1")
    with pytest.raises(IntegrityError):
        with session_scope(store.url) as session:
            statement = update(PracticeSession).where(PracticeSession.id == session_id).values(mood_after=11)
            session.execute(statement)


def test_unknown_session_raises(store):
    with pytest.raises(UnknownSession):
        store.record_turn("no-such-session", 1, "user", "hello")
    with pytest.raises(UnknownSession):
        store.finish_session("no-such-session", "ended", {})


def test_record_turn_is_idempotent(store):
    session_id = started(store, "s1")
    features = {"i_statement": [{"start": 0, "end": 6, "text": "I feel"}]}
    assert store.record_turn(session_id, 1, "user", "I feel left out.", features) is True
    assert store.record_turn(session_id, 1, "user", "I feel left out.", features) is False
    turns = store.session_turns(session_id)
    assert [(t.seq, t.speaker, t.text) for t in turns] == [(1, "user", "I feel left out.")]
    assert turns[0].features == features and turns[0].retracted is False


def test_a_different_turn_at_the_same_seq_raises(store):
    session_id = started(store, "s1")
    store.record_turn(session_id, 1, "user", "I feel left out.")
    with pytest.raises(TurnConflict):
        store.record_turn(session_id, 1, "user", "Something else")
    with pytest.raises(TurnConflict):
        store.record_turn(session_id, 1, "counterpart", "I feel left out.")
    assert [t.text for t in store.session_turns(session_id)] == ["I feel left out."]


def test_an_exchange_is_stored_in_one_go_and_a_retry_changes_nothing(store):
    session_id = started(store, "s1")
    features = {"i_statement": [{"start": 0, "end": 6, "text": "I feel"}]}
    for _ in range(2):
        store.record_exchange(session_id, 1, "I feel left out.", features, "I didn't mean to leave you out.")
    turns = store.session_turns(session_id)
    assert [(t.seq, t.speaker, t.text) for t in turns] == [
        (1, "user", "I feel left out."), (2, "counterpart", "I didn't mean to leave you out."),
    ]
    assert turns[0].features == features and turns[1].features is None


def test_the_exchange_that_ends_the_role_play_finishes_the_session_in_the_same_write(store):
    session_id = started(store, "s1")
    debrief = {"skills": {"i_statement": 1}}
    for _ in range(2):  # a retried write changes nothing
        store.record_exchange(session_id, 1, "I feel left out.", None, "Okay, I hear you.", finish=("resolved", debrief))
    info = store.get_session(session_id)
    assert (info.outcome, info.debrief) == ("resolved", debrief) and info.ended_at is not None
    assert [t.seq for t in store.session_turns(session_id)] == [1, 2]


def test_an_exchange_over_a_different_stored_reply_raises_like_two_single_turns(store):
    session_id = started(store, "s1")
    store.record_turn(session_id, 2, "counterpart", "Fine.")
    with pytest.raises(TurnConflict):
        store.record_exchange(session_id, 1, "I feel left out.", None, "Whatever.")
    assert [(t.seq, t.text) for t in store.session_turns(session_id)] == [(1, "I feel left out."), (2, "Fine.")]


def test_concurrent_retries_store_one_turn(store):
    session_id = started(store, "s1")

    def write(_):
        return store.record_turn(session_id, 1, "user", "Can we talk about Sunday?")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(write, range(16)))
    assert results.count(True) == 1
    assert count(store, Turn, Turn.session_id == session_id) == 1


def test_awkward_text_round_trips(store):
    session_id = started(store, "s1")
    texts = [
        "x" * 100_000,
        "emoji 😤🙏 and RTL שלום مرحبا",
        "<script>alert('hi')</script> & \"quotes\"",
        "tab\there\r\nbell\x07",
    ]
    play(store, session_id, [("user", text) for text in texts])
    assert [t.text for t in store.session_turns(session_id)] == texts


def test_nul_character_is_stored_as_replacement_on_every_backend(store):
    session_id = started(store, "s1")
    store.record_turn(session_id, 1, "user", "a\x00b")
    assert store.record_turn(session_id, 1, "user", "a\x00b") is False
    assert store.session_turns(session_id)[0].text == "a\ufffdb"


def test_invalid_speaker_is_rejected(store):
    session_id = started(store, "s1")
    with pytest.raises(ValueError):
        store.record_turn(session_id, 1, "narrator", "Once upon a time")


def test_retract_last_exchange(store):
    session_id = started(store, "s1")
    play(
        store,
        session_id,
        [
            ("counterpart", "So, what did you want to talk about?"),
            ("user", "I need you to call before visiting."),
            ("counterpart", "Fine, I suppose."),
            ("user", "You never listen!"),
            ("counterpart", "Here we go again."),
            ("coach", "Try an I-statement."),
        ],
    )
    assert store.retract_last_exchange(session_id) == 3
    live = store.session_turns(session_id, include_retracted=False)
    assert [t.seq for t in live] == [1, 2, 3]
    assert [t.seq for t in store.session_turns(session_id) if t.retracted] == [4, 5, 6]

    assert store.retract_last_exchange(session_id) == 2
    assert [t.seq for t in store.session_turns(session_id, include_retracted=False)] == [1]
    assert store.retract_last_exchange(session_id) == 0

    store.record_turn(session_id, 7, "user", "I'd like you to call first.")
    assert [t.seq for t in store.session_turns(session_id, include_retracted=False)] == [1, 7]


def test_risk_flag_before_consent_stores_no_identity_or_text(store):
    event_id = store.flag_risk("not-yet-consented", None, "suicidal_ideation", "passive_burden")
    with session_scope(store.url) as session:
        event = session.get(RiskEvent, event_id)
        assert (event.client_id, event.session_id, event.category, event.rule) == (
            None,
            None,
            "suicidal_ideation",
            "passive_burden",
        )
    assert count(store, Client) == 0


def test_risk_flag_marks_the_session(store):
    session_id = started(store, "s1")
    assert store.get_session(session_id).risk_flag is False
    store.flag_risk("s1", session_id, "self_harm", "explicit_self_harm")
    assert store.get_session(session_id).risk_flag is True
    with session_scope(store.url) as session:
        event = session.execute(select(RiskEvent)).scalar_one()
        assert event.session_id == session_id
        assert event.client_id is not None


def test_risk_flag_with_unknown_session_is_still_recorded(store):
    store.flag_risk(None, "gone-session", "abuse", "unsafe_at_home")
    assert count(store, RiskEvent, RiskEvent.session_id.is_(None)) == 1


def test_delete_client_removes_only_that_client(store):
    with session_scope(store.url) as session:
        session.add(Therapist(username="dr_a", password_hash="x"))
    keep = started(store, "keep")
    gone = started(store, "gone")
    for session_id, sender in ((keep, "keep"), (gone, "gone")):
        play(store, session_id, [("counterpart", "Hi."), ("user", "Hello.")])
        store.flag_risk(sender, session_id, "self_harm", "rule")
    store.flag_risk("gone", None, "self_harm", "outside a session")
    assignment, code = store.create_assignment(1, "grief-father", "Try it twice.", None, "Client G")
    assert store.redeem_code(code, "gone") is not None

    assert store.delete_client("gone") is True
    assert store.delete_client("gone") is False
    assert not store.has_consented("gone")
    assert count(store, PracticeSession) == 1 and store.get_session(keep).client_id is not None
    assert count(store, Turn) == 2
    assert count(store, Turn, Turn.session_id == gone) == 0
    assert count(store, RiskEvent) == 1
    assert count(store, Assignment, Assignment.id == assignment.id, Assignment.client_id.is_(None)) == 1
    with pytest.raises(UnknownSession):
        store.get_session(gone)


def test_purge_older_than(store):
    old = started(store, "s1")
    recent = started(store, "s1")
    for session_id in (old, recent):
        play(store, session_id, [("counterpart", "Hi."), ("user", "Hello."), ("counterpart", "Well?")])
        store.flag_risk("s1", session_id, "self_harm", "rule")
    store.flag_risk(None, None, "abuse", "old and anonymous")
    backdate(store, PracticeSession, "started_at", 100, PracticeSession.id == old)
    backdate(store, RiskEvent, "created_at", 100, RiskEvent.rule == "old and anonymous")

    assert store.purge_older_than(90) == {"sessions": 1, "turns": 3, "risk_events": 2}
    assert [t.seq for t in store.session_turns(recent)] == [1, 2, 3]
    assert count(store, PracticeSession) == 1
    assert count(store, RiskEvent, RiskEvent.session_id == recent) == 1
    assert store.has_consented("s1")
    assert store.purge_older_than(90) == {"sessions": 0, "turns": 0, "risk_events": 0}


def test_concurrent_consent_registers_one_client(store):
    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = set(pool.map(lambda _: store.register_consent("s1"), range(16)))
    assert len(ids) == 1
    assert count(store, Client) == 1
