"""The debrief after a role-play: skills used, strongest line, one line rewritten, outcome, mood, next step."""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from rehearse.engine.counterpart import missing_for_resolution
from rehearse.engine.dynamics import FEATURE_WEIGHTS, is_positive, present
from rehearse.engine.feedback import NEGATIVE_TIP_ORDER, Feedback, fill, first_span, get_feedback
from rehearse.engine.state import CounterpartState
from rehearse.scenarios.schema import Scenario

Features = Mapping[str, Sequence[str]]
Turn = Tuple[str, Features]
PROBLEM_FEATURES = (*NEGATIVE_TIP_ORDER, "hedging")


@dataclass(frozen=True)
class Rewrite:
    original: str
    improved: str
    changes: List[str]


@dataclass(frozen=True)
class Debrief:
    scenario_id: str
    title: str
    turns: int
    outcome: str
    """"resolved", "stalemate" or "unfinished" (ended early)."""
    outcome_reason: str
    skills_used: Dict[str, int]
    """Helpful features and how many lines showed each."""
    problems: Dict[str, int]
    """Unhelpful features and how many lines showed each."""
    strongest_line: Optional[str]
    rewrite: Optional[Rewrite]
    mood_before: Optional[int]
    mood_after: Optional[int]
    mood_change: Optional[int]
    suggestion: str
    labels: Dict[str, str] = field(repr=False, default_factory=dict)

    def to_dict(self) -> Dict[str, Any]:
        data = asdict(self)
        data.pop("labels")
        return data

    def to_text(self) -> str:
        lines = [f"Outcome: {self.outcome} after {self.turns} line{'s' if self.turns != 1 else ''}. {self.outcome_reason}"]
        if self.skills_used:
            used = ", ".join(f"{self.labels.get(name, name)} x{count}" for name, count in self.skills_used.items())
            lines.append(f"Skills you used: {used}.")
        if self.strongest_line:
            lines.append(f'Your strongest line: "{self.strongest_line}"')
        if self.rewrite:
            lines.append(f'Another way to say "{self.rewrite.original}": "{self.rewrite.improved}"')
            if self.rewrite.changes:
                lines.append(f"What changed: {', '.join(self.rewrite.changes)}.")
        if self.mood_change is not None:
            lines.append(f"Mood: {self.mood_before} -> {self.mood_after} ({self.mood_change:+d}).")
        lines.append(self.suggestion)
        return "\n".join(lines)


def line_score(features: Features) -> float:
    return round(sum(FEATURE_WEIGHTS[name] for name in present(features)), 4)


def debrief(
    scenario: Scenario,
    state: CounterpartState,
    turns: Sequence[Turn],
    mood_before: Optional[int] = None,
    mood_after: Optional[int] = None,
) -> Debrief:
    feedback = get_feedback()
    counts = Counter(name for _, features in turns for name in present(features))
    by_weight = sorted(counts, key=lambda name: (-counts[name], -abs(FEATURE_WEIGHTS[name]), name))
    strongest, weakest = _strongest_and_weakest(turns)
    outcome = state.outcome or "unfinished"
    return Debrief(
        scenario_id=scenario.id,
        title=scenario.title,
        turns=len(turns),
        outcome=outcome,
        outcome_reason=_outcome_reason(scenario, state, outcome, feedback),
        skills_used={name: counts[name] for name in by_weight if is_positive(name)},
        problems={name: counts[name] for name in by_weight if not is_positive(name)},
        strongest_line=turns[strongest][0] if strongest is not None else None,
        rewrite=_rewrite(scenario, *turns[weakest], feedback) if weakest is not None else None,
        mood_before=mood_before,
        mood_after=mood_after,
        mood_change=mood_after - mood_before if mood_before is not None and mood_after is not None else None,
        suggestion=_suggestion(scenario, counts, feedback),
        labels=dict(feedback.labels),
    )


def _strongest_and_weakest(turns: Sequence[Turn]) -> Tuple[Optional[int], Optional[int]]:
    """The best line (latest among equals, with something positive in it) and the weakest other line."""
    if not turns:
        return None, None
    scored = [(line_score(features), index) for index, (_, features) in enumerate(turns)]
    best_score, best = max(scored)
    strongest = best if best_score > 0 else None
    others = [item for item in scored if item[1] != strongest] or scored
    return strongest, min(others, key=lambda item: (item[0], -item[1]))[1]


def _rewrite(scenario: Scenario, text: str, features: Features, feedback: Feedback) -> Rewrite:
    """Rebuild the line as observation, feeling, need and request, keeping what was already good."""
    found = present(features)
    templates = feedback.rewrite
    parts: List[str] = []
    changes = [
        fill(feedback.rewrite.why[problem], scenario, span=first_span(features, problem))
        for problem in PROBLEM_FEATURES
        if problem in found and problem in templates.why
    ]
    if "stonewalling" in found and len(found & set(PROBLEM_FEATURES)) == 1:
        parts.append(fill(templates.pause, scenario))
    parts.append(fill(templates.opening, scenario))
    if "feeling_expressed" not in found and not changes:
        changes.append(fill(templates.why["feeling_expressed"], scenario))
    if "need_expressed" not in found:
        parts.append(fill(templates.need, scenario))
        changes.append(fill(templates.why["need_expressed"], scenario))
    if "clear_request" not in found:
        changes.append(fill(templates.why["clear_request"], scenario))
    parts.append(fill("{request}", scenario))
    return Rewrite(original=text, improved=" ".join(parts), changes=changes)


def _outcome_reason(scenario: Scenario, state: CounterpartState, outcome: str, feedback: Feedback) -> str:
    text = feedback.outcome
    if outcome == "resolved":
        return fill(text.resolved, scenario)
    reasons = []
    for reason in missing_for_resolution(scenario, state):
        kind, _, feature = reason.partition(":")
        template = getattr(text.reasons, kind)
        reasons.append(fill(template, scenario, label=feedback.label(feature)) if feature else fill(template, scenario))
    lead = fill(getattr(text, outcome), scenario)
    if not reasons:
        return lead
    because = "; ".join(reasons)
    return f"{lead} {because[0].upper()}{because[1:]}."


def _suggestion(scenario: Scenario, counts: Counter, feedback: Feedback) -> str:
    suggestions = feedback.suggestions
    problems = [name for name in PROBLEM_FEATURES if counts[name]]
    if problems:
        worst = max(problems, key=lambda name: (counts[name], abs(FEATURE_WEIGHTS[name])))
        return fill(getattr(suggestions, worst), scenario)
    for skill in scenario.skill_names():
        if not counts[skill]:
            return fill(suggestions.missing_skill, scenario, label=feedback.label(skill))
    return fill(suggestions.well_done, scenario)
