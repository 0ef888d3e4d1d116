"""Two agent workers on one user lose nothing.

Each test starts two real worker processes (see tests/support/worker_processes)
that build their own services on the same database - one SQLite file, or one
PostgreSQL server - and the same Redis, then race each other on one user. The
results are read back from the database by this process.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from infrastructure.storage import PostgresMemoryStore, SQLiteMemoryStore
from infrastructure.storage.base import MemoryStore
from tests.support.worker_processes import (
    add_interests,
    interest_of,
    remember_locations,
)

DIMENSIONS = 384
WORKERS = 2
PROFILE_UPDATES_PER_WORKER = 150  # 300 in all
LOCATION_ROUNDS = 10
CITIES = (
    "Karachi", "Lahore", "Islamabad", "Multan", "Peshawar", "Quetta", "Sialkot", "Hyderabad",
    "Faisalabad", "Rawalpindi", "Gujranwala", "Bahawalpur", "Sukkur", "Larkana", "Mardan",
    "Abbottabad", "Sargodha", "Jhelum", "Gilgit", "Skardu",
)
WORKER_TIMEOUT_S = 240.0


@dataclass
class SharedDatabase:
    """One database both workers use, and this process's own store on it."""

    settings: dict[str, Any]
    store: MemoryStore


@pytest.fixture(params=["sqlite", "postgres"])
async def shared_db(request, tmp_path: Path, redis_server) -> AsyncIterator[SharedDatabase]:
    settings: dict[str, Any] = {
        "redis_url": redis_server.url,
        "cache_namespace": f"workers{uuid.uuid4().hex[:8]}",
        "openai_api_key": None,
        "openai_base_url": None,
        "embedding_dimensions": DIMENSIONS,
    }
    store: MemoryStore
    if request.param == "sqlite":
        path = tmp_path / "data" / "companion.db"
        settings.update(storage_backend="sqlite", sqlite_path=str(path))
        store = SQLiteMemoryStore(path, DIMENSIONS)
    else:
        dsn = request.getfixturevalue("postgres_dsn")
        settings.update(storage_backend="postgres", database_url=dsn)
        store = PostgresMemoryStore(dsn, DIMENSIONS, min_size=1, max_size=2)
    await store.initialize()  # the schema exists before either worker starts
    yield SharedDatabase(settings, store)
    await store.close()


def run_workers(target: Callable[..., None], per_worker_args: Sequence[tuple[Any, ...]]) -> None:
    """Run ``target(*args, barrier)`` in one fresh process per args tuple; all must succeed."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(per_worker_args))
    processes = [context.Process(target=target, args=(*args, barrier)) for args in per_worker_args]
    for process in processes:
        process.start()
    try:
        for process in processes:
            process.join(WORKER_TIMEOUT_S)
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
    assert [p.exitcode for p in processes] == [0] * len(processes), "a worker process failed (see its stderr)"


async def test_concurrent_profile_updates_from_two_processes_lose_nothing(shared_db: SharedDatabase, user_id: str):
    args = [(shared_db.settings, user_id, worker, PROFILE_UPDATES_PER_WORKER) for worker in range(WORKERS)]
    await asyncio.to_thread(run_workers, add_interests, args)

    profile = await shared_db.store.get_profile(user_id)
    assert profile is not None
    expected = {interest_of(worker, i) for worker in range(WORKERS) for i in range(PROFILE_UPDATES_PER_WORKER)}
    lost = expected - set(profile.data.get("interests", []))
    assert not lost, f"{len(lost)} of {len(expected)} concurrent profile updates were lost"
    assert len(profile.data["interests"]) == len(expected)


async def test_concurrent_remember_of_one_fact_from_two_processes_keeps_one_current_row(
    shared_db: SharedDatabase, user_id: str
):
    cities = CITIES[: WORKERS * LOCATION_ROUNDS]
    current_counts = multiprocessing.get_context("spawn").Queue()
    args = [
        (shared_db.settings, user_id, cities[worker::WORKERS], current_counts if worker == 0 else None)
        for worker in range(WORKERS)
    ]
    await asyncio.to_thread(run_workers, remember_locations, args)

    per_round = [current_counts.get(timeout=10) for _ in range(LOCATION_ROUNDS)]
    assert per_round == [1] * LOCATION_ROUNDS, f"current location rows after each round: {per_round}"
    rows = await shared_db.store.list_memories(user_id, key="location", include_superseded=True, limit=100)
    current = [row for row in rows if row.is_active]
    assert len(current) == 1, f"{len(current)} current location rows: {[m.content for m in current]}"
    # Nothing was lost: every value said is kept, all but one as superseded history...
    assert sorted(row.content for row in rows) == sorted(f"User lives in {city}." for city in cities)
    # ...whose superseded_by chain leads to the current row.
    by_id = {row.id: row for row in rows}
    for row in rows:
        seen = {row.id}
        while row.superseded_by is not None:
            row = by_id[row.superseded_by]
            assert row.id not in seen, "superseded_by chain loops"
            seen.add(row.id)
        assert row.id == current[0].id
