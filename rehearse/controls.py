"""Role-play controls (and "delete my data") typed as whole commands.

A control is recognised only when the entire message is a command ("tip", "end practice", "try that
again"), never when a role-play line merely contains such a word ("I'm done cleaning up after you",
"stop yelling at me"). Buttons send payloads (`/ask_tip`) and bypass this parser.
"""
from __future__ import annotations

import re
from typing import Optional, Tuple

from rehearse.text import normalise_quotes

ASK_TIP = "ask_tip"
RETRY_LINE = "retry_line"
PAUSE_PRACTICE = "pause_practice"
RESUME_PRACTICE = "resume_practice"
END_PRACTICE = "end_practice"
DELETE_MY_DATA = "delete_my_data"

CONTROL_INTENTS = frozenset({ASK_TIP, RETRY_LINE, PAUSE_PRACTICE, RESUME_PRACTICE, END_PRACTICE, DELETE_MY_DATA})

_POLITE = r"(?:(?:please|pls|plz|now|ok|okay|thanks)\s*)"
_ROLE_PLAY = r"(?:practice|role[- ]?play|session)"
_COMMANDS: Tuple[Tuple[str, str], ...] = (
    (ASK_TIP,
     r"(?:(?:can i|could i|may i) (?:get|have) )?(?:(?:give me|get|show me|i need|i want|i'?d like) )?"
     r"(?:a |another |some )?(?:tip|hint|coaching|help with (?:this|that|my) line|advice)"),
    (ASK_TIP, r"what should i say(?: next)?"),
    (RETRY_LINE,
     r"(?:let me |can i |i want to |i'?d like to )?"
     r"(?:try (?:that|it|this)(?: line)? again|try again"
     r"|(?:retry|redo|undo)(?: (?:that|this|my|the)(?: last)?)?(?: line)?"
     r"|take (?:that|it) back|do over|start that line again)"),
    (PAUSE_PRACTICE,
     rf"(?:let'?s |can we |i want to |i need to )?(?:pause|take a break|break)(?: (?:the )?{_ROLE_PLAY})?"
     r"(?: for a (?:moment|minute|bit|sec))?"),
    (RESUME_PRACTICE,
     r"(?:let'?s |can we |i want to |i'?d like to )?"
     r"(?:resume|continue|carry on|keep going|(?:go )?back to (?:the )?(?:practice|role[- ]?play))"
     rf"(?: (?:the )?{_ROLE_PLAY})?"),
    (END_PRACTICE,
     r"(?:i want to |i'?d like to |let'?s |can we )?(?:end|stop|finish|quit|exit)"
     r"(?: (?:(?:the |this )?(?:practice|role[- ]?play|session|rehearsal|scenario|now|here)|practi[cs]ing))?"),
    (DELETE_MY_DATA,
     r"(?:i want to |i'?d like to |can you |please )?(?:delete|erase|remove|wipe|forget) (?:all )?(?:of )?"
     r"(?:my (?:conversation |chat )?(?:data|info|information|history|transcripts?|conversations?|chats?)"
     r"|(?:everything|all) (?:you have|you've got|you know|you keep|you store) (?:on|about) me)"),
    (END_PRACTICE, rf"i'?m (?:done|finished) (?:practi[cs]ing|with (?:the |this )?{_ROLE_PLAY})"),
)
_COMPILED: Tuple[Tuple[str, "re.Pattern[str]"], ...] = tuple(
    (intent, re.compile(rf"^{_POLITE}?{pattern}\s*{_POLITE}?$")) for intent, pattern in _COMMANDS
)
_TRIM = re.compile(r"^[\s\W_]+|[\s\W_]+$")


def _normalise(text: str) -> str:
    lowered = normalise_quotes(text).lower()
    return re.sub(r"\s+", " ", _TRIM.sub("", lowered))


def parse_command(text: str) -> Optional[str]:
    """Return the control intent when the whole message is a control command, else None."""
    candidate = _normalise(text)
    if not candidate or len(candidate) > 60:
        return None
    for intent, pattern in _COMPILED:
        if pattern.match(candidate):
            return intent
    return None
