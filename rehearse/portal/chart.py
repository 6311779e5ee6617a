"""Small server-rendered SVG line charts: no JavaScript and no inline styles (CSP-friendly).

Colours come from the stylesheet through the `series-<n>` classes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

from markupsafe import Markup, escape

WIDTH = 480
HEIGHT = 180
PAD_LEFT = 32
PAD_RIGHT = 12
PAD_TOP = 12
PAD_BOTTOM = 28


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Optional[float]]


def _x(index: int, count: int) -> float:
    span = WIDTH - PAD_LEFT - PAD_RIGHT
    return PAD_LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(value: float, y_max: float) -> float:
    span = HEIGHT - PAD_TOP - PAD_BOTTOM
    return PAD_TOP + span * (1 - min(max(value, 0), y_max) / y_max)


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series], y_max: float) -> Markup:
    """An SVG chart of `series` over `labels` (x axis), values from 0 to `y_max`; gaps where None."""
    y_max = y_max or 1
    count = len(labels)
    parts: List[str] = [
        '<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">'
        % (WIDTH, HEIGHT, escape(title)),
        "<title>%s</title>" % escape(title),
    ]
    for tick in (0, y_max / 2, y_max):
        y = _y(tick, y_max)
        parts.append('<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>' % (PAD_LEFT, y, WIDTH - PAD_RIGHT, y))
        parts.append('<text class="axis" x="%d" y="%.1f" text-anchor="end">%s</text>' % (PAD_LEFT - 4, y + 4, "%g" % tick))
    for index, label in enumerate(labels):
        parts.append(
            '<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text>'
            % (_x(index, count), HEIGHT - 8, escape(label))
        )
    for number, item in enumerate(series):
        points = [(_x(i, count), _y(v, y_max)) for i, v in enumerate(item.values) if v is not None]
        parts.append('<g class="series-%d"><title>%s</title>' % (number, escape(item.name)))
        if len(points) > 1:
            parts.append('<polyline points="%s"/>' % " ".join("%.1f,%.1f" % point for point in points))
        parts.extend('<circle cx="%.1f" cy="%.1f" r="3"/>' % point for point in points)
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
