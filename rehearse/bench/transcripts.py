"""What the transcript tables stored for the benchmark's senders, compared with what was sent."""
from __future__ import annotations

from collections import Counter
from typing import Dict, List, Mapping, Sequence, Tuple

from sqlalchemy import select

from rehearse.storage.db import make_engine
from rehearse.storage.models import Client, PracticeSession, Turn


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def stored_user_lines(database_url: str, sender_prefix: str) -> Dict[str, List[str]]:
    """The text of every stored user turn (retracted or not), per sender whose id starts with `sender_prefix`."""
    query = (
        select(Client.sender_key, Turn.text)
        .join(PracticeSession, Turn.session_id == PracticeSession.id)
        .join(Client, PracticeSession.client_id == Client.id)
        .where(Turn.speaker == "user", Client.sender_key.like(escape_like(sender_prefix) + "%", escape="\\"))
        .order_by(Client.sender_key, Turn.seq)
    )
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            stored: Dict[str, List[str]] = {}
            for sender, text in connection.execute(query):
                stored.setdefault(sender, []).append(text)
            return stored
    finally:
        engine.dispose()


def compare_turns(sent: Mapping[str, Sequence[str]], stored: Mapping[str, Sequence[str]]) -> Tuple[int, int]:
    """(lost, extra): lines sent but not stored for their sender, and stored user turns nobody sent."""
    lost = extra = 0
    for sender in set(sent) | set(stored):
        sent_lines, stored_lines = Counter(sent.get(sender, ())), Counter(stored.get(sender, ()))
        lost += sum((sent_lines - stored_lines).values())
        extra += sum((stored_lines - sent_lines).values())
    return lost, extra
