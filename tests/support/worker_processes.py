"""Agent-worker stand-ins for tests that race two real processes on one user.

Each function runs in its own process (``multiprocessing`` spawn context): it
builds its own ``Services`` from settings pointing at the shared database
(one SQLite file or one PostgreSQL server) and the shared Redis, exactly as an
agent worker does, then meets the other process at a barrier so their writes
overlap. Nothing is shared between the processes except those servers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Any

from core.config import Settings
from services.container import Services, build_services

# How long a worker waits for the other at the barrier before giving up.
BARRIER_TIMEOUT_S = 120.0


def interest_of(worker: int, index: int) -> str:
    """The interest value worker ``worker`` adds in its ``index``-th update."""
    return f"topic {worker}-{index}"


async def _services(settings_values: dict[str, Any]) -> Services:
    return await build_services(Settings(_env_file=None, **settings_values))


async def _meet(barrier: Barrier) -> None:
    await asyncio.to_thread(barrier.wait, BARRIER_TIMEOUT_S)


def add_interests(settings_values: dict[str, Any], user_id: str, worker: int, count: int, barrier: Barrier) -> None:
    """``count`` concurrent profile updates (the ``update_preference`` tool path),
    each adding one distinct interest; they start when both workers are ready."""

    async def run() -> None:
        services = await _services(settings_values)
        try:
            await services.users.ensure_profile_exists(user_id)
            await services.users.get_profile(user_id)  # connects the cache before the race
            await _meet(barrier)
            await asyncio.gather(
                *(services.profiles.update_preference(user_id, "interests", interest_of(worker, i)) for i in range(count))
            )
        finally:
            await services.aclose()

    asyncio.run(run())


def remember_locations(
    settings_values: dict[str, Any],
    user_id: str,
    cities: Sequence[str],
    current_counts: Queue[int] | None,
    barrier: Barrier,
) -> None:
    """One ``remember(key="location")`` per city, each round started together
    with the other worker's (which names a different city). After each round,
    when both have finished it, a worker given ``current_counts`` puts there how
    many current location rows the database holds (so every round is checked,
    not only the last)."""

    async def run() -> None:
        services = await _services(settings_values)
        try:
            await services.embedder.embed_documents(["load the model before racing"], owner=user_id)
            for city in cities:
                await _meet(barrier)
                await services.memory.remember(user_id, f"User lives in {city}.", key="location")
                await _meet(barrier)
                if current_counts is not None:
                    current_counts.put(len(await services.store.list_memories(user_id, key="location")))
        finally:
            await services.aclose()

    asyncio.run(run())
