"""Per-client trends across sessions, ready for a page: a mood chart, a skills chart and a table."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence

from markupsafe import Markup

from rehearse.engine.dynamics import is_positive
from rehearse.portal.chart import Series, line_chart
from rehearse.portal.repository import TrendPoint
from rehearse.scenarios.schema import FEATURE_NAMES


@dataclass(frozen=True)
class TrendView:
    points: List[TrendPoint]
    features: List[str]
    """Features seen in any session, in the analysis' order."""
    mood_chart: Markup
    skills_chart: Markup


def trend_view(points: Sequence[TrendPoint]) -> TrendView:
    labels = [point.started_at.strftime("%d %b") for point in points]
    seen = {name for point in points for name in point.feature_counts}
    features = [name for name in FEATURE_NAMES if name in seen]
    helpful = [sum(n for name, n in point.feature_counts.items() if is_positive(name)) for point in points]
    unhelpful = [sum(n for name, n in point.feature_counts.items() if not is_positive(name)) for point in points]
    mood_chart = line_chart(
        "Mood before and after each session (0 to 10)",
        labels,
        [Series("Mood before", [p.mood_before for p in points]), Series("Mood after", [p.mood_after for p in points])],
        10,
    )
    skills_chart = line_chart(
        "Helpful skills and unhelpful patterns per session (lines showing each, summed)",
        labels,
        [Series("Helpful skills", helpful), Series("Unhelpful patterns", unhelpful)],
        max([*helpful, *unhelpful, 1]),
    )
    return TrendView(list(points), features, mood_chart, skills_chart)
