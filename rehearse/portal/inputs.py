"""Request bodies, validated with pydantic (strict types: no silent coercion of numbers to text).

`parse_json(raw, Model)` and `parse_form(fields, Model)` raise `InputProblem` with one message per
field, which the API answers with 400 and the dashboard shows beside the form.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Dict, List, Mapping, Optional, Type, TypeVar

from pydantic import BaseModel, StrictStr, ValidationError, constr, root_validator, validator

M = TypeVar("M", bound=BaseModel)
MAX_INSTRUCTIONS_CHARS = 4000
MAX_LABEL_CHARS = 120


class InputProblem(ValueError):
    def __init__(self, message: str, problems: Optional[List[Dict[str, str]]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


class Strict(BaseModel):
    class Config:
        extra = "forbid"
        anystr_strip_whitespace = True


def _no_nul(value: Optional[str]) -> Optional[str]:
    if value is not None and "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


class LoginInput(Strict):
    username: constr(strict=True, min_length=1, max_length=80)
    password: constr(strict=True, min_length=1, max_length=1024)


class AssignmentInput(Strict):
    scenario_ref: constr(strict=True, min_length=1, max_length=120)
    client_label: Optional[constr(strict=True, max_length=MAX_LABEL_CHARS)] = None
    instructions: constr(strict=True, max_length=MAX_INSTRUCTIONS_CHARS) = ""
    due_date: Optional[StrictStr] = None

    _checked_text = validator("scenario_ref", "client_label", "instructions", allow_reuse=True)(_no_nul)

    @validator("client_label")
    def empty_label_is_none(cls, value: Optional[str]) -> Optional[str]:
        return value or None

    @validator("due_date")
    def iso_date(cls, value: Optional[str]) -> Optional[str]:
        if not value:
            return None
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError("must be a date written YYYY-MM-DD") from None
        return value

    def due(self) -> Optional[date]:
        return date.fromisoformat(self.due_date) if self.due_date else None


class ScenarioInput(Strict):
    """A scenario as YAML text or as a JSON object: exactly one of the two."""

    yaml: Optional[StrictStr] = None
    body: Optional[Dict[str, Any]] = None

    @root_validator(skip_on_failure=True)
    def exactly_one(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if (values.get("yaml") is None) == (values.get("body") is None):
            raise ValueError("give exactly one of yaml (text) or body (object)")
        return values


def _problems(error: ValidationError) -> List[Dict[str, str]]:
    return [
        {"field": ".".join(str(part) for part in item["loc"] if part != "__root__") or "(body)", "message": item["msg"]}
        for item in error.errors()
    ]


def validate(model: Type[M], data: Any) -> M:
    if not isinstance(data, dict):
        raise InputProblem("the request body must be a JSON object")
    try:
        return model.parse_obj(data)
    except ValidationError as error:
        problems = _problems(error)
        summary = "; ".join("%s: %s" % (item["field"], item["message"]) for item in problems)
        raise InputProblem("invalid request: " + summary, problems) from None


def parse_json(raw: bytes, model: Type[M]) -> M:
    try:
        data = json.loads(raw.decode("utf-8")) if raw else None
    except UnicodeDecodeError:
        raise InputProblem("the request body is not UTF-8 text") from None
    except ValueError as error:
        raise InputProblem("malformed JSON: %s" % error) from None
    except RecursionError:
        raise InputProblem("malformed JSON: nested too deeply") from None
    return validate(model, data)


def parse_form(fields: Mapping[str, str], model: Type[M]) -> M:
    """Only the model's fields are read from a form (the CSRF token and buttons are not fields)."""
    return validate(model, {name: fields[name] for name in model.__fields__ if name in fields})
