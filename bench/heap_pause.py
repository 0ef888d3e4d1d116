"""How long one full garbage collection holds the API server's event loop,
with the startup heap left to the collector and frozen (core.heap).

    python -m bench.heap_pause [--requests 200] [--passes 7]

The app runs in this process as ``python -m api`` runs it (lifespan, the
service graph, MiniLM loaded, SQLite in a temporary directory, the in-memory
cache), serves ``--requests`` requests (list, create, search), then times
``--passes`` full collections; then freezes the heap (``freeze_startup_heap()``,
as the server does once started), serves as many requests again and times as
many collections: the median and the objects each pass walks, side by side.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

JWT_SECRET = "heap-pause-bench-secret-0123456789abcdef"


def full_collections(passes: int) -> tuple[float, int]:
    """Median milliseconds of ``passes`` full collections, and the objects they walk."""
    times = []
    for _ in range(passes):
        started = time.perf_counter()
        gc.collect()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(gc.get_objects())


async def serve(requests: int, passes: int) -> list[tuple[str, float, int]]:
    import httpx
    import jwt
    from pydantic import SecretStr

    from api.main import create_app
    from core.config import Settings
    from core.heap import freeze_startup_heap

    with tempfile.TemporaryDirectory(prefix="heap-pause-") as tmp:
        settings = Settings(
            _env_file=None, storage_backend="sqlite", sqlite_path=str(Path(tmp) / "companion.db"), redis_url="",
            api_jwt_secret=SecretStr(JWT_SECRET), api_rate_limit_per_second=100_000, api_rate_limit_burst=100_000,
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            user = str(uuid.uuid4())
            now = int(time.time())
            token = jwt.encode({"sub": user, "aud": "authenticated", "iat": now, "exp": now + 3600}, JWT_SECRET)
            headers = {"Authorization": f"Bearer {token}"}
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

                async def traffic() -> None:
                    for index in range(requests):
                        if index % 10 == 0:
                            body = {"content": f"User's note number {index} is about pottery and tea."}
                            response = await client.post("/v1/me/memories", json=body, headers=headers)
                        elif index % 10 == 5:
                            response = await client.get("/v1/me/memories?q=pottery&limit=10", headers=headers)
                        else:
                            response = await client.get("/v1/me/memories?limit=50", headers=headers)
                        response.raise_for_status()

                await traffic()
                rows = [("startup heap left to the collector", *full_collections(passes))]
                frozen = freeze_startup_heap()
                await traffic()  # what requests make after the freeze is still collected
                rows.append((f"startup heap frozen ({frozen:,} objects)", *full_collections(passes)))
            gc.unfreeze()
            return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--passes", type=int, default=7)
    args = parser.parse_args(argv)
    rows = asyncio.run(serve(args.requests, args.passes))
    print("| heap | full collection, median ms | objects walked |\n|---|---|---|")
    for name, median_ms, walked in rows:
        print(f"| {name} | {median_ms:.1f} | {walked:,} |")
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
