"""The result types of the communication analysis: findings with exact spans into the user's text."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Tuple

FEATURE_NAMES: Tuple[str, ...] = (
    "i_statement",
    "you_blame",
    "absolute",
    "criticism",
    "contempt",
    "defensiveness",
    "stonewalling",
    "clear_request",
    "feeling_expressed",
    "need_expressed",
    "validation",
    "apology",
    "open_question",
    "hedging",
    "sarcasm",
)


@dataclass(frozen=True)
class Finding:
    """One feature found in the text: `text == original[start:end]`, and `rule` says why it fired."""

    feature: str
    start: int
    end: int
    text: str
    rule: str

    def to_dict(self) -> Dict[str, Any]:
        return {"feature": self.feature, "start": self.start, "end": self.end, "text": self.text, "rule": self.rule}


@dataclass(frozen=True)
class Analysis:
    """Every finding for one message, ordered by feature (in FEATURE_NAMES order) and position."""

    text: str
    findings: Tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def features(self) -> Dict[str, List[str]]:
        """Feature name -> span texts, only for features present, in FEATURE_NAMES order."""
        result: Dict[str, List[str]] = {}
        for finding in self.findings:
            result.setdefault(finding.feature, []).append(finding.text)
        return {name: result[name] for name in FEATURE_NAMES if name in result}

    @property
    def names(self) -> FrozenSet[str]:
        return frozenset(finding.feature for finding in self.findings)

    def to_dict(self) -> Dict[str, Any]:
        return {"features": self.features, "findings": [finding.to_dict() for finding in self.findings]}
