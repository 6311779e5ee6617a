"""Homework codes: format, alphabet, hashing at rest, redemption rules."""
from __future__ import annotations

import hashlib
import math
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from rehearse.storage.db import session_scope
from rehearse.storage.models import Assignment, Client, Therapist, utcnow
from rehearse.storage.transcripts import (
    CODE_ALPHABET,
    ConsentRequired,
    TranscriptStore,
    generate_code,
    normalise_code,
)

CODE_FORMAT = re.compile(r"^[%s]{4}-[%s]{4}$" % (CODE_ALPHABET, CODE_ALPHABET))


@pytest.fixture
def store(migrated_url) -> TranscriptStore:
    with session_scope(migrated_url) as session:
        session.add_all([Therapist(username=name, password_hash="x") for name in ("dr_a", "dr_b")])
    return TranscriptStore(migrated_url)


def therapist_id(store: TranscriptStore, username: str) -> int:
    with session_scope(store.url) as session:
        return session.execute(select(Therapist.id).where(Therapist.username == username)).scalar_one()


def assign(store: TranscriptStore, username: str = "dr_a", **options):
    due = date(2030, 1, 31)
    return store.create_assignment(
        therapist_id(store, username), "boundary-mum-christmas", "Practise twice.", due, "Client K", **options
    )


def test_alphabet_has_no_ambiguous_characters():
    assert set(CODE_ALPHABET).isdisjoint(set("0O1IL5S2Z8B"))
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET)
    assert math.log2(len(CODE_ALPHABET) ** 8) >= 37


def test_generated_codes_have_the_format_and_vary():
    codes = {generate_code() for _ in range(500)}
    assert all(CODE_FORMAT.match(code) for code in codes)
    assert len(codes) == 500


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("acde-fg34", "ACDEFG34"),
        ("  ACDE FG34 ", "ACDEFG34"),
        ("ac-de-fg-34", "ACDEFG34"),
        ("ACDEFG3", None),
        ("ACDEFG345", None),
        ("ACDE-FG30", None),
        ("", None),
    ],
)
def test_normalise_code(raw, expected):
    assert normalise_code(raw) == expected


def test_code_is_stored_only_as_a_hash(store):
    assignment, code = assign(store)
    assert CODE_FORMAT.match(code)
    with session_scope(store.url) as session:
        row = session.get(Assignment, assignment.id)
        stored = [str(getattr(row, column.key)) for column in Assignment.__table__.columns]
        assert row.code_hash == hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    for value in stored:
        assert code not in value and code.replace("-", "") not in value


def test_redeem_links_client_to_therapist_and_assignment(store):
    assignment, code = assign(store)
    client_id = store.register_consent("s1")
    info = store.redeem_code(" " + code.lower().replace("-", " ") + " ", "s1")
    assert info is not None
    assert (info.id, info.scenario_ref) == (assignment.id, "boundary-mum-christmas")
    assert info.instructions == "Practise twice."
    assert info.client_id == client_id
    assert info.due_date == date(2030, 1, 31)
    with session_scope(store.url) as session:
        client = session.get(Client, client_id)
        assert (client.therapist_id, client.label) == (therapist_id(store, "dr_a"), "Client K")


def test_redeem_keeps_an_existing_therapist_link(store):
    _, code_a = assign(store, "dr_a")
    _, code_b = assign(store, "dr_b")
    client_id = store.register_consent("s1")
    assert store.redeem_code(code_a, "s1") is not None
    assert store.redeem_code(code_b, "s1") is not None
    with session_scope(store.url) as session:
        assert session.get(Client, client_id).therapist_id == therapist_id(store, "dr_a")


def test_unknown_expired_and_completed_codes_all_give_none(store):
    store.register_consent("s1")
    _, expired = assign(store, ttl_days=1)
    with session_scope(store.url) as session:
        session.execute(update(Assignment).values(expires_at=utcnow() - timedelta(seconds=1)))
    completed_assignment, completed = assign(store)
    assert store.complete_assignment(completed_assignment.id) is True
    assert store.complete_assignment(completed_assignment.id) is False
    _, live = assign(store)

    shifted = {c: CODE_ALPHABET[(i + 1) % len(CODE_ALPHABET)] for i, c in enumerate(CODE_ALPHABET)}
    wrong = "".join(shifted.get(c, c) for c in live)
    for code in (expired, completed, wrong, "ACDE-FG30", "", "not a code at all"):
        assert store.redeem_code(code, "s1") is None
    assert store.redeem_code(live, "s1") is not None


def test_redeem_requires_consent(store):
    _, code = assign(store)
    with pytest.raises(ConsentRequired):
        store.redeem_code(code, "stranger")
    with session_scope(store.url) as session:
        assert session.execute(select(Assignment.client_id)).scalar_one() is None


def test_expiry_follows_ttl(store):
    assignment, _ = assign(store, ttl_days=7)
    delta = assignment.expires_at - assignment.created_at
    assert timedelta(days=7) - timedelta(seconds=5) < delta <= timedelta(days=7, seconds=5)
    with pytest.raises(ValueError):
        assign(store, ttl_days=0)
