"""A throwaway PostgreSQL server for the test suite, started from the binaries on PATH.

`PostgresServer.start()` makes a temporary cluster (`initdb -A trust -U postgres`), runs `postgres`
on a free loopback port with its socket in the same temporary folder, and waits until it accepts
connections. `stop()` runs `pg_ctl -m fast stop` and removes the folder. PostgreSQL refuses to run
as root, so under root the server processes run as the `postgres` system user (created if missing)
and own the temporary folder.
Durability is switched off (fsync etc.): the data is thrown away anyway.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import psycopg2
from psycopg2 import sql

SERVER_USER = "postgres"
STARTUP_TIMEOUT_S = 30.0
BINARIES = ("initdb", "pg_ctl", "postgres")
FAST_UNSAFE_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def find_binary(name: str) -> str:
    """`name` from PATH, else from the newest Debian-style /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/" + name))
    if candidates:
        return candidates[-1]
    raise RuntimeError(
        "PostgreSQL binary %r not found; install PostgreSQL 15 server binaries (e.g. "
        "`apt-get install postgresql-15`) so the suite can start its own server" % name
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ensure_system_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            capture_output=True,
        )


class PostgresServer:
    def __init__(self) -> None:
        self.binaries = {name: find_binary(name) for name in BINARIES}
        self.as_user: Dict[str, Any] = {}
        self.root_dir: Optional[Path] = None
        self.process: Optional[subprocess.Popen] = None
        self.port = 0

    @property
    def data_dir(self) -> Path:
        assert self.root_dir is not None
        return self.root_dir / "data"

    @property
    def log_path(self) -> Path:
        assert self.root_dir is not None
        return self.root_dir / "postgres.log"

    def _command(self, *args: str) -> List[str]:
        return [self.binaries[args[0]], *args[1:]]

    def _spawn_options(self) -> Dict[str, Any]:
        """Subprocess options: in the server folder, and as the server user when we are root."""
        return {"cwd": str(self.root_dir), **self.as_user}

    def start(self) -> "PostgresServer":
        as_root = os.geteuid() == 0
        # Under root, the server user must be able to reach the folder: /tmp is world-traversable,
        # a root-only $TMPDIR may not be.
        self.root_dir = Path(tempfile.mkdtemp(prefix="rehearse-pg-", dir="/tmp" if as_root else None))
        if as_root:
            ensure_system_user(SERVER_USER)
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.root_dir, account.pw_uid, account.pw_gid)
            self.as_user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        initdb = subprocess.run(
            self._command(
                "initdb", "-D", str(self.data_dir), "-A", "trust", "-U", "postgres",
                "-E", "UTF8", "--no-locale", "--no-sync",
            ),
            capture_output=True,
            text=True,
            **self._spawn_options(),
        )
        if initdb.returncode != 0:
            raise RuntimeError("initdb failed:\n" + initdb.stdout + initdb.stderr)
        for _attempt in range(3):  # another process may grab the probed port before postgres binds it
            self.port = free_port()
            if self._launch():
                return self
        raise RuntimeError("PostgreSQL did not start; log:\n" + self._log_tail())

    def _launch(self) -> bool:
        settings = [arg for setting in FAST_UNSAFE_SETTINGS for arg in ("-c", setting)]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self._command(
                    "postgres", "-D", str(self.data_dir), "-k", str(self.root_dir),
                    "-h", "127.0.0.1", "-p", str(self.port), *settings,
                ),
                stdout=log,
                stderr=subprocess.STDOUT,
                **self._spawn_options(),
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                psycopg2.connect(self.dsn("postgres"), connect_timeout=2).close()
                return True
            except psycopg2.OperationalError:
                time.sleep(0.1)
        self.process.kill()
        self.process.wait()
        raise RuntimeError("PostgreSQL not ready in %.0f s; log:\n%s" % (STARTUP_TIMEOUT_S, self._log_tail()))

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return "(no log)"

    def dsn(self, database: str) -> str:
        return "host=127.0.0.1 port=%d user=postgres dbname=%s" % (self.port, database)

    def url(self, database: str) -> str:
        return "postgresql+psycopg2://postgres@127.0.0.1:%d/%s" % (self.port, database)

    def _admin(self, statement: sql.Composable) -> None:
        connection = psycopg2.connect(self.dsn("postgres"))
        try:
            connection.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def create_database(self, prefix: str = "rehearse_test") -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        name = "%s_%s" % (prefix, uuid.uuid4().hex[:12])
        self._admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def pause(self) -> None:
        """Stop the server but keep its data, to simulate an outage (see `resume`)."""
        if self.process is not None and self.process.poll() is None:
            subprocess.run(
                self._command("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop"),
                check=False,
                capture_output=True,
                **self._spawn_options(),
            )
            try:
                self.process.wait(timeout=STARTUP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def resume(self) -> None:
        """Start the paused server again on the same port, with its data."""
        if not self._launch():
            raise RuntimeError("PostgreSQL did not restart; log:\n" + self._log_tail())

    def stop(self) -> None:
        try:
            self.pause()
        finally:
            if self.root_dir is not None:
                shutil.rmtree(self.root_dir, ignore_errors=True)
