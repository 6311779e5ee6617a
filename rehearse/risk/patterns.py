"""The small pattern language of data/rules.yaml, compiled to spaCy `Matcher` patterns.

Tokens are separated by spaces:
  word | a|b|c   the lower-case token is one of these (plus their variant spellings)
  @lemma|lemma2  the token's lemma is one of these (plus their variant spellings)
  $SET           the lower-case token is in the named set (sets may be mixed into alternatives: $PERP|someone)
  *N             up to N tokens, not punctuation, clause breaks or a new subject (gap_stops)
  suffix ?       the token is optional (word?, @lemma?, $SET?)
"""
from __future__ import annotations

from typing import AbstractSet, Dict, FrozenSet, Iterable, List, Mapping, Sequence, Set

MatcherPattern = List[Dict[str, object]]


class PatternError(ValueError):
    pass


def anchor_words(pattern: MatcherPattern, frequent: AbstractSet[str]) -> FrozenSet[str]:
    """Words of which a message must contain at least one for `pattern` to match.

    The anchor is the required token with the fewest alternatives, preferring tokens that are not made
    of frequent words, so that most messages can skip the rule without running the matcher.
    """
    candidates = []
    for token in pattern:
        if "OP" in token:
            continue
        for attr in ("LOWER", "LEMMA"):
            if attr in token:
                values = frozenset(token[attr]["IN"])
                candidates.append((values <= frequent, len(values), sorted(values), values))
    if not candidates:
        raise PatternError("pattern has no required word")
    return min(candidates)[3]


class PatternCompiler:
    def __init__(
        self,
        sets: Mapping[str, Sequence[str]],
        spelling: Mapping[str, Sequence[str]],
        gap_stops: Iterable[str],
    ) -> None:
        self._sets = sets
        self._spelling = spelling
        self._gap_stops = sorted(set(gap_stops))
        self.words: Set[str] = set()
        """Every literal word the patterns mention; used to undo elongation correctly."""

    def compile(self, source: str) -> MatcherPattern:
        pattern = [self._token(part) for part in source.split()]
        if all("OP" in token for token in pattern):
            raise PatternError(f"pattern {source!r} has no required token")
        return pattern

    def _token(self, part: str) -> Dict[str, object]:
        if part.startswith("*"):
            if not part[1:].isdigit():
                raise PatternError(f"bad gap {part!r}: use *N")
            return {
                "IS_PUNCT": False,
                "LOWER": {"NOT_IN": self._gap_stops},
                "OP": f"{{0,{int(part[1:])}}}",
            }
        optional = part.endswith("?") and len(part) > 1
        body = part[:-1] if optional else part
        attr = "LOWER"
        if body.startswith("@"):
            attr, body = "LEMMA", body[1:]
        values = self._expand(body)
        token: Dict[str, object] = {attr: {"IN": sorted(values)}}
        if optional:
            token["OP"] = "?"
        return token

    def _expand(self, body: str) -> Set[str]:
        values: Set[str] = set()
        for alternative in body.split("|"):
            if not alternative or alternative.startswith("@"):
                raise PatternError(f"bad alternative in {body!r} (a lemma token starts with one @)")
            if alternative.startswith("$"):
                name = alternative[1:]
                if name not in self._sets:
                    raise PatternError(f"unknown set ${name}")
                words = list(self._sets[name])
            else:
                words = [alternative]
            for word in words:
                word = word.lower()
                values.add(word)
                values.update(variant.lower() for variant in self._spelling.get(word, ()))
        self.words.update(value for value in values if value.isalpha())
        return values
