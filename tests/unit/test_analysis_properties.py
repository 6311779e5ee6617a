"""Property tests: the analyser never raises and every span is an exact slice of the input."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rehearse.analysis import FEATURE_NAMES, analyse

CHAT_WORDS = st.sampled_from(
    ["I", "you", "u", "ur", "im", "dont", "never", "always", "sorry", "but", "feel", "like", "need", "please",
     "could", "why", "what", "?", "!", ",", ".", "’", "idk", "tbh", "whatever", "😊", "🙄", "שלום", "مرحبا",
     "\u202e", "\u200f", "\x00", "\x1b", "\t", "\n", "e\u0301", "ﬁ", "ǅ"]
)
TEXTS = st.one_of(st.text(max_size=200), st.lists(CHAT_WORDS, max_size=30).map(" ".join))


def _check(text: str, context=None) -> None:
    result = analyse(text, context)
    assert result.text == text
    for finding in result.findings:
        assert finding.feature in FEATURE_NAMES
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        assert finding.rule


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gives_exact_spans(text: str) -> None:
    _check(text)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.one_of(st.none(), st.text(max_size=80)))
def test_any_context_is_accepted(text: str, context) -> None:
    _check(text, context)


def test_emoji_rtl_and_control_characters() -> None:
    for text in ["🙄 whatever u say 🙄", "אני מרגיש ‏you never listen", "you\x00 never\x1b listen", "\u202eyou always", "ﬁne. whatever."]:
        _check(text)
