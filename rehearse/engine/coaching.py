"""Coaching tips: one warm, short hint about the user's last line."""
from __future__ import annotations

from typing import Mapping, Optional, Sequence

from rehearse.engine.dynamics import present, stance_for
from rehearse.engine.feedback import NEGATIVE_TIP_ORDER, fill, first_span, get_feedback
from rehearse.engine.state import CounterpartState
from rehearse.scenarios.schema import Scenario

GUARDED_STANCES = ("defensive", "guarded")


def tip(
    scenario: Scenario,
    state: CounterpartState,
    text: Optional[str] = None,
    features: Optional[Mapping[str, Sequence[str]]] = None,
) -> str:
    """A hint for the next line, based on the last user line (`text`, `features`) and the counterpart's state."""
    tips = get_feedback().tips
    if not text or features is None:
        return fill(tips.no_line_yet, scenario)
    found = present(features)
    for problem in NEGATIVE_TIP_ORDER:
        if problem in found:
            return fill(getattr(tips, problem), scenario, span=first_span(features, problem))
    if state.pending_curveball is not None:
        return fill(tips.curveball, scenario)
    if stance_for(state.openness) in GUARDED_STANCES and "validation" not in found:
        return fill(tips.acknowledge, scenario)
    if "hedging" in found and "clear_request" not in found:
        return fill(tips.hedging, scenario, span=first_span(features, "hedging"))
    if not state.heard_request and "clear_request" not in found:
        return fill(tips.ask_request, scenario)
    if not state.heard_need and "need_expressed" not in found:
        return fill(tips.name_need, scenario)
    return fill(tips.keep_going, scenario)
