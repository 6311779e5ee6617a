"""Handlers of the therapist and admin commands (see `rehearse.portal.cli`). Heavy imports stay inside.

Each prints what it did; errors go to stderr with exit status 1 (2 for usage). Nothing printed here
contains message text, except an export written to stdout on purpose.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Optional

TRACKER_DB_ENV = "REHEARSE_TRACKER_DB"
SECONDS_PER_DAY = 86400


def _fail(command: str, message: str) -> int:
    print("rehearse %s: %s" % (command, message), file=sys.stderr)
    return 1


def create_therapist(args: argparse.Namespace) -> int:
    from rehearse.portal.accounts import AccountError, Accounts
    from rehearse.portal.auth import generate_password

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = generate_password()
    try:
        therapist = Accounts(args.url).create_therapist(args.username, password)
    except AccountError as error:
        return _fail("therapist create", str(error))
    print("Created therapist %r (id %d)." % (therapist.username, therapist.id))
    if not args.password_stdin:
        print("Password (shown only once): %s" % password)
    return 0


def _therapist_id(url: Optional[str], username: str) -> Optional[int]:
    from rehearse.portal.accounts import Accounts

    therapist = Accounts(url).find(username)
    return therapist.id if therapist is not None else None


def assign(args: argparse.Namespace) -> int:
    from rehearse.portal.errors import Rejected
    from rehearse.portal.inputs import AssignmentInput, InputProblem, validate
    from rehearse.portal.services import PortalServices, homework_link, portal_base_url

    therapist_id = _therapist_id(args.url, args.therapist)
    if therapist_id is None:
        return _fail("assign", "no therapist called %r" % args.therapist)
    fields = {"scenario_ref": args.scenario, "client_label": args.client_label, "instructions": args.instructions,
              "due_date": args.due}
    try:
        info, code = PortalServices(args.url).assign(therapist_id, validate(AssignmentInput, fields))
    except (InputProblem, Rejected) as error:
        return _fail("assign", str(error))
    print("Assignment %d for %s: %s" % (info.id, info.client_label or "(no label)", info.scenario_ref))
    print("Code (shown only once): %s" % code)
    print("Link: %s" % homework_link(portal_base_url(), code))
    return 0


def export(args: argparse.Namespace) -> int:
    from rehearse.portal import exports
    from rehearse.portal.errors import NotFound
    from rehearse.portal.repository import PortalRepository

    therapist_id = _therapist_id(args.url, args.therapist)
    if therapist_id is None:
        return _fail("export", "no therapist called %r" % args.therapist)
    try:
        data = exports.client_export(PortalRepository(args.url), therapist_id, args.client)
    except NotFound:
        return _fail("export", "therapist %r has no client %d" % (args.therapist, args.client))
    text = exports.render(data, args.format)
    if not args.out:
        sys.stdout.write(text)
        return 0
    descriptor = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    print("Wrote %s (%d sessions)." % (args.out, len(data["sessions"])))
    return 0


def tracker_url(args: argparse.Namespace) -> Optional[str]:
    """`--tracker-url`, else the SQLite tracker file named by REHEARSE_TRACKER_DB (as `rehearse run` sets)."""
    if args.tracker_url:
        return args.tracker_url
    path = os.environ.get(TRACKER_DB_ENV, "").strip()
    return "sqlite:///" + path if path else None


def purge(args: argparse.Namespace) -> int:
    from rehearse.portal.accounts import Accounts
    from rehearse.storage.tracker_retention import purge_tracker_events
    from rehearse.storage.transcripts import TranscriptStore

    if args.older_than < 0:
        return _fail("purge", "--older-than must be 0 or more days")
    counts = TranscriptStore(args.url).purge_older_than(args.older_than)
    tokens = Accounts(args.url).purge_expired_tokens()
    print("Purged %(sessions)d sessions, %(turns)d turns and %(risk_events)d risk flags." % counts)
    print("Removed %d expired logins." % tokens)
    tracker = tracker_url(args)
    if tracker:
        cutoff = time.time() - args.older_than * SECONDS_PER_DAY
        print("Purged %d tracker-store events." % purge_tracker_events(tracker, cutoff))
    return 0


def _sender_key(url: Optional[str], client: str) -> Optional[str]:
    """A client id (digits) that exists, else the value itself as a chat sender id."""
    from rehearse.storage.db import session_scope
    from rehearse.storage.models import Client

    if client.isdigit() and len(client) < 10:
        with session_scope(url) as session:
            row = session.get(Client, int(client))
            if row is not None:
                return row.sender_key
    return client


def delete_client(args: argparse.Namespace) -> int:
    from rehearse.storage.transcripts import TranscriptStore, delete_tracker_events

    sender_key = _sender_key(args.url, args.client)
    deleted = TranscriptStore(args.url).delete_client(sender_key)
    tracker = tracker_url(args)
    events = delete_tracker_events(tracker, sender_key) if tracker else 0
    if not deleted and not events:
        return _fail("delete-client", "no client %r" % args.client)
    print("Deleted the client's sessions, turns, risk flags and consent." if deleted else "No transcripts stored.")
    if tracker:
        print("Deleted %d tracker-store events." % events)
    return 0
