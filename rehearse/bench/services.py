"""Service processes for the benchmark: start on a free loopback port, wait for the first REST reply
(the cold start), sample, and stop. Logs go to files in the benchmark's work folder."""
from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

LOOPBACK = "127.0.0.1"
REST_PATH = "/webhooks/rest/webhook"


class ServiceFailed(RuntimeError):
    """A service exited or never became ready; the message names its log file."""


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def post_json(url: str, payload: Any, timeout: float = 30.0) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode("utf-8"), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        body = reply.read()
        return json.loads(body) if body else None


def get_json(url: str, timeout: float = 5.0) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as reply:
        return json.loads(reply.read() or b"null")


def rest_reply(base_url: str, sender: str, message: str, timeout: float = 30.0) -> List[Dict[str, Any]]:
    return post_json(base_url + REST_PATH, {"sender": sender, "message": message}, timeout) or []


@dataclass
class Service:
    """One process. `started_at` is taken just before the process is spawned (time.monotonic)."""

    name: str
    command: List[str]
    cwd: Path
    env: Dict[str, str]
    log_path: Path
    process: Optional[subprocess.Popen] = field(default=None, repr=False)
    started_at: float = 0.0

    @property
    def pid(self) -> int:
        if self.process is None:
            raise ServiceFailed(f"{self.name} is not running")
        return self.process.pid

    def start(self) -> "Service":
        log = open(self.log_path, "ab")
        self.started_at = time.monotonic()
        try:
            self.process = subprocess.Popen(
                self.command, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        finally:
            log.close()
        return self

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_until(
        self, check: Callable[[], bool], timeout: float, poll_s: float = 0.25, fatal_log_line: Optional[str] = None
    ) -> float:
        """Poll `check` until it holds; returns seconds since the process started. Fails at once if the
        process exits or its log shows `fatal_log_line`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise ServiceFailed(f"{self.name} exited with status {self.process.returncode}; see {self.log_path}")
            if fatal_log_line and fatal_log_line in self.log_text():
                raise ServiceFailed(f"{self.name}: {fatal_log_line!r} in {self.log_path}")
            try:
                if check():
                    return time.monotonic() - self.started_at
            except (OSError, urllib.error.URLError, ValueError):
                pass
            time.sleep(poll_s)
        raise ServiceFailed(f"{self.name} was not ready after {timeout:.0f} s; see {self.log_path}")

    def stop(self, grace_s: float = 20.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def first_reply_check(base_url: str, sender: str, message: str) -> Callable[[], bool]:
    """True once the REST channel answers `message` with at least one reply."""
    return lambda: bool(rest_reply(base_url, sender, message, timeout=10.0))


def health_check(url: str) -> Callable[[], bool]:
    return lambda: (get_json(url) or {}).get("status") == "ok"
