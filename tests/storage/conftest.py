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


@pytest.fixture(scope="session")
def contract_pg_dsn(postgres_server) -> str:
    """One database for the contract suite; ``store`` empties it before each test.

    Creating and migrating a database per test costs ~0.5 s; truncating costs
    milliseconds. Tests that need a pristine database (migrations, RLS) use
    ``postgres_dsn`` instead.
    """
    return postgres_server.create_database(f"contract_{uuid.uuid4().hex[:8]}")


_USER_TABLES = "users, profiles, memories, memory_search_terms, sessions, turns, user_generations"


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request, tmp_path):
    """An initialized, empty store of each backend."""
    if request.param == "sqlite":
        from infrastructure.storage.sqlite_store import SQLiteMemoryStore

        opened: MemoryStore = SQLiteMemoryStore(tmp_path / "db" / "companion.db", DIM)
        await opened.initialize()
    else:
        from infrastructure.storage.postgres_store import PostgresMemoryStore

        opened = PostgresMemoryStore(request.getfixturevalue("contract_pg_dsn"), DIM, min_size=1, max_size=4)
        await opened.initialize()
        await opened.pool.execute(f"TRUNCATE {_USER_TABLES}")
    yield opened
    await opened.close()


__all__ = ["DIM", "MemoryKind", "memory", "new_uuid", "random_unit", "unit"]
