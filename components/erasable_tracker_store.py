"""Rasa's SQL tracker store, made consent-aware and erasable.

- **Nothing is written before consent.** While the conversation's `consented` slot is not true, its
  tracker is kept only in this process's memory (bounded, oldest first out). Once the user agrees, the
  conversation is saved as usual. With several Rasa replicas, the pre-consent part of a conversation
  therefore needs sticky sessions (see docs/deployment.md).
- **"Delete my data" erases the history.** Deleting rows from inside an action does not work: at the end
  of the turn Rasa saves the tracker again and, counting the rows it finds, would write the whole history
  back. Instead the action sets the slot `erase_conversation`; when this store is asked to save a tracker
  with that slot set, it deletes every stored event of the conversation and writes nothing, so the next
  message starts afresh.
- **A saved conversation is not rebuilt from the database on every message.** Rasa's SQL store loads
  and replays every event of the conversation on each message, and that grows with the conversation.
  This store keeps the tracker it last saved (bounded, least recently used out) with the id of the
  newest stored event; on the next message one indexed query checks that the database still ends at
  that event. If anything else wrote to the conversation (another replica, an erasure, a purge), the
  check fails and the tracker is loaded from the database as usual. A cached tracker is handed over,
  not shared: if a turn fails before saving, the next message loads from the database. Kept trackers
  idle for ten minutes are dropped (docs/privacy.md).
- SQLite files get the same connection settings as the transcript database (rehearse.storage.db: WAL
  journalling, synchronous=NORMAL, a busy timeout, a connection pool).
"""
from __future__ import annotations

import collections
import itertools
import logging
import time
from dataclasses import dataclass
from typing import Any, Dict, Iterator, Optional, OrderedDict

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

from rehearse.storage.db import is_sqlite, make_engine

logger = logging.getLogger(__name__)

ERASE_SLOT = "erase_conversation"
CONSENT_SLOT = "consented"
MAX_UNCONSENTED = 10_000
MAX_CACHED = 2_000
"""Saved conversations kept in memory; at about 100 KB each when long, a few hundred MB at most."""
CACHE_IDLE_SECONDS = 600
"""A kept tracker is dropped after this long without a message, so a conversation deleted from the
database by an administrator (`rehearse delete-client`, `rehearse purge`) leaves this process's memory
within ten minutes even if the client never writes again."""


@dataclass(frozen=True)
class _Saved:
    tracker: DialogueStateTracker
    newest_event_id: Optional[int]
    saved_at: float


class ErasableSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_sqlite(str(self.engine.url)):
            self.engine.dispose()
            self.engine = make_engine(str(self.engine.url), enforce_foreign_keys=False)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._unconsented: OrderedDict[str, DialogueStateTracker] = collections.OrderedDict()
        self._saved: OrderedDict[str, _Saved] = collections.OrderedDict()
        self._stored_counts: Dict[str, int] = {}
        """For a tracker handed over from `_saved`: how many of its events are already in the database."""
        self._clock = time.monotonic
        self._newest_event_query = sa.select(sa.func.max(self.SQLEvent.id)).where(
            self.SQLEvent.sender_id == sa.bindparam("sender_id")
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._saved.pop(tracker.sender_id, None)
        if tracker.get_slot(ERASE_SLOT):
            self._forget(tracker.sender_id)
            self.erase(tracker.sender_id)
            return
        if not tracker.get_slot(CONSENT_SLOT):
            self._stored_counts.pop(tracker.sender_id, None)
            self._keep_in_memory(tracker)
            return
        self._unconsented.pop(tracker.sender_id, None)
        await super().save(tracker)
        self._remember(tracker)

    # The database wins: another replica may have saved the conversation after consent.
    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        self._stored_counts.pop(sender_id, None)
        saved = self._saved.pop(sender_id, None)
        if saved is not None and self._is_fresh(saved) and saved.newest_event_id == self._newest_event_id(sender_id):
            self._stored_counts[sender_id] = len(saved.tracker.events)
            return saved.tracker
        return await super().retrieve(sender_id) or self._from_memory(sender_id)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        stored = self._stored_counts.pop(tracker.sender_id, None)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, None)

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        return await super().retrieve_full_tracker(conversation_id) or self._from_memory(conversation_id)

    def _forget(self, sender_id: str) -> None:
        for kept in (self._unconsented, self._saved, self._stored_counts):
            kept.pop(sender_id, None)

    def erase(self, sender_id: str) -> int:
        """Delete every stored event of one conversation; returns how many rows went."""
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        logger.info("conversation history erased on request (%d events)", deleted)
        return deleted

    def _newest_event_id(self, sender_id: str) -> Optional[int]:
        # A Core statement on a pooled connection: a sixth of the time of the same ORM query.
        with self.engine.connect() as connection:
            return connection.execute(self._newest_event_query, {"sender_id": sender_id}).scalar()

    def _remember(self, tracker: DialogueStateTracker) -> None:
        """Keep the tracker just saved, unless it spans sessions (`retrieve` returns only the latest one)."""
        starts = [index for index, event in enumerate(tracker.events) if isinstance(event, SessionStarted)]
        if len(starts) > 1 or (starts and starts[0] > 1):  # [action_session_start, session_started, ...]
            return
        self._saved[tracker.sender_id] = _Saved(tracker, self._newest_event_id(tracker.sender_id), self._clock())
        # Oldest saves first: drop the idle ones and keep the count bounded.
        while self._saved and (len(self._saved) > MAX_CACHED or not self._is_fresh(next(iter(self._saved.values())))):
            self._saved.popitem(last=False)

    def _is_fresh(self, saved: _Saved) -> bool:
        return self._clock() - saved.saved_at < CACHE_IDLE_SECONDS

    def _keep_in_memory(self, tracker: DialogueStateTracker) -> None:
        self._unconsented[tracker.sender_id] = tracker.copy()
        self._unconsented.move_to_end(tracker.sender_id)
        while len(self._unconsented) > MAX_UNCONSENTED:
            self._unconsented.popitem(last=False)

    def _from_memory(self, sender_id: str) -> Optional[DialogueStateTracker]:
        tracker = self._unconsented.get(sender_id)
        return tracker.copy() if tracker is not None else None
