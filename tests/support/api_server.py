"""The API served by a real uvicorn on 127.0.0.1:<free port>, in a thread.

For tests that need the HTTP wire (a browser, a schema fuzzer): the app's
lifespan runs in the server's own event loop, exactly as under ``python -m api``.
"""

from __future__ import annotations

import threading
import time
from typing import Self

import uvicorn
from fastapi import FastAPI

from tests.support.servers import free_port

START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 30.0


class LiveApi:
    def __init__(self, app: FastAPI, port: int | None = None) -> None:
        self.app = app
        self.port = port or free_port()
        self._server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        )
        self._thread = threading.Thread(target=self._server.run, name="live-api", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the API server exited while starting (see the log above)")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the API server did not start within {START_TIMEOUT_S} s")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(STOP_TIMEOUT_S)
        if self._thread.is_alive():
            raise TimeoutError(f"the API server did not stop within {STOP_TIMEOUT_S} s")

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
