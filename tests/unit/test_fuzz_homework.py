"""Property tests of the homework code finder: any text is safe, and a code written in any accepted way
is found wherever it stands between non-alphanumeric characters."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rehearse.homework import find_code
from rehearse.storage.transcripts import CODE_ALPHABET, CODE_LENGTH

CODES = st.text(alphabet=CODE_ALPHABET, min_size=CODE_LENGTH, max_size=CODE_LENGTH)
SEPARATORS = st.sampled_from(["", "-", " ", "\u2010", "\u2011", "\u2013"])
NOT_ALNUM = st.text(alphabet=st.characters(blacklist_categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No")), max_size=20)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.none()))
def test_any_text_gives_none_or_a_well_formed_code(text):
    code = find_code(text)
    assert code is None or (len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET))


@settings(max_examples=300, deadline=None)
@given(CODES, SEPARATORS, st.booleans(), NOT_ALNUM, NOT_ALNUM)
def test_a_code_in_any_accepted_form_is_found(code, separator, lower, before, after):
    written = code[:4] + separator + code[4:]
    written = written.lower() if lower else written
    assert find_code(f"{before} my code is {written}{after}") == code
