"""Crisis resources per country, from data/crisis_resources.yaml plus optional clinic files.

`crisis_text(country)` gives the plain lines shown in chat after a risk hit: emergency services for
immediate danger, then how to call, text or chat each service. It never gives any other advice.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml
from pydantic import BaseModel, Field, HttpUrl, constr, root_validator

RESOURCES_FILE = Path(__file__).parent / "data" / "crisis_resources.yaml"
INTERNATIONAL = "INTL"
EUROPEAN_UNION = "EU"
Code = constr(strict=True, regex=r"^([A-Z]{2}|INTL)$")
Text = constr(strict=True, min_length=1, strip_whitespace=True)


class _Strict(BaseModel):
    class Config:
        extra = "forbid"
        allow_mutation = False


class Emergency(_Strict):
    number: Text
    source: HttpUrl


class Service(_Strict):
    name: Text
    call: Optional[Text] = None
    text_number: Optional[Text] = None
    text_keyword: Optional[Text] = None
    chat: Optional[HttpUrl] = None
    web: Optional[HttpUrl] = None
    hours: Optional[Text] = None
    source: HttpUrl

    @root_validator(skip_on_failure=True)
    def _reachable(cls, values: Dict) -> Dict:
        if not any(values.get(key) for key in ("call", "text_number", "chat", "web")):
            raise ValueError(f"service {values.get('name')!r} needs a call, text, chat or web contact")
        if values.get("text_keyword") and not values.get("text_number"):
            raise ValueError(f"service {values.get('name')!r} has a text keyword but no number")
        return values

    def line(self) -> str:
        ways: List[str] = []
        if self.call:
            ways.append(f"call {self.call}")
        if self.text_number:
            keyword = f"{self.text_keyword} " if self.text_keyword else ""
            ways.append(f"text {keyword}to {self.text_number}" if keyword else f"text {self.text_number}")
        if self.chat:
            ways.append(f"chat online at {self.chat}")
        if self.web:
            ways.append(f"find a free helpline near you at {self.web}")
        hours = f" ({self.hours})" if self.hours else ""
        return f"{self.name}{hours}: {_join(ways)}"


class CountryResources(_Strict):
    code: Code
    name: Text
    emergency: Emergency
    services: List[Service] = Field(..., min_items=1)


class ResourceFile(_Strict):
    """One resources file: the packaged one or a clinic's."""

    eu_members: List[constr(strict=True, regex=r"^[A-Z]{2}$")] = []
    countries: List[CountryResources] = []


class ResourceDirectory(_Strict):
    eu_members: frozenset
    countries: Dict[str, CountryResources]

    def for_country(self, country: Optional[str], default_country: str = INTERNATIONAL) -> CountryResources:
        code = (country or default_country or INTERNATIONAL).strip().upper()
        if code in self.countries:
            return self.countries[code]
        if code in self.eu_members and EUROPEAN_UNION in self.countries:
            return self.countries[EUROPEAN_UNION]
        return self.countries[INTERNATIONAL]


def _join(parts: List[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def load_resources(extra_paths: Sequence[Path] = ()) -> ResourceDirectory:
    """The packaged resources, with each clinic file in `extra_paths` replacing or adding countries."""
    countries: Dict[str, CountryResources] = {}
    eu_members: set = set()
    for path in (RESOURCES_FILE, *map(Path, extra_paths)):
        data = ResourceFile.parse_obj(yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {})
        eu_members.update(data.eu_members)
        countries.update({entry.code: entry for entry in data.countries})
    if INTERNATIONAL not in countries:
        raise ValueError(f"crisis resources need an {INTERNATIONAL!r} entry as the fallback")
    return ResourceDirectory(eu_members=frozenset(eu_members), countries=countries)


@functools.lru_cache(maxsize=1)
def _packaged() -> ResourceDirectory:
    return load_resources()


def resources_for(
    country: Optional[str],
    default_country: str = INTERNATIONAL,
    directory: Optional[ResourceDirectory] = None,
) -> CountryResources:
    """Resources for an ISO 3166 alpha-2 code (any case); EU members without an entry get 112, others INTL."""
    return (directory or _packaged()).for_country(country, default_country)


def crisis_text(
    country: Optional[str],
    default_country: str = INTERNATIONAL,
    directory: Optional[ResourceDirectory] = None,
) -> str:
    """The resource lines to show in chat: emergency services first, then each service."""
    resources = resources_for(country, default_country, directory)
    lines = [f"If you are in immediate danger, call {resources.emergency.number} now."]
    lines.extend(service.line() for service in resources.services)
    return "\n".join(lines)
