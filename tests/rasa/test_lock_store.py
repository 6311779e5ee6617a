"""The atomic Redis lock store against a real redis-server: two 'replicas' racing on one conversation."""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import List

import pytest
from rasa.core.lock_store import LockStore
from rasa.core.utils import AvailableEndpoints

from components.redis_lock_store import AtomicRedisLockStore
from rehearse.run import PROJECT_ROOT
from support.redis import RedisServer

pytestmark = pytest.mark.integration


@pytest.fixture
def replicas(redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch) -> List[AtomicRedisLockStore]:
    """Two lock stores built from the production endpoints file, as two Rasa replicas would build them."""
    redis_server.client().flushdb()
    settings = {
        "REHEARSE_ACTION_URL": "http://127.0.0.1:1/webhook",
        "REHEARSE_TRACKER_DB_HOST": "127.0.0.1",
        "REHEARSE_TRACKER_DB_PORT": "5432",
        "REHEARSE_TRACKER_DB_NAME": "unused",
        "REHEARSE_TRACKER_DB_USER": "unused",
        "REHEARSE_TRACKER_DB_PASSWORD": "",
        "REHEARSE_TRACKER_DB_SSLMODE": "disable",
        **redis_server.lock_store_environment(0),
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "deploy" / "endpoints.postgres.yml"))
    stores = [LockStore.create(endpoints.lock_store) for _ in range(2)]
    assert all(type(store) is AtomicRedisLockStore for store in stores)
    return stores


def test_tickets_issued_at_once_by_two_replicas_are_all_different(replicas):
    def issue(store: AtomicRedisLockStore) -> List[int]:
        return [store.issue_ticket("race", lock_lifetime=60) for _ in range(50)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        batches = list(pool.map(issue, replicas * 4))
    tickets = [ticket for batch in batches for ticket in batch]
    assert sorted(tickets) == list(range(400))


def test_two_replicas_never_process_the_same_conversation_at_once(replicas):
    inside, overlaps, served = [0], [0], [0]
    count_lock = threading.Lock()

    async def handle(store: AtomicRedisLockStore) -> None:
        async with store.lock("busy", lock_lifetime=60, wait_time_in_seconds=0.002):
            with count_lock:
                inside[0] += 1
                overlaps[0] += inside[0] > 1
            await asyncio.sleep(0.003)  # the turn being processed
            with count_lock:
                inside[0] -= 1
                served[0] += 1

    def replica(store: AtomicRedisLockStore) -> None:
        async def messages() -> None:
            await asyncio.gather(*(handle(store) for _ in range(15)))

        asyncio.run(messages())

    threads = [threading.Thread(target=replica, args=(store,)) for store in replicas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert served[0] == 30 and overlaps[0] == 0
    assert replicas[0].get_lock("busy") is None  # the last one out removed the lock


def test_a_finished_ticket_leaves_the_lock_to_whoever_waits(replicas):
    first, second = replicas
    one = first.issue_ticket("queue", lock_lifetime=60)
    two = second.issue_ticket("queue", lock_lifetime=60)
    assert first.get_lock("queue").is_locked(two) and not first.get_lock("queue").is_locked(one)
    first.cleanup("queue", one)
    assert not second.get_lock("queue").is_locked(two)
    second.finish_serving("queue", two)
    assert second.get_lock("queue") is not None and not second.is_someone_waiting("queue")
    second.update_lock("queue")
    first.cleanup("queue", two)
    assert first.get_lock("queue") is None


def test_expired_tickets_are_dropped_so_a_crashed_replica_never_blocks_the_conversation(replicas):
    first, second = replicas
    first.issue_ticket("crashed", lock_lifetime=0)  # its holder died without cleaning up
    waiting = second.issue_ticket("crashed", lock_lifetime=60)
    second.update_lock("crashed")
    assert not second.get_lock("crashed").is_locked(waiting)
