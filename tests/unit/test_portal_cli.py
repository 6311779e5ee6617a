"""The therapist and admin commands end to end against a temporary SQLite database."""
from __future__ import annotations

import io
import json
import os
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, func, select, text, update

from rehearse.cli import main
from rehearse.portal.accounts import Accounts
from rehearse.storage import migrations
from rehearse.storage.db import dispose_engines, session_scope
from rehearse.storage.models import Client, PracticeSession, Turn, utcnow
from rehearse.storage.transcripts import TranscriptStore
from support.portal_world import LIBRARY_ID, SCRIPT_LINE

CODE = re.compile(r"Code \(shown only once\): ([A-Z0-9]{4}-[A-Z0-9]{4})")


@pytest.fixture
def url(tmp_path, monkeypatch):
    url = "sqlite:///" + str(tmp_path / "cli.db")
    migrations.upgrade(url)
    monkeypatch.setenv("REHEARSE_PORTAL_URL", "https://portal.example")
    monkeypatch.delenv("REHEARSE_TRACKER_DB", raising=False)
    yield url
    dispose_engines(url)


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_therapist_create_prints_a_working_password_once(url, capsys):
    status, out, _ = run(capsys, "therapist", "create", "dr.lee", "--url", url)
    assert status == 0
    password = re.search(r"Password \(shown only once\): (\S+)", out).group(1)
    assert Accounts(url).authenticate("dr.lee", password) is not None
    status, _, err = run(capsys, "therapist", "create", "dr.lee", "--url", url)
    assert status == 1 and "already exists" in err


def test_therapist_create_reads_password_from_stdin(url, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    status, out, _ = run(capsys, "therapist", "create", "dr.kim", "--password-stdin", "--url", url)
    assert status == 0 and "Password" not in out
    assert Accounts(url).authenticate("dr.kim", "a long enough password") is not None
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    status, _, err = run(capsys, "therapist", "create", "dr.short", "--password-stdin", "--url", url)
    assert status == 1 and "passwords need" in err


def played_client(url, code, sender="sender-1") -> str:
    store = TranscriptStore(url)
    store.register_consent(sender)
    info = store.redeem_code(code, sender)
    session_id = store.start_session(sender, info.scenario_ref, info.id, mood_before=2)
    store.record_turn(session_id, 1, "user", SCRIPT_LINE)
    store.record_turn(session_id, 2, "user", "=1+1")
    return session_id


def test_assign_then_export_csv_and_json(url, capsys, tmp_path):
    Accounts(url).create_therapist("dr.lee", "a long enough password")
    status, out, _ = run(capsys, "assign", "--therapist", "dr.lee", "--scenario", LIBRARY_ID,
                         "--client-label", "<b>J</b>", "--instructions", "Twice", "--due", "2030-01-31", "--url", url)
    assert status == 0, out
    code = CODE.search(out).group(1)
    assert "Link: https://portal.example/demo?code=" + code in out
    played_client(url, code)
    with session_scope(url) as session:
        client_id = session.execute(select(Client.id)).scalar_one()

    out_path = tmp_path / "export.csv"
    status, out, _ = run(capsys, "export", "--therapist", "dr.lee", "--client", str(client_id), "--format", "csv",
                         "--out", str(out_path), "--url", url)
    assert status == 0 and "Wrote" in out
    assert oct(os.stat(out_path).st_mode & 0o777) == "0o600"
    written = out_path.read_text(encoding="utf-8")
    assert SCRIPT_LINE in written and "'=1+1" in written

    status, out, _ = run(capsys, "export", "--therapist", "dr.lee", "--client", str(client_id), "--format", "json",
                         "--url", url)
    assert status == 0 and json.loads(out)["client"]["label"] == "<b>J</b>" and "<b>" not in out


def test_assign_and_export_errors(url, capsys):
    Accounts(url).create_therapist("dr.lee", "a long enough password")
    Accounts(url).create_therapist("dr.kim", "a long enough password")
    assert run(capsys, "assign", "--therapist", "nobody", "--scenario", LIBRARY_ID, "--client-label", "x",
               "--url", url)[0] == 1
    status, _, err = run(capsys, "assign", "--therapist", "dr.lee", "--scenario", "no-such", "--client-label", "x",
                         "--url", url)
    assert status == 1 and "no scenario" in err
    status, _, err = run(capsys, "assign", "--therapist", "dr.lee", "--scenario", LIBRARY_ID, "--client-label", "x",
                         "--due", "soon", "--url", url)
    assert status == 1 and "due_date" in err
    _, out, _ = run(capsys, "assign", "--therapist", "dr.lee", "--scenario", LIBRARY_ID, "--client-label", "x",
                    "--url", url)
    played_client(url, CODE.search(out).group(1))
    status, _, err = run(capsys, "export", "--therapist", "dr.kim", "--client", "1", "--url", url)
    assert status == 1 and "has no client 1" in err


def make_tracker(path) -> str:
    tracker = "sqlite:///" + str(path)
    engine = create_engine(tracker)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, timestamp REAL)"))
        now = time.time()
        rows = [("sender-1", now), ("sender-1", now - 40 * 86400), ("other", now)]
        for sender, stamp in rows:
            connection.execute(text("INSERT INTO events (sender_id, timestamp) VALUES (:s, :t)"), {"s": sender, "t": stamp})
    engine.dispose()
    return tracker


def count(url, model) -> int:
    with session_scope(url) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def tracker_rows(tracker) -> int:
    engine = create_engine(tracker)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT count(*) FROM events")).scalar_one()
    engine.dispose()
    return rows


def test_purge_older_than(url, capsys, tmp_path):
    therapist = Accounts(url).create_therapist("dr.lee", "a long enough password")
    _, code = TranscriptStore(url).create_assignment(therapist.id, LIBRARY_ID, "", None, "x")
    played_client(url, code)
    with session_scope(url) as session:
        session.execute(update(PracticeSession).values(started_at=utcnow() - timedelta(days=40)))
    tracker = make_tracker(tmp_path / "tracker.db")
    status, out, _ = run(capsys, "purge", "--older-than", "30", "--tracker-url", tracker, "--url", url)
    assert status == 0
    assert "Purged 1 sessions, 2 turns and 0 risk flags." in out and "Purged 1 tracker-store events." in out
    assert count(url, PracticeSession) == 0 and count(url, Turn) == 0
    assert tracker_rows(tracker) == 2
    assert run(capsys, "purge", "--older-than", "-1", "--url", url)[0] == 1


@pytest.mark.parametrize("by", ["client id", "sender key"])
def test_delete_client(url, capsys, tmp_path, monkeypatch, by):
    therapist = Accounts(url).create_therapist("dr.lee", "a long enough password")
    _, code = TranscriptStore(url).create_assignment(therapist.id, LIBRARY_ID, "", None, "x")
    played_client(url, code)
    tracker_path = tmp_path / "tracker.db"
    tracker = make_tracker(tracker_path)
    monkeypatch.setenv("REHEARSE_TRACKER_DB", str(tracker_path))
    with session_scope(url) as session:
        client_id = session.execute(select(Client.id)).scalar_one()
    target = str(client_id) if by == "client id" else "sender-1"
    status, out, _ = run(capsys, "delete-client", target, "--url", url)
    assert status == 0 and "Deleted 2 tracker-store events." in out
    assert count(url, Client) == 0 and count(url, PracticeSession) == 0 and count(url, Turn) == 0
    assert tracker_rows(tracker) == 1
    status, _, err = run(capsys, "delete-client", target, "--url", url)
    assert status == 1 and "no client" in err
