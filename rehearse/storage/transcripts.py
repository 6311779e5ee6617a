"""`TranscriptStore`: the storage API the Rasa custom actions call.

Every method is one unit of work that has committed when it returns. The methods are synchronous;
callers on an event loop run them in a thread executor. Nothing is stored for a sender before
consent, with one exception: a risk flag, which holds no text and no sender id.
"""
from __future__ import annotations

import hashlib
import itertools
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ContextManager, Dict, List, Optional, Tuple

from sqlalchemy import Column, Integer, MetaData, String, Table, delete, func, inspect, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rehearse.storage.db import make_engine, session_scope
from rehearse.storage.models import SPEAKERS, Assignment, Client, PracticeSession, RiskEvent, Turn, utcnow

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
"""Homework-code characters: no 0/O, 1/I/L, 5/S, 2/Z or 8/B, which are easy to misread or mistype."""
CODE_LENGTH = 8
"""25 ** 8 is about 1.5e11 codes (37 bits)."""
DEFAULT_CODE_TTL_DAYS = 30
_CODE_ATTEMPTS = 5
_BULK = {"synchronize_session": False}
"""Bulk UPDATE/DELETE options: the unit of work ends right after, so no in-session objects need syncing."""


class StorageError(Exception):
    """Base class for the errors below."""


class ConsentRequired(StorageError):
    """The sender has not agreed to storage; nothing was written."""


class UnknownSession(StorageError, LookupError):
    """No practice session has that id."""


class TurnConflict(StorageError):
    """A different turn is already stored at that (session, seq)."""


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    therapist_id: int
    client_id: Optional[int]
    client_label: Optional[str]
    scenario_ref: str
    instructions: str
    due_date: Optional[date]
    expires_at: datetime
    completed_at: Optional[datetime]
    created_at: datetime

    @classmethod
    def of(cls, row: Assignment) -> "AssignmentInfo":
        return cls(
            id=row.id,
            therapist_id=row.therapist_id,
            client_id=row.client_id,
            client_label=row.client_label,
            scenario_ref=row.scenario_ref,
            instructions=row.instructions,
            due_date=row.due_date,
            expires_at=row.expires_at,
            completed_at=row.completed_at,
            created_at=row.created_at,
        )


@dataclass(frozen=True)
class SessionInfo:
    id: str
    client_id: int
    scenario_ref: str
    assignment_id: Optional[int]
    started_at: datetime
    ended_at: Optional[datetime]
    mood_before: Optional[int]
    mood_after: Optional[int]
    outcome: Optional[str]
    debrief: Optional[Dict[str, Any]]
    risk_flag: bool

    @classmethod
    def of(cls, row: PracticeSession) -> "SessionInfo":
        return cls(
            id=row.id,
            client_id=row.client_id,
            scenario_ref=row.scenario_ref,
            assignment_id=row.assignment_id,
            started_at=row.started_at,
            ended_at=row.ended_at,
            mood_before=row.mood_before,
            mood_after=row.mood_after,
            outcome=row.outcome,
            debrief=row.debrief,
            risk_flag=row.risk_flag,
        )


@dataclass(frozen=True)
class TurnInfo:
    seq: int
    speaker: str
    text: str
    features: Optional[Dict[str, Any]]
    retracted: bool
    created_at: datetime


def generate_code() -> str:
    """A fresh homework code, shown as XXXX-XXXX."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return raw[:4] + "-" + raw[4:]


def normalise_code(code: str) -> Optional[str]:
    """Upper-case the code and drop spaces and dashes; None when it cannot be a valid code."""
    cleaned = "".join(ch for ch in code.upper() if not ch.isspace() and ch not in "-\u2010\u2011\u2013")
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


def hash_code(normalised_code: str) -> str:
    return hashlib.sha256(normalised_code.encode("ascii")).hexdigest()


def _check_mood(value: Optional[int], name: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError("%s must be a whole number from 0 to 10" % name)


def _storable(text: str) -> str:
    """PostgreSQL text cannot hold NUL; replace it so both backends store the same string."""
    return text.replace("\x00", "\ufffd")


class TranscriptStore:
    """Transcripts, assignments and risk flags in the database at `url` (default `DATABASE_URL`)."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def _scope(self) -> ContextManager[Session]:
        return session_scope(self.url)

    # -- clients -----------------------------------------------------------------------------------

    def register_consent(self, sender_key: str) -> int:
        """Record the sender's consent (once) and return their client id."""
        with self._scope() as session:
            client = _client(session, sender_key)
            if client is not None:
                return client.id
        try:
            with self._scope() as session:
                client = Client(sender_key=sender_key, consented_at=utcnow())
                session.add(client)
                session.flush()
                return client.id
        except IntegrityError:  # a concurrent call registered the same sender first
            with self._scope() as session:
                return _consented_client(session, sender_key).id

    def has_consented(self, sender_key: str) -> bool:
        with self._scope() as session:
            return _client(session, sender_key) is not None

    def delete_client(self, sender_key: str) -> bool:
        """Erase the client's sessions, turns, risk events and client row; False if unknown."""
        with self._scope() as session:
            client = _client(session, sender_key)
            if client is None:
                return False
            sessions = select(PracticeSession.id).where(PracticeSession.client_id == client.id)
            own_risk_events = or_(RiskEvent.client_id == client.id, RiskEvent.session_id.in_(sessions))
            _bulk(session, delete(Turn).where(Turn.session_id.in_(sessions)))
            _bulk(session, delete(RiskEvent).where(own_risk_events))
            _bulk(session, delete(PracticeSession).where(PracticeSession.client_id == client.id))
            _bulk(session, update(Assignment).where(Assignment.client_id == client.id).values(client_id=None))
            _bulk(session, delete(Client).where(Client.id == client.id))
            return True

    # -- practice sessions -------------------------------------------------------------------------

    def start_session(
        self,
        sender_key: str,
        scenario_ref: str,
        assignment_id: Optional[int] = None,
        mood_before: Optional[int] = None,
        session_id: Optional[str] = None,
    ) -> str:
        """Start a practice session. With a caller-chosen `session_id` the call is idempotent, so a
        write retried after a database outage never creates a second session."""
        _check_mood(mood_before, "mood_before")
        with self._scope() as session:
            client = _consented_client(session, sender_key)
            if session_id is not None and session.get(PracticeSession, session_id) is not None:
                return session_id
            practice = PracticeSession(
                id=session_id or str(uuid.uuid4()),
                client_id=client.id,
                scenario_ref=scenario_ref,
                assignment_id=assignment_id,
                mood_before=mood_before,
            )
            session.add(practice)
            return practice.id

    def set_mood(self, session_id: str, *, before: Optional[int] = None, after: Optional[int] = None) -> None:
        _check_mood(before, "before")
        _check_mood(after, "after")
        with self._scope() as session:
            practice = _practice(session, session_id)
            if before is not None:
                practice.mood_before = before
            if after is not None:
                practice.mood_after = after

    def finish_session(self, session_id: str, outcome: str, debrief: Dict[str, Any]) -> None:
        with self._scope() as session:
            _finish(_practice(session, session_id), outcome, debrief)

    def get_session(self, session_id: str) -> SessionInfo:
        with self._scope() as session:
            return SessionInfo.of(_practice(session, session_id))

    # -- turns -------------------------------------------------------------------------------------

    def record_turn(
        self,
        session_id: str,
        seq: int,
        speaker: str,
        text: str,
        features: Optional[Dict[str, Any]] = None,
    ) -> bool:
        """Store a turn once. True if stored now, False if this very turn was already there.

        Raises TurnConflict when another speaker or text is stored at (session_id, seq).
        """
        if speaker not in SPEAKERS:
            raise ValueError("speaker must be one of %s" % ", ".join(SPEAKERS))
        text = _storable(text)
        try:
            with self._scope() as session:
                _practice(session, session_id)
                turn = Turn(session_id=session_id, seq=seq, speaker=speaker, text=text, features=features)
                session.add(turn)
            return True
        except IntegrityError:
            with self._scope() as session:
                stored = session.execute(
                    select(Turn.speaker, Turn.text).where(Turn.session_id == session_id, Turn.seq == seq)
                ).one_or_none()
            if stored is None:
                raise
            if tuple(stored) != (speaker, text):
                raise TurnConflict("session %s already has a different turn %d" % (session_id, seq)) from None
            return False

    def record_exchange(
        self,
        session_id: str,
        user_seq: int,
        user_text: str,
        features: Optional[Dict[str, Any]],
        reply_text: str,
        finish: Optional[Tuple[str, Dict[str, Any]]] = None,
    ) -> None:
        """Store the user's line (at `user_seq`) and the counterpart's reply (after it) in one commit.

        With `finish` (outcome, debrief), the exchange that ends the role-play also finishes the session,
        in the same commit. Idempotent like `record_turn`: when the exchange is already stored (a retried
        write), nothing changes; a different turn stored at either place raises TurnConflict.
        """
        turns = [(user_seq, "user", user_text, features), (user_seq + 1, "counterpart", reply_text, None)]
        try:
            with self._scope() as session:
                practice = _practice(session, session_id)
                session.add_all(
                    Turn(session_id=session_id, seq=seq, speaker=speaker, text=_storable(text), features=turn_features)
                    for seq, speaker, text, turn_features in turns
                )
                if finish:
                    _finish(practice, *finish)
        except IntegrityError:
            for seq, speaker, text, turn_features in turns:
                self.record_turn(session_id, seq, speaker, text, turn_features)
            if finish:
                self.finish_session(session_id, *finish)

    def retract_last_exchange(self, session_id: str) -> int:
        """Mark the latest live user turn and everything after it retracted; return how many turns."""
        with self._scope() as session:
            _practice(session, session_id)
            last_user_seq = session.execute(
                select(func.max(Turn.seq)).where(
                    Turn.session_id == session_id, Turn.speaker == "user", Turn.retracted.is_(False)
                )
            ).scalar_one()
            if last_user_seq is None:
                return 0
            return _retract(session, session_id, last_user_seq)

    def retract_from(self, session_id: str, seq: int) -> int:
        """Mark the turns from `seq` on retracted. Idempotent, so it is safe to retry."""
        with self._scope() as session:
            _practice(session, session_id)
            return _retract(session, session_id, seq)

    def session_turns(self, session_id: str, include_retracted: bool = True) -> List[TurnInfo]:
        query = select(Turn).where(Turn.session_id == session_id).order_by(Turn.seq)
        if not include_retracted:
            query = query.where(Turn.retracted.is_(False))
        with self._scope() as session:
            return [
                TurnInfo(t.seq, t.speaker, t.text, t.features, t.retracted, t.created_at)
                for t in session.execute(query).scalars()
            ]

    # -- risk --------------------------------------------------------------------------------------

    def flag_risk(
        self, sender_key: Optional[str], session_id: Optional[str], category: str, rule: str
    ) -> int:
        """Record that a risk rule fired (never the text) and flag the session; works before consent."""
        with self._scope() as session:
            client = _client(session, sender_key) if sender_key else None
            practice = session.get(PracticeSession, session_id) if session_id else None
            if practice is not None:
                practice.risk_flag = True
            event = RiskEvent(
                client_id=client.id if client is not None else None,
                session_id=practice.id if practice is not None else None,
                category=category,
                rule=rule,
            )
            session.add(event)
            session.flush()
            return event.id

    # -- assignments -------------------------------------------------------------------------------

    def create_assignment(
        self,
        therapist_id: int,
        scenario_ref: str,
        instructions: str,
        due_date: Optional[date],
        client_label: Optional[str],
        ttl_days: int = DEFAULT_CODE_TTL_DAYS,
    ) -> Tuple[AssignmentInfo, str]:
        """Create an assignment; return it and its code. Only the code's hash is stored."""
        if ttl_days <= 0:
            raise ValueError("ttl_days must be positive")
        for attempt in itertools.count(1):
            code = generate_code()
            try:
                with self._scope() as session:
                    assignment = Assignment(
                        therapist_id=therapist_id,
                        scenario_ref=scenario_ref,
                        instructions=instructions,
                        due_date=due_date,
                        client_label=client_label,
                        code_hash=hash_code(normalise_code(code)),
                        expires_at=utcnow() + timedelta(days=ttl_days),
                    )
                    session.add(assignment)
                    session.flush()
                    return AssignmentInfo.of(assignment), code
            except IntegrityError:  # retried only when the code collided with an existing one
                if attempt >= _CODE_ATTEMPTS or not self._code_taken(code):
                    raise

    def _code_taken(self, code: str) -> bool:
        with self._scope() as session:
            query = select(Assignment.id).where(Assignment.code_hash == hash_code(normalise_code(code)))
            return session.execute(query).first() is not None

    def redeem_code(self, code: str, sender_key: str) -> Optional[AssignmentInfo]:
        """The live assignment for `code`, linked to the sender; None if unknown, expired or completed.

        The sender must have consented (ConsentRequired otherwise, checked before the code is looked
        at). The client is linked to the assignment's therapist unless already linked to one, and the
        assignment to its first redeeming client.
        """
        with self._scope() as session:
            client = _consented_client(session, sender_key)
            normalised = normalise_code(code) if isinstance(code, str) else None
            if normalised is None:
                return None
            assignment = session.execute(
                select(Assignment).where(
                    Assignment.code_hash == hash_code(normalised),
                    Assignment.expires_at > utcnow(),
                    Assignment.completed_at.is_(None),
                )
            ).scalar_one_or_none()
            if assignment is None:
                return None
            if client.therapist_id is None:
                client.therapist_id = assignment.therapist_id
            if client.label is None:
                client.label = assignment.client_label
            if assignment.client_id is None:
                assignment.client_id = client.id
            session.flush()
            return AssignmentInfo.of(assignment)

    def complete_assignment(self, assignment_id: int) -> bool:
        """Mark the assignment completed (its code stops working); False if unknown or already done."""
        with self._scope() as session:
            complete = (
                update(Assignment)
                .where(Assignment.id == assignment_id, Assignment.completed_at.is_(None))
                .values(completed_at=utcnow())
            )
            result = _bulk(session, complete)
            return result.rowcount == 1

    # -- retention ---------------------------------------------------------------------------------

    def purge_older_than(self, days: int) -> Dict[str, int]:
        """Delete sessions started, and risk events raised, more than `days` days ago (with their turns)."""
        if days < 0:
            raise ValueError("days must not be negative")
        cutoff = utcnow() - timedelta(days=days)
        with self._scope() as session:
            old_sessions = select(PracticeSession.id).where(PracticeSession.started_at < cutoff)
            turns = _bulk(session, delete(Turn).where(Turn.session_id.in_(old_sessions)))
            old_risk_events = or_(RiskEvent.created_at < cutoff, RiskEvent.session_id.in_(old_sessions))
            risk_events = _bulk(session, delete(RiskEvent).where(old_risk_events))
            sessions = _bulk(session, delete(PracticeSession).where(PracticeSession.started_at < cutoff))
            return {
                "sessions": sessions.rowcount,
                "turns": turns.rowcount,
                "risk_events": risk_events.rowcount,
            }


def _bulk(session: Session, statement: Any) -> Any:
    return session.execute(statement, execution_options=_BULK)


def _retract(session: Session, session_id: str, from_seq: int) -> int:
    retract = (
        update(Turn)
        .where(Turn.session_id == session_id, Turn.seq >= from_seq, Turn.retracted.is_(False))
        .values(retracted=True)
    )
    return _bulk(session, retract).rowcount


def _client(session: Session, sender_key: str) -> Optional[Client]:
    return session.execute(select(Client).where(Client.sender_key == sender_key)).scalar_one_or_none()


def _consented_client(session: Session, sender_key: str) -> Client:
    client = _client(session, sender_key)
    if client is None:
        raise ConsentRequired("no consent recorded for this sender")
    return client


def _finish(practice: PracticeSession, outcome: str, debrief: Dict[str, Any]) -> None:
    if practice.ended_at is None:
        practice.ended_at = utcnow()
    practice.outcome = outcome
    practice.debrief = debrief


def _practice(session: Session, session_id: str) -> PracticeSession:
    practice = session.get(PracticeSession, session_id)
    if practice is None:
        raise UnknownSession(session_id)
    return practice


def delete_tracker_events(tracker_store_url: str, sender_key: str) -> int:
    """Delete one conversation from Rasa's SQL tracker store (table `events`); return rows deleted."""
    events = Table(
        "events",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("sender_id", String(255), nullable=False),
    )
    engine = make_engine(tracker_store_url)
    try:
        with engine.begin() as connection:
            if not inspect(connection).has_table("events"):
                return 0
            return connection.execute(delete(events).where(events.c.sender_id == sender_key)).rowcount
    finally:
        engine.dispose()
