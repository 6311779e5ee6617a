"""Optional alert webhook for risk events: a minimal notice, never the message text.

The URL comes from the environment (REHEARSE_ALERT_WEBHOOK_URL). Delivery is best effort with a short
timeout; a failure is logged and never blocks the crisis reply, which has already been sent.
"""
from __future__ import annotations

import json
import logging
import os
import urllib.request
from datetime import datetime, timezone
from typing import Optional

logger = logging.getLogger(__name__)

WEBHOOK_ENV = "REHEARSE_ALERT_WEBHOOK_URL"


def risk_notice(category: Optional[str], rule: Optional[str], session_id: Optional[str]) -> dict:
    return {
        "event": "risk_flag",
        "category": category,
        "rule": rule,
        "session_id": session_id,
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def send_risk_alert(notice: dict, url: Optional[str] = None, timeout: float = 3.0) -> bool:
    """POST the notice as JSON; return whether it was accepted. No URL configured means nothing to do."""
    target = url or os.environ.get(WEBHOOK_ENV)
    if not target:
        return False
    request = urllib.request.Request(
        target,
        data=json.dumps(notice).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:  # noqa: S310 (URL from operator config)
            return 200 <= reply.status < 300
    except OSError as error:
        logger.warning("risk alert webhook failed: %s", type(error).__name__)
        return False
