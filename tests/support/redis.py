"""A throwaway Redis server for tests: `RedisServer().start()` ... `stop()`.

`redis-server` (Debian's package, see scripts/system-packages.sh) runs on a free loopback port with its
working folder in a temporary directory, persistence off (`save ""`, no AOF) and a random password, so
clients exercise the same AUTH path as production.
"""
from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Dict, Optional

import redis

STARTUP_TIMEOUT_S = 20.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    host = "127.0.0.1"

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server not found; install it (`apt-get install -y redis-server`)")
        self.binary = binary
        self.password = secrets.token_hex(16)
        self.port = 0
        self.root_dir: Optional[Path] = None
        self.process: Optional[subprocess.Popen] = None

    @property
    def log_path(self) -> Path:
        assert self.root_dir is not None
        return self.root_dir / "redis.log"

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis(host=self.host, port=self.port, db=db, password=self.password, socket_timeout=5)

    def lock_store_environment(self, db: int) -> Dict[str, str]:
        """The variables of the `lock_store` section of deploy/endpoints.postgres.yml, for this server."""
        return {
            "REHEARSE_REDIS_HOST": self.host,
            "REHEARSE_REDIS_PORT": str(self.port),
            "REHEARSE_REDIS_DB": str(db),
            "REHEARSE_REDIS_PASSWORD": self.password,
        }

    def start(self) -> "RedisServer":
        self.root_dir = Path(tempfile.mkdtemp(prefix="rehearse-redis-"))
        for _attempt in range(3):  # another process may grab the probed port before redis binds it
            self.port = free_port()
            if self._launch():
                return self
        raise RuntimeError("redis-server did not start; log:\n" + self._log_tail())

    def _write_config(self) -> Path:
        assert self.root_dir is not None
        config = self.root_dir / "redis.conf"
        config.write_text(
            "\n".join(
                [
                    f"bind {self.host}",
                    f"port {self.port}",
                    f'dir "{self.root_dir}"',
                    'save ""',
                    "appendonly no",
                    "daemonize no",
                    f"requirepass {self.password}",
                    f'logfile "{self.log_path}"',
                ]
            )
            + "\n"
        )
        return config

    def _launch(self) -> bool:
        self.process = subprocess.Popen(
            [self.binary, str(self._write_config())], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                if self.client().ping():
                    return True
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        log_tail = self._log_tail()
        self.stop()
        raise RuntimeError(f"redis-server not ready in {STARTUP_TIMEOUT_S:.0f} s; log:\n{log_tail}")

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=STARTUP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        finally:
            if self.root_dir is not None:
                shutil.rmtree(self.root_dir, ignore_errors=True)
                self.root_dir = None
