"""A second worker process for the erasure tests: its own ``Services`` (no
Redis, so only in-process caches) on the store named on the command line.

    python -m tests.support.erasure_worker sqlite <path> | postgres <dsn>

For each user id read from stdin it prints, on one line, the JSON of the
profile data this worker serves for that user (``null`` for none). An empty
line ends it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Literal

from core.config import Settings
from services.container import build_services


async def serve(backend: Literal["sqlite", "postgres"], location: str) -> None:
    settings = Settings(
        _env_file=None,
        storage_backend=backend,
        sqlite_path=location if backend == "sqlite" else "unused.db",
        database_url=location if backend == "postgres" else None,
        redis_url=None,
        openai_api_key=None,
        openai_base_url=None,
    )
    services = await build_services(settings)
    try:
        print("ready", flush=True)
        while user_id := (await asyncio.to_thread(sys.stdin.readline)).strip():
            profile = await services.users.get_profile(user_id)
            print(json.dumps(profile.data if profile is not None else None), flush=True)
    finally:
        await services.aclose()


if __name__ == "__main__":
    asyncio.run(serve("postgres" if sys.argv[1] == "postgres" else "sqlite", sys.argv[2]))
