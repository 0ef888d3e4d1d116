"""The llama.cpp server supervisor's failure paths, with a stand-in child
(tests/support/llama_stand_in.py): a missing model file, a port already
taken, a child that exits while starting, one that never becomes ready, a
crash restarted once, and a second crash reported as one sentence."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.errors import LocalModelError
from providers.llama_server import LlamaServer, LlamaServerConfig

ROOT = Path(__file__).resolve().parents[2]


def stand_in_config(tmp_path: Path, behaviour: str, **overrides: object) -> LlamaServerConfig:
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    values: dict[str, object] = {
        "model_path": model,
        "log_path": tmp_path / "logs" / "server.log",
        "ready_timeout_s": 20.0,
        "program": (sys.executable, "-m", "tests.support.llama_stand_in", "--behaviour", behaviour, "--state", str(tmp_path)),
    }
    values.update(overrides)
    return LlamaServerConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
async def servers() -> AsyncIterator[list[LlamaServer]]:
    """Every supervisor a test makes is closed after it, children included."""
    made: list[LlamaServer] = []
    yield made
    for server in made:
        await server.aclose()


def starts(tmp_path: Path) -> int:
    path = tmp_path / "starts"
    return int(path.read_text()) if path.exists() else 0


@pytest.fixture(autouse=True)
def _run_from_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the stand-in is run as a module of this repository


async def test_missing_model_file_is_one_sentence_and_spawns_nothing(tmp_path: Path, servers: list[LlamaServer]) -> None:
    config = stand_in_config(tmp_path, "ok", model_path=tmp_path / "absent.gguf")
    server = LlamaServer(config)
    servers.append(server)
    with pytest.raises(LocalModelError, match=r"model file is missing: .*absent\.gguf") as caught:
        await server.start()
    assert "\n" not in str(caught.value)
    assert starts(tmp_path) == 0


async def test_port_taken_is_one_sentence(tmp_path: Path, servers: list[LlamaServer]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = LlamaServer(stand_in_config(tmp_path, "ok", port=port))
        servers.append(server)
        with pytest.raises(LocalModelError, match=rf"Port {port} on 127.0.0.1 is already in use"):
            await server.start()
    assert starts(tmp_path) == 0


async def test_starts_on_a_free_port_and_stops_cleanly(tmp_path: Path, servers: list[LlamaServer]) -> None:
    server = LlamaServer(stand_in_config(tmp_path, "ok"))
    servers.append(server)
    url = await server.start()
    assert url == f"http://127.0.0.1:{server.port}/v1"
    pid = server.pid
    assert pid is not None
    await server.aclose()
    await server.aclose()  # idempotent
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", server.port))
    assert "stand-in start 1" in (tmp_path / "logs" / "server.log").read_text()


async def test_child_exiting_while_starting_names_its_exit_code(tmp_path: Path, servers: list[LlamaServer]) -> None:
    server = LlamaServer(stand_in_config(tmp_path, "exit"))
    servers.append(server)
    with pytest.raises(LocalModelError, match="exited with code 7 while starting"):
        await server.start()


async def test_never_ready_hits_the_deadline_and_the_child_is_stopped(tmp_path: Path, servers: list[LlamaServer]) -> None:
    server = LlamaServer(stand_in_config(tmp_path, "hang", ready_timeout_s=2.0))
    servers.append(server)
    with pytest.raises(TimeoutError, match="not ready after 2 s"):
        await server.start()
    pid = server.pid
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


async def test_a_crash_is_restarted_once(tmp_path: Path, servers: list[LlamaServer]) -> None:
    failures: list[LocalModelError] = []
    server = LlamaServer(stand_in_config(tmp_path, "crash-once"), on_failure=failures.append)
    servers.append(server)
    await server.start()
    first_pid = server.pid
    for _ in range(200):
        if server.restarts == 1 and server.pid != first_pid and starts(tmp_path) == 2:
            break
        await asyncio.sleep(0.1)
    assert server.restarts == 1
    assert starts(tmp_path) == 2
    await asyncio.sleep(1.5)  # the restarted child stays up
    assert failures == []
    assert server.failure is None


async def test_a_second_crash_is_final_and_one_sentence(tmp_path: Path, servers: list[LlamaServer]) -> None:
    failures: list[LocalModelError] = []
    server = LlamaServer(stand_in_config(tmp_path, "crash"), on_failure=failures.append)
    servers.append(server)
    await server.start()
    failure = await asyncio.wait_for(server.wait_failed(), timeout=30)
    assert failure is not None and failures == [failure]
    assert starts(tmp_path) == 2
    message = str(failure)
    assert "crashed again (exit code 3) after a restart" in message
    assert "\n" not in message
