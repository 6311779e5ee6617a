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
"""
from __future__ import annotations

import collections
import logging
from typing import Any, Optional, OrderedDict

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

ERASE_SLOT = "erase_conversation"
CONSENT_SLOT = "consented"
MAX_UNCONSENTED = 10_000


class ErasableSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unconsented: OrderedDict[str, DialogueStateTracker] = collections.OrderedDict()

    async def save(self, tracker: DialogueStateTracker) -> None:
        if tracker.get_slot(ERASE_SLOT):
            self._unconsented.pop(tracker.sender_id, None)
            self.erase(tracker.sender_id)
            return
        if not tracker.get_slot(CONSENT_SLOT):
            self._keep_in_memory(tracker)
            return
        self._unconsented.pop(tracker.sender_id, None)
        await super().save(tracker)

    # The database wins: another replica may have saved the conversation after consent.
    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        return await super().retrieve(sender_id) or self._from_memory(sender_id)

    async def retrieve_full_tracker(self, conversation_id: str) -> Optional[DialogueStateTracker]:
        return await super().retrieve_full_tracker(conversation_id) or self._from_memory(conversation_id)

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

    def _keep_in_memory(self, tracker: DialogueStateTracker) -> None:
        self._unconsented[tracker.sender_id] = tracker.copy()
        self._unconsented.move_to_end(tracker.sender_id)
        while len(self._unconsented) > MAX_UNCONSENTED:
            self._unconsented.popitem(last=False)

    def _from_memory(self, sender_id: str) -> Optional[DialogueStateTracker]:
        tracker = self._unconsented.get(sender_id)
        return tracker.copy() if tracker is not None else None
