"""HTTP API benchmark: list, search and forget over loopback, SQLite and PostgreSQL.

    python -m bench.api [--backends sqlite,postgres] [--memories 10000] [--users 100]
                        [--requests 2000] [--concurrency 16] [--search-concurrency 4]
                        [--rate 500] [--rate-connections 32] [--client raw|aiohttp]
                        [--cache-keys 50000] [--only list,search,forget] [--json PATH]

What runs is the product: ``python -m api`` in its own process (uvicorn, one
worker, production settings, the local MiniLM model loaded, a real Redis),
over a store seeded with one user holding ``--memories`` memories and
``--users`` other users with 100 memories each, and a Redis already holding
``--cache-keys`` unrelated keys (a running server's cache is not empty) (PostgreSQL tables ANALYZEd
after the load, as autovacuum would do). A load generator in this
process (its own process, not the server's: ``--concurrency`` keep-alive
connections, each with one request in flight, pre-built request bytes on raw
sockets) measures each request from send to the last body byte. The server's
and the load generator's CPU time per request are reported (from /proc), so
a client that eats the shared cores shows. Scenarios:

- list/one: ``GET /v1/me/memories?limit=50&offset=<one of the first 10 pages>``
  for the 10k user (deep OFFSET pages cost more on SQLite: the skipped rows are read)
- list/many: the same first page for a random one of the ``--users`` users
- the two list scenarios again, open loop: requests due at ``--rate`` per
  second (the goal's 500) whatever the server does, latency counted from when
  each was due. With a fixed number in flight (closed loop) latency is just
  in-flight / throughput, so p95 <= 30 ms at 16 in flight would need ~800
  requests/s; the open-loop rows answer "p95 at 500 requests/s" directly.
- search/one: ``GET /v1/me/memories?q=<distinct question>`` (the recall pipeline,
  a fresh query embedding each time) at ``--search-concurrency``
- forget/many: ``DELETE /v1/me/memories/<id>`` of distinct memories across users

The rate limit is raised for the run (one user at hundreds of requests per
second is what it exists to stop); everything else is the default. Also
reported: errors (any non-2xx), the server's peak RSS, and the memory page's
first load in headless Chromium (navigation to the first memory on screen).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import jwt

from bench.recall_latency import (
    DISTINCT_SENTENCES,
    MEMORY_TEMPLATES,
    QUESTION_TEMPLATES,
    build_memories,
    distinct_texts,
    percentiles,
    postgres_pids,
    postgres_rss_mb,
    rss_mb,
)

ROOT = Path(__file__).resolve().parent.parent
JWT_SECRET = "bench-" + uuid.uuid4().hex + uuid.uuid4().hex
OTHER_USER_MEMORIES = 100
READY_TIMEOUT_S = 300.0
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Scenario:
    name: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    client_cpu_ms: float = 0.0  # this process (the load generator), over the scenario
    server_cpu_ms: float = 0.0  # the API server process
    database_cpu_ms: float = 0.0  # the PostgreSQL server's processes (0 for SQLite: in the API process)

    def row(self) -> dict[str, Any]:
        stats = percentiles(self.latencies_ms) if self.latencies_ms else {"p50": 0.0, "p95": 0.0, "p99": 0.0}
        return {
            "scenario": self.name,
            "requests": self.requests,
            "errors": self.errors,
            "p50_ms": round(stats["p50"], 1),
            "p95_ms": round(stats["p95"], 1),
            "p99_ms": round(stats["p99"], 1),
            "req_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "server_cpu_ms_per_req": round(self.server_cpu_ms / self.requests, 2) if self.requests else 0.0,
            "client_cpu_ms_per_req": round(self.client_cpu_ms / self.requests, 2) if self.requests else 0.0,
            "database_cpu_ms_per_req": round(self.database_cpu_ms / self.requests, 2) if self.requests else 0.0,
        }


def token(user_id: str) -> str:
    now = int(time.time())
    claims = {"sub": user_id, "aud": "authenticated", "iat": now, "exp": now + 3600}
    return jwt.encode(claims, JWT_SECRET, algorithm="HS256")


async def seed(settings: Any, heavy_user: str, users: list[str], memories: int) -> dict[str, list[str]]:
    """Write the users and their memories straight into the store (real vectors
    of distinct sentences, perturbed for the repeats); returns ids per user."""
    from core.models import Profile, User
    from infrastructure.connection_pool import ConnectionPool
    from services.embedding_service import EmbeddingService, LocalEmbeddingProvider

    embedder = EmbeddingService(LocalEmbeddingProvider(settings.local_embedding_model), cache=None)
    base_texts = distinct_texts(MEMORY_TEMPLATES, DISTINCT_SENTENCES, seed=1)
    base_vectors = await embedder.embed_documents(base_texts)
    await embedder.close()
    pool = ConnectionPool(settings)
    ids: dict[str, list[str]] = {}
    try:
        store = await pool.get_store()
        for index, user_id in enumerate([heavy_user, *users]):
            count = memories if user_id == heavy_user else OTHER_USER_MEMORIES
            await store.upsert_user(User(id=user_id))
            await store.upsert_profile(Profile(user_id=user_id, data={"name": f"User {index}"}))
            rows = build_memories(user_id, count, base_texts, base_vectors, seed=index)
            for start in range(0, len(rows), 1000):
                await store.add_memories(rows[start : start + 1000])
            ids[user_id] = [row.id for row in rows]
    finally:
        await pool.close()
    return ids


def start_server(env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    log = log_path.open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "api"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )


async def wait_ready(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the API server exited with {process.returncode} while starting")
            try:
                async with http.get(f"{base_url}/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.25)
    raise TimeoutError(f"the API server was not ready within {READY_TIMEOUT_S} s")


class RawConnection:
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol
    for this benchmark: requests are pre-built bytes, responses are read by
    Content-Length (or chunked). A full client (aiohttp) spent ~0.3-0.5 ms of
    CPU per request on the same 2 cores as the server it measures; this costs
    a fraction of that (the load generator's CPU per request is reported)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, host: str, port: int) -> RawConnection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def request(self, raw: bytes) -> int:
        """Send one request; returns the status once the whole body has arrived."""
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        chunked = False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        elif length:
            await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


def raw_request(method: str, path: str, bearer: str) -> bytes:
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {bearer}\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()


def cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU time of a process, from /proc (Linux); 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds(data_dir: str | None) -> float:
    """CPU time of the PostgreSQL server for ``data_dir``: its postmaster and
    the children alive now (the API's pooled connections live for the run)."""
    return sum(cpu_seconds(pid) for pid in postgres_pids(data_dir)) if data_dir else 0.0


async def run_scenario(
    name: str,
    base_url: str,
    requests: list[tuple[str, str, str]],
    concurrency: int,
    server_pid: int,
    peak: list[float],
    client: str = "raw",
    rate: float = 0.0,
    database_dir: str | None = None,
) -> Scenario:
    """``requests``: (method, path, user_id). Runs them with ``concurrency`` in
    flight, each on its own keep-alive connection; latency is send to last body byte."""
    result = Scenario(name)
    tokens: dict[str, str] = {}
    prepared = [raw_request(method, path, tokens.setdefault(user, token(user))) for method, path, user in requests]
    queue: collections.deque[bytes] = collections.deque(prepared)
    items = collections.deque(requests)
    host, port = base_url.rsplit("//", 1)[1].split(":")
    use_raw = client == "raw" or rate > 0
    connections = [await RawConnection.open(host, int(port)) for _ in range(concurrency)] if use_raw else []

    async def aiohttp_worker(http: aiohttp.ClientSession) -> None:
        # The former client, kept to compare its cost (--client aiohttp).
        while items:
            method, path, user = items.popleft()
            headers = {"Authorization": f"Bearer {tokens[user]}"}
            started = time.perf_counter()
            try:
                async with http.request(method, path, headers=headers) as response:
                    await response.read()
                    ok = 200 <= response.status < 300
            except aiohttp.ClientError:
                ok = False
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            result.requests += 1
            result.errors += 0 if ok else 1

    async def send(connection: RawConnection, raw: bytes, since: float) -> RawConnection:
        """One request; a broken connection is replaced. Latency counts from ``since``.
        Returns the connection to use next."""
        try:
            ok = 200 <= await connection.request(raw) < 300
        except (OSError, asyncio.IncompleteReadError, ValueError):
            ok = False
            connection.close()
            connection = await RawConnection.open(host, int(port))
        result.latencies_ms.append((time.perf_counter() - since) * 1000)
        result.requests += 1
        result.errors += 0 if ok else 1
        return connection

    async def worker(connection: RawConnection) -> None:
        while queue:
            connection = await send(connection, queue.popleft(), time.perf_counter())
        connection.close()

    async def watch_rss() -> None:
        while True:
            peak[0] = max(peak[0], rss_mb(server_pid))
            await asyncio.sleep(0.2)

    async def open_loop() -> None:
        # Requests are due at a fixed rate whatever the server does; a request
        # waits for a free connection, and its latency runs from when it was due
        # (so a server falling behind shows as latency, not as a lower rate).
        idle: asyncio.Queue[RawConnection] = asyncio.Queue()
        for connection in connections:
            idle.put_nowait(connection)
        begin = time.perf_counter()

        async def fire(index: int, raw: bytes) -> None:
            due = begin + index / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            connection = await idle.get()
            idle.put_nowait(await send(connection, raw, due))

        await asyncio.gather(*(fire(index, raw) for index, raw in enumerate(prepared)))
        while not idle.empty():
            idle.get_nowait().close()

    watcher = asyncio.create_task(watch_rss())
    client_cpu, server_cpu, database_cpu = cpu_seconds(), cpu_seconds(server_pid), postgres_cpu_seconds(database_dir)
    started = time.perf_counter()
    if rate:
        await open_loop()
    elif client == "raw":
        await asyncio.gather(*(worker(connection) for connection in connections))
    else:
        async with aiohttp.ClientSession(base_url, connector=aiohttp.TCPConnector(limit=concurrency)) as http:
            await asyncio.gather(*(aiohttp_worker(http) for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    result.client_cpu_ms = (cpu_seconds() - client_cpu) * 1000
    result.server_cpu_ms = (cpu_seconds(server_pid) - server_cpu) * 1000
    result.database_cpu_ms = (postgres_cpu_seconds(database_dir) - database_cpu) * 1000
    watcher.cancel()
    return result


def page_first_load(base_url: str, user_id: str) -> float:
    """Milliseconds from navigation to the first memory on screen, in Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page(viewport={"width": 375, "height": 740})
            page.add_init_script(f"sessionStorage.setItem('companion-token', {json.dumps(token(user_id))})")
            started = time.perf_counter()
            page.goto(base_url)
            page.locator("#memories li").first.wait_for(state="visible")
            return (time.perf_counter() - started) * 1000
        finally:
            browser.close()


async def bench_backend(backend: str, args: argparse.Namespace, redis_url: str, holder: dict[str, Any]) -> dict[str, Any]:
    from core.config import Settings

    tmp = tempfile.TemporaryDirectory(prefix="api-bench-")
    env_settings: dict[str, str] = {
        "STORAGE_BACKEND": backend,
        "SQLITE_PATH": str(Path(tmp.name) / "companion.db"),
        "REDIS_URL": redis_url,
        "CACHE_NAMESPACE": f"apibench{uuid.uuid4().hex[:6]}",
        "API_JWT_SECRET": JWT_SECRET,
        "API_RATE_LIMIT_PER_SECOND": "100000",
        "API_RATE_LIMIT_BURST": "100000",
        "LOG_LEVEL": "WARNING",
    }
    data_dir = None
    if backend == "postgres":
        if holder.get("server") is None:
            from tests.support.servers import PostgresServer

            holder["server"] = PostgresServer()
        server = holder["server"]
        env_settings["DATABASE_URL"] = server.create_database(f"apibench_{uuid.uuid4().hex[:6]}")
        data_dir = str(server._tmp)
    fields: dict[str, Any] = {k.lower(): v for k, v in env_settings.items() if v}
    settings = Settings(_env_file=None, **fields)

    heavy = str(uuid.uuid4())
    users = [str(uuid.uuid4()) for _ in range(args.users)]
    print(f"[{backend}] seeding {args.memories} + {args.users}x{OTHER_USER_MEMORIES} memories...", flush=True)
    ids = await seed(settings, heavy, users, args.memories)
    if backend == "postgres":
        # Planner statistics, as autovacuum gathers them within a minute of a
        # bulk load (bench.recall_latency does the same): without them the
        # planner takes the 10k user for a handful of rows and its vector
        # search for an exact scan of all of them (bench.explain_search).
        import asyncpg

        connection = await asyncpg.connect(env_settings["DATABASE_URL"])
        try:
            await connection.execute("ANALYZE")
        finally:
            await connection.close()

    port = args.port or _free_port()
    # No LLM: the API's routes never call one, and a stray key must not change the run.
    inherited = {k: v for k, v in os.environ.items() if not k.upper().startswith("OPENAI_")}
    env = {**inherited, **env_settings, "API_PORT": str(port), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    base_url = f"http://127.0.0.1:{port}"
    process = start_server(env, Path(tmp.name) / "server.log")
    rows: list[dict[str, Any]] = []
    try:
        try:
            await wait_ready(base_url, process)
        except (RuntimeError, TimeoutError):
            print((Path(tmp.name) / "server.log").read_text()[-3000:], file=sys.stderr)
            raise
        rng = random.Random(7)
        pages = max(1, min(10, args.memories // 50))
        peak = [rss_mb(process.pid)]
        questions = distinct_texts(QUESTION_TEMPLATES, args.requests + 100, seed=99)
        def list_heavy() -> list[tuple[str, str, str]]:
            return [("GET", f"/v1/me/memories?limit=50&offset={rng.randrange(pages) * 50}", heavy)
                    for _ in range(args.requests)]

        def list_many() -> list[tuple[str, str, str]]:
            return [("GET", "/v1/me/memories?limit=50", rng.choice(users)) for _ in range(args.requests)]

        # (name, requests, connections, offered rate or 0 for closed loop)
        plans: list[tuple[str, list[tuple[str, str, str]], int, float]] = [
            ("list, 1 user x 10k", list_heavy(), args.concurrency, 0.0),
            (f"list, {args.users} users", list_many(), args.concurrency, 0.0),
        ]
        if args.rate:
            plans += [
                (f"list, 1 user x 10k, {args.rate:g}/s offered", list_heavy(), args.rate_connections, args.rate),
                (f"list, {args.users} users, {args.rate:g}/s offered", list_many(), args.rate_connections, args.rate),
            ]
        plans.append(("search, 1 user x 10k",
                      [("GET", f"/v1/me/memories?q={aiohttp.helpers.quote(q)}&limit=10", heavy)
                       for q in questions[: max(50, args.requests // 4)]], args.search_concurrency, 0.0))
        victims = [(user, memory_id) for user in users for memory_id in ids[user][:5]]
        rng.shuffle(victims)
        plans.append((f"forget, {args.users} users",
                      [("DELETE", f"/v1/me/memories/{memory_id}", user) for user, memory_id in victims[: args.requests // 4]],
                      args.concurrency, 0.0))
        # Warm-up: connections, first queries, per-user indexes of a few users.
        await run_scenario("warm-up", base_url, [("GET", "/v1/me/memories?limit=50", u) for u in [heavy, *users[:20]]],
                           4, process.pid, peak)
        await run_scenario("warm-up", base_url, [("GET", "/v1/me/memories?q=hello%20there&limit=10", heavy)] * 10,
                           2, process.pid, peak)
        if args.only:
            wanted = {kind.strip() for kind in args.only.split(",")}
            plans = [plan for plan in plans if plan[0].split(",")[0] in wanted]
        for name, requests, concurrency, rate in plans:
            scenario = await run_scenario(
                name, base_url, requests, concurrency, process.pid, peak, args.client, rate, data_dir
            )
            row = scenario.row() | {"backend": backend, "concurrency": concurrency}
            rows.append(row)
            print(json.dumps(row), flush=True)
        page_ms = await asyncio.get_running_loop().run_in_executor(None, page_first_load, base_url, heavy)
        return {
            "backend": backend,
            "rows": rows,
            "server_rss_peak_mb": round(peak[0], 1),
            "postgres_rss_mb": round(postgres_rss_mb(data_dir), 1) if data_dir else None,
            "page_first_load_ms": round(page_ms, 1),
        }
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        tmp.cleanup()


def _free_port() -> int:
    from tests.support.servers import free_port

    return free_port()


def print_table(results: list[dict[str, Any]], command: str) -> None:
    print(f"\n`{command}`\n")
    print("| backend | scenario | concurrency | requests | errors | p50 ms | p95 ms | p99 ms | req/s"
          " | server CPU ms/req | PostgreSQL CPU ms/req | client CPU ms/req |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for result in results:
        for row in result["rows"]:
            print(f"| {result['backend']} | {row['scenario']} | {row['concurrency']} | {row['requests']} | "
                  f"{row['errors']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['req_per_s']} | "
                  f"{row['server_cpu_ms_per_req']} | {row['database_cpu_ms_per_req']} | {row['client_cpu_ms_per_req']} |")
    for result in results:
        extra = f", PostgreSQL server {result['postgres_rss_mb']} MB" if result["postgres_rss_mb"] else ""
        print(f"\n{result['backend']}: API server peak RSS {result['server_rss_peak_mb']} MB{extra}; "
              f"page first load {result['page_first_load_ms']} ms")


async def fill_redis(url: str, count: int) -> None:
    """Give Redis the keyspace of a server that has been running: other users'
    entries and the shared embedding cache (one key per text ever embedded;
    this run's 20k memories alone would be 20k). A write path whose cost grew
    with the keyspace (a SCAN per write) shows only against such a Redis."""
    import redis.asyncio as redis_asyncio

    client = redis_asyncio.from_url(url)
    try:
        for start in range(0, count, 5_000):
            pipe = client.pipeline(transaction=False)
            for i in range(start, min(count, start + 5_000)):
                pipe.set(f"apibench-fill:emb:{i:08d}", b"x" * 64)
            await pipe.execute()
    finally:
        await client.aclose()


async def main_async(args: argparse.Namespace) -> int:
    from tests.support.servers import RedisServer

    redis = RedisServer().start()
    holder: dict[str, Any] = {}
    results = []
    try:
        await fill_redis(redis.url, args.cache_keys)
        for backend in args.backends.split(","):
            results.append(await bench_backend(backend.strip(), args, redis.url, holder))
    finally:
        redis.kill()
        if holder.get("server") is not None:
            holder["server"].cleanup()
    command = "python -m bench.api " + " ".join(sys.argv[1:])
    print_table(results, command.strip())
    if args.json:
        Path(args.json).write_text(json.dumps({"command": command, "results": results}, indent=2))
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--memories", type=int, default=10_000, help="memories of the one heavy user")
    parser.add_argument("--users", type=int, default=100, help="other users, 100 memories each")
    parser.add_argument("--requests", type=int, default=2000, help="requests per list scenario (search, forget: 1/4)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--search-concurrency", type=int, default=4)
    parser.add_argument("--rate", type=float, default=500.0,
                        help="also run the list scenarios open loop at this many requests/s offered (0 = off)")
    parser.add_argument("--rate-connections", type=int, default=32,
                        help="connections the open-loop scenarios may use at once")
    parser.add_argument("--cache-keys", type=int, default=50_000,
                        help="unrelated keys put in Redis first, as a running server's cache holds")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--client", choices=["raw", "aiohttp"], default="raw",
                        help="load generator: raw keep-alive sockets (light) or aiohttp (the former client)")
    parser.add_argument("--only", default="", help="run only these scenario kinds: list, search, forget (comma-separated)")
    parser.add_argument("--json", default=None)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
