"""Rasa's SQL tracker store, plus erasure of a conversation's history on the user's request.

"Delete my data" cannot simply delete rows from inside an action: at the end of the turn Rasa saves the
tracker again and, counting the rows it finds, would write the whole history back. Instead the action
sets the slot `erase_conversation`; when this store is asked to save a tracker with that slot set, it
deletes every stored event of the conversation and writes nothing, so the next message starts afresh.
"""
from __future__ import annotations

import logging

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

ERASE_SLOT = "erase_conversation"


class ErasableSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        if tracker.get_slot(ERASE_SLOT):
            self.erase(tracker.sender_id)
            return
        await super().save(tracker)

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
