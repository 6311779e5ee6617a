"""Scale-out: two Rasa replicas and two action servers sharing PostgreSQL and Redis.

Replica A is Rasa server A calling action server A; replica B is Rasa server B calling action server B.
Both Rasa servers load the production endpoints file (deploy/endpoints.postgres.yml): the tracker store
in one PostgreSQL database and the conversation locks in one Redis server. Both action servers write
transcripts into a second PostgreSQL database (DATABASE_URL), migrated once with `rehearse db upgrade`.

One conversation's messages alternate between the replicas. A single-process model of the role-play
(`rehearse.practice`, deterministic given the session's seed) predicts every counterpart line, the
session slot and the transcript; after every message both replicas must return the same tracker.
"""
from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Tuple

import psycopg2
import pytest
import yaml

from rehearse import practice
from rehearse.run import PROJECT_ROOT
from rehearse.scenarios import load_library
from rehearse.scenarios.schema import Scenario
from rehearse.storage.transcripts import TranscriptStore
from support.postgres import PostgresServer
from support.redis import RedisServer
from support.stack import Stack, end_practice_and_rate_mood, texts
from test_conversation_rest import start_practice

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

ENDPOINTS = "deploy/endpoints.postgres.yml"
SCENARIO = "boundaries-mother-holidays-at-home"
REDIS_DB = 1
# How much later the second of two "concurrent" messages is sent: both are in flight together (a turn
# takes far longer), but they do not race inside Rasa's non-atomic ticket issue (see docs/deployment.md).
CONCURRENT_STAGGER_S = 0.02
CONSENT_SLOT = "consented"  # components/erasable_tracker_store.py stores nothing before it is true
# Role-play lines that keep the session open (no outcome) in every order used below.
LINES = (
    "Mum, I want to talk about the holidays.",
    "You always make Christmas about what you want.",
    "I hear that it matters a lot to you to have everyone together.",
    "We have been thinking about this for a while.",
)
CONCURRENT_LINES = ("Could we visit you on the weekend after instead?", "I know this is hard to hear.")


@dataclass
class Cluster:
    replicas: Tuple[Stack, Stack]
    postgres: PostgresServer
    tracker_db: str
    transcripts_url: str
    redis: RedisServer

    @property
    def transcripts(self) -> TranscriptStore:
        return TranscriptStore(self.transcripts_url)

    def stored_event_count(self, sender: str) -> int:
        connection = psycopg2.connect(self.postgres.dsn(self.tracker_db))
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM events WHERE sender_id = %s", (sender,))
                return cursor.fetchone()[0]
        finally:
            connection.close()


def scale_out_environment(
    postgres: PostgresServer, tracker_db: str, transcripts_url: str, redis: RedisServer
) -> Dict[str, str]:
    """The variables deploy/endpoints.postgres.yml and the action servers read (docs/deployment.md)."""
    return {
        "REHEARSE_ENDPOINTS": ENDPOINTS,
        "REHEARSE_TRACKER_DB_HOST": "127.0.0.1",
        "REHEARSE_TRACKER_DB_PORT": str(postgres.port),
        "REHEARSE_TRACKER_DB_NAME": tracker_db,
        "REHEARSE_TRACKER_DB_USER": "postgres",
        "REHEARSE_TRACKER_DB_PASSWORD": "",  # the throwaway server trusts loopback connections
        "REHEARSE_TRACKER_DB_SSLMODE": "disable",
        **redis.lock_store_environment(REDIS_DB),
        "DATABASE_URL": transcripts_url,
    }


def start_services(replicas: Tuple[Stack, ...]) -> None:
    """Both action servers at once, then both Rasa servers at once (each Rasa server loads in 30-40 s).

    Two phases, not four processes together: on two cores, four cold starts at once can exceed the
    action server's start-up timeout.
    """
    for name in ("actions", "rasa"):
        with ThreadPoolExecutor(len(replicas)) as pool:
            futures = [(stack, pool.submit(stack.start, name)) for stack in replicas]
            for stack, future in futures:
                try:
                    future.result()
                except Exception as error:
                    log_tail = stack.log(name)[-3000:]
                    raise RuntimeError(f"{name} in {stack.workdir.name} failed:\n{log_tail}") from error


@pytest.fixture(scope="module")
def cluster(
    trained_model, postgres_server: PostgresServer, redis_server: RedisServer, tmp_path_factory
) -> Iterator[Cluster]:
    from rehearse.storage.db import dispose_engines

    tracker_url = postgres_server.create_database("rehearse_tracker")
    transcripts_url = postgres_server.create_database("rehearse_transcripts")
    tracker_db = tracker_url.rsplit("/", 1)[1]
    env = scale_out_environment(postgres_server, tracker_db, transcripts_url, redis_server)
    replicas = tuple(Stack(tmp_path_factory.mktemp(f"replica-{name}"), extra_env=env) for name in "ab")
    try:
        replicas[0].migrate()  # once per deploy, not per replica
        start_services(replicas)
        yield Cluster(replicas, postgres_server, tracker_db, transcripts_url, redis_server)
    finally:
        for stack in replicas:
            stack.stop_all()
        dispose_engines(transcripts_url)
        postgres_server.drop_database(tracker_url)
        postgres_server.drop_database(transcripts_url)


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value))


@dataclass
class ExpectedRolePlay:
    """What one process alone would do: the session snapshot and the transcript rows, step by step."""

    session: practice.PracticeSession
    turns: List[Tuple[int, str, str, bool]] = field(default_factory=list)
    scenario: Scenario = field(default_factory=lambda: load_library().get(SCENARIO))

    @classmethod
    def opened(cls, slot: Dict[str, Any]) -> "ExpectedRolePlay":
        session = practice.PracticeSession.from_slot(slot)
        return cls(session=session, turns=[(1, "counterpart", session.opening_line, False)])

    def line(self, text: str) -> str:
        """Play a user line; return the counterpart message the user must see."""
        turn = practice.play_line(self.scenario, self.session, text)
        assert turn.reply.outcome is None, "these lines should keep the role-play open; choose others"
        self.session = turn.session
        self.turns += [
            (turn.line.user_seq, "user", text, False),
            (turn.line.user_seq + 1, "counterpart", turn.reply.text, False),
        ]
        return practice.counterpart_message(self.scenario.persona.name, turn.reply.text)

    def take_back(self) -> None:
        self.session = practice.take_back(self.scenario, self.session)
        last_user = max(seq for seq, speaker, _text, gone in self.turns if speaker == "user" and not gone)
        self.turns = [(seq, who, text, gone or seq >= last_user) for seq, who, text, gone in self.turns]

    @property
    def slot(self) -> Dict[str, Any]:
        return jsonable(self.session.to_slot())


@dataclass
class Alternating:
    """Routes one conversation's messages like a load balancer that is sticky only until consent.

    Until the user consents, the tracker lives only in the memory of the replica that handled the
    conversation (nothing is stored before consent), so those messages all go to replica A. From the
    consent on, the messages alternate (B, A, B, ...) and after each one both replicas must return the
    same tracker.
    """

    cluster: Cluster
    next_replica: int = 0
    consented: bool = False

    def say(
        self, sender: str, text: str, metadata: Optional[Dict[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        replica = self.cluster.replicas[self.next_replica]
        replies = replica.say(sender, text, metadata)
        if not self.consented:
            self.consented = bool(replica.tracker(sender)["slots"].get(CONSENT_SLOT))
        if self.consented:
            self.tracker(sender)
            self.next_replica = 1 - self.next_replica
        return replies

    def tracker(self, sender: str) -> Dict[str, Any]:
        seen_by_a, seen_by_b = (replica.tracker(sender) for replica in self.cluster.replicas)
        assert seen_by_a == seen_by_b, "the replicas see different trackers"
        return seen_by_a


class LockWatcher:
    """Polls the conversation's lock in Redis and records the most tickets it ever held at once."""

    def __init__(self, cluster: Cluster, sender: str) -> None:
        prefix = yaml.safe_load((PROJECT_ROOT / ENDPOINTS).read_text())["lock_store"]["key_prefix"]
        self.key = f"{prefix}:lock:{sender}"
        self.client = cluster.redis.client(REDIS_DB)
        self.most_tickets = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            raw = self.client.get(self.key)
            if raw:
                self.most_tickets = max(self.most_tickets, len(json.loads(raw)["tickets"]))
            time.sleep(0.001)

    def __enter__(self) -> "LockWatcher":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def practice_slot(tracker: Dict[str, Any]) -> Dict[str, Any]:
    return tracker["slots"]["practice_state"]


def assert_transcript(cluster: Cluster, expected: ExpectedRolePlay) -> None:
    rows = cluster.transcripts.session_turns(expected.session.transcript_id)
    seqs = [row.seq for row in rows]
    assert all(earlier < later for earlier, later in zip(seqs, seqs[1:])), seqs
    assert [(row.seq, row.speaker, row.text, row.retracted) for row in rows] == expected.turns


def play(conversation: Alternating, sender: str, expected: ExpectedRolePlay, text: str) -> None:
    assert texts(conversation.say(sender, text)) == [expected.line(text)]
    assert practice_slot(conversation.tracker(sender)) == expected.slot


def test_one_role_play_alternating_between_replicas_stays_consistent(cluster: Cluster, sender: str):
    conversation = Alternating(cluster)
    start_practice(conversation, sender, SCENARIO)  # hi and consent on A, then B, A, B
    expected = ExpectedRolePlay.opened(practice_slot(conversation.tracker(sender)))
    assert expected.session.transcript_id

    for text in LINES[:2]:
        play(conversation, sender, expected, text)
    retry = texts(conversation.say(sender, "try that again"))
    assert any("taken back" in text for text in retry), retry
    expected.take_back()
    assert practice_slot(conversation.tracker(sender)) == expected.slot
    for text in LINES[2:]:
        play(conversation, sender, expected, text)
    assert_transcript(cluster, expected)

    end_practice_and_rate_mood(conversation, sender, mood_before=5, mood_after=7)

    assert_transcript(cluster, expected)
    stored = cluster.transcripts.get_session(expected.session.transcript_id)
    assert (stored.mood_before, stored.mood_after) == (5, 7)
    assert stored.ended_at is not None and stored.outcome
    # The history lives in PostgreSQL, once: no replica fell back to a local SQLite tracker file.
    assert cluster.stored_event_count(sender) == len(conversation.tracker(sender)["events"])
    assert not any((stack.workdir / "tracker.db").exists() for stack in cluster.replicas)


def test_concurrent_messages_on_both_replicas_are_serialised_by_the_redis_lock(cluster: Cluster, sender: str):
    conversation = Alternating(cluster)
    start_practice(conversation, sender, SCENARIO)
    expected = ExpectedRolePlay.opened(practice_slot(conversation.tracker(sender)))
    play(conversation, sender, expected, LINES[0])

    replica_a, replica_b = cluster.replicas
    first, second = CONCURRENT_LINES
    with LockWatcher(cluster, sender) as lock, ThreadPoolExecutor(2) as pool:
        to_a = pool.submit(replica_a.say, sender, first)
        time.sleep(CONCURRENT_STAGGER_S)
        to_b = pool.submit(replica_b.say, sender, second)
        replies = {first: texts(to_a.result()), second: texts(to_b.result())}
    assert lock.most_tickets == 2, "the second message should have queued behind the first on the Redis lock"
    assert lock.client.get(lock.key) is None, "a lock was left behind"

    # Whichever went first, the other was played on top of it, as in one process.
    handled = [line["text"] for line in practice_slot(conversation.tracker(sender))["lines"][-2:]]
    assert sorted(handled) == sorted(CONCURRENT_LINES)
    for text in handled:
        assert replies[text] == [expected.line(text)], text
    assert practice_slot(conversation.tracker(sender)) == expected.slot
    assert_transcript(cluster, expected)

    play(conversation, sender, expected, LINES[2])
    assert_transcript(cluster, expected)
