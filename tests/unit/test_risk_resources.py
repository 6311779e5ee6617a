"""Crisis resources: well-formed data, per-country lookup, fallbacks and clinic overrides."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from rehearse.risk.resources import crisis_text, load_resources, resources_for

REQUIRED = ("US", "GB", "IE", "CA", "AU", "IN", "EU", "INTL")


def test_required_countries_present_and_well_formed() -> None:
    directory = load_resources()
    for code in REQUIRED:
        entry = directory.countries[code]
        assert entry.emergency.number.strip()
        assert str(entry.emergency.source).startswith("https://")
        for service in entry.services:
            assert str(service.source).startswith("https://")
            assert service.call or service.text_number or service.chat or service.web


@pytest.mark.parametrize(
    "country,expected",
    [
        ("US", ["call 911", "call 988", "text 988", "988lifeline.org", "text HOME to 741741"]),
        ("gb", ["call 999", "call 116 123", "text SHOUT to 85258"]),
        ("IE", ["112 or 999", "116 123", "50808"]),
        ("ca", ["call 911", "call 988 or text 988"]),
        ("AU", ["call 000", "13 11 14", "0477 13 11 14"]),
        ("IN", ["call 112", "14416", "1-800-891-4416"]),
    ],
)
def test_crisis_text_per_country(country: str, expected: list) -> None:
    text = crisis_text(country)
    assert text.startswith("If you are in immediate danger")
    for fragment in expected:
        assert fragment in text


def test_ireland_does_not_get_the_uk_text_line() -> None:
    assert "85258" not in crisis_text("IE")


def test_eu_member_without_entry_gets_112_and_unknown_gets_directory() -> None:
    assert resources_for("fr").code == "EU"
    assert "call 112" in crisis_text("DE")
    for unknown in (None, "", "zz", "not-a-country"):
        assert resources_for(unknown).code == "INTL"
        assert "findahelpline.com" in crisis_text(unknown)


def test_default_country_used_when_none_given() -> None:
    assert resources_for(None, default_country="GB").code == "GB"
    assert resources_for("AU", default_country="GB").code == "AU"


def _write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_clinic_file_overrides_and_extends(tmp_path: Path) -> None:
    clinic = _write(tmp_path / "clinic.yaml", {
        "countries": [
            {"code": "GB", "name": "United Kingdom (clinic)",
             "emergency": {"number": "999", "source": "https://example.org/999"},
             "services": [{"name": "Clinic duty line", "call": "0100 000 0000",
                           "source": "https://example.org/duty"}]},
            {"code": "NZ", "name": "New Zealand",
             "emergency": {"number": "111", "source": "https://example.org/111"},
             "services": [{"name": "Clinic NZ line", "text_number": "1234",
                           "source": "https://example.org/nz"}]},
        ]
    })
    directory = load_resources([clinic])
    assert "Clinic duty line" in crisis_text("GB", directory=directory)
    assert "Samaritans" not in crisis_text("GB", directory=directory)
    assert resources_for("nz", directory=directory).name == "New Zealand"
    assert resources_for("US", directory=directory).code == "US"  # untouched countries stay


@pytest.mark.parametrize(
    "service",
    [
        {"name": "No contact", "source": "https://example.org"},
        {"name": "No source", "call": "123"},
        {"name": "Bad source", "call": "123", "source": "not a url"},
        {"name": "Keyword only", "text_keyword": "HI", "source": "https://example.org"},
    ],
)
def test_invalid_service_is_rejected(tmp_path: Path, service: dict) -> None:
    clinic = _write(tmp_path / "bad.yaml", {"countries": [
        {"code": "GB", "name": "UK", "emergency": {"number": "999", "source": "https://example.org"},
         "services": [service]}]})
    with pytest.raises(ValidationError):
        load_resources([clinic])


def test_crisis_text_has_no_method_details() -> None:
    for code in REQUIRED:
        text = crisis_text(code).lower()
        for word in ("pill", "rope", "overdose", "dose", "knife", "bridge"):
            assert word not in text
