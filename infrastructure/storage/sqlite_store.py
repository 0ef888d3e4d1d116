"""The embedded default backend: one SQLite file, zero setup.

Design:
* Two connections in WAL mode, each owned by one worker thread: a writer (all
  writes serialise through it, every store call is one transaction) and a
  reader (reads never wait behind a batch insert). The event loop never blocks
  on SQLite; each store call is one hop to a worker thread.
* Search is in-process over a per-user entry (``user_index``) loaded once and
  patched on every write: vector search is exact, one matrix-vector product
  over the user's float32 matrix (``vector_index``); lexical search is BM25
  over the user's own inverted index (``term_index``), so its cost depends on
  the user's matching memories only, never on other users' rows. (The FTS5
  table that once served lexical search was dropped by migration 0005.)
* Several processes may share the file: every write stamps the user in
  ``vector_versions``, and a search checks the stamp (one indexed read)
  before trusting its cached entry.
* Erasure: ``delete_user`` deletes every row and leaves a tombstone in
  ``user_generations`` in one transaction; triggers refuse any later row for
  the id. ``secure_delete`` zeroes the freed pages, and a WAL checkpoint after
  the erasure stops the log from keeping the old page images.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from core.errors import (
    CompanionError,
    CrossUserWriteError,
    PermanentStorageError,
    StorageError,
    StorageUnavailableError,
    TransientStorageError,
    UserErasedError,
    ValidationError,
    WriteConflictError,
)
from core.models import (
    Escalation,
    Memory,
    MemoryCounts,
    MemoryKind,
    MemorySource,
    Profile,
    ScoredMemory,
    Session,
    SessionStats,
    Turn,
    TurnRole,
    User,
    UserGeneration,
    utcnow,
)
from infrastructure.storage.base import MemoryStore, embedding_model_to_record
from infrastructure.storage.migrate import apply_sqlite_migrations
from infrastructure.storage.normalize import (
    CONTEXT_KEY,
    check_delete_selector,
    checked_memory,
    counts_of,
    escalation_row,
    ids_of,
    indexed_text,
    json_of,
    kind_literal,
    kind_of,
    limit_of,
    memory_update_of,
    merged_session_fields,
    query_vector_of,
    session_stats_of,
    single_user,
    stored_json_object,
    stored_kind,
    stored_source,
    text_of,
    turn_rows,
    user_id_of,
    utc,
)
from infrastructure.storage.term_index import TermIndex, index_terms, search_terms
from infrastructure.storage.user_index import UserIndex, UserIndexCache
from infrastructure.storage.vector_index import UserVectors

T = TypeVar("T")
logger = logging.getLogger(__name__)

# SQLite's limit on bound parameters is 32766; stay well below for IN (...) lists.
_IN_CHUNK = 500

_MEMORY_COLUMNS = (
    "id, user_id, kind, key, content, importance, embedding, created_at, updated_at, occurred_at,"
    " source, session_id, access_count, last_accessed_at, superseded_by, metadata"
)
# The same columns with the vector left out (listing for display).
_MEMORY_COLUMNS_NO_VECTOR = _MEMORY_COLUMNS.replace(" embedding,", " NULL AS embedding,")
_SESSION_COLUMNS = "id, user_id, started_at, ended_at, summary, open_threads, metadata"
_TURN_COLUMNS = "id, user_id, session_id, role, text, created_at"
_PROFILE_COLUMNS = "user_id, data, summary, created_at, updated_at"
# Lookup by ids, scoped to the user. The unary + keeps SQLite's planner from
# choosing the user_id index (a scan of all the user's rows) over the unique
# id index (one probe per id).
_BY_IDS_OF_USER = "id IN (%s) AND +user_id = ?"
# Lexical search skips a query word found in more than this many of the user's
# memories when it is also in more than this share of them: its BM25 weight is
# ~0, and its postings are the longest to score (a word in 90k of 100k
# memories costs ~2 ms; the rarest words, which dense vectors miss, stay).
_COMMON_TERM_MIN_ROWS = 5_000
_COMMON_TERM_SHARE = 0.1


# --- value conversions --------------------------------------------------------


def _ts(value: datetime) -> str:
    """Fixed-width ISO-8601 UTC text: lexical order equals time order."""
    return utc(value).isoformat(timespec="microseconds")


def _ts_opt(value: datetime | None) -> str | None:
    return None if value is None else _ts(value)


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _blob(vector: np.ndarray | None) -> bytes | None:
    return None if vector is None else vector.astype("<f4", copy=False).tobytes()


def _vector(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype="<f4").astype(np.float32)


def _memory(row: sqlite3.Row | tuple) -> Memory:
    return Memory(
        id=row[0],
        user_id=row[1],
        kind=stored_kind(row[2]),
        key=row[3],
        content=row[4],
        importance=row[5],
        embedding=_vector(row[6]),
        created_at=_dt(row[7]),  # type: ignore[arg-type]
        updated_at=_dt(row[8]),  # type: ignore[arg-type]
        occurred_at=_dt(row[9]),
        source=stored_source(row[10]),
        session_id=row[11],
        access_count=row[12],
        last_accessed_at=_dt(row[13]),
        superseded_by=row[14],
        metadata=stored_json_object(row[15]),
    )


def _memory_params(m: Memory) -> tuple:
    return (
        m.id,
        m.user_id,
        m.kind.value,
        m.key,
        m.content,
        m.importance,
        _blob(m.embedding),
        _ts(m.created_at),
        _ts(m.updated_at),
        _ts_opt(m.occurred_at),
        MemorySource(m.source).value,
        m.session_id,
        m.access_count,
        _ts_opt(m.last_accessed_at),
        m.superseded_by,
        json_of(m.metadata, "metadata"),
    )


def _session(row: tuple) -> Session:
    return Session(
        id=row[0],
        user_id=row[1],
        started_at=_dt(row[2]),  # type: ignore[arg-type]
        ended_at=_dt(row[3]),
        summary=row[4],
        open_threads=json.loads(row[5]),
        metadata=json.loads(row[6]),
    )


def _turn(row: tuple) -> Turn:
    return Turn(
        id=row[0],
        user_id=row[1],
        session_id=row[2],
        role=TurnRole(row[3]),
        text=row[4],
        created_at=_dt(row[5]),  # type: ignore[arg-type]
    )


def _user(row: tuple) -> User:
    return User(
        id=row[0],
        display_name=row[1],
        metadata=json.loads(row[2]),
        created_at=_dt(row[3]),  # type: ignore[arg-type]
        updated_at=_dt(row[4]),  # type: ignore[arg-type]
    )


def _profile(row: tuple) -> Profile:
    return Profile(
        user_id=row[0],
        data=json.loads(row[1]),
        summary=row[2],
        created_at=_dt(row[3]),  # type: ignore[arg-type]
        updated_at=_dt(row[4]),  # type: ignore[arg-type]
    )


_ESCALATION_COLUMNS = "id, user_id, session_id, category, confidence, stage, rule, text, created_at, delivered_at"


def _escalation(row: sqlite3.Row | tuple[Any, ...]) -> Escalation:
    return Escalation(
        id=row[0], user_id=row[1], session_id=row[2], category=row[3], confidence=float(row[4]), stage=row[5],
        rule=row[6], text=row[7], created_at=_dt(row[8]) or utcnow(), delivered_at=_dt(row[9]),
    )


def _chunks(items: Sequence[T], size: int = _IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(count: int) -> str:
    return ",".join("?" * count)


def _stamp_user(conn: sqlite3.Connection, uid: str) -> tuple[int, int]:
    """Inside a write transaction: give ``uid`` the next change stamp; returns (old, new)."""
    row = conn.execute("SELECT version FROM vector_versions WHERE user_id = ?", (uid,)).fetchone()
    (new,) = conn.execute(
        "UPDATE store_meta SET value = value + 1 WHERE name = 'vector_seq' RETURNING value"
    ).fetchone()
    conn.execute(
        "INSERT INTO vector_versions (user_id, version) VALUES (?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET version = excluded.version",
        (uid, int(new)),
    )
    return (row[0] if row else 0), int(new)


def _user_stamp(conn: sqlite3.Connection, uid: str) -> int:
    row = conn.execute("SELECT version FROM vector_versions WHERE user_id = ?", (uid,)).fetchone()
    return row[0] if row else 0


def _scored_rows(conn: sqlite3.Connection, uid: str, hits: list[tuple[str, float]]) -> list[ScoredMemory]:
    """The rows of a search's (memory id, score) hits, in order; a row deleted or
    superseded since the in-process scan is skipped."""
    if not hits:
        return []
    ids = [memory_id for memory_id, _ in hits]
    rows = {
        row[0]: row
        for row in conn.execute(
            f"SELECT {_MEMORY_COLUMNS} FROM memories WHERE {_BY_IDS_OF_USER % _marks(len(ids))}",
            (*ids, uid),
        )
    }
    results = []
    for memory_id, score in hits:
        row = rows.get(memory_id)
        if row is not None and row[14] is None:
            results.append(ScoredMemory(_memory(row), score))
    return results


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    # IMMEDIATE takes the write lock up front, so a busy database fails (or
    # waits busy_timeout) at BEGIN instead of half-way through.
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _is_current_key_conflict(exc: sqlite3.Error) -> bool:
    # SQLite names the index's columns, not the index, in the message.
    return isinstance(exc, sqlite3.IntegrityError) and "memories.user_id, memories.key" in str(exc)


# The message of the erasure-fence triggers (migration 0005).
_ERASED_MESSAGE = "companion: user erased"


def _translated(exc: sqlite3.Error, action: str, user_id: str | None = None) -> CompanionError:
    """The typed error for a driver error; see pg_errors for what each type means."""
    message = f"SQLite failed ({action}): {exc}"
    text = str(exc).lower()
    if isinstance(exc, sqlite3.IntegrityError) and _ERASED_MESSAGE in text:
        return UserErasedError(user_id or "(unknown)")
    if isinstance(exc, (sqlite3.IntegrityError, sqlite3.DataError)):
        # Constraint violations and values SQLite cannot hold: the rows
        # themselves are refused, so retrying them cannot help.
        return PermanentStorageError(message)
    if isinstance(exc, sqlite3.OperationalError):
        if "unable to open" in text:
            return StorageUnavailableError(message)
        if "locked" in text or "busy" in text:
            # Another connection holds the write lock past busy_timeout.
            return TransientStorageError(message)
    return StorageError(message)


class SQLiteMemoryStore(MemoryStore):
    """MemoryStore on one SQLite file (``":memory:"`` works for throwaway use).

    ``vector_cache_max_rows`` bounds the in-process search cache across users,
    in memories (each costs its vector, dimensions x 4 bytes, plus ~0.6 KB of
    terms for a short memory: 500k x 384-d is ~1 GB); least recently searched
    users are evicted first. ``busy_timeout_ms`` is how long a write waits for
    another process holding the file's write lock.
    """

    backend_name = "sqlite"

    def __init__(
        self,
        path: str | Path,
        dimensions: int,
        *,
        vector_cache_max_rows: int = 500_000,
        busy_timeout_ms: int = 5_000,
    ) -> None:
        super().__init__(dimensions)
        self.path = str(path)
        self._busy_timeout_ms = busy_timeout_ms
        self._index = UserIndexCache(max_rows=vector_cache_max_rows)
        self._writer: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._write_thread: ThreadPoolExecutor | None = None
        self._read_thread: ThreadPoolExecutor | None = None
        self._init_lock = asyncio.Lock()

    # --- plumbing ---------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode survives process crashes; only an OS crash/power
        # loss can drop the last commits. Worth it: commits don't fsync.
        conn.execute("PRAGMA synchronous = NORMAL")
        # Erasure means erasure: deleted rows are overwritten, not left in free pages.
        conn.execute("PRAGMA secure_delete = ON")
        return conn

    async def _call(
        self,
        executor: ThreadPoolExecutor | None,
        action: str,
        fn: Callable[..., T],
        *args: Any,
        user_id: str | None = None,
    ) -> T:
        if executor is None:
            raise StorageError("the SQLite store is not initialized (call initialize())")
        loop = asyncio.get_running_loop()
        try:
            pending = loop.run_in_executor(executor, functools.partial(fn, *args))
        except RuntimeError as exc:  # the executor was shut down by close()
            raise StorageError(f"the SQLite store is closed ({action})") from exc
        try:
            return await pending
        except sqlite3.Error as exc:
            if _is_current_key_conflict(exc):
                raise WriteConflictError(f"another active memory holds this key ({action})") from exc
            raise _translated(exc, action, user_id) from exc

    async def _write(self, action: str, fn: Callable[[sqlite3.Connection], T], *, user_id: str | None = None) -> T:
        """Run ``fn(writer_connection)`` on the writer thread (``user_id``: whose rows, for errors)."""
        return await self._call(self._write_thread, action, fn, self._writer, user_id=user_id)

    async def _read(self, action: str, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn(reader_connection)`` on the reader thread."""
        return await self._call(self._read_thread, action, fn, self._reader)

    # --- lifecycle --------------------------------------------------------------

    async def initialize(self) -> None:
        """Open the file (creating its directory), enable WAL, apply migrations. Idempotent."""
        async with self._init_lock:
            if self._writer is not None:
                return
            in_memory = self.path == ":memory:" or self.path.startswith("file::memory:")
            if not in_memory:
                try:
                    Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StorageError(f"cannot create the directory for SQLite file {self.path}: {exc}") from exc
            write_thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite-writer")
            loop = asyncio.get_running_loop()

            def open_writer() -> sqlite3.Connection:
                conn = self._connect()
                try:
                    apply_sqlite_migrations(conn, self.dimensions)
                except BaseException:
                    conn.close()
                    raise
                return conn

            started_threads = [write_thread]
            opened: list[tuple[ThreadPoolExecutor, sqlite3.Connection]] = []
            try:
                writer = await loop.run_in_executor(write_thread, open_writer)
                opened.append((write_thread, writer))
                if in_memory:
                    # A second connection would see a different empty database.
                    reader, read_thread = writer, write_thread
                else:
                    read_thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite-reader")
                    started_threads.append(read_thread)
                    reader = await loop.run_in_executor(read_thread, self._connect)
                    opened.append((read_thread, reader))
            except BaseException as exc:
                for _, conn in opened:
                    try:
                        conn.close()  # check_same_thread=False: closing here is allowed
                    except sqlite3.Error:
                        pass
                for thread in started_threads:
                    thread.shutdown(wait=False)
                if isinstance(exc, sqlite3.Error):
                    raise _translated(exc, "initialize") from exc
                raise
            self._writer, self._reader = writer, reader
            self._write_thread, self._read_thread = write_thread, read_thread

    async def vector_owner_ids(self) -> list[str]:
        rows = await self._read(
            "vector_owner_ids",
            lambda conn: conn.execute("SELECT DISTINCT user_id FROM memories WHERE embedding IS NOT NULL").fetchall(),
        )
        return sorted(str(user_id) for (user_id,) in rows)

    async def bind_embedding_model(self, model: str, *, replaced: bool = False) -> None:
        def bind(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                row = conn.execute("SELECT value FROM store_meta WHERE name = 'embedding_model'").fetchone()
                holds = conn.execute("SELECT 1 FROM memories WHERE embedding IS NOT NULL LIMIT 1").fetchone() is not None
                if not embedding_model_to_record(row[0] if row else None, model, holds_vectors=holds, replaced=replaced):
                    return
                conn.execute(
                    "INSERT INTO store_meta (name, value) VALUES ('embedding_model', ?)"
                    " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    (model,),
                )

        await self._write("bind_embedding_model", bind)

    async def close(self) -> None:
        """Close both connections and stop the worker threads. Idempotent."""
        async with self._init_lock:
            writer, reader = self._writer, self._reader
            write_thread, read_thread = self._write_thread, self._read_thread
            self._writer = self._reader = None
            self._write_thread = self._read_thread = None
            loop = asyncio.get_running_loop()
            if reader is not None and reader is not writer and read_thread is not None:
                await loop.run_in_executor(read_thread, reader.close)
                read_thread.shutdown(wait=True)
            if writer is not None and write_thread is not None:
                await loop.run_in_executor(write_thread, writer.close)
                write_thread.shutdown(wait=True)
            self._index.clear()

    async def health(self) -> dict[str, Any]:
        started = time.perf_counter()
        try:
            await self._read("health", lambda conn: conn.execute("SELECT 1").fetchone())
            ok, error = True, None
        except Exception as exc:  # noqa: BLE001 - health reports, never raises
            ok, error = False, str(exc)
        result: dict[str, Any] = {
            "ok": ok,
            "backend": self.backend_name,
            "latency_ms": round((time.perf_counter() - started) * 1000, 3),
            "path": self.path,
            "vector_cache": self._index.stats(),
        }
        if error:
            result["error"] = error
        return result

    def stats(self) -> dict[str, Any]:
        """Search-cache counters (cached users/memories, loads, hits); the key keeps its old name for callers."""
        return {"backend": self.backend_name, "vector_cache": self._index.stats()}

    # --- users & profiles ---------------------------------------------------------

    async def upsert_user(self, user: User) -> User:
        uid = user_id_of(user.id)
        params = (
            uid,
            text_of(user.display_name, "display_name", optional=True),
            json_of(user.metadata, "metadata"),
            _ts(user.created_at),
            _ts(utcnow()),
        )

        def run(conn: sqlite3.Connection) -> User:
            row = conn.execute(
                "INSERT INTO users (id, display_name, metadata, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " display_name = excluded.display_name, metadata = excluded.metadata,"
                " updated_at = excluded.updated_at"
                " RETURNING id, display_name, metadata, created_at, updated_at",
                params,
            ).fetchone()
            return _user(row)

        return await self._write("upsert_user", run, user_id=uid)

    async def get_user(self, user_id: str) -> User | None:
        uid = user_id_of(user_id)

        def run(conn: sqlite3.Connection) -> User | None:
            row = conn.execute(
                "SELECT id, display_name, metadata, created_at, updated_at FROM users WHERE id = ?",
                (uid,),
            ).fetchone()
            return None if row is None else _user(row)

        return await self._read("get_user", run)

    async def delete_user(self, user_id: str) -> bool:
        """Erase the user's rows in every table (and their cached vectors) and
        fence the id, in one transaction; then checkpoint the WAL."""
        uid = user_id_of(user_id)
        now = _ts(utcnow())

        def run(conn: sqlite3.Connection) -> bool:
            deleted = 0
            with _transaction(conn):
                for table, column in (
                    ("escalations", "user_id"),
                    ("memories", "user_id"),
                    ("turns", "user_id"),
                    ("sessions", "user_id"),
                    ("profiles", "user_id"),
                    ("users", "id"),
                ):
                    deleted += conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (uid,)).rowcount
                # No stamp left means "0": any process's cached entry for the user is stale.
                conn.execute("DELETE FROM vector_versions WHERE user_id = ?", (uid,))
                conn.execute(
                    "INSERT INTO user_generations (user_id, generation, erased_at) VALUES (?, 1, ?)"
                    " ON CONFLICT (user_id) DO UPDATE SET generation = generation + 1, erased_at = excluded.erased_at",
                    (uid, now),
                )
            self._index.drop(uid)
            # The WAL still holds the pages as they were before the erasure;
            # copying them back into the file (whose freed pages secure_delete
            # zeroed) and truncating the log removes those copies. A reader in
            # another process can keep it from completing; the next
            # checkpoint (SQLite runs one every 1000 pages) finishes the job.
            (busy, *_frames) = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                logger.warning("erased %s, but a reader kept the WAL from being checkpointed", uid)
            return deleted > 0

        return await self._write("delete_user", run, user_id=uid)

    async def user_generation(self, user_id: str) -> UserGeneration:
        uid = user_id_of(user_id)

        def run(conn: sqlite3.Connection) -> UserGeneration:
            row = conn.execute(
                "SELECT generation, erased_at IS NOT NULL FROM user_generations WHERE user_id = ?", (uid,)
            ).fetchone()
            return UserGeneration() if row is None else UserGeneration(int(row[0]), bool(row[1]))

        return await self._read("user_generation", run)

    async def reinstate_user(self, user_id: str) -> UserGeneration:
        uid = user_id_of(user_id)

        def run(conn: sqlite3.Connection) -> UserGeneration:
            row = conn.execute(
                "UPDATE user_generations SET erased_at = NULL WHERE user_id = ? RETURNING generation", (uid,)
            ).fetchone()
            return UserGeneration(int(row[0]) if row else 0, False)

        return await self._write("reinstate_user", run, user_id=uid)

    async def get_profile(self, user_id: str) -> Profile | None:
        uid = user_id_of(user_id)

        def run(conn: sqlite3.Connection) -> Profile | None:
            row = conn.execute(
                "SELECT user_id, data, summary, created_at, updated_at FROM profiles WHERE user_id = ?",
                (uid,),
            ).fetchone()
            return None if row is None else _profile(row)

        return await self._read("get_profile", run)

    async def upsert_profile(self, profile: Profile) -> Profile:
        uid = user_id_of(profile.user_id)
        params = (
            uid,
            json_of(profile.data, "data"),
            text_of(profile.summary, "summary", optional=True),
            _ts(profile.created_at),
            _ts(utcnow()),
        )

        def run(conn: sqlite3.Connection) -> Profile:
            row = conn.execute(
                "INSERT INTO profiles (user_id, data, summary, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                " data = excluded.data, summary = excluded.summary, updated_at = excluded.updated_at"
                " RETURNING user_id, data, summary, created_at, updated_at",
                params,
            ).fetchone()
            return _profile(row)

        return await self._write("upsert_profile", run, user_id=uid)

    async def modify_profile(self, user_id: str, change: Callable[[Profile], Profile]) -> Profile:
        uid = user_id_of(user_id)

        def run(conn: sqlite3.Connection) -> Profile:
            # BEGIN IMMEDIATE holds the file's write lock from the read to the
            # write: a writer in another process waits (busy_timeout) for COMMIT.
            with _transaction(conn):
                now = _ts(utcnow())
                conn.execute(
                    "INSERT INTO profiles (user_id, data, summary, created_at, updated_at)"
                    " VALUES (?, '{}', NULL, ?, ?) ON CONFLICT (user_id) DO NOTHING",
                    (uid, now, now),
                )
                row = conn.execute(f"SELECT {_PROFILE_COLUMNS} FROM profiles WHERE user_id = ?", (uid,)).fetchone()
                current = _profile(row)
                changed = change(_profile(row))
                if changed.data == current.data and changed.summary == current.summary:
                    return current
                row = conn.execute(
                    f"UPDATE profiles SET data = ?, summary = ?, updated_at = ? WHERE user_id = ? RETURNING {_PROFILE_COLUMNS}",
                    (
                        json_of(changed.data, "data"),
                        text_of(changed.summary, "summary", optional=True),
                        _ts(utcnow()),
                        uid,
                    ),
                ).fetchone()
            return _profile(row)

        return await self._write("modify_profile", run)

    # --- memories -----------------------------------------------------------------

    async def add_memories(self, memories: Sequence[Memory]) -> None:
        owner = single_user(memories, "memories")
        if owner is None:
            return
        # Validate everything before the first write: a bad item rejects the batch.
        final = {m.id: m for m in (checked_memory(m, self.dimensions) for m in memories)}
        rows = [_memory_params(m) for m in final.values()]
        ids = list(final)

        def run(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                for chunk in _chunks(ids):
                    clash = conn.execute(
                        f"SELECT 1 FROM memories WHERE id IN ({_marks(len(chunk))}) AND user_id <> ? LIMIT 1",
                        (*chunk, owner),
                    ).fetchone()
                    if clash is not None:
                        raise CrossUserWriteError("a memory id in this batch belongs to another user")
                conn.executemany(
                    f"INSERT INTO memories ({_MEMORY_COLUMNS}) VALUES ({_marks(16)})"
                    " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, key = excluded.key,"
                    " content = excluded.content, importance = excluded.importance,"
                    " embedding = excluded.embedding, created_at = excluded.created_at,"
                    " updated_at = excluded.updated_at, occurred_at = excluded.occurred_at,"
                    " source = excluded.source, session_id = excluded.session_id,"
                    " access_count = excluded.access_count, last_accessed_at = excluded.last_accessed_at,"
                    " superseded_by = excluded.superseded_by, metadata = excluded.metadata"
                    " WHERE memories.user_id = excluded.user_id",
                    rows,
                )
                stamps = _stamp_user(conn, owner)
            self._index.apply(
                owner,
                upserts=[m for m in final.values() if m.superseded_by is None],
                removals=[m.id for m in final.values() if m.superseded_by is not None],
                db_versions=stamps,
            )

        await self._write("add_memories", run, user_id=owner)

    async def add_memory_superseding(self, memory: Memory, superseded_ids: Sequence[str]) -> list[Memory]:
        new = checked_memory(memory, self.dimensions)
        if new.superseded_by is not None:
            raise ValidationError("the new memory must be active", field="superseded_by")
        uid = new.user_id
        old_ids = ids_of(superseded_ids, "memory_id")
        if new.id in old_ids:
            raise ValidationError("a memory cannot supersede itself", field="superseded_ids")
        if len(old_ids) > _IN_CHUNK:
            raise ValidationError(f"at most {_IN_CHUNK} rows can be superseded at once", field="superseded_ids")
        params = _memory_params(new)
        now = _ts(utcnow())

        def run(conn: sqlite3.Connection) -> list[Memory]:
            with _transaction(conn):
                replaced: list[Memory] = []
                if old_ids:
                    # Only rows still active: one another writer superseded
                    # (or deleted) since the caller read it makes a conflict.
                    replaced = [
                        _memory(r)
                        for r in conn.execute(
                            "UPDATE memories SET superseded_by = ?, updated_at = ?"
                            f" WHERE {_BY_IDS_OF_USER % _marks(len(old_ids))} AND superseded_by IS NULL"
                            f" RETURNING {_MEMORY_COLUMNS}",
                            (new.id, now, *old_ids, uid),
                        )
                    ]
                    if len(replaced) != len(old_ids):
                        raise WriteConflictError("a memory to supersede changed since it was read")
                # Superseded first, so the unique index on active keys sees one row.
                conn.execute(f"INSERT INTO memories ({_MEMORY_COLUMNS}) VALUES ({_marks(16)})", params)
                stamps = _stamp_user(conn, uid)
            self._index.apply(uid, upserts=[new], removals=old_ids, db_versions=stamps)
            order = {memory_id: i for i, memory_id in enumerate(old_ids)}
            return sorted(replaced, key=lambda m: order[m.id])

        return await self._write("add_memory_superseding", run)

    async def get_memories(self, user_id: str, memory_ids: Sequence[str]) -> list[Memory]:
        uid = user_id_of(user_id)
        ids = ids_of(memory_ids, "memory_id")
        if not ids:
            return []

        def run(conn: sqlite3.Connection) -> list[Memory]:
            found: dict[str, Memory] = {}
            for chunk in _chunks(ids):
                for row in conn.execute(
                    f"SELECT {_MEMORY_COLUMNS} FROM memories WHERE {_BY_IDS_OF_USER % _marks(len(chunk))}",
                    (*chunk, uid),
                ):
                    found[row[0]] = _memory(row)
            return [found[i] for i in ids if i in found]

        return await self._read("get_memories", run)

    async def update_memory(self, user_id: str, memory_id: str, **fields: Any) -> Memory | None:
        uid = user_id_of(user_id)
        (mid,) = ids_of([memory_id], "memory_id")
        clean = memory_update_of(fields, self.dimensions)
        assignments: list[str] = []
        params: list[Any] = []
        for name, value in clean.items():
            assignments.append(f"{name} = ?")
            if name == "kind":
                value = value.value
            elif name == "embedding":
                value = _blob(value)
            elif name == "occurred_at":
                value = _ts_opt(value)
            elif name == "metadata":
                value = json_of(value, "metadata")
            params.append(value)
        assignments.append("updated_at = ?")
        params.append(_ts(utcnow()))

        def run(conn: sqlite3.Connection) -> Memory | None:
            with _transaction(conn):
                row = conn.execute(
                    f"UPDATE memories SET {', '.join(assignments)} WHERE user_id = ? AND id = ?"
                    f" RETURNING {_MEMORY_COLUMNS}",
                    (*params, uid, mid),
                ).fetchone()
                stamps = _stamp_user(conn, uid) if row is not None else None
            if row is None:
                return None
            memory = _memory(row)
            if memory.superseded_by is None:
                self._index.apply(uid, upserts=[memory], db_versions=stamps)
            else:
                self._index.apply(uid, removals=[memory.id], db_versions=stamps)
            return memory

        return await self._write("update_memory", run)

    async def delete_memories(
        self,
        user_id: str,
        *,
        memory_ids: Sequence[str] | None = None,
        key: str | None = None,
        all_memories: bool = False,
    ) -> int:
        uid = user_id_of(user_id)
        check_delete_selector(memory_ids, key, all_memories)
        if all_memories:

            def run_all(conn: sqlite3.Connection) -> int:
                with _transaction(conn):
                    count = conn.execute("DELETE FROM memories WHERE user_id = ?", (uid,)).rowcount
                    _stamp_user(conn, uid)
                self._index.drop(uid)
                return count

            return await self._write("delete_memories", run_all)

        where: str | None
        groups: list[tuple[str, ...]]
        if key is not None:
            where, groups = "key = ?", [(text_of(key, "key"),)]
        else:
            ids = ids_of(memory_ids or [], "memory_id")
            if not ids:
                return 0
            where = None
            groups = [tuple(chunk) for chunk in _chunks(ids)]

        def run(conn: sqlite3.Connection) -> int:
            deleted: list[str] = []
            with _transaction(conn):
                for group in groups:
                    params: tuple[object, ...]
                    if where is not None:
                        sql, params = f"DELETE FROM memories WHERE user_id = ? AND {where} RETURNING id", (uid, *group)
                    else:
                        clause = _BY_IDS_OF_USER % _marks(len(group))
                        sql, params = f"DELETE FROM memories WHERE {clause} RETURNING id", (*group, uid)
                    deleted += [r[0] for r in conn.execute(sql, params)]
                stamps = _stamp_user(conn, uid)
            self._index.apply(uid, removals=deleted, db_versions=stamps)
            return len(deleted)

        return await self._write("delete_memories", run)

    async def list_memories(
        self,
        user_id: str,
        *,
        kind: MemoryKind | None = None,
        key: str | None = None,
        include_superseded: bool = False,
        limit: int = 100,
        offset: int = 0,
        exclude_kind: MemoryKind | None = None,
        with_embeddings: bool = True,
    ) -> list[Memory]:
        sql, params = self.list_query(
            user_id, kind=kind, key=key, include_superseded=include_superseded, limit=limit, offset=offset,
            exclude_kind=exclude_kind, with_embeddings=with_embeddings,
        )
        return await self._read("list_memories", lambda conn: [_memory(r) for r in conn.execute(sql, params)])

    def list_query(
        self,
        user_id: str,
        *,
        kind: MemoryKind | None = None,
        key: str | None = None,
        include_superseded: bool = False,
        limit: int = 100,
        offset: int = 0,
        exclude_kind: MemoryKind | None = None,
        with_embeddings: bool = True,
    ) -> tuple[str, list[object]]:
        """The SQL and parameters of ``list_memories`` (its tests read the plan)."""
        uid = user_id_of(user_id)
        clauses, params = ["user_id = ?"], list[object]([uid])
        if kind is not None:
            clauses.append("kind = ?")
            params.append(kind_of(kind).value)
        if key is not None:
            clauses.append("key = ?")
            params.append(text_of(key, "key"))
        if exclude_kind is not None:
            # A literal: the list's index holds only non-episode rows (migration
            # memory_list_indexes), and only a literal matches its predicate.
            clauses.append(f"kind <> {kind_literal(exclude_kind)}")
        if not include_superseded:
            clauses.append("superseded_by IS NULL")
        params += [limit_of(limit), limit_of(offset, field="offset")]
        sql = (
            f"SELECT {_MEMORY_COLUMNS if with_embeddings else _MEMORY_COLUMNS_NO_VECTOR}"
            f" FROM memories WHERE {' AND '.join(clauses)}"
            " ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?"
        )
        return sql, params

    async def memories_created_between(
        self, user_id: str, start: datetime, end: datetime, *, limit: int = 200
    ) -> list[Memory]:
        uid = user_id_of(user_id)
        params = (uid, _ts(start), _ts(end), limit_of(limit))
        sql = (
            f"SELECT {_MEMORY_COLUMNS} FROM memories WHERE user_id = ? AND superseded_by IS NULL"
            " AND created_at >= ? AND created_at < ? ORDER BY created_at DESC, seq DESC LIMIT ?"
        )
        return await self._read("memories_created_between", lambda conn: [_memory(r) for r in conn.execute(sql, params)])

    async def search_memories(
        self,
        user_id: str,
        query_embedding: np.ndarray,
        *,
        limit: int = 10,
        kind: MemoryKind | None = None,
    ) -> list[ScoredMemory]:
        uid = user_id_of(user_id)
        query = query_vector_of(query_embedding, self.dimensions)
        norm = float(np.linalg.norm(query))
        if norm > 0:
            query = query / norm
        kind_filter = kind_of(kind) if kind is not None else None
        limit = limit_of(limit)

        def run(conn: sqlite3.Connection) -> list[ScoredMemory]:
            index = self._current_index(conn, uid)
            with index.lock:
                hits = index.vectors.top_k(query, limit, kind_filter)
            return _scored_rows(conn, uid, hits)

        return await self._read("search_memories", run)

    async def warm_user(self, user_id: str) -> None:
        """Load the user's search entry now (a session is starting), so the first
        search does not pay for reading every memory (~seconds at 100k)."""
        uid = user_id_of(user_id)
        await self._read("warm_user", lambda conn: self._current_index(conn, uid))

    def _current_index(self, conn: sqlite3.Connection, uid: str) -> UserIndex:
        """The cached entry if it reflects the database's latest stamp, else a fresh load."""
        cached = self._index.get(uid)
        if cached is not None and cached.db_version == _user_stamp(conn, uid):
            return cached
        return self._load_index(conn, uid)

    def _load_index(self, conn: sqlite3.Connection, uid: str) -> UserIndex:
        seen_version = self._index.version(uid)
        # One read transaction: the stamp and the rows come from the same snapshot.
        conn.execute("BEGIN")
        try:
            stamp = _user_stamp(conn, uid)
            rows = conn.execute(
                "SELECT id, kind, content, embedding, json_extract(metadata, '$.context') FROM memories"
                " WHERE user_id = ? AND superseded_by IS NULL",
                (uid,),
            ).fetchall()
        finally:
            conn.execute("COMMIT")
        # Every active memory is searchable by its words; by vector only with an embedding.
        terms = TermIndex()
        for row in rows:
            terms.add(row[0], index_terms(indexed_text(row[2], {CONTEXT_KEY: row[4]})))
        width = self.dimensions * 4
        usable = [r for r in rows if r[3] is not None and len(r[3]) == width]
        matrix = np.frombuffer(b"".join(r[3] for r in usable), dtype="<f4").reshape(len(usable), self.dimensions)
        vectors = UserVectors.from_rows(self.dimensions, [r[0] for r in usable], [r[1] for r in usable], matrix)
        index = UserIndex(vectors, terms)
        index.db_version = stamp
        self._index.install(uid, index, seen_version)
        return index

    async def lexical_search_memories(
        self, user_id: str, query: str, *, limit: int = 10
    ) -> list[ScoredMemory]:
        uid = user_id_of(user_id)
        terms = search_terms(query)
        limit = limit_of(limit)
        if not terms or limit == 0:
            return []

        def run(conn: sqlite3.Connection) -> list[ScoredMemory]:
            index = self._current_index(conn, uid)
            with index.lock:
                hits = index.terms.search(
                    terms, limit, common_min_docs=_COMMON_TERM_MIN_ROWS, common_share=_COMMON_TERM_SHARE
                )
            return _scored_rows(conn, uid, hits)

        # On the reader thread, like vector search: scoring is ~0.1-0.5 ms of
        # mostly GIL-holding work, so a thread of its own (as FTS5 had, to
        # overlap its SQL with the dense search) measured no faster for a
        # recall running both searches at once, and slower at p95.
        return await self._read("lexical_search_memories", run)

    async def count_memories(self, user_id: str, *, include_superseded: bool = False) -> int:
        uid = user_id_of(user_id)
        sql = "SELECT count(*) FROM memories WHERE user_id = ?"
        if not include_superseded:
            sql += " AND superseded_by IS NULL"
        return await self._read("count_memories", lambda conn: conn.execute(sql, (uid,)).fetchone()[0])

    async def memory_counts(self, user_id: str) -> MemoryCounts:
        uid = user_id_of(user_id)
        sql = (
            "SELECT kind, superseded_by IS NULL, count(*), min(created_at), max(created_at)"
            " FROM memories WHERE user_id = ? GROUP BY kind, superseded_by IS NULL"
        )
        rows = await self._read("memory_counts", lambda conn: conn.execute(sql, (uid,)).fetchall())
        return counts_of([(kind, bool(active), count, _dt(low), _dt(high)) for kind, active, count, low, high in rows])

    async def record_memory_access(self, user_id: str, memory_ids: Sequence[str]) -> None:
        uid = user_id_of(user_id)
        ids = ids_of(memory_ids, "memory_id")
        if not ids:
            return
        now = _ts(utcnow())

        def run(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                for chunk in _chunks(ids):
                    conn.execute(
                        "UPDATE memories SET access_count = access_count + 1, last_accessed_at = ?"
                        f" WHERE {_BY_IDS_OF_USER % _marks(len(chunk))}",
                        (now, *chunk, uid),
                    )

        await self._write("record_memory_access", run)

    async def delete_memories_before(
        self, user_id: str, before: datetime, *, max_importance: float = 1.0
    ) -> int:
        uid = user_id_of(user_id)
        cutoff = _ts(before)
        ceiling = float(max_importance)

        def run(conn: sqlite3.Connection) -> int:
            with _transaction(conn):
                deleted = [
                    r[0]
                    for r in conn.execute(
                        "DELETE FROM memories WHERE user_id = ? AND created_at < ? AND importance <= ?"
                        " RETURNING id",
                        (uid, cutoff, ceiling),
                    )
                ]
                stamps = _stamp_user(conn, uid)
            self._index.apply(uid, removals=deleted, db_versions=stamps)
            return len(deleted)

        return await self._write("delete_memories_before", run)

    # --- sessions & turns -----------------------------------------------------------

    async def create_session(self, session: Session) -> Session:
        uid = user_id_of(session.user_id)
        (sid,) = ids_of([session.id], "session_id")
        threads = [text_of(t, "open_threads") for t in session.open_threads]
        params = (
            sid,
            uid,
            _ts(session.started_at),
            _ts_opt(session.ended_at),
            text_of(session.summary, "summary", optional=True),
            json_of(threads, "open_threads"),
            json_of(session.metadata, "metadata"),
        )

        def run(conn: sqlite3.Connection) -> Session:
            with _transaction(conn):
                # The WHERE on DO UPDATE makes an id owned by someone else return no row.
                row = conn.execute(
                    f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at,"
                    " ended_at = excluded.ended_at, summary = excluded.summary,"
                    " open_threads = excluded.open_threads, metadata = excluded.metadata"
                    f" WHERE sessions.user_id = excluded.user_id RETURNING {_SESSION_COLUMNS}",
                    params,
                ).fetchone()
                if row is None:
                    raise CrossUserWriteError("this session id belongs to another user")
            return _session(row)

        return await self._write("create_session", run, user_id=uid)

    async def end_session(
        self,
        user_id: str,
        session_id: str,
        *,
        ended_at: datetime,
        summary: str | None,
        open_threads: Sequence[str],
    ) -> Session | None:
        uid = user_id_of(user_id)
        (sid,) = ids_of([session_id], "session_id")
        threads = [text_of(t, "open_threads") for t in open_threads]
        params = (
            _ts(ended_at),
            text_of(summary, "summary", optional=True),
            json_of(threads, "open_threads"),
            uid,
            sid,
        )

        def run(conn: sqlite3.Connection) -> Session | None:
            with _transaction(conn):
                row = conn.execute(
                    "UPDATE sessions SET ended_at = ?, summary = ?, open_threads = ?"
                    f" WHERE user_id = ? AND id = ? RETURNING {_SESSION_COLUMNS}",
                    params,
                ).fetchone()
            return None if row is None else _session(row)

        return await self._write("end_session", run)

    async def session_stats(self, user_id: str, *, limit: int = 10, top_memories: int = 3) -> list[SessionStats]:
        uid = user_id_of(user_id)
        count = limit_of(limit)
        top = limit_of(top_memories, field="top_memories")

        def run(conn: sqlite3.Connection) -> list[SessionStats]:
            sessions = [
                _session(r)
                for r in conn.execute(
                    f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE user_id = ? ORDER BY started_at DESC, id DESC LIMIT ?",
                    (uid, count),
                )
            ]
            if not sessions:
                return []
            ids = [s.id for s in sessions]
            marks = _marks(len(ids))
            turns = conn.execute(
                f"SELECT session_id, role, COUNT(*) FROM turns WHERE user_id = ? AND session_id IN ({marks})"
                " GROUP BY session_id, role",
                (uid, *ids),
            ).fetchall()
            kinds = conn.execute(
                f"SELECT session_id, kind, COUNT(*) FROM memories WHERE user_id = ? AND session_id IN ({marks})"
                " AND superseded_by IS NULL GROUP BY session_id, kind",
                (uid, *ids),
            ).fetchall()
            best = conn.execute(
                "SELECT session_id, kind, content, importance FROM ("
                " SELECT session_id, kind, content, importance, ROW_NUMBER() OVER"
                " (PARTITION BY session_id ORDER BY importance DESC, created_at DESC, seq DESC) AS rank"
                f" FROM memories WHERE user_id = ? AND session_id IN ({marks}) AND superseded_by IS NULL)"
                " WHERE rank <= ? ORDER BY session_id, rank",
                (uid, *ids, top),
            ).fetchall()
            return session_stats_of(sessions, turns, kinds, best)

        return await self._read("session_stats", run)

    async def update_session_metadata(self, user_id: str, session_id: str, metadata: dict[str, Any]) -> Session | None:
        uid = user_id_of(user_id)
        (sid,) = ids_of([session_id], "session_id")
        patch = json_of(metadata, "metadata")

        def run(conn: sqlite3.Connection) -> Session | None:
            with _transaction(conn):
                row = conn.execute(
                    f"UPDATE sessions SET metadata = json_patch(metadata, ?) WHERE user_id = ? AND id = ?"
                    f" RETURNING {_SESSION_COLUMNS}",
                    (patch, uid, sid),
                ).fetchone()
            return None if row is None else _session(row)

        return await self._write("update_session_metadata", run)

    async def reopen_session(self, user_id: str, session_id: str) -> Session | None:
        uid = user_id_of(user_id)
        (sid,) = ids_of([session_id], "session_id")

        def run(conn: sqlite3.Connection) -> Session | None:
            with _transaction(conn):
                row = conn.execute(
                    f"UPDATE sessions SET ended_at = NULL WHERE user_id = ? AND id = ? RETURNING {_SESSION_COLUMNS}",
                    (uid, sid),
                ).fetchone()
            return None if row is None else _session(row)

        return await self._write("reopen_session", run)

    async def merge_sessions(self, user_id: str, into_id: str, from_id: str) -> Session | None:
        uid = user_id_of(user_id)
        into, other = ids_of([into_id, from_id], "session_id")
        if into == other:
            raise ValidationError("cannot merge a session into itself", field="session_id")

        def run(conn: sqlite3.Connection) -> Session | None:
            with _transaction(conn):
                rows = {
                    r[0]: _session(r)
                    for r in conn.execute(
                        f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE user_id = ? AND id IN (?, ?)", (uid, into, other)
                    )
                }
                if len(rows) != 2:
                    return None
                started, ended, summary, threads = merged_session_fields(rows[into], rows[other])
                for table in ("turns", "memories", "escalations"):
                    conn.execute(f"UPDATE {table} SET session_id = ? WHERE user_id = ? AND session_id = ?", (into, uid, other))
                conn.execute("DELETE FROM sessions WHERE user_id = ? AND id = ?", (uid, other))
                row = conn.execute(
                    "UPDATE sessions SET started_at = ?, ended_at = ?, summary = ?, open_threads = ?"
                    f" WHERE user_id = ? AND id = ? RETURNING {_SESSION_COLUMNS}",
                    (_ts(started), _ts_opt(ended), summary, json_of(threads, "open_threads"), uid, into),
                ).fetchone()
            return None if row is None else _session(row)

        return await self._write("merge_sessions", run)

    async def get_session(self, user_id: str, session_id: str) -> Session | None:
        uid = user_id_of(user_id)
        (sid,) = ids_of([session_id], "session_id")

        def run(conn: sqlite3.Connection) -> Session | None:
            row = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE user_id = ? AND id = ?", (uid, sid)
            ).fetchone()
            return None if row is None else _session(row)

        return await self._read("get_session", run)

    async def list_sessions(self, user_id: str, *, limit: int = 10) -> list[Session]:
        uid = user_id_of(user_id)
        sql = f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE user_id = ? ORDER BY started_at DESC, id DESC LIMIT ?"
        params = (uid, limit_of(limit))
        return await self._read("list_sessions", lambda conn: [_session(r) for r in conn.execute(sql, params)])

    async def add_turns(self, turns: Sequence[Turn]) -> None:
        """Insert turns of one user; re-inserting a turn id (a retried batch) is a no-op."""
        rows = [(*row[:5], _ts(row[5])) for row in turn_rows(turns)]
        if not rows:
            return
        owner = rows[0][1]
        ids = list(dict.fromkeys(r[0] for r in rows))

        def run(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                for chunk in _chunks(ids):
                    clash = conn.execute(
                        f"SELECT 1 FROM turns WHERE id IN ({_marks(len(chunk))}) AND user_id <> ? LIMIT 1",
                        (*chunk, owner),
                    ).fetchone()
                    if clash is not None:
                        raise CrossUserWriteError("a turn id in this batch belongs to another user")
                conn.executemany(
                    f"INSERT INTO turns ({_TURN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    rows,
                )

        await self._write("add_turns", run, user_id=owner)

    async def delete_conversations_before(self, user_id: str, before: datetime) -> tuple[int, int]:
        uid = user_id_of(user_id)
        cutoff = _ts(before)

        def run(conn: sqlite3.Connection) -> tuple[int, int]:
            with _transaction(conn):
                turns = conn.execute(
                    "DELETE FROM turns WHERE user_id = ? AND created_at < ?", (uid, cutoff)
                ).rowcount
                sessions = conn.execute(
                    "DELETE FROM sessions WHERE user_id = ? AND coalesce(ended_at, started_at) < ?"
                    " AND NOT EXISTS (SELECT 1 FROM turns WHERE turns.user_id = sessions.user_id"
                    " AND turns.session_id = sessions.id)",
                    (uid, cutoff),
                ).rowcount
            return int(turns), int(sessions)

        return await self._write("delete_conversations_before", run, user_id=uid)

    async def list_turns(
        self, user_id: str, *, session_id: str | None = None, limit: int = 50
    ) -> list[Turn]:
        uid = user_id_of(user_id)
        clauses, params = ["user_id = ?"], list[object]([uid])
        if session_id is not None:
            clauses.append("session_id = ?")
            params += ids_of([session_id], "session_id")
        params.append(limit_of(limit))
        sql = (
            f"SELECT {_TURN_COLUMNS} FROM (SELECT {_TURN_COLUMNS}, seq FROM turns"
            f" WHERE {' AND '.join(clauses)} ORDER BY created_at DESC, seq DESC LIMIT ?)"
            " ORDER BY created_at ASC, seq ASC"
        )
        return await self._read("list_turns", lambda conn: [_turn(r) for r in conn.execute(sql, params)])

    # --- admin ------------------------------------------------------------------------

    # --- escalations --------------------------------------------------------------

    async def add_escalation(self, escalation: Escalation) -> Escalation:
        row = escalation_row(escalation)
        params = (*row[:8], _ts(row[8]), _ts_opt(row[9]))

        def run(conn: sqlite3.Connection) -> None:
            with _transaction(conn):
                conn.execute(f"INSERT INTO escalations ({_ESCALATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params)

        await self._write("add_escalation", run)
        return escalation

    async def list_escalations(self, user_id: str, *, limit: int = 100) -> list[Escalation]:
        uid = user_id_of(user_id)
        sql = f"SELECT {_ESCALATION_COLUMNS} FROM escalations WHERE user_id = ? ORDER BY created_at DESC, id LIMIT ?"
        params = (uid, limit_of(limit))
        return await self._read("list_escalations", lambda conn: [_escalation(r) for r in conn.execute(sql, params)])

    async def mark_escalation_delivered(self, user_id: str, escalation_id: str, delivered_at: datetime) -> bool:
        uid = user_id_of(user_id)
        (eid,) = ids_of([escalation_id], "escalation_id")
        params = (_ts(utc(delivered_at)), eid, uid)

        def run(conn: sqlite3.Connection) -> bool:
            with _transaction(conn):
                return conn.execute("UPDATE escalations SET delivered_at = ? WHERE id = ? AND user_id = ?", params).rowcount > 0

        return await self._write("mark_escalation_delivered", run)

    async def admin_undelivered_escalations(self, *, limit: int = 100) -> list[Escalation]:
        sql = f"SELECT {_ESCALATION_COLUMNS} FROM escalations WHERE delivered_at IS NULL ORDER BY created_at, id LIMIT ?"
        params = (limit_of(limit),)
        return await self._read(
            "admin_undelivered_escalations", lambda conn: [_escalation(r) for r in conn.execute(sql, params)]
        )

    async def admin_count_users(self) -> int:
        return await self._read("admin_count_users", lambda conn: conn.execute("SELECT count(*) FROM users").fetchone()[0])

    async def admin_users_with_retention(self) -> list[tuple[str, object]]:
        sql = (
            "SELECT user_id, json_extract(data, '$.privacy.retention_days') FROM profiles"
            " WHERE json_type(data, '$.privacy.retention_days') IS NOT NULL"
            " AND json_type(data, '$.privacy.retention_days') <> 'null'"
        )
        rows = await self._read("admin_users_with_retention", lambda conn: conn.execute(sql).fetchall())
        return [(str(row[0]), row[1]) for row in rows]
