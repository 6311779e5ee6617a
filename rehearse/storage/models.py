"""Tables for transcripts, assignments and risk flags, portable between SQLite and PostgreSQL.

Clients are pseudonymous: a client is the Rasa sender id plus an optional label a therapist chooses.
Everything that belongs to a client cascades when the client row is deleted. Risk events never hold
message text. All timestamps are timezone-aware UTC.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator

SPEAKERS = ("user", "counterpart", "coach")

# Stable constraint names, so later migrations (and SQLite batch mode) can address them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite hands back naive values; they are UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC values")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def created_at_column() -> Column:
    return Column(UTCDateTime(), nullable=False, default=utcnow)


class Therapist(Base):
    __tablename__ = "therapists"

    id = Column(Integer, primary_key=True)
    username = Column(String(80), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    created_at = created_at_column()
    disabled = Column(Boolean, nullable=False, default=False)


class Client(Base):
    __tablename__ = "clients"

    id = Column(Integer, primary_key=True)
    sender_key = Column(String(255), nullable=False, unique=True)
    label = Column(String(120))
    therapist_id = Column(ForeignKey("therapists.id", ondelete="SET NULL"), index=True)
    consented_at = Column(UTCDateTime(), nullable=False)
    created_at = created_at_column()


class Assignment(Base):
    __tablename__ = "assignments"

    id = Column(Integer, primary_key=True)
    therapist_id = Column(ForeignKey("therapists.id", ondelete="CASCADE"), nullable=False, index=True)
    client_id = Column(ForeignKey("clients.id", ondelete="SET NULL"), index=True)
    client_label = Column(String(120))
    scenario_ref = Column(String(120), nullable=False)
    instructions = Column(Text, nullable=False, default="")
    due_date = Column(Date)
    code_hash = Column(String(64), nullable=False, unique=True)
    expires_at = Column(UTCDateTime(), nullable=False)
    completed_at = Column(UTCDateTime())
    created_at = created_at_column()


class CustomScenario(Base):
    __tablename__ = "custom_scenarios"
    __table_args__ = (UniqueConstraint("therapist_id", "slug"),)

    id = Column(Integer, primary_key=True)
    therapist_id = Column(ForeignKey("therapists.id", ondelete="CASCADE"), nullable=False)
    slug = Column(String(120), nullable=False)
    body = Column(JSON, nullable=False)
    created_at = created_at_column()
    updated_at = Column(UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)
    retired_at = Column(UTCDateTime())


class PracticeSession(Base):
    __tablename__ = "practice_sessions"
    __table_args__ = (
        CheckConstraint("mood_before BETWEEN 0 AND 10", name="mood_before_range"),
        CheckConstraint("mood_after BETWEEN 0 AND 10", name="mood_after_range"),
    )

    id = Column(String(36), primary_key=True)
    client_id = Column(ForeignKey("clients.id", ondelete="CASCADE"), nullable=False, index=True)
    scenario_ref = Column(String(120), nullable=False)
    assignment_id = Column(ForeignKey("assignments.id", ondelete="SET NULL"), index=True)
    started_at = Column(UTCDateTime(), nullable=False, default=utcnow, index=True)
    ended_at = Column(UTCDateTime())
    mood_before = Column(SmallInteger)
    mood_after = Column(SmallInteger)
    outcome = Column(String(40))
    debrief = Column(JSON)
    risk_flag = Column(Boolean, nullable=False, default=False)


class Turn(Base):
    __tablename__ = "turns"
    __table_args__ = (
        UniqueConstraint("session_id", "seq"),
        CheckConstraint("speaker IN ('user', 'counterpart', 'coach')", name="speaker"),
    )

    id = Column(Integer, primary_key=True)
    session_id = Column(ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False)
    seq = Column(Integer, nullable=False)
    speaker = Column(String(16), nullable=False)
    text = Column(Text, nullable=False)
    features = Column(JSON)
    retracted = Column(Boolean, nullable=False, default=False)
    created_at = created_at_column()


class RiskEvent(Base):
    """That a risk rule fired, and where; deliberately without the message text."""

    __tablename__ = "risk_events"

    id = Column(Integer, primary_key=True)
    client_id = Column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    session_id = Column(ForeignKey("practice_sessions.id", ondelete="CASCADE"), index=True)
    category = Column(String(64), nullable=False)
    rule = Column(String(120), nullable=False)
    created_at = Column(UTCDateTime(), nullable=False, default=utcnow, index=True)


class PortalToken(Base):
    """A therapist's login: an API bearer token or a dashboard session. Only the token's hash is stored."""

    __tablename__ = "portal_tokens"
    __table_args__ = (CheckConstraint("kind IN ('api', 'session')", name="kind"),)

    id = Column(Integer, primary_key=True)
    therapist_id = Column(ForeignKey("therapists.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = Column(String(16), nullable=False)
    token_hash = Column(String(64), nullable=False, unique=True)
    created_at = created_at_column()
    expires_at = Column(UTCDateTime(), nullable=False, index=True)
