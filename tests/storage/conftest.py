"""The ``store`` fixture: every contract test runs against SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from core.models import Memory, MemoryKind
from infrastructure.storage.base import MemoryStore

DIM = 8  # small vectors keep the suite fast; behaviour does not depend on the size


def unit(*weights: float) -> np.ndarray:
    """An L2-normalised DIM-vector from leading weights (rest zero)."""
    vector = np.zeros(DIM, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


def random_unit(rng: np.random.Generator) -> np.ndarray:
    vector = rng.standard_normal(DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


def memory(user_id: str, content: str, *, embedding=None, minutes_ago: float = 0, **fields) -> Memory:
    created = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    return Memory(
        user_id=user_id,
        content=content,
        embedding=embedding,
        created_at=created,
        updated_at=created,
        **fields,
    )


def new_uuid() -> str:
    return str(uuid.uuid4())


async def open_store(backend: str, tmp_path, postgres_dsn_factory) -> MemoryStore:
    if backend == "sqlite":
        from infrastructure.storage.sqlite_store import SQLiteMemoryStore

        store = SQLiteMemoryStore(tmp_path / "db" / "companion.db", DIM)
    else:
        from infrastructure.storage.postgres_store import PostgresMemoryStore

        store = PostgresMemoryStore(postgres_dsn_factory(), DIM, min_size=1, max_size=4)
    await store.initialize()
    return store


@pytest.fixture(params=["sqlite"])
async def store(request, tmp_path):
    """An initialized, empty store of each backend."""
    factory = (lambda: request.getfixturevalue("postgres_dsn")) if request.param == "postgres" else None
    opened = await open_store(request.param, tmp_path, factory)
    yield opened
    await opened.close()


__all__ = ["DIM", "MemoryKind", "memory", "new_uuid", "random_unit", "unit"]
