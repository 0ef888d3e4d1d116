"""The local language model for the whole agent process.

``main()`` starts one supervised llama.cpp server before LiveKit's CLI takes
over and publishes its URL as ``LOCAL_LLM_URL``, so every job (a thread in
console mode, a child process in dev/start) reaches the same warm server
through its own Settings. The server runs on a private event loop in a
background thread because the CLI owns the main thread's loop.

Before the first greeting the stable part of the prompt (the instructions) is
evaluated once, so llama.cpp's prompt cache already holds it when the user
first speaks.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

import httpx

from core.config import Settings
from core.errors import LocalModelError
from providers.llama_server import LlamaServer, LlamaServerConfig
from providers.selection import LOCAL_MODEL_ALIAS, local_llm_model_path, models_dir

T = TypeVar("T")

logger = logging.getLogger(__name__)

STOP_TIMEOUT_S = 20.0


def server_config(settings: Settings) -> LlamaServerConfig:
    return LlamaServerConfig(
        model_path=local_llm_model_path(settings),
        log_path=models_dir(settings) / "logs" / "llama-server.log",
        model_alias=LOCAL_MODEL_ALIAS,
        port=settings.local_llm_port,
        context_tokens=settings.local_llm_context_tokens,
        threads=settings.local_llm_threads,
        ready_timeout_s=settings.local_llm_ready_timeout_seconds,
        prompt_cache_bytes=settings.local_llm_prompt_cache_mb * 1024 * 1024,
        extra_args=tuple(shlex.split(settings.local_llm_server_args)),
    )


async def warm_prompt_prefix(base_url: str, instructions: str, *, timeout_s: float) -> float:
    """Evaluate the system instructions once (one generated token) so the
    server's prompt cache holds them; returns the seconds it took."""
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=timeout_s) as client:
        response = await client.post(
            f"{base_url}/chat/completions",
            json={
                "model": LOCAL_MODEL_ALIAS,
                "messages": [{"role": "system", "content": instructions}, {"role": "user", "content": "Hi"}],
                "max_tokens": 1,
                "temperature": 0,
            },
        )
        response.raise_for_status()
    return time.perf_counter() - started


class LocalLLMProcess:
    """A LlamaServer on its own event loop thread, for a synchronous caller."""

    def __init__(self, config: LlamaServerConfig, *, on_fatal: Callable[[LocalModelError], None]) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="local-llm", daemon=True)
        self.server = LlamaServer(config, on_failure=on_fatal)
        self._stopped = False

    def _run(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        future: Future[T] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(timeout)

    def start(self, *, warm_instructions: str | None = None) -> str:
        """Start and wait until ready (and warm); returns the base URL.
        Raises LocalModelError or TimeoutError with one sentence."""
        self._thread.start()
        try:
            url = str(self._run(self.server.start()))
            if warm_instructions:
                seconds = float(
                    self._run(
                        warm_prompt_prefix(
                            url, warm_instructions, timeout_s=self.server.config.ready_timeout_s
                        )
                    )
                )
                logger.info("local LLM: instructions evaluated into the prompt cache in %.1f s", seconds)
        except BaseException:
            self.stop()
            raise
        return url

    def stop(self) -> None:
        """Stop the server and the thread. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if self._thread.is_alive():
            try:
                self._run(self.server.aclose(), timeout=STOP_TIMEOUT_S)
            finally:
                self._loop.call_soon_threadsafe(self._loop.stop)
                self._thread.join(STOP_TIMEOUT_S)
        self._loop.close()


def log_path(settings: Settings) -> Path:
    return server_config(settings).log_path
