"""The two systems under test: the `rasa init` starter bot and the Rehearse stack of `make run`."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from rehearse.bench.services import LOOPBACK, Service, first_reply_check, free_port, health_check
from rehearse.run import PROJECT_ROOT, Ports, service_commands, service_environment

BIN = Path(sys.executable).parent
QUIET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "PYTHONWARNINGS": "ignore",
    "SANIC_REGISTER": "false",
    "RASA_TELEMETRY_ENABLED": "false",  # no telemetry or error reports leave the machine
}
RASA_READY_TIMEOUT_S = 300.0
SERVICE_READY_TIMEOUT_S = 120.0
COLD_START_SENDER = "bench-cold-start"
MODEL_NOT_LOADED = "Could not load model"
"""Rasa logs this and then serves without an agent (every message ignored) instead of exiting."""


def with_option(command: List[str], option: str, value: str) -> List[str]:
    """`command` with `option`'s value replaced (or the option appended)."""
    if option in command:
        index = command.index(option)
        return command[: index + 1] + [value] + command[index + 2 :]
    return command + [option, value]


def create_starter_bot(folder: Path, log_path: Path) -> float:
    """`rasa init --no-prompt` into the new, empty `folder`; returns the seconds it took, most of which is
    training the starter model."""
    folder.mkdir(parents=True)
    started = time.monotonic()
    with open(log_path, "ab") as log:
        subprocess.run(
            [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)],
            cwd=folder.parent, env={**os.environ, **QUIET_ENV}, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, check=True,
        )
    return time.monotonic() - started


@dataclass
class StarterBot:
    """A trained `rasa init` project served with its REST channel (the starter bot needs no action server)."""

    folder: Path
    workdir: Path
    port: int = field(default_factory=free_port)
    server: Optional[Service] = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> float:
        """Start the server; returns the cold start (process start to the first REST reply) in seconds."""
        command = [str(BIN / "rasa"), "run", "--port", str(self.port), "--interface", LOOPBACK, "--model", "models"]
        self.server = Service("baseline", command, self.folder, {**os.environ, **QUIET_ENV},
                              self.workdir / "baseline.log").start()
        return self.server.wait_until(
            first_reply_check(self.url, COLD_START_SENDER, "hi"), RASA_READY_TIMEOUT_S, fatal_log_line=MODEL_NOT_LOADED
        )

    def pids(self) -> Dict[str, int]:
        return {"rasa": self.server.pid} if self.server else {}

    def stop(self) -> None:
        if self.server:
            self.server.stop()


@dataclass
class RehearseStack:
    """The Rasa server, action server and portal as `make run` starts them, on free ports, with the
    benchmark's own SQLite files (or `DATABASE_URL` for transcripts when it is set)."""

    workdir: Path
    model: Path
    ports: Ports = field(default_factory=lambda: Ports(free_port(), free_port(), free_port()))
    services: Dict[str, Service] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        return os.environ.get("DATABASE_URL", "").strip() or "sqlite:///" + str(self.workdir / "rehearse.db")

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.ports.rasa}"

    @property
    def env(self) -> Dict[str, str]:
        return {
            **os.environ,
            **service_environment(self.ports),
            **QUIET_ENV,
            "REHEARSE_TRACKER_DB": str(self.workdir / "tracker.db"),
            "DATABASE_URL": self.database_url,
            "REHEARSE_RASA_URL": self.url,
            "REHEARSE_ACTION_URL": f"http://{LOOPBACK}:{self.ports.actions}/webhook",
        }

    def commands(self) -> Dict[str, List[str]]:
        commands = service_commands(self.ports)
        commands["rasa"] = with_option(commands["rasa"], "--model", str(self.model))
        return commands

    def migrate(self) -> None:
        with open(self.workdir / "migrate.log", "ab") as log:
            subprocess.run([str(BIN / "rehearse"), "db", "upgrade"], cwd=PROJECT_ROOT, env=self.env,
                           stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=True)

    def _start(self, name: str) -> Service:
        service = Service(name, self.commands()[name], PROJECT_ROOT, self.env, self.workdir / f"{name}.log")
        self.services[name] = service.start()
        return service

    def start(self) -> Tuple[float, Dict[str, float]]:
        """Migrate, start the action server and portal, then the Rasa server. Returns the Rasa server's cold
        start (process start to the first REST reply) and each helper service's start-up time."""
        self.migrate()
        helpers = {"actions": f"http://{LOOPBACK}:{self.ports.actions}/health",
                   "portal": f"http://{LOOPBACK}:{self.ports.portal}/health"}
        for name in helpers:
            self._start(name)
        ready = {name: self.services[name].wait_until(health_check(url), SERVICE_READY_TIMEOUT_S)
                 for name, url in helpers.items()}
        rasa = self._start("rasa")
        cold_start_s = rasa.wait_until(
            first_reply_check(self.url, COLD_START_SENDER, "hi"), RASA_READY_TIMEOUT_S, fatal_log_line=MODEL_NOT_LOADED
        )
        return cold_start_s, ready

    def pids(self) -> Dict[str, int]:
        return {name: service.pid for name, service in self.services.items()}

    def stop(self) -> None:
        for name in ("rasa", "actions", "portal"):
            if name in self.services:
                self.services[name].stop()
