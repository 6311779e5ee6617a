"""A small portal world for tests: two therapists, each with a custom scenario, an assignment, a client
who redeemed it, a played session (with hostile text) and a risk flag."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict

from rehearse.portal.accounts import Accounts, TherapistInfo
from rehearse.portal.custom_scenarios import CustomScenarios, library
from rehearse.portal.scenario_text import canonical_body
from rehearse.storage.transcripts import TranscriptStore

PASSWORD = "correct horse battery staple"
LIBRARY_ID = "boundaries-friend-borrowing-money"
SCRIPT_LINE = "<script>alert(1)</script> I feel hurt when you never call"
IMG_LABEL = "<img src=x onerror=alert(1)>"
FORMULA_LINE = "=HYPERLINK(\"http://evil.example\",\"click\")"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def scenario_body(slug: str, title: str) -> Dict[str, Any]:
    body = canonical_body(library().get(LIBRARY_ID))
    return {**body, "id": slug, "title": title}


def findings_for(text: str) -> list:
    start = text.index("I feel hurt")
    blame = text.index("you never")
    return [
        {"feature": "feeling_expressed", "start": start, "end": start + 11, "text": "I feel hurt", "rule": "feel"},
        {"feature": "you_blame", "start": blame, "end": blame + 9, "text": "you never", "rule": "you-never"},
        {"feature": "absolute", "start": blame + 4, "end": blame + 9, "text": "never", "rule": "never"},
    ]


@dataclass
class World:
    url: str
    therapists: Dict[str, TherapistInfo]
    ids: Dict[str, Dict[str, Any]]
    """Per username: client_id, session_id, assignment_id, scenario_id, sender."""


def build_world(url: str) -> World:
    accounts = Accounts(url)
    store = TranscriptStore(url)
    scenarios = CustomScenarios(url)
    therapists: Dict[str, TherapistInfo] = {}
    ids: Dict[str, Dict[str, Any]] = {}
    for name in ("alice", "bob"):
        therapist = therapists[name] = accounts.create_therapist(name, PASSWORD)
        custom = scenarios.create(therapist.id, scenario_body("%s-own-scenario" % name, "%s's <b>own</b> scenario" % name))
        assignment, code = store.create_assignment(therapist.id, custom.ref, "Practise <i>twice</i>", None, IMG_LABEL)
        sender = "sender-%s" % name
        store.register_consent(sender)
        store.redeem_code(code, sender)
        session_id = store.start_session(sender, custom.ref, assignment.id, mood_before=3)
        store.record_turn(session_id, 1, "counterpart", "Hey, could you lend me a hundred?")
        store.record_turn(session_id, 2, "user", SCRIPT_LINE, findings_for(SCRIPT_LINE))
        store.record_turn(session_id, 3, "counterpart", "Wow. <b>Fine</b>.")
        store.record_turn(session_id, 4, "user", FORMULA_LINE, [])
        store.flag_risk(sender, session_id, "self_harm", "self-harm-intent")
        store.set_mood(session_id, after=6)
        store.finish_session(
            session_id, "stalemate",
            {"outcome": "stalemate", "turns": 2, "outcome_reason": "They did not hear you.",
             "skills_used": {"feeling_expressed": 1}, "problems": {"you_blame": 1},
             "strongest_line": SCRIPT_LINE, "rewrite": None, "suggestion": "Try an I-statement."},
        )
        ids[name] = {
            "client_id": store.redeem_code(code, sender).client_id,
            "session_id": session_id,
            "assignment_id": assignment.id,
            "scenario_id": custom.id,
            "sender": sender,
        }
    return World(url, therapists, ids)
