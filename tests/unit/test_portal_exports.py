"""Exports: CSV cells that a spreadsheet would run are neutralised; JSON never carries raw markup."""
from __future__ import annotations

import csv
import io
import json

import pytest

from rehearse.portal import exports
from rehearse.portal.repository import PortalRepository
from support.portal_fixtures import world  # noqa: F401
from support.portal_world import FORMULA_LINE, IMG_LABEL, SCRIPT_LINE


@pytest.mark.parametrize("value", ["=1+2", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_get_a_leading_quote(value):
    assert exports.csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["plain", "I = you", "", 5, None, -3])
def test_other_cells_are_unchanged(value):
    assert exports.csv_cell(value) == value


def export_of(world) -> dict:
    return exports.client_export(PortalRepository(world.url), world.therapists["alice"].id, world.ids["alice"]["client_id"])


def test_csv_export_neutralises_formulas_and_keeps_text(world):
    rows = list(csv.DictReader(io.StringIO(exports.render(export_of(world), "csv"))))
    turns = [row for row in rows if row["record"] == "turn"]
    assert [row["text"] for row in turns] == [
        "Hey, could you lend me a hundred?", SCRIPT_LINE, "Wow. <b>Fine</b>.", "'" + FORMULA_LINE,
    ]
    assert turns[1]["features"] == "absolute feeling_expressed you_blame"
    assert {row["client_label"] for row in rows} == {IMG_LABEL}
    flags = [row for row in rows if row["record"] == "risk_flag"]
    assert [(row["risk_category"], row["text"]) for row in flags] == [("self_harm", "")]
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())


def test_json_export_has_no_raw_markup_and_round_trips(world):
    data = export_of(world)
    text = exports.render(data, "json")
    assert "<" not in text and ">" not in text
    parsed = json.loads(text)
    assert parsed["client"]["label"] == IMG_LABEL
    assert parsed["sessions"][0]["turns"][1]["text"] == SCRIPT_LINE
    assert parsed["sessions"][0]["debrief"]["outcome"] == "stalemate"
    assert "sender" not in text  # the chat sender id stays out of exports
