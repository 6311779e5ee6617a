"""A user line as HTML with each analysis finding wrapped in `<mark>`, built only from escaped pieces.

Overlapping findings are handled by cutting the line at every span boundary: each piece is escaped and
wrapped in one mark per finding that covers it, so tags always nest properly.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Sequence

from markupsafe import Markup, escape

UNSAFE_CLASS_CHARS = re.compile(r"[^a-z0-9_-]")


def _span(finding: Dict[str, Any], length: int) -> tuple:
    start = min(max(finding["start"], 0), length)
    end = min(max(finding["end"], start), length)
    return start, end


def _open_tag(finding: Dict[str, Any]) -> str:
    feature = str(finding["feature"])
    css_class = "f-" + UNSAFE_CLASS_CHARS.sub("", feature.lower())
    title = "%s (%s)" % (feature, finding.get("rule", "")) if finding.get("rule") else feature
    return '<mark class="%s" title="%s">' % (css_class, escape(title))


def highlight(text: str, findings: Sequence[Dict[str, Any]]) -> Markup:
    spans = [(finding, *_span(finding, len(text))) for finding in findings]
    spans = [item for item in spans if item[1] < item[2]]
    cuts = sorted({0, len(text), *(s for _, s, _ in spans), *(e for _, _, e in spans)})
    pieces: List[str] = []
    for left, right in zip(cuts, cuts[1:]):
        covering = [finding for finding, start, end in spans if start <= left and right <= end]
        opened = "".join(_open_tag(finding) for finding in covering)
        pieces.append(opened + str(escape(text[left:right])) + "</mark>" * len(covering))
    return Markup("".join(pieces))
