"""The counterpart's state between turns: a JSON-able snapshot kept in a Rasa slot."""
from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional

from pydantic import BaseModel, confloat, conint

Outcome = Literal["resolved", "stalemate"]


class CounterpartState(BaseModel):
    scenario_id: str
    seed: int
    turn: conint(ge=0) = 0
    openness: confloat(ge=0.0, le=1.0)
    heard: List[str] = []
    """Helpful features the counterpart has taken in (e.g. clear_request, need_expressed), sorted."""
    used_lines: List[str] = []
    curveballs_raised: List[int] = []
    pending_curveball: Optional[int] = None
    """A raised curveball the user has not dealt with yet; it blocks resolution until handled."""
    turns_at_floor: conint(ge=0) = 0
    outcome: Optional[Outcome] = None
    paused: bool = False

    class Config:
        extra = "forbid"
        validate_assignment = True

    @property
    def heard_need(self) -> bool:
        return "need_expressed" in self.heard

    @property
    def heard_request(self) -> bool:
        return "clear_request" in self.heard

    @property
    def heard_validation(self) -> bool:
        return "validation" in self.heard

    @property
    def heard_apology(self) -> bool:
        return "apology" in self.heard

    def to_dict(self) -> Dict[str, Any]:
        return self.dict()

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "CounterpartState":
        return cls.parse_obj(data)

