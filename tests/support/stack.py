"""Start the real services (Rasa server, action server, portal) on free loopback ports for tests."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

from rehearse.run import PROJECT_ROOT, Ports, service_commands, service_environment

BIN = Path(sys.executable).parent
RASA_READY_TIMEOUT = 240
SERVICE_READY_TIMEOUT = 90


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_json(url: str, payload: Optional[Any] = None, timeout: float = 30.0, method: Optional[str] = None) -> Any:
    data = None if payload is None else json.dumps(payload).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method=method or ("POST" if data else "GET")
    )
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        body = reply.read()
        return json.loads(body) if body else None


def wait_until(check, timeout: float, what: str, process: Optional[subprocess.Popen] = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode} before it was ready")
        try:
            if check():
                return
        except (OSError, urllib.error.URLError, ValueError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{what} was not ready after {timeout} s")


@dataclass
class Stack:
    """The three services of `make run`, each in its own process, with their own temporary databases."""

    workdir: Path
    ports: Ports = field(default_factory=lambda: Ports(free_port(), free_port(), free_port()))
    extra_env: Dict[str, str] = field(default_factory=dict)
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def env(self) -> Dict[str, str]:
        env = {**os.environ, **service_environment(self.ports)}
        env.update(
            {
                "REHEARSE_ACTION_URL": f"{self.action_url}/webhook",
                "REHEARSE_TRACKER_DB": str(self.workdir / "tracker.db"),
                "DATABASE_URL": "sqlite:///" + str(self.workdir / "rehearse.db"),
                "REHEARSE_RASA_URL": self.rasa_url,
            }
        )
        env.update(self.extra_env)
        return env

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.rasa}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.actions}"

    @property
    def portal_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.portal}"

    def migrate(self) -> None:
        subprocess.run([str(BIN / "rehearse"), "db", "upgrade"], env=self.env, check=True, cwd=PROJECT_ROOT)

    def start(self, name: str) -> None:
        command = service_commands(self.ports, environ=self.env)[name]
        log = open(self.workdir / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            command, env=self.env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        checks = {
            "rasa": (lambda: http_json(f"{self.rasa_url}/status").get("model_file"), RASA_READY_TIMEOUT),
            "actions": (lambda: http_json(f"{self.action_url}/health").get("status") == "ok", SERVICE_READY_TIMEOUT),
            "portal": (lambda: http_json(f"{self.portal_url}/health").get("status") == "ok", SERVICE_READY_TIMEOUT),
        }
        check, timeout = checks[name]
        wait_until(check, timeout, name, self.processes[name])

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def start_all(self) -> "Stack":
        self.migrate()
        for name in ("actions", "portal", "rasa"):
            self.start(name)
        return self

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def say(self, sender: str, message: str, metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        """One message over the REST channel; returns the bot's replies."""
        payload: Dict[str, Any] = {"sender": sender, "message": message}
        if metadata is not None:
            payload["metadata"] = metadata
        return http_json(f"{self.rasa_url}/webhooks/rest/webhook", payload, timeout=60) or []

    def tracker(self, sender: str) -> Dict[str, Any]:
        return http_json(f"{self.rasa_url}/conversations/{sender}/tracker")


def texts(replies: List[Dict[str, Any]]) -> List[str]:
    return [reply.get("text", "") for reply in replies]


def end_practice_and_rate_mood(client: Any, sender: str, mood_before: int, mood_after: int) -> None:
    """Type "end", expect the debrief and the second mood check, answer it, expect the mood change.

    `client` is anything with `say(sender, text)` returning REST replies (one stack, or a cluster)."""
    ended = texts(client.say(sender, "end"))
    assert any("debrief" in text.lower() for text in ended), ended
    assert any("0 (very low) to 10" in text for text in ended), ended
    closing = texts(client.say(sender, str(mood_after)))
    assert any(f"from {mood_before} to {mood_after}" in text for text in closing), closing
    assert any("Thank you for practising" in text for text in closing), closing


def ensure_trained_model() -> Path:
    """Train once per run when no model exists (make test trains first; this covers a bare pytest)."""
    models = PROJECT_ROOT / "models"
    if not list(models.glob("*.tar.gz")):
        subprocess.run(
            [str(BIN / "rasa"), "train", "--fixed-model-name", "rehearse", "--out", str(models), "--quiet"],
            cwd=PROJECT_ROOT,
            check=True,
        )
    return models
