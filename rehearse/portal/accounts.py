"""Therapist accounts and their logins (API tokens and dashboard sessions), stored in the database."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from rehearse.portal import auth
from rehearse.storage.db import session_scope
from rehearse.storage.models import PortalToken, Therapist, utcnow

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{2,79}$")
MIN_PASSWORD_CHARS = 12
TOKEN_LIFETIMES = {"api": timedelta(days=30), "session": timedelta(hours=8)}


class AccountError(ValueError):
    """A username or password that cannot be used, with the reason."""


@dataclass(frozen=True)
class TherapistInfo:
    id: int
    username: str


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


class Accounts:
    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def create_therapist(self, username: str, password: str) -> TherapistInfo:
        if not USERNAME.match(username):
            raise AccountError("usernames are 3-80 characters: letters, digits and . _ @ - (not first)")
        if len(password) < MIN_PASSWORD_CHARS or len(password) > auth.MAX_PASSWORD_CHARS:
            raise AccountError("passwords need %d to %d characters" % (MIN_PASSWORD_CHARS, auth.MAX_PASSWORD_CHARS))
        try:
            with session_scope(self.url) as session:
                therapist = Therapist(username=username, password_hash=auth.hash_password(password), disabled=False)
                session.add(therapist)
                session.flush()
                return TherapistInfo(therapist.id, therapist.username)
        except IntegrityError:
            raise AccountError("a therapist called %r already exists" % username) from None

    def find(self, username: str) -> Optional[TherapistInfo]:
        with session_scope(self.url) as session:
            row = session.execute(select(Therapist).where(Therapist.username == username)).scalar_one_or_none()
            return TherapistInfo(row.id, row.username) if row is not None else None

    def authenticate(self, username: str, password: str) -> Optional[TherapistInfo]:
        """The therapist if the password is right and the account enabled; same cost either way."""
        with session_scope(self.url) as session:
            row = session.execute(select(Therapist).where(Therapist.username == username)).scalar_one_or_none()
            stored = row.password_hash if row is not None and not row.disabled else None
            if not auth.verify_password(password, stored):
                return None
            return TherapistInfo(row.id, row.username)

    def issue_token(self, therapist_id: int, kind: str) -> IssuedToken:
        token = auth.generate_token()
        expires_at = utcnow() + TOKEN_LIFETIMES[kind]
        with session_scope(self.url) as session:
            session.add(
                PortalToken(therapist_id=therapist_id, kind=kind, token_hash=auth.hash_token(token), expires_at=expires_at)
            )
        return IssuedToken(token, expires_at)

    def therapist_for_token(self, token: str, kind: str) -> Optional[TherapistInfo]:
        query = (
            select(Therapist.id, Therapist.username)
            .join(PortalToken, PortalToken.therapist_id == Therapist.id)
            .where(
                PortalToken.token_hash == auth.hash_token(token),
                PortalToken.kind == kind,
                PortalToken.expires_at > utcnow(),
                Therapist.disabled.is_(False),
            )
        )
        with session_scope(self.url) as session:
            row = session.execute(query).one_or_none()
            return TherapistInfo(row.id, row.username) if row is not None else None

    def revoke_token(self, token: str) -> None:
        with session_scope(self.url) as session:
            session.execute(delete(PortalToken).where(PortalToken.token_hash == auth.hash_token(token)))

    def purge_expired_tokens(self) -> int:
        with session_scope(self.url) as session:
            return session.execute(delete(PortalToken).where(PortalToken.expires_at <= utcnow())).rowcount
