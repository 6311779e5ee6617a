"""Cross-feature decisions: exceptions, what a sentence's other findings cancel, and what they imply."""
from __future__ import annotations

import bisect
from typing import Dict, Iterable, List, Set

from spacy.tokens import Doc

from .model import FEATURE_NAMES
from .phrases import ExceptionSpan
from .syntax import Hit

# In a sentence that has the key feature, these findings are dropped.
CANCELS: Dict[str, Set[str]] = {
    "contempt": {"clear_request", "open_question", "validation"},
    "criticism": {"clear_request", "open_question"},
    "open_question": {"clear_request"},
    "sarcasm": {"i_statement", "feeling_expressed", "need_expressed", "validation", "apology", "clear_request", "open_question"},
    "defensiveness": {"apology", "validation"},
    "stonewalling": {"clear_request"},
}
# A finding of the key feature also counts as each implied feature, on the same span.
IMPLIES: Dict[str, Set[str]] = {
    "criticism": {"you_blame"},
    "feeling_expressed": {"i_statement"},
    "need_expressed": {"i_statement"},
}
_ORDER = {name: index for index, name in enumerate(FEATURE_NAMES)}


def resolve(doc: Doc, hits: Iterable[Hit], exceptions: List[ExceptionSpan]) -> List[Hit]:
    kept = [h for h in hits if not any(h.feature in e.features and h.start < e.end and e.start < h.end for e in exceptions)]
    sentence_starts = [sentence.start_char for sentence in doc.sents]

    def sentence_index(found: Hit) -> int:
        return bisect.bisect_right(sentence_starts, found.start) - 1

    present: Dict[int, Set[str]] = {}
    for found in kept:
        present.setdefault(sentence_index(found), set()).add(found.feature)
    cancelled = [
        found for found in kept
        if not any(found.feature in CANCELS.get(other, ()) for other in present[sentence_index(found)])
    ]
    implied = [Hit(extra, h.start, h.end, h.rule) for h in cancelled for extra in IMPLIES.get(h.feature, ())]
    return _without_nested(cancelled + implied)


def _without_nested(hits: List[Hit]) -> List[Hit]:
    """One finding per span and feature; a span inside a longer span of the same feature is dropped."""
    unique = {(h.feature, h.start, h.end): h for h in sorted(hits, key=lambda h: h.rule, reverse=True)}
    result = []
    for found in unique.values():
        nested = any(
            other.feature == found.feature and other.start <= found.start and found.end <= other.end
            and (other.start, other.end) != (found.start, found.end)
            for other in unique.values()
        )
        if not nested:
            result.append(found)
    return sorted(result, key=lambda h: (_ORDER[h.feature], h.start, h.end))
