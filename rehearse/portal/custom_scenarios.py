"""Therapist-authored scenarios, stored in `custom_scenarios`, and resolving a scenario reference.

A scenario reference (`scenario_ref` on assignments and practice sessions) is either a library id such
as `boundaries-friend-borrowing-money`, or `custom:<id>` for a therapist's own scenario, where `<id>`
is the row id. Library ids are slugs and cannot contain ':', so the two never clash.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from rehearse.portal.errors import NotFound, Rejected
from rehearse.portal.scenario_text import canonical_body, validate_body
from rehearse.scenarios import Library, Scenario, ScenarioInvalid, ValidationProblem, load_library
from rehearse.storage.db import session_scope
from rehearse.storage.models import CustomScenario, utcnow

CUSTOM_PREFIX = "custom:"


@functools.lru_cache(maxsize=1)
def library() -> Library:
    return load_library()


@dataclass(frozen=True)
class CustomScenarioInfo:
    id: int
    slug: str
    title: str
    body: Dict[str, Any]
    created_at: datetime
    updated_at: datetime
    retired_at: Optional[datetime]

    @property
    def ref(self) -> str:
        return CUSTOM_PREFIX + str(self.id)

    @classmethod
    def of(cls, row: CustomScenario) -> "CustomScenarioInfo":
        return cls(row.id, row.slug, row.body.get("title", row.slug), row.body, row.created_at, row.updated_at, row.retired_at)


def custom_id(ref: str) -> Optional[int]:
    """The row id in a `custom:<id>` reference; None for anything else."""
    if not ref.startswith(CUSTOM_PREFIX):
        return None
    number = ref[len(CUSTOM_PREFIX):]
    return int(number) if number.isdigit() and len(number) < 10 else None


def scenario_for_ref(ref: str, url: Optional[str] = None) -> Scenario:
    """The scenario a reference names, library or custom (retired ones too, for assignments made
    before retirement). Raises KeyError when there is none. For the chat side."""
    row_id = custom_id(ref)
    if row_id is None:
        return library().get(ref)
    with session_scope(url) as session:
        row = session.get(CustomScenario, row_id)
        if row is None:
            raise KeyError("no scenario %r" % ref)
        return validate_body(row.body)


@dataclass(frozen=True)
class ScenarioChoice:
    ref: str
    title: str
    problem_area: str
    source: str
    """"library" or "custom"."""


class CustomScenarios:
    """One therapist's scenarios; another therapist's look exactly like missing ones."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = url

    def list(self, therapist_id: int) -> List[CustomScenarioInfo]:
        query = select(CustomScenario).where(CustomScenario.therapist_id == therapist_id).order_by(CustomScenario.id)
        with session_scope(self.url) as session:
            return [CustomScenarioInfo.of(row) for row in session.execute(query).scalars()]

    def get(self, therapist_id: int, scenario_id: int) -> CustomScenarioInfo:
        with session_scope(self.url) as session:
            return CustomScenarioInfo.of(_owned(session, therapist_id, scenario_id))

    def create(self, therapist_id: int, body: Any) -> CustomScenarioInfo:
        """Validate and store; raises ScenarioInvalid (every problem) or on a duplicate id."""
        scenario = validate_body(body)
        return self._save(therapist_id, scenario, lambda session: CustomScenario(therapist_id=therapist_id))

    def update(self, therapist_id: int, scenario_id: int, body: Any) -> CustomScenarioInfo:
        scenario = validate_body(body)
        return self._save(therapist_id, scenario, lambda session: _owned(session, therapist_id, scenario_id))

    def _save(self, therapist_id: int, scenario: Scenario, row_for: Any) -> CustomScenarioInfo:
        try:
            with session_scope(self.url) as session:
                row = row_for(session)
                row.slug = scenario.id
                row.body = canonical_body(scenario)
                row.updated_at = utcnow()
                session.add(row)
                session.flush()
                return CustomScenarioInfo.of(row)
        except IntegrityError:
            problem = ValidationProblem("scenario: id", "you already have a scenario with the id %r" % scenario.id)
            raise ScenarioInvalid([problem]) from None

    def retire(self, therapist_id: int, scenario_id: int) -> CustomScenarioInfo:
        """No new assignments can use it; existing ones keep working."""
        with session_scope(self.url) as session:
            row = _owned(session, therapist_id, scenario_id)
            if row.retired_at is None:
                row.retired_at = utcnow()
            return CustomScenarioInfo.of(row)

    def choices(self, therapist_id: int) -> List[ScenarioChoice]:
        """What a new assignment can use: the library, then this therapist's live scenarios."""
        own = [
            ScenarioChoice(info.ref, info.title, str(info.body.get("problem_area", "")), "custom")
            for info in self.list(therapist_id)
            if info.retired_at is None
        ]
        return [
            *(ScenarioChoice(item.id, item.title, item.problem_area.value, "library") for item in library().all()),
            *own,
        ]

    def check_assignable(self, therapist_id: int, ref: str) -> Scenario:
        """The scenario for a new assignment: a library one, or this therapist's own live one."""
        row_id = custom_id(ref)
        if row_id is None:
            if ref not in library():
                raise Rejected("no scenario %r in the library" % ref)
            return library().get(ref)
        try:
            info = self.get(therapist_id, row_id)
        except NotFound:
            raise Rejected("no scenario %r among yours" % ref) from None
        if info.retired_at is not None:
            raise Rejected("scenario %r is retired" % ref)
        return validate_body(info.body)


def _owned(session: Any, therapist_id: int, scenario_id: int) -> CustomScenario:
    row = session.get(CustomScenario, scenario_id)
    if row is None or row.therapist_id != therapist_id:
        raise NotFound("custom scenario")
    return row
