"""A Redis lock store whose ticket operations are atomic across Rasa replicas.

Rasa 3.6's `RedisLockStore` reads a conversation's ticket lock with GET and writes it back with SET. Two
replicas handling messages of the same conversation at the same moment can both read the same lock and
both be given the first ticket, so the two messages are processed at once. Here every read-modify-write
of a lock (issuing a ticket, dropping expired ones, finishing and cleaning up) is one optimistic Redis
transaction (WATCH the key, MULTI/EXEC the write), retried by redis-py when another client changed the
key in between.

Configured in the endpoints file as `lock_store: type: components.redis_lock_store.AtomicRedisLockStore`
with the same `url`, `port`, `db`, `password` and `key_prefix` settings as Rasa's own Redis lock store.
"""
from __future__ import annotations

import json
from typing import Callable, Optional, Text, Tuple, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.client import Pipeline

T = TypeVar("T")
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], T]]
"""Takes the stored lock (None if there is none) and returns the lock to store (None: delete) and a result."""


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store with each change to a ticket lock made in one Redis transaction."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:  # the same contract as Rasa's lock store
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._release(conversation_id, ticket_number, delete_when_idle=False)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        self._release(conversation_id, ticket_number, delete_when_idle=True)

    def _release(self, conversation_id: Text, ticket_number: int, delete_when_idle: bool) -> None:
        def release(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
                if delete_when_idle and not lock.is_someone_waiting():
                    return None, None
            return lock, None

        self._change(conversation_id, release)

    def _change(self, conversation_id: Text, change: Change[T]) -> T:
        """Apply `change` to the stored lock in one transaction, retried if another client got there first."""
        key = self.key_prefix + conversation_id

        def transaction(pipe: Pipeline) -> T:
            stored = pipe.get(key)  # runs at once: the pipeline WATCHes `key` until MULTI
            lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
            pipe.multi()
            if lock is None:
                pipe.delete(key)
            else:
                pipe.set(key, lock.dumps())
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)
