"""The counterpart engine: plays the other person, coaches, and writes the debrief. Framework-free."""
from rehearse.engine.counterpart import (
    NothingToUndo,
    Reply,
    SessionClosed,
    pause,
    replay,
    respond,
    resume,
    start,
)
from rehearse.engine.state import CounterpartState

__all__ = [
    "CounterpartState",
    "NothingToUndo",
    "Reply",
    "SessionClosed",
    "pause",
    "replay",
    "respond",
    "resume",
    "start",
]
