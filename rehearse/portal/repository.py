"""Read queries for the portal, every one scoped to one therapist.

A therapist's clients are the clients linked to them (by redeeming one of their homework codes); their
sessions, turns and risk flags follow from that. A resource outside that scope raises NotFound, the
same as one that does not exist.

For the chat side: `scenario_for_ref(ref)` resolves library ids and `custom:<id>` refs, and
`homework_for_code(code, sender_key)` redeems a homework code and resolves its scenario.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Dict, List, Optional

from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import Session

from rehearse.portal.custom_scenarios import scenario_for_ref
from rehearse.portal.errors import NotFound
from rehearse.scenarios import Scenario
from rehearse.storage.db import session_scope
from rehearse.storage.models import Assignment, Client, PracticeSession, RiskEvent, Turn, utcnow
from rehearse.storage.transcripts import AssignmentInfo, TranscriptStore

__all__ = ["PortalRepository", "homework_for_code", "scenario_for_ref", "findings_of"]


@dataclass(frozen=True)
class ClientSummary:
    id: int
    label: Optional[str]
    consented_at: datetime
    sessions: int
    last_session_at: Optional[datetime]
    risk_flags: int


@dataclass(frozen=True)
class SessionSummary:
    id: str
    client_id: int
    scenario_ref: str
    assignment_id: Optional[int]
    started_at: datetime
    ended_at: Optional[datetime]
    mood_before: Optional[int]
    mood_after: Optional[int]
    outcome: Optional[str]
    risk_flag: bool

    @property
    def mood_change(self) -> Optional[int]:
        if self.mood_before is None or self.mood_after is None:
            return None
        return self.mood_after - self.mood_before


@dataclass(frozen=True)
class TurnView:
    seq: int
    speaker: str
    text: str
    findings: List[Dict[str, Any]]
    retracted: bool
    created_at: datetime


@dataclass(frozen=True)
class RiskFlag:
    id: int
    client_id: Optional[int]
    client_label: Optional[str]
    session_id: Optional[str]
    category: str
    rule: str
    created_at: datetime


@dataclass(frozen=True)
class SessionDetail:
    session: SessionSummary
    client_label: Optional[str]
    debrief: Optional[Dict[str, Any]]
    turns: List[TurnView]
    risk_flags: List[RiskFlag]


@dataclass(frozen=True)
class TrendPoint:
    session_id: str
    started_at: datetime
    mood_before: Optional[int]
    mood_after: Optional[int]
    feature_counts: Dict[str, int] = field(default_factory=dict)
    """Per feature, how many of the session's (non-retracted) user lines showed it."""


@dataclass(frozen=True)
class AssignmentView:
    assignment: AssignmentInfo
    status: str
    """"completed", "started" (a session was played), "not started", "overdue" or "expired"."""


@dataclass(frozen=True)
class ClientDetail:
    client: ClientSummary
    sessions: List[SessionSummary]
    assignments: List[AssignmentView]


@dataclass(frozen=True)
class Homework:
    assignment: AssignmentInfo
    scenario: Scenario


def findings_of(features: Any) -> List[Dict[str, Any]]:
    """The well-formed findings in a turn's stored `features` (a list of findings; anything else is ignored)."""
    if isinstance(features, dict):
        features = features.get("findings")
    if not isinstance(features, list):
        return []
    return [
        item
        for item in features
        if isinstance(item, dict)
        and isinstance(item.get("feature"), str)
        and isinstance(item.get("start"), int)
        and isinstance(item.get("end"), int)
    ]


def homework_for_code(code: str, sender_key: str, url: Optional[str] = None) -> Optional[Homework]:
    """Redeem a homework code for a consented sender and resolve its scenario; None if the code is not live."""
    info = TranscriptStore(url).redeem_code(code, sender_key)
    if info is None:
        return None
    return Homework(info, scenario_for_ref(info.scenario_ref, url))


class PortalRepository:
    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    # -- clients -----------------------------------------------------------------------------------

    def clients(self, therapist_id: int) -> List[ClientSummary]:
        with session_scope(self.url) as session:
            return _client_summaries(session, Client.therapist_id == therapist_id)

    def client(self, therapist_id: int, client_id: int) -> ClientDetail:
        with session_scope(self.url) as session:
            found = _client_summaries(session, and_(Client.therapist_id == therapist_id, Client.id == client_id))
            if not found:
                raise NotFound("client")
            sessions = session.execute(
                select(PracticeSession).where(PracticeSession.client_id == client_id).order_by(PracticeSession.started_at)
            ).scalars()
            assignments = _assignment_views(
                session, and_(Assignment.therapist_id == therapist_id, Assignment.client_id == client_id)
            )
            return ClientDetail(found[0], [_session_summary(row) for row in sessions], assignments)

    def trends(self, therapist_id: int, client_id: int) -> List[TrendPoint]:
        detail = self.client(therapist_id, client_id)
        query = (
            select(Turn.session_id, Turn.features)
            .join(PracticeSession, PracticeSession.id == Turn.session_id)
            .where(PracticeSession.client_id == client_id, Turn.speaker == "user", Turn.retracted.is_(False))
        )
        counts: Dict[str, Counter] = {}
        with session_scope(self.url) as session:
            for session_id, features in session.execute(query):
                present = {finding["feature"] for finding in findings_of(features)}
                counts.setdefault(session_id, Counter()).update(present)
        return [
            TrendPoint(item.id, item.started_at, item.mood_before, item.mood_after, dict(counts.get(item.id, {})))
            for item in detail.sessions
        ]

    # -- sessions and risk -------------------------------------------------------------------------

    def session(self, therapist_id: int, session_id: str) -> SessionDetail:
        with session_scope(self.url) as session:
            row = session.execute(
                select(PracticeSession, Client.label)
                .join(Client, Client.id == PracticeSession.client_id)
                .where(PracticeSession.id == session_id, Client.therapist_id == therapist_id)
            ).one_or_none()
            if row is None:
                raise NotFound("session")
            practice, label = row
            turns = session.execute(select(Turn).where(Turn.session_id == session_id).order_by(Turn.seq)).scalars()
            return SessionDetail(
                session=_session_summary(practice),
                client_label=label,
                debrief=practice.debrief,
                turns=[TurnView(t.seq, t.speaker, t.text, findings_of(t.features), t.retracted, t.created_at) for t in turns],
                risk_flags=_risk_flags(session, therapist_id, RiskEvent.session_id == session_id),
            )

    def risk_flags(self, therapist_id: int, client_id: Optional[int] = None, limit: int = 100) -> List[RiskFlag]:
        condition = RiskEvent.client_id == client_id if client_id is not None else true()
        with session_scope(self.url) as session:
            return _risk_flags(session, therapist_id, condition, limit)

    # -- assignments -------------------------------------------------------------------------------

    def assignments(self, therapist_id: int) -> List[AssignmentView]:
        with session_scope(self.url) as session:
            return _assignment_views(session, Assignment.therapist_id == therapist_id)

    def assignment(self, therapist_id: int, assignment_id: int) -> AssignmentView:
        with session_scope(self.url) as session:
            found = _assignment_views(
                session, and_(Assignment.therapist_id == therapist_id, Assignment.id == assignment_id)
            )
        if not found:
            raise NotFound("assignment")
        return found[0]


def _client_summaries(session: Session, condition: Any) -> List[ClientSummary]:
    session_stats = (
        select(
            PracticeSession.client_id,
            func.count(PracticeSession.id).label("sessions"),
            func.max(PracticeSession.started_at).label("last_session_at"),
        )
        .group_by(PracticeSession.client_id)
        .subquery()
    )
    risk_stats = (
        select(RiskEvent.client_id, func.count(RiskEvent.id).label("risk_flags"))
        .group_by(RiskEvent.client_id)
        .subquery()
    )
    query = (
        select(Client, session_stats.c.sessions, session_stats.c.last_session_at, risk_stats.c.risk_flags)
        .outerjoin(session_stats, session_stats.c.client_id == Client.id)
        .outerjoin(risk_stats, risk_stats.c.client_id == Client.id)
        .where(condition)
        .order_by(Client.id)
    )
    summaries = []
    for client, sessions, last_session_at, risk_flags in session.execute(query):
        summaries.append(
            ClientSummary(client.id, client.label, client.consented_at, sessions or 0, last_session_at, risk_flags or 0)
        )
    return summaries


def _session_summary(row: PracticeSession) -> SessionSummary:
    return SessionSummary(
        row.id, row.client_id, row.scenario_ref, row.assignment_id, row.started_at, row.ended_at,
        row.mood_before, row.mood_after, row.outcome, row.risk_flag,
    )


def _risk_flags(session: Session, therapist_id: int, condition: Any, limit: int = 100) -> List[RiskFlag]:
    query = (
        select(RiskEvent, Client.label)
        .join(Client, Client.id == RiskEvent.client_id)
        .where(Client.therapist_id == therapist_id, condition)
        .order_by(RiskEvent.created_at.desc())
        .limit(limit)
    )
    return [
        RiskFlag(event.id, event.client_id, label, event.session_id, event.category, event.rule, event.created_at)
        for event, label in session.execute(query)
    ]


def _assignment_views(session: Session, condition: Any) -> List[AssignmentView]:
    played = select(PracticeSession.assignment_id).where(
        PracticeSession.assignment_id.in_(select(Assignment.id).where(condition))
    )
    started = set(session.execute(played).scalars())
    rows = session.execute(select(Assignment).where(condition).order_by(Assignment.created_at.desc(), Assignment.id.desc()))
    return [AssignmentView(AssignmentInfo.of(row), _status(row, row.id in started)) for row in rows.scalars()]


def _status(row: Assignment, started: bool) -> str:
    if row.completed_at is not None:
        return "completed"
    if started:
        return "started"
    if row.expires_at <= utcnow():
        return "expired"
    if row.due_date is not None and row.due_date < date.today():
        return "overdue"
    return "not started"
