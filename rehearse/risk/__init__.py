"""Risk-phrase detector and crisis resources.

`detect(text) -> RiskResult` runs on every user message. The heavy parts (spaCy) load on first use, so
importing this package stays cheap.
"""
from __future__ import annotations

from typing import Any

__all__ = ["detect", "RiskResult", "normalise_for_risk"]


def __getattr__(name: str) -> Any:
    if name in ("detect", "RiskResult"):
        from rehearse.risk import detector

        return getattr(detector, name)
    if name == "normalise_for_risk":
        from rehearse.risk.normalise import normalise_for_risk

        return normalise_for_risk
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
