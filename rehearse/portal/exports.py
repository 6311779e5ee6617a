"""A client's data for their therapist, as JSON (nested) or CSV (one row per turn or risk flag).

CSV cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading
quote. Client ids and labels are included; the chat sender id is not.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Dict, List

from rehearse.portal.repository import PortalRepository
from rehearse.portal.serialize import dumps, jsonable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "record", "client_id", "client_label", "session_id", "scenario_ref", "started_at", "ended_at",
    "mood_before", "mood_after", "outcome", "seq", "speaker", "text", "features", "retracted",
    "risk_category", "risk_rule", "time",
)
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def client_export(repository: PortalRepository, therapist_id: int, client_id: int) -> Dict[str, Any]:
    detail = repository.client(therapist_id, client_id)
    sessions = [repository.session(therapist_id, item.id) for item in detail.sessions]
    return {
        "client": jsonable(detail.client),
        "assignments": [jsonable(view.assignment) for view in detail.assignments],
        "sessions": [
            {**jsonable(item.session), "debrief": item.debrief, "turns": jsonable(item.turns)} for item in sessions
        ],
        "risk_flags": jsonable(repository.risk_flags(therapist_id, client_id, limit=10_000)),
    }


def csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(export: Dict[str, Any]) -> List[Dict[str, Any]]:
    client = {"client_id": export["client"]["id"], "client_label": export["client"]["label"]}
    rows = []
    for item in export["sessions"]:
        session = {
            "session_id": item["id"], "scenario_ref": item["scenario_ref"], "started_at": item["started_at"],
            "ended_at": item["ended_at"], "mood_before": item["mood_before"], "mood_after": item["mood_after"],
            "outcome": item["outcome"],
        }
        for turn in item["turns"]:
            features = " ".join(sorted({finding["feature"] for finding in turn["findings"]}))
            rows.append({
                "record": "turn", **client, **session, "seq": turn["seq"], "speaker": turn["speaker"],
                "text": turn["text"], "features": features, "retracted": turn["retracted"],
                "time": turn["created_at"],
            })
    for flag in export["risk_flags"]:
        rows.append({
            "record": "risk_flag", **client, "session_id": flag["session_id"], "risk_category": flag["category"],
            "risk_rule": flag["rule"], "time": flag["created_at"],
        })
    return rows


def to_csv(export: Dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="raise")
    writer.writeheader()
    for row in _rows(export):
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue()


def render(export: Dict[str, Any], export_format: str) -> str:
    if export_format == "csv":
        return to_csv(export)
    if export_format == "json":
        return dumps(export, indent=2)
    raise ValueError("format must be csv or json")


def filename(client_id: int, export_format: str) -> str:
    return "rehearse-client-%d.%s" % (client_id, export_format)
