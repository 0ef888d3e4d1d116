"""Supervisor for the llama.cpp server child process (llama-cpp-python's
OpenAI-compatible server) that answers the conversation LLM in local mode.

- Start: argv list (no shell), ``--host 127.0.0.1 --port <free>``, output to
  a log file (never an unread pipe). Ready when ``GET /v1/models`` answers 200
  (the server loads the model before it listens; 503 would mean loading).
  Every poll checks whether the child died; a deadline raises.
- Supervise: a task awaits the child's exit. An exit we did not cause is
  logged; the child is restarted once; a second crash is final, reported to
  ``on_failure`` with one sentence.
- Stop: terminate, wait, kill, wait; ``aclose()`` is idempotent.

A port already taken or a missing model file is a LocalModelError with one
sentence, raised before anything is spawned.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

from core.errors import LocalModelError

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
READY_PATH = "/v1/models"
POLL_INTERVAL_S = 0.25
POLL_REQUEST_TIMEOUT_S = 2.0
TERMINATE_TIMEOUT_S = 10.0
KILL_TIMEOUT_S = 5.0
MAX_RESTARTS = 1


def free_port(host: str = LOOPBACK) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int, host: str = LOOPBACK) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def child_environment() -> dict[str, str]:
    """The server's environment. llama.cpp's OpenMP threads spin while they
    wait; on a machine whose cores are also busy with other work (the agent's
    own STT/TTS, or anything else) spinning threads starve each other: a
    135M model measured 2.5 tokens/s spinning and 50 tokens/s passive."""
    env = dict(os.environ)
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    return env


@dataclass(frozen=True)
class LlamaServerConfig:
    model_path: Path
    log_path: Path
    model_alias: str = "local"
    port: int | None = None  # None: a free port
    context_tokens: int = 4096
    threads: int = 2
    # 0: the server reuses the previous request's prompt prefix only. More:
    # also keep that many bytes of saved states (KV and logits) in RAM, so the
    # conversation and the memory-extraction prompt do not evict each other,
    # at a large RSS cost (each saved state copies the whole context).
    prompt_cache_bytes: int = 0
    ready_timeout_s: float = 120.0
    extra_args: tuple[str, ...] = ()
    # The command itself; tests put a stand-in child here.
    program: tuple[str, ...] = (sys.executable, "-m", "llama_cpp.server")


def server_argv(config: LlamaServerConfig, port: int) -> list[str]:
    return [
        *config.program,
        "--model", str(config.model_path),
        "--model_alias", config.model_alias,
        "--host", LOOPBACK,
        "--port", str(port),
        "--n_ctx", str(config.context_tokens),
        "--n_threads", str(config.threads),
        "--n_threads_batch", str(config.threads),
        # Read the weights into memory once. Memory-mapped, the file's pages stay
        # resident beside the copy llama.cpp repacks them into for this CPU:
        # 2.2 GB RSS for the 1.1 GB model, against 1.6 GB read in.
        "--use_mmap", "false",
        # The server's default (true) computes the vocabulary's logits for every
        # prompt token and keeps them in a context x vocabulary table: RSS grew
        # by 600 KB per position the conversation reached with Qwen2.5 (2.5 GB
        # at 4,096), and every evaluated token paid for its logits. Only
        # logprobs need them, and the agent asks for none.
        "--logits_all", "false",
        *(
            ("--cache", "true", "--cache_size", str(config.prompt_cache_bytes))
            if config.prompt_cache_bytes > 0
            else ("--cache", "false")
        ),
        *config.extra_args,
    ]  # fmt: skip


# llama-cpp-python's log lines for one completion: how much of the prompt its
# cache did not hold, and llama.cpp's own timing of that part.
EVAL_TOKENS = re.compile(r"remaining (\d+) prompt tokens to eval")
EVAL_TIME = re.compile(r"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens")


@dataclass
class PromptEvalLog:
    """Reads the server's log (diagnostics: benchmarks and tests) for the
    prompt tokens each request had to evaluate."""

    path: Path
    offset: int = 0

    def since_last(self) -> tuple[int, float]:
        """Prompt tokens evaluated and their milliseconds, over the requests
        logged since the previous call."""
        with self.path.open("rb") as log:
            log.seek(self.offset)
            text = log.read().decode(errors="replace")
            self.offset = log.tell()
        tokens = sum(int(n) for n in EVAL_TOKENS.findall(text))
        eval_ms = sum(float(ms) for ms, _ in EVAL_TIME.findall(text))
        return tokens, eval_ms


@dataclass
class LlamaServer:
    """One supervised llama.cpp server child."""

    config: LlamaServerConfig
    on_failure: Callable[[LocalModelError], None] | None = None
    port: int | None = None
    restarts: int = 0
    failure: LocalModelError | None = None
    _proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _log: IO[bytes] | None = field(default=None, repr=False)
    _supervise_task: asyncio.Task[None] | None = field(default=None, repr=False)
    _stopping: bool = field(default=False, repr=False)
    _closed: bool = field(default=False, repr=False)

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible endpoint (``.../v1``)."""
        if self.port is None:
            raise LocalModelError("the llama.cpp server has not been started")
        return f"http://{LOOPBACK}:{self.port}/v1"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _check_before_start(self) -> int:
        model = self.config.model_path
        if not model.is_file():
            raise LocalModelError(f"The local language model file is missing: {model} (run scripts/setup.sh).")
        if self.config.port is None:
            return free_port()
        if not port_is_free(self.config.port):
            raise LocalModelError(
                f"Port {self.config.port} on {LOOPBACK} is already in use, so the local language model "
                "cannot start there: stop what uses it or choose another LOCAL_LLM_PORT."
            )
        return self.config.port

    async def start(self) -> str:
        """Spawn the child and wait until it answers; returns the base URL."""
        if self._closed:
            raise LocalModelError("the llama.cpp server supervisor is closed")
        self.port = self._check_before_start()
        try:
            await self._spawn_and_wait_ready()
        except BaseException:
            await self._stop_child()
            raise
        self._supervise_task = asyncio.create_task(self._supervise(), name="companion.llama_server.supervise")
        return self.base_url

    async def _spawn_and_wait_ready(self) -> None:
        assert self.port is not None
        self.config.log_path.parent.mkdir(parents=True, exist_ok=True)
        if self._log is None:
            self._log = self.config.log_path.open("ab")
        argv = server_argv(self.config, self.port)
        logger.info("starting llama.cpp server on %s:%d (log: %s)", LOOPBACK, self.port, self.config.log_path)
        # Popen returns at once; an asyncio subprocess would tie the child to
        # one event loop, and the supervisor is also driven from a thread.
        self._proc = subprocess.Popen(  # noqa: ASYNC220
            argv,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=child_environment(),
        )
        await self._wait_ready(self._proc)

    async def _wait_ready(self, proc: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + self.config.ready_timeout_s
        url = f"http://{LOOPBACK}:{self.port}{READY_PATH}"
        async with httpx.AsyncClient(timeout=POLL_REQUEST_TIMEOUT_S) as client:
            while True:
                code = proc.poll()
                if code is not None:
                    raise LocalModelError(
                        f"The local language model server exited with code {code} while starting; "
                        f"see {self.config.log_path}."
                    )
                with contextlib.suppress(httpx.HTTPError):
                    response = await client.get(url)
                    if response.status_code == 200:
                        return
                if time.monotonic() >= deadline:
                    raise TimeoutError(
                        f"The local language model server was not ready after {self.config.ready_timeout_s:.0f} s; "
                        f"see {self.config.log_path}."
                    )
                await asyncio.sleep(POLL_INTERVAL_S)

    async def _supervise(self) -> None:
        while True:
            proc = self._proc
            assert proc is not None
            code = await asyncio.to_thread(proc.wait)
            if self._stopping:
                return
            logger.error("llama.cpp server exited unexpectedly with code %s (log: %s)", code, self.config.log_path)
            if self.restarts >= MAX_RESTARTS:
                self._fail(
                    f"The local language model server crashed again (exit code {code}) after a restart; "
                    f"see {self.config.log_path}."
                )
                return
            self.restarts += 1
            try:
                await self._spawn_and_wait_ready()
            except (LocalModelError, TimeoutError, OSError) as error:
                await self._stop_child()
                self._fail(f"The local language model server could not be restarted: {error}")
                return
            logger.warning("llama.cpp server restarted (restart %d of %d)", self.restarts, MAX_RESTARTS)

    def _fail(self, message: str) -> None:
        self.failure = LocalModelError(message)
        logger.error("%s", message)
        if self.on_failure is not None:
            self.on_failure(self.failure)

    async def wait_failed(self) -> LocalModelError | None:
        """Wait until supervision ends (final failure or close)."""
        if self._supervise_task is not None:
            await asyncio.shield(self._supervise_task)
        return self.failure

    async def _stop_child(self) -> None:
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            await asyncio.wait_for(asyncio.to_thread(proc.wait), timeout=TERMINATE_TIMEOUT_S)
        except TimeoutError:
            proc.kill()
            await asyncio.wait_for(asyncio.to_thread(proc.wait), timeout=KILL_TIMEOUT_S)

    async def aclose(self) -> None:
        """Stop the child (terminate, then kill) and supervision. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._stopping = True
        await self._stop_child()
        if self._supervise_task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._supervise_task, timeout=KILL_TIMEOUT_S)
        if self._log is not None:
            self._log.close()
            self._log = None
