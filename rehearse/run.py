"""`rehearse run`: start the Rasa server, the action server and the portal together (via honcho).

Ports default to Rasa 5005, actions 5055 and portal 8000, and can be changed with flags or the
environment (REHEARSE_RASA_PORT, REHEARSE_ACTION_PORT, REHEARSE_PORTAL_PORT). Ctrl-C stops every process.
REHEARSE_ENDPOINTS picks Rasa's endpoints file (default `endpoints.yml`; see docs/deployment.md).
"""
from __future__ import annotations

import argparse
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHUTDOWN_GRACE_SECONDS = 20


@dataclass(frozen=True)
class Ports:
    rasa: int = 5005
    actions: int = 5055
    portal: int = 8000


def service_environment(ports: Ports, root: Path = PROJECT_ROOT) -> Dict[str, str]:
    """Environment shared by the three services: endpoints.yml reads the action URL and tracker path."""
    var = root / "var"
    var.mkdir(exist_ok=True)
    env = {
        "REHEARSE_ACTION_URL": f"http://127.0.0.1:{ports.actions}/webhook",
        "REHEARSE_TRACKER_DB": str(var / "tracker.db"),
        "REHEARSE_RASA_URL": f"http://127.0.0.1:{ports.rasa}",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONWARNINGS": "ignore",
        "RASA_TELEMETRY_ENABLED": "false",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }
    return {**env, **{key: value for key, value in os.environ.items() if key in env}}


def rasa_token_options(environ: Mapping[str, str]) -> List[str]:
    """`--auth-token` from REHEARSE_RASA_TOKEN: without it, Rasa's HTTP API (--enable-api) is open to anyone
    who can reach the port, including /conversations/<id>/tracker (every transcript) and PUT /model."""
    token = environ.get("REHEARSE_RASA_TOKEN", "").strip()
    return ["--auth-token", token] if token else []


def service_commands(
    ports: Ports, root: Path = PROJECT_ROOT, environ: Optional[Mapping[str, str]] = None
) -> Dict[str, List[str]]:
    """The command line of each service, with this interpreter's virtual environment.

    `environ` (default: this process's environment) supplies REHEARSE_BIND and REHEARSE_ENDPOINTS
    (a path, relative to `root` unless absolute).
    """
    environ = os.environ if environ is None else environ
    bin_dir = Path(sys.executable).parent
    rasa = str(bin_dir / "rasa")
    endpoints = root / environ.get("REHEARSE_ENDPOINTS", "endpoints.yml")
    return {
        "rasa": [
            rasa, "run", "--enable-api", "--cors", "*", "--model", str(root / "models"),
            "--endpoints", str(endpoints), "--credentials", str(root / "credentials.yml"),
            "--port", str(ports.rasa), "--interface", environ.get("REHEARSE_BIND", "127.0.0.1"),
            *rasa_token_options(environ),
        ],
        "actions": [sys.executable, "-m", "actions", "--port", str(ports.actions)],
        "portal": [str(bin_dir / "rehearse"), "portal", "--port", str(ports.portal)],
    }


def _run(args: argparse.Namespace) -> int:
    from honcho import manager as honcho_manager
    from honcho.manager import Manager
    from honcho.printer import Printer

    # honcho kills what has not stopped 5 s after Ctrl-C; Rasa needs longer to finish its last turn.
    honcho_manager.KILL_WAIT = SHUTDOWN_GRACE_SECONDS

    ports = Ports(rasa=args.rasa_port, actions=args.action_port, portal=args.portal_port)
    env = {**os.environ, **service_environment(ports)}
    manager = Manager(Printer(sys.stdout))
    for name, command in service_commands(ports).items():
        manager.add_process(name, shlex.join(command), env=env, cwd=str(PROJECT_ROOT))
    print(
        "Rehearse is starting (the Rasa server takes about 30-40 s to load):\n"
        f"  chat (widget) http://127.0.0.1:{ports.portal}/demo\n"
        f"  therapists    http://127.0.0.1:{ports.portal}/dashboard\n"
        f"  Rasa server   http://127.0.0.1:{ports.rasa}  (REST: /webhooks/rest/webhook, socket.io: /socket.io)\n"
        f"  action server http://127.0.0.1:{ports.actions}\n"
        "Press Ctrl-C to stop everything.",
        flush=True,
    )
    manager.loop()
    return manager.returncode or 0


def _port(env_name: str, default: int) -> int:
    return int(os.environ.get(env_name, default))


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="start the Rasa server, action server and portal")
    parser.add_argument("--rasa-port", type=int, default=_port("REHEARSE_RASA_PORT", Ports.rasa))
    parser.add_argument("--action-port", type=int, default=_port("REHEARSE_ACTION_PORT", Ports.actions))
    parser.add_argument("--portal-port", type=int, default=_port("REHEARSE_PORTAL_PORT", Ports.portal))
    parser.set_defaults(handler=_run)
