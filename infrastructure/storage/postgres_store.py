"""The production backend: PostgreSQL (or Supabase) with pgvector.

* asyncpg pool; vectors travel in pgvector's binary format through a codec
  registered on every connection (no text round-trip of 384 floats).
* Cosine search uses an HNSW index over active memories. Filtering by user
  after an approximate index scan can starve results, so connections enable
  pgvector 0.8's iterative scan (``relaxed_order``) and the query re-sorts the
  exact distances; for users with few rows the planner prefers the
  (user_id, ...) b-tree and an exact sort. A scan that still comes back short
  (a graph island of near-duplicates) is filled by an exact scan of the user's
  newest rows, bounded in size (``_search_newest_exactly``). Every query is
  planned for its own arguments (``plan_cache_mode``, see
  HNSW_SESSION_SETTINGS): a plan cached for an average user read every vector
  of a user with 10k memories.
* Full-text search uses a generated tsvector column with a GIN index; user
  text becomes an OR of plain words (``text_query``), so it never hits
  tsquery syntax.
* Migrations (``migrations/postgres``, including Supabase row-level security)
  are applied on start-up when ``auto_migrate`` is true.
* Erasure: ``delete_user`` deletes every row and leaves a tombstone in
  ``user_generations`` in one transaction, holding the user's advisory lock
  that every fenced insert shares (migration 0005), so no insert can slip in
  between the DELETEs and the tombstone.
"""

from __future__ import annotations

import asyncio
import json
import logging
import struct
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import asyncpg
import numpy as np

from core.bounded import BoundedMap
from core.errors import (
    ConfigurationError,
    CrossUserWriteError,
    StorageError,
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
from infrastructure.storage.base import CURRENT_KEY_INDEX, MemoryStore, embedding_model_to_record
from infrastructure.storage.migrate import (
    apply_postgres_migrations,
    check_postgres_dimensions,
    load_migrations,
)
from infrastructure.storage.normalize import (
    check_delete_selector,
    checked_memory,
    counts_of,
    escalation_row,
    ids_of,
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
    utc_optional,
)
from infrastructure.storage.pg_errors import postgres_errors
from infrastructure.storage.text_query import query_terms, tsquery_text

logger = logging.getLogger(__name__)

# Full-text word selection (see PostgresMemoryStore._informative_terms).
_COMMON_TERM_MIN_ROWS = 5_000
_COMMON_TERM_SHARE = 0.1
# Ranking reads one memory_search_terms row per match, and a voice turn waits
# for it: the budget bounds that work per query. Only words matching more than
# this many of the user's memories, beyond the rarest word (always kept), are
# left to the dense side.
_LEXICAL_ROW_BUDGET = 1_000
_LEXEME_STATS_TTL_S = 300.0
# Rows an exact vector scan may read when the HNSW scan comes back short
# (PostgresMemoryStore._search_newest_exactly): ~6 ms for 2,000 rows of 384
# floats, against ~280 ms for an exact scan of 100k.
_EXACT_FALLBACK_ROWS = 2_000
_STEM_CACHE_MAX = 50_000

_MEMORY_COLUMNS = (
    "id, user_id, kind, key, content, importance, embedding, created_at, updated_at, occurred_at,"
    " source, session_id, access_count, last_accessed_at, superseded_by, metadata"
)
# The same columns with the vector left out (listing for display).
_MEMORY_COLUMNS_NO_VECTOR = _MEMORY_COLUMNS.replace(" embedding,", " NULL::vector AS embedding,")
_SESSION_COLUMNS = "id, user_id, started_at, ended_at, summary, open_threads, metadata"
_ESCALATION_COLUMNS = "id, user_id, session_id, category, confidence, stage, rule, text, created_at, delivered_at"
_TURN_COLUMNS = "id, user_id, session_id, role, text, created_at"
_USER_COLUMNS = "id, display_name, metadata, created_at, updated_at"
# The advisory-lock namespace of the erasure fence (migration 0005).
_ERASURE_LOCK_NAMESPACE = 1131376240
_PROFILE_COLUMNS = "user_id, data, summary, created_at, updated_at"

# Session settings, sent as startup parameters (a SET would be one more round
# trip, and RESET returns to the startup value):
# - the HNSW scan: candidates kept per query (higher is more exact and slower)
#   and pgvector 0.8's iterative scan, which keeps walking the graph until
#   enough rows pass the user filter;
# - plan_cache_mode: asyncpg runs every query as a prepared statement, and
#   after five executions PostgreSQL may switch it to a generic plan, made
#   without the user id. One plan then serves a user with 100 memories and one
#   with 10k alike; for the vector search it is the exact scan of the user's
#   rows through their b-tree (right for the typical user), which for a user
#   with 10k memories reads all 10k vectors: EXPLAIN 16.7k buffers, ~17 ms,
#   against ~0.9k buffers, ~1.3 ms for the HNSW scan the custom plan picks
#   (bench/explain_search.py). Planning each query costs ~0.1-0.3 ms.
HNSW_SESSION_SETTINGS = {
    "hnsw.ef_search": "100",
    "hnsw.iterative_scan": "relaxed_order",
    "plan_cache_mode": "force_custom_plan",
}
# The memory list's pages run on a second pool that keeps
# PostgreSQL's own plan caching: a page's plan is the same for every user
# (the list's partial index, in order, LIMIT/OFFSET), and planning it afresh
# cost ~0.3 ms of database CPU per page, a third of the page's total.
PAGE_SESSION_SETTINGS = {"plan_cache_mode": "auto"}

# Lexical ranking with inverse document frequency, as the SQLite store's BM25
# index has it: ts_rank alone weighs every word alike, so "went" counted as
# much as "pottery". Each query word's ts_rank (term frequency, A/D weights)
# is multiplied by its BM25 idf among the user's memories: the matching rows
# are read once (hits), each word's document frequency is counted over them,
# and only the top ``limit`` full rows are read. $6 is the user's number of
# memories (cached, PostgresMemoryStore._user_documents).
_LEXICAL_SQL = (
    "WITH hits AS MATERIALIZED ("
    " SELECT memory_id AS id, created_at, content_tsv AS tsv FROM memory_search_terms"
    " WHERE user_id = $1 AND active AND content_tsv @@ to_tsquery('english', $2)),"
    " words AS MATERIALIZED ("
    " SELECT position, to_tsquery('english', word) AS q FROM unnest($5::text[]) WITH ORDINALITY AS w(word, position)),"
    " matched AS MATERIALIZED ("
    " SELECT hits.id, hits.created_at, words.position, ts_rank($4::float4[], hits.tsv, words.q) AS rank"
    " FROM hits JOIN words ON hits.tsv @@ words.q),"
    " frequency AS (SELECT position, count(*) AS n FROM matched GROUP BY position),"
    " scored AS ("
    " SELECT matched.id, max(matched.created_at) AS created_at,"
    " sum(matched.rank * ln(1.0 + (greatest($6::float8, frequency.n) - frequency.n + 0.5) / (frequency.n + 0.5))) AS score"
    " FROM matched JOIN frequency USING (position) GROUP BY matched.id"
    " ORDER BY score DESC, created_at DESC LIMIT $3)"
    f" SELECT {', '.join('m.' + c.strip() for c in _MEMORY_COLUMNS.split(','))}, scored.score"
    " FROM scored JOIN memories AS m ON m.id = scored.id ORDER BY scored.score DESC, scored.created_at DESC"
)
# ts_rank alone: every word weighs alike (lexical_idf = False).
_TS_RANK_SQL = (
    "WITH hits AS MATERIALIZED ("
    " SELECT memory_id AS id, ts_rank($4::float4[], content_tsv, q) AS score, created_at"
    " FROM memory_search_terms, to_tsquery('english', $2) AS q"
    " WHERE user_id = $1 AND active AND content_tsv @@ q"
    " ORDER BY score DESC, created_at DESC LIMIT $3)"
    f" SELECT {', '.join('m.' + c.strip() for c in _MEMORY_COLUMNS.split(','))}, hits.score"
    " FROM hits JOIN memories AS m ON m.id = hits.id ORDER BY hits.score DESC, hits.created_at DESC"
)
# Recount a user's memories for the idf after this long.
_DOCUMENT_COUNT_TTL_S = 300.0

# ts_rank weights {D, C, B, A}: a memory's own words are A, an episode's
# neighbour turns D at half weight (migration 0004; SQLite: normalize.indexed_text).
RANK_WEIGHTS = [0.5, 0.2, 0.4, 1.0]


# --- pgvector binary codec ------------------------------------------------------


def _encode_vector(value: Any) -> bytes:
    vector = np.asarray(value, dtype=">f4").reshape(-1)
    return struct.pack(">HH", vector.shape[0], 0) + vector.tobytes()


def _decode_vector(data: bytes) -> np.ndarray:
    (dim, _unused) = struct.unpack_from(">HH", data)
    return np.frombuffer(data, dtype=">f4", count=dim, offset=4).astype(np.float32)


# --- row conversions ----------------------------------------------------------------


def _text_id(value: Any) -> str | None:
    return None if value is None else str(value)


def _memory(row: asyncpg.Record) -> Memory:
    return Memory(
        id=str(row["id"]),
        user_id=str(row["user_id"]),
        kind=stored_kind(row["kind"]),
        key=row["key"],
        content=row["content"],
        importance=row["importance"],
        embedding=row["embedding"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        occurred_at=row["occurred_at"],
        source=stored_source(row["source"]),
        session_id=row["session_id"],
        access_count=row["access_count"],
        last_accessed_at=row["last_accessed_at"],
        superseded_by=_text_id(row["superseded_by"]),
        metadata=stored_json_object(row["metadata"]),
    )


def _memory_params(m: Memory) -> tuple:
    return (
        m.id,
        m.user_id,
        m.kind.value,
        m.key,
        m.content,
        m.importance,
        m.embedding,
        m.created_at,
        m.updated_at,
        m.occurred_at,
        MemorySource(m.source).value,
        m.session_id,
        m.access_count,
        m.last_accessed_at,
        m.superseded_by,
        json_of(m.metadata, "metadata"),
    )


def _session(row: asyncpg.Record) -> Session:
    return Session(
        id=str(row["id"]),
        user_id=str(row["user_id"]),
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        summary=row["summary"],
        open_threads=json.loads(row["open_threads"]),
        metadata=json.loads(row["metadata"]),
    )


def _escalation(row: asyncpg.Record) -> Escalation:
    return Escalation(
        id=str(row["id"]),
        user_id=str(row["user_id"]),
        session_id=None if row["session_id"] is None else str(row["session_id"]),
        category=row["category"],
        confidence=float(row["confidence"]),
        stage=row["stage"],
        rule=row["rule"],
        text=row["text"],
        created_at=row["created_at"],
        delivered_at=row["delivered_at"],
    )


def _turn(row: asyncpg.Record) -> Turn:
    return Turn(
        id=str(row["id"]),
        user_id=str(row["user_id"]),
        session_id=str(row["session_id"]),
        role=TurnRole(row["role"]),
        text=row["text"],
        created_at=row["created_at"],
    )


def _user(row: asyncpg.Record) -> User:
    return User(
        id=str(row["id"]),
        display_name=row["display_name"],
        metadata=json.loads(row["metadata"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _profile(row: asyncpg.Record) -> Profile:
    return Profile(
        user_id=str(row["user_id"]),
        data=json.loads(row["data"]),
        summary=row["summary"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


@contextmanager
def _current_key_conflicts() -> Iterator[None]:
    """A write that would give a key a second active row raises WriteConflictError."""
    try:
        yield
    except asyncpg.exceptions.UniqueViolationError as exc:
        if exc.constraint_name != CURRENT_KEY_INDEX:
            raise
        raise WriteConflictError("another active memory holds this key") from exc


def _affected(status: str) -> int:
    """Row count from a command tag such as ``DELETE 3``."""
    try:
        return int(status.rsplit(" ", 1)[-1])
    except (ValueError, IndexError):
        return 0


async def _keep_session(conn: asyncpg.Connection) -> None:
    """What the pool runs on a released connection once asyncpg has rolled back
    any transaction left open: nothing more. Its default reset (advisory
    unlock, CLOSE ALL, UNLISTEN *, RESET ALL) is one more round trip that the
    releasing caller waits for, on every pooled call (a search made three);
    this store keeps no session state to undo: settings are startup
    parameters (never SET), its advisory locks are transaction-scoped, and it
    neither listens nor keeps cursors outside a transaction."""


class PostgresMemoryStore(MemoryStore):
    """MemoryStore on PostgreSQL + pgvector (works with a Supabase connection string)."""

    backend_name = "postgres"
    # Rank full-text hits by ts_rank times each word's idf (see _LEXICAL_SQL);
    # False ranks by ts_rank alone (the benchmark's ablation).
    lexical_idf = True

    def __init__(
        self,
        dsn: str,
        dimensions: int,
        min_size: int = 1,
        max_size: int = 10,
        auto_migrate: bool = True,
        *,
        connect_timeout: float = 10.0,
        command_timeout: float = 30.0,
    ) -> None:
        super().__init__(dimensions)
        self.dsn = dsn
        self.min_size = min_size
        self.max_size = max(max_size, min_size, 1)
        self.auto_migrate = auto_migrate
        self.connect_timeout = connect_timeout
        self.command_timeout = command_timeout
        self._pool: asyncpg.Pool | None = None
        self._page_pool: asyncpg.Pool | None = None
        self._vector_schema = "public"
        self._init_lock = asyncio.Lock()
        # Lexeme statistics (from ANALYZE, pg_stats) for choosing full-text
        # query words: (fetched at, {lexeme: estimated rows}, rows for any
        # other lexeme, total rows).
        self._lexeme_stats: tuple[float, dict[str, float], float, float] | None = None
        self._stems: dict[str, tuple[str, ...]] = {}
        # user id -> (counted at, active memories): the N of the lexical idf.
        self._document_counts: BoundedMap[str, tuple[float, int]] = BoundedMap()

    # --- lifecycle ----------------------------------------------------------------

    async def initialize(self) -> None:
        """Apply migrations (if ``auto_migrate``), then open the pool. Idempotent."""
        async with self._init_lock:
            if self._pool is not None:
                return
            with postgres_errors("initialize"):
                conn = await asyncpg.connect(self.dsn, timeout=self.connect_timeout)
                try:
                    if self.auto_migrate:
                        await apply_postgres_migrations(conn, self.dimensions)
                    else:
                        await self._require_schema(conn)
                    self._vector_schema = await conn.fetchval(
                        "SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                        " WHERE t.typname = 'vector'"
                    )
                finally:
                    await conn.close()
                try:
                    self._pool = await self._create_pool(HNSW_SESSION_SETTINGS)
                    page_settings = PAGE_SESSION_SETTINGS
                except asyncpg.PostgresError:
                    # Some poolers (pgbouncer) refuse unknown startup parameters.
                    # Search stays correct without them (see search_memories).
                    logger.warning("server refused HNSW session settings; using defaults", exc_info=True)
                    self._pool = await self._create_pool({})
                    page_settings = {}
                try:
                    # As many connections as the main pool: pages are the API's most frequent read.
                    self._page_pool = await self._create_pool(page_settings, min_size=min(self.min_size, 1))
                except BaseException:
                    pool, self._pool = self._pool, None
                    pool.terminate()
                    raise

    async def _create_pool(self, server_settings: dict[str, str], *, min_size: int | None = None) -> asyncpg.Pool:
        return await asyncpg.create_pool(
            self.dsn,
            min_size=self.min_size if min_size is None else min_size,
            max_size=self.max_size,
            timeout=self.connect_timeout,
            command_timeout=self.command_timeout,
            server_settings=server_settings,
            init=self._prepare_connection,
            reset=_keep_session,
        )

    async def _require_schema(self, conn: asyncpg.Connection) -> None:
        latest = load_migrations("postgres")[-1].version
        has_table = await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
        applied = await conn.fetchval("SELECT max(version) FROM schema_migrations") if has_table else None
        if applied is None or applied < latest:
            raise ConfigurationError(
                "the database schema is not up to date; run `python -m infrastructure.storage.migrate`"
                " or set DB_AUTO_MIGRATE=true"
            )
        await check_postgres_dimensions(conn, self.dimensions)

    async def _prepare_connection(self, conn: asyncpg.Connection) -> None:
        await conn.set_type_codec(
            "vector",
            schema=self._vector_schema or "public",
            encoder=_encode_vector,
            decoder=_decode_vector,
            format="binary",
        )

    async def vector_owner_ids(self) -> list[str]:
        with postgres_errors("vector_owner_ids"):
            rows = await self.pool.fetch("SELECT DISTINCT user_id FROM memories WHERE embedding IS NOT NULL")
        return sorted(str(row[0]) for row in rows)

    async def bind_embedding_model(self, model: str, *, replaced: bool = False) -> None:
        with postgres_errors("bind_embedding_model"):
            async with self.pool.acquire() as conn, conn.transaction():
                # One binder at a time: two workers starting on one database agree.
                await conn.execute("LOCK TABLE store_meta IN SHARE ROW EXCLUSIVE MODE")
                stored = await conn.fetchval("SELECT value FROM store_meta WHERE name = 'embedding_model'")
                holds = await conn.fetchval("SELECT EXISTS (SELECT 1 FROM memories WHERE embedding IS NOT NULL)")
                if not embedding_model_to_record(stored, model, holds_vectors=bool(holds), replaced=replaced):
                    return
                await conn.execute(
                    "INSERT INTO store_meta (name, value) VALUES ('embedding_model', $1)"
                    " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value",
                    model,
                )

    async def close(self) -> None:
        """Close the pool. Idempotent."""
        async with self._init_lock:
            pools = [p for p in (self._pool, self._page_pool) if p is not None]
            self._pool = self._page_pool = None
            for pool in pools:
                try:
                    await asyncio.wait_for(pool.close(), timeout=10)
                except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                    pool.terminate()

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise StorageError("the PostgreSQL store is not initialized (call initialize())")
        return self._pool

    @property
    def page_pool(self) -> asyncpg.Pool:
        """The memory list's pool (PAGE_SESSION_SETTINGS)."""
        if self._page_pool is None:
            raise StorageError("the PostgreSQL store is not initialized (call initialize())")
        return self._page_pool

    async def health(self) -> dict[str, Any]:
        started = time.perf_counter()
        result: dict[str, Any] = {"ok": False, "backend": self.backend_name}
        try:
            with postgres_errors("health"):
                await self.pool.fetchval("SELECT 1")
            result["ok"] = True
        except Exception as exc:  # noqa: BLE001 - health reports, never raises
            result["error"] = str(exc)
        result["latency_ms"] = round((time.perf_counter() - started) * 1000, 3)
        if self._pool is not None:
            result["pool_size"] = self._pool.get_size()
            result["pool_idle"] = self._pool.get_idle_size()
            result["pool_max"] = self.max_size
        return result

    def stats(self) -> dict[str, Any]:
        """Pool counters (size, idle, limits); zeros before initialize()."""
        pool, pages = self._pool, self._page_pool
        return {
            "backend": self.backend_name,
            "pool_size": pool.get_size() if pool else 0,
            "pool_idle": pool.get_idle_size() if pool else 0,
            "pool_min": self.min_size,
            "pool_max": self.max_size,
            "page_pool_size": pages.get_size() if pages else 0,
        }

    # --- users & profiles ---------------------------------------------------------

    async def upsert_user(self, user: User) -> User:
        uid = user_id_of(user.id)
        params = (
            uid,
            text_of(user.display_name, "display_name", optional=True),
            json_of(user.metadata, "metadata"),
            utc(user.created_at),
            utcnow(),
        )
        with postgres_errors("upsert_user", user_id=uid):
            row = await self.pool.fetchrow(
                "INSERT INTO users (id, display_name, metadata, created_at, updated_at)"
                " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET"
                " display_name = excluded.display_name, metadata = excluded.metadata,"
                f" updated_at = excluded.updated_at RETURNING {_USER_COLUMNS}",
                *params,
            )
        assert row is not None  # an upsert with RETURNING always returns its row
        return _user(row)

    async def get_user(self, user_id: str) -> User | None:
        uid = user_id_of(user_id)
        with postgres_errors("get_user"):
            row = await self.pool.fetchrow(f"SELECT {_USER_COLUMNS} FROM users WHERE id = $1", uid)
        return None if row is None else _user(row)

    async def delete_user(self, user_id: str) -> bool:
        """Erase the user's rows in every table and fence the id, in one transaction."""
        uid = user_id_of(user_id)
        deleted = 0
        with postgres_errors("delete_user"):
            async with self.pool.acquire() as conn, conn.transaction():
                # Waits for fenced inserts already under way for this user;
                # later ones wait for this commit, then see the tombstone.
                await conn.execute(
                    "SELECT pg_advisory_xact_lock($1, hashtext($2::uuid::text))", _ERASURE_LOCK_NAMESPACE, uid
                )
                for table, column in (
                    ("escalations", "user_id"),
                    ("memories", "user_id"),
                    ("turns", "user_id"),
                    ("sessions", "user_id"),
                    ("profiles", "user_id"),
                    ("users", "id"),
                ):
                    deleted += _affected(await conn.execute(f"DELETE FROM {table} WHERE {column} = $1", uid))
                await conn.execute(
                    "INSERT INTO user_generations (user_id, generation, erased_at) VALUES ($1, 1, now())"
                    " ON CONFLICT (user_id) DO UPDATE SET"
                    " generation = user_generations.generation + 1, erased_at = excluded.erased_at",
                    uid,
                )
        self._document_counts.pop(uid, None)
        return deleted > 0

    async def user_generation(self, user_id: str) -> UserGeneration:
        uid = user_id_of(user_id)
        with postgres_errors("user_generation"):
            row = await self.pool.fetchrow(
                "SELECT generation, erased_at IS NOT NULL AS erased FROM user_generations WHERE user_id = $1", uid
            )
        return UserGeneration() if row is None else UserGeneration(int(row["generation"]), bool(row["erased"]))

    async def reinstate_user(self, user_id: str) -> UserGeneration:
        uid = user_id_of(user_id)
        with postgres_errors("reinstate_user"):
            generation = await self.pool.fetchval(
                "UPDATE user_generations SET erased_at = NULL WHERE user_id = $1 RETURNING generation", uid
            )
        return UserGeneration(int(generation or 0), False)

    async def get_profile(self, user_id: str) -> Profile | None:
        uid = user_id_of(user_id)
        with postgres_errors("get_profile"):
            row = await self.pool.fetchrow(f"SELECT {_PROFILE_COLUMNS} FROM profiles WHERE user_id = $1", uid)
        return None if row is None else _profile(row)

    async def upsert_profile(self, profile: Profile) -> Profile:
        uid = user_id_of(profile.user_id)
        params = (
            uid,
            json_of(profile.data, "data"),
            text_of(profile.summary, "summary", optional=True),
            utc(profile.created_at),
            utcnow(),
        )
        with postgres_errors("upsert_profile", user_id=uid):
            row = await self.pool.fetchrow(
                "INSERT INTO profiles (user_id, data, summary, created_at, updated_at)"
                " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET"
                " data = excluded.data, summary = excluded.summary, updated_at = excluded.updated_at"
                f" RETURNING {_PROFILE_COLUMNS}",
                *params,
            )
        assert row is not None  # an upsert with RETURNING always returns its row
        return _profile(row)

    async def modify_profile(self, user_id: str, change: Callable[[Profile], Profile]) -> Profile:
        uid = user_id_of(user_id)
        with postgres_errors("modify_profile"):
            async with self.pool.acquire() as conn, conn.transaction():
                now = utcnow()
                # The row must exist to be locked; a concurrent creator makes this wait, then do nothing.
                await conn.execute(
                    "INSERT INTO profiles (user_id, created_at, updated_at) VALUES ($1, $2, $2)"
                    " ON CONFLICT (user_id) DO NOTHING",
                    uid,
                    now,
                )
                # FOR UPDATE: a writer in any other process waits here until this commits.
                row = await conn.fetchrow(
                    f"SELECT {_PROFILE_COLUMNS} FROM profiles WHERE user_id = $1 FOR UPDATE", uid
                )
                if row is None:  # erased between the insert and the lock: do not recreate it
                    raise WriteConflictError("the profile was deleted while it was being changed")
                current = _profile(row)
                changed = change(_profile(row))
                if changed.data == current.data and changed.summary == current.summary:
                    return current
                row = await conn.fetchrow(
                    f"UPDATE profiles SET data = $2, summary = $3, updated_at = $4 WHERE user_id = $1"
                    f" RETURNING {_PROFILE_COLUMNS}",
                    uid,
                    json_of(changed.data, "data"),
                    text_of(changed.summary, "summary", optional=True),
                    utcnow(),
                )
        assert row is not None  # the row is locked by this transaction
        return _profile(row)

    # --- memories -----------------------------------------------------------------

    async def add_memories(self, memories: Sequence[Memory]) -> None:
        owner = single_user(memories, "memories")
        if owner is None:
            return
        final = {m.id: m for m in (checked_memory(m, self.dimensions) for m in memories)}
        rows = [_memory_params(m) for m in final.values()]
        with postgres_errors("add_memories", user_id=owner), _current_key_conflicts():
            async with self.pool.acquire() as conn, conn.transaction():
                clash = await conn.fetchval(
                    "SELECT 1 FROM memories WHERE id = ANY($1::uuid[]) AND user_id <> $2 LIMIT 1",
                    list(final),
                    owner,
                )
                if clash is not None:
                    raise CrossUserWriteError("a memory id in this batch belongs to another user")
                await conn.executemany(
                    f"INSERT INTO memories ({_MEMORY_COLUMNS}) VALUES"
                    " ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
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

    async def add_memory_superseding(self, memory: Memory, superseded_ids: Sequence[str]) -> list[Memory]:
        new = checked_memory(memory, self.dimensions)
        if new.superseded_by is not None:
            raise ValidationError("the new memory must be active", field="superseded_by")
        old_ids = ids_of(superseded_ids, "memory_id")
        if new.id in old_ids:
            raise ValidationError("a memory cannot supersede itself", field="superseded_ids")
        with postgres_errors("add_memory_superseding"), _current_key_conflicts():
            async with self.pool.acquire() as conn, conn.transaction():
                replaced: list[asyncpg.Record] = []
                if old_ids:
                    # Row locks: a concurrent superseder of the same rows waits,
                    # then finds them no longer active and gets a conflict.
                    replaced = await conn.fetch(
                        "UPDATE memories SET superseded_by = $3, updated_at = $4"
                        " WHERE user_id = $1 AND id = ANY($2::uuid[]) AND superseded_by IS NULL"
                        f" RETURNING {_MEMORY_COLUMNS}",
                        new.user_id,
                        old_ids,
                        new.id,
                        utcnow(),
                    )
                    if len(replaced) != len(old_ids):
                        raise WriteConflictError("a memory to supersede changed since it was read")
                # Superseded first, so the unique index on active keys sees one row;
                # a concurrent insert of the same key waits for this commit, then conflicts.
                await conn.execute(
                    f"INSERT INTO memories ({_MEMORY_COLUMNS}) VALUES"
                    " ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                    *_memory_params(new),
                )
        order = {memory_id: i for i, memory_id in enumerate(old_ids)}
        return sorted((_memory(r) for r in replaced), key=lambda m: order[m.id])

    async def get_memories(self, user_id: str, memory_ids: Sequence[str]) -> list[Memory]:
        uid = user_id_of(user_id)
        ids = ids_of(memory_ids, "memory_id")
        if not ids:
            return []
        with postgres_errors("get_memories"):
            rows = await self.pool.fetch(
                f"SELECT {_MEMORY_COLUMNS} FROM memories WHERE user_id = $1 AND id = ANY($2::uuid[])",
                uid,
                ids,
            )
        found = {str(row["id"]): _memory(row) for row in rows}
        return [found[i] for i in ids if i in found]

    async def update_memory(self, user_id: str, memory_id: str, **fields: Any) -> Memory | None:
        uid = user_id_of(user_id)
        (mid,) = ids_of([memory_id], "memory_id")
        clean = memory_update_of(fields, self.dimensions)
        assignments: list[str] = []
        params: list[Any] = [uid, mid]
        for name, value in clean.items():
            if name == "kind":
                value = value.value
            elif name == "metadata":
                value = json_of(value, "metadata")
            params.append(value)
            assignments.append(f"{name} = ${len(params)}")
        params.append(utcnow())
        assignments.append(f"updated_at = ${len(params)}")
        with postgres_errors("update_memory"), _current_key_conflicts():
            row = await self.pool.fetchrow(
                f"UPDATE memories SET {', '.join(assignments)} WHERE user_id = $1 AND id = $2"
                f" RETURNING {_MEMORY_COLUMNS}",
                *params,
            )
        return None if row is None else _memory(row)

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
        args: tuple[object, ...]
        if all_memories:
            sql, args = "DELETE FROM memories WHERE user_id = $1", (uid,)
        elif key is not None:
            sql, args = "DELETE FROM memories WHERE user_id = $1 AND key = $2", (uid, text_of(key, "key"))
        else:
            ids = ids_of(memory_ids or [], "memory_id")
            if not ids:
                return 0
            sql, args = "DELETE FROM memories WHERE user_id = $1 AND id = ANY($2::uuid[])", (uid, ids)
        with postgres_errors("delete_memories"):
            return _affected(await self.pool.execute(sql, *args))

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
        with postgres_errors("list_memories"):
            rows = await self.page_pool.fetch(sql, *params)
        return [_memory(r) for r in rows]

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
        clauses, params = ["user_id = $1"], list[object]([uid])
        if kind is not None:
            params.append(kind_of(kind).value)
            clauses.append(f"kind = ${len(params)}")
        if key is not None:
            params.append(text_of(key, "key"))
            clauses.append(f"key = ${len(params)}")
        if exclude_kind is not None:
            # A literal: the list's index holds only non-episode rows (migration
            # memory_list_indexes), and only a literal matches its predicate.
            clauses.append(f"kind <> {kind_literal(exclude_kind)}")
        if not include_superseded:
            clauses.append("superseded_by IS NULL")
        params += [limit_of(limit), limit_of(offset, field="offset")]
        # The page's ids first, then its rows: the rows an OFFSET skips are
        # read from the list's index (migration memory_list_indexes carries the
        # id), not from the wide heap rows (each with its vector).
        sql = (
            f"SELECT {_MEMORY_COLUMNS if with_embeddings else _MEMORY_COLUMNS_NO_VECTOR} FROM memories"
            f" WHERE id IN (SELECT id FROM memories WHERE {' AND '.join(clauses)}"
            f" ORDER BY created_at DESC, seq DESC LIMIT ${len(params) - 1} OFFSET ${len(params)})"
            " ORDER BY created_at DESC, seq DESC"
        )
        return sql, params

    async def memories_created_between(
        self, user_id: str, start: datetime, end: datetime, *, limit: int = 200
    ) -> list[Memory]:
        uid = user_id_of(user_id)
        sql = (
            f"SELECT {_MEMORY_COLUMNS} FROM memories WHERE user_id = $1 AND superseded_by IS NULL"
            " AND created_at >= $2 AND created_at < $3 ORDER BY created_at DESC, seq DESC LIMIT $4"
        )
        with postgres_errors("memories_created_between"):
            rows = await self.pool.fetch(sql, uid, utc(start), utc(end), limit_of(limit))
        return [_memory(r) for r in rows]

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
        limit = limit_of(limit)
        if limit == 0:
            return []
        params: list[Any] = [uid, query, limit]
        kind_clause = ""
        if kind is not None:
            params.append(kind_of(kind).value)
            kind_clause = " AND kind = $4"
        where = f"user_id = $1 AND superseded_by IS NULL AND embedding IS NOT NULL{kind_clause}"
        # The inner query may come from a relaxed-order index scan; the outer
        # ORDER BY puts the exact distances in order.
        approximate = (
            f"SELECT {_MEMORY_COLUMNS}, 1 - distance AS score FROM ("
            f" SELECT {_MEMORY_COLUMNS}, embedding <=> $2 AS distance FROM memories WHERE {where}"
            " ORDER BY embedding <=> $2 LIMIT $3) AS hits ORDER BY distance"
        )
        with postgres_errors("search_memories"):
            async with self.pool.acquire() as conn:
                rows = await conn.fetch(approximate, *params)
                if len(rows) < limit:
                    rows = await self._search_newest_exactly(conn, where, params, rows)
        # Sorted here: rows of two queries, and a relaxed-order scan's distances
        # can tie to the last float bit in either order.
        return sorted((ScoredMemory(_memory(r), float(r["score"])) for r in rows), key=lambda hit: -hit.score)

    async def _search_newest_exactly(
        self,
        conn: asyncpg.pool.PoolConnectionProxy[asyncpg.Record],
        where: str,
        params: list[Any],
        approximate: list[asyncpg.Record],
    ) -> list[asyncpg.Record]:
        """Fill a short index scan from an exact scan of the user's newest rows.

        The HNSW scan can end early even with the iterative scan on: a filter
        that few index rows pass, or a graph island. Near-duplicates (an
        episode and its repeats, a fact restated) fill each other's neighbour
        lists and the scan can only reach that cluster: at 100k memories ~8 %
        of the benchmark's queries got 33 of 50 rows, with or without the user
        filter, at any ef_search. An exact scan of every row of the user
        (~280 ms at 100k) is what the turn cannot afford, so the exact scan
        reads at most ``_EXACT_FALLBACK_ROWS`` of the user's newest eligible
        rows through the (user_id, created_at) b-tree: exact for any user with
        fewer rows than that (a user whose rows are a small part of the index),
        and for a larger user the best of what the index reached and the
        newest rows, never fewer than ``limit`` rows when the user has them.
        """
        window = max(_EXACT_FALLBACK_ROWS, params[2])
        newest = (
            f"SELECT * FROM (SELECT {_MEMORY_COLUMNS}, 1 - (embedding <=> $2) AS score FROM memories"
            f" WHERE {where} ORDER BY created_at DESC, seq DESC LIMIT {window}) AS newest"
            " ORDER BY score DESC LIMIT $3"
        )
        rows = list(approximate)
        seen = {row["id"] for row in rows}
        rows.extend(row for row in await conn.fetch(newest, *params) if row["id"] not in seen)
        rows.sort(key=lambda row: -float(row["score"]))
        return rows[: params[2]]

    async def lexical_search_memories(
        self, user_id: str, query: str, *, limit: int = 10
    ) -> list[ScoredMemory]:
        uid = user_id_of(user_id)
        terms = query_terms(query)
        limit = limit_of(limit)
        if not terms or limit == 0:
            return []
        try:
            with postgres_errors("lexical_search_memories"):
                terms = await self._informative_terms(terms)
                if not terms:
                    return []
                if self.lexical_idf:
                    documents = await self._user_documents(uid)
                    rows = await self.pool.fetch(
                        _LEXICAL_SQL, uid, tsquery_text(terms), limit, RANK_WEIGHTS, terms, float(documents)
                    )
                else:
                    rows = await self.pool.fetch(_TS_RANK_SQL, uid, tsquery_text(terms), limit, RANK_WEIGHTS)
        except StorageError as exc:
            # Words carry no operators, so this should not happen; if tsquery
            # still rejects the text, "no lexical match" is the right answer.
            if isinstance(exc.__cause__, asyncpg.exceptions.SyntaxOrAccessError):
                return []
            raise
        return [ScoredMemory(_memory(r), float(r["score"])) for r in rows]

    async def _user_documents(self, uid: str) -> int:
        """The user's memories (the N of the idf), cached a few minutes: idf
        moves little as a user's memories grow, and counting at 100k rows costs
        milliseconds a recall should not pay. Counted on the (user_id, created_at)
        index of ``memories`` (memory_search_terms has no user index), superseded
        rows included: they are few, and filtering them would read every row."""
        cached = self._document_counts.get(uid)
        if cached is not None and time.monotonic() - cached[0] < _DOCUMENT_COUNT_TTL_S:
            return cached[1]
        count = int(await self.pool.fetchval("SELECT count(*) FROM memories WHERE user_id = $1", uid))
        self._document_counts[uid] = (time.monotonic(), count)
        return count

    async def warm_user(self, user_id: str) -> None:
        """Count the user's memories for the lexical idf before their first turn."""
        uid = user_id_of(user_id)
        with postgres_errors("warm_user"):
            self._document_counts.pop(uid, None)
            await self._user_documents(uid)

    async def _informative_terms(self, terms: list[str]) -> list[str]:
        """The query words worth scoring, rarest first within a row budget.

        ts_rank costs one evaluation per matching row (a common word at 100k
        memories: ~100 ms). Counts are estimates from the planner statistics
        (pg_stats most-common lexemes, refreshed every few minutes); a word
        outside that list is rarer than all of them. Words in more than
        ``_COMMON_TERM_SHARE`` of the rows (and ``_COMMON_TERM_MIN_ROWS``) are
        dropped; the rest are kept rarest first while their estimated matches
        stay within ``_LEXICAL_ROW_BUDGET``; the rarest is always kept.
        """
        stats = await self._lexeme_counts()
        if stats is None:
            return terms
        counts, other, total = stats
        missing = [term for term in terms if term not in self._stems]
        if missing:
            rows = await self.pool.fetch(
                "SELECT w, tsvector_to_array(to_tsvector('english', w)) AS lexemes FROM unnest($1::text[]) AS w",
                missing,
            )
            if len(self._stems) > _STEM_CACHE_MAX:
                self._stems.clear()
            for row in rows:
                self._stems[row["w"]] = tuple(row["lexemes"] or ())
        estimated: dict[int, float] = {}
        for index, term in enumerate(terms):
            lexemes = self._stems.get(term, ())
            if not lexemes:
                continue  # a stop word: matches nothing
            matches = min(counts.get(lexeme, other) for lexeme in lexemes)
            if matches > _COMMON_TERM_MIN_ROWS and matches > _COMMON_TERM_SHARE * total:
                continue
            estimated[index] = matches
        kept: list[int] = []
        scored = 0.0
        for index in sorted(estimated, key=lambda i: (estimated[i], i)):
            if kept and scored + estimated[index] > _LEXICAL_ROW_BUDGET:
                break
            kept.append(index)
            scored += estimated[index]
        return [terms[index] for index in sorted(kept)]

    async def _lexeme_counts(self) -> tuple[dict[str, float], float, float] | None:
        """{lexeme: estimated rows}, rows for an unlisted lexeme, total rows; None before ANALYZE."""
        cached = self._lexeme_stats
        if cached is not None and time.monotonic() - cached[0] < _LEXEME_STATS_TTL_S:
            return cached[1:] if cached[1] else None
        try:
            row = await self.pool.fetchrow(
                "SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs,"
                " c.reltuples AS total"
                " FROM pg_stats AS s JOIN pg_class AS c ON c.relname = s.tablename"
                " AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = s.schemaname)"
                " WHERE s.schemaname = current_schema() AND s.tablename = 'memory_search_terms'"
                " AND s.attname = 'content_tsv'"
            )
        except asyncpg.PostgresError:  # statistics are an optimisation: search every word without them
            logger.debug("no lexeme statistics for full-text word selection", exc_info=True)
            row = None
        counts: dict[str, float] = {}
        other = total = 0.0
        if row is not None and row["elems"] and row["freqs"] and row["total"] and row["total"] > 0:
            total = float(row["total"])
            elems, freqs = list(row["elems"]), list(row["freqs"])
            # most_common_elem_freqs: one frequency per element, then min, max, (null share).
            counts = {lexeme: float(freq) * total for lexeme, freq in zip(elems, freqs)}
            other = float(freqs[len(elems)]) * total if len(freqs) > len(elems) else 0.0
        self._lexeme_stats = (time.monotonic(), counts, other, total)
        return (counts, other, total) if counts else None

    async def count_memories(self, user_id: str, *, include_superseded: bool = False) -> int:
        uid = user_id_of(user_id)
        sql = "SELECT count(*) FROM memories WHERE user_id = $1"
        if not include_superseded:
            sql += " AND superseded_by IS NULL"
        with postgres_errors("count_memories"):
            return int(await self.pool.fetchval(sql, uid))

    async def memory_counts(self, user_id: str) -> MemoryCounts:
        uid = user_id_of(user_id)
        sql = (
            "SELECT kind, superseded_by IS NULL AS active, count(*) AS n, min(created_at) AS low,"
            " max(created_at) AS high FROM memories WHERE user_id = $1 GROUP BY kind, superseded_by IS NULL"
        )
        with postgres_errors("memory_counts"):
            rows = await self.pool.fetch(sql, uid)
        return counts_of([(r["kind"], r["active"], int(r["n"]), r["low"], r["high"]) for r in rows])

    async def record_memory_access(self, user_id: str, memory_ids: Sequence[str]) -> None:
        uid = user_id_of(user_id)
        ids = ids_of(memory_ids, "memory_id")
        if not ids:
            return
        with postgres_errors("record_memory_access"):
            await self.pool.execute(
                "UPDATE memories SET access_count = access_count + 1, last_accessed_at = $3"
                " WHERE user_id = $1 AND id = ANY($2::uuid[])",
                uid,
                ids,
                utcnow(),
            )

    async def delete_memories_before(
        self, user_id: str, before: datetime, *, max_importance: float = 1.0
    ) -> int:
        uid = user_id_of(user_id)
        with postgres_errors("delete_memories_before"):
            status = await self.pool.execute(
                "DELETE FROM memories WHERE user_id = $1 AND created_at < $2 AND importance <= $3",
                uid,
                utc(before),
                float(max_importance),
            )
        return _affected(status)

    # --- sessions & turns -----------------------------------------------------------

    async def create_session(self, session: Session) -> Session:
        uid = user_id_of(session.user_id)
        (sid,) = ids_of([session.id], "session_id")
        threads = [text_of(t, "open_threads") for t in session.open_threads]
        params = (
            sid,
            uid,
            utc(session.started_at),
            utc_optional(session.ended_at),
            text_of(session.summary, "summary", optional=True),
            json_of(threads, "open_threads"),
            json_of(session.metadata, "metadata"),
        )
        with postgres_errors("create_session", user_id=uid):
            # The WHERE on DO UPDATE makes an id owned by someone else return no row.
            row = await self.pool.fetchrow(
                f"INSERT INTO sessions ({_SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                " ON CONFLICT (id) DO UPDATE SET started_at = excluded.started_at,"
                " ended_at = excluded.ended_at, summary = excluded.summary,"
                " open_threads = excluded.open_threads, metadata = excluded.metadata"
                f" WHERE sessions.user_id = excluded.user_id RETURNING {_SESSION_COLUMNS}",
                *params,
            )
        if row is None:
            raise CrossUserWriteError("this session id belongs to another user")
        return _session(row)

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
        with postgres_errors("end_session"):
            row = await self.pool.fetchrow(
                "UPDATE sessions SET ended_at = $3, summary = $4, open_threads = $5"
                f" WHERE user_id = $1 AND id = $2 RETURNING {_SESSION_COLUMNS}",
                uid,
                sid,
                utc(ended_at),
                text_of(summary, "summary", optional=True),
                json_of(threads, "open_threads"),
            )
        return None if row is None else _session(row)

    async def session_stats(self, user_id: str, *, limit: int = 10, top_memories: int = 3) -> list[SessionStats]:
        uid = user_id_of(user_id)
        with postgres_errors("session_stats"):
            async with self.pool.acquire() as conn:
                sessions = [
                    _session(r)
                    for r in await conn.fetch(
                        f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE user_id = $1"
                        " ORDER BY started_at DESC, id DESC LIMIT $2",
                        uid,
                        limit_of(limit),
                    )
                ]
                if not sessions:
                    return []
                ids = [s.id for s in sessions]
                turns = await conn.fetch(
                    "SELECT session_id::text, role, COUNT(*) FROM turns WHERE user_id = $1"
                    " AND session_id = ANY($2::uuid[]) GROUP BY session_id, role",
                    uid,
                    ids,
                )
                kinds = await conn.fetch(
                    "SELECT session_id, kind, COUNT(*) FROM memories WHERE user_id = $1"
                    " AND session_id = ANY($2::text[]) AND superseded_by IS NULL GROUP BY session_id, kind",
                    uid,
                    ids,
                )
                best = await conn.fetch(
                    "SELECT session_id, kind, content, importance FROM ("
                    " SELECT session_id, kind, content, importance, ROW_NUMBER() OVER"
                    " (PARTITION BY session_id ORDER BY importance DESC, created_at DESC, seq DESC) AS rank"
                    " FROM memories WHERE user_id = $1 AND session_id = ANY($2::text[]) AND superseded_by IS NULL) ranked"
                    " WHERE rank <= $3 ORDER BY session_id, rank",
                    uid,
                    ids,
                    limit_of(top_memories, field="top_memories"),
                )
        return session_stats_of(sessions, [tuple(r) for r in turns], [tuple(r) for r in kinds], [tuple(r) for r in best])

    async def update_session_metadata(self, user_id: str, session_id: str, metadata: dict[str, Any]) -> Session | None:
        uid = user_id_of(user_id)
        (sid,) = ids_of([session_id], "session_id")
        with postgres_errors("update_session_metadata"):
            row = await self.pool.fetchrow(
                "UPDATE sessions SET metadata = metadata || $3::jsonb WHERE user_id = $1 AND id = $2"
                f" RETURNING {_SESSION_COLUMNS}",
                uid,
                sid,
                json_of(metadata, "metadata"),
            )
        return None if row is None else _session(row)

    async def reopen_session(self, user_id: str, session_id: str) -> Session | None:
        uid = user_id_of(user_id)
        (sid,) = ids_of([session_id], "session_id")
        with postgres_errors("reopen_session"):
            row = await self.pool.fetchrow(
                f"UPDATE sessions SET ended_at = NULL WHERE user_id = $1 AND id = $2 RETURNING {_SESSION_COLUMNS}",
                uid,
                sid,
            )
        return None if row is None else _session(row)

    async def merge_sessions(self, user_id: str, into_id: str, from_id: str) -> Session | None:
        uid = user_id_of(user_id)
        into, other = ids_of([into_id, from_id], "session_id")
        if into == other:
            raise ValidationError("cannot merge a session into itself", field="session_id")
        with postgres_errors("merge_sessions"):
            async with self.pool.acquire() as conn, conn.transaction():
                found = await conn.fetch(
                    f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND id = ANY($2::uuid[]) FOR UPDATE",
                    uid,
                    [into, other],
                )
                rows = {str(r["id"]): _session(r) for r in found}
                if len(rows) != 2:
                    return None
                started, ended, summary, threads = merged_session_fields(rows[into], rows[other])
                for table in ("turns", "memories", "escalations"):
                    await conn.execute(
                        f"UPDATE {table} SET session_id = $1 WHERE user_id = $2 AND session_id = $3", into, uid, other
                    )
                await conn.execute("DELETE FROM sessions WHERE user_id = $1 AND id = $2", uid, other)
                row = await conn.fetchrow(
                    "UPDATE sessions SET started_at = $3, ended_at = $4, summary = $5, open_threads = $6"
                    f" WHERE user_id = $1 AND id = $2 RETURNING {_SESSION_COLUMNS}",
                    uid,
                    into,
                    started,
                    ended,
                    summary,
                    json_of(threads, "open_threads"),
                )
        return None if row is None else _session(row)

    async def get_session(self, user_id: str, session_id: str) -> Session | None:
        uid = user_id_of(user_id)
        (sid,) = ids_of([session_id], "session_id")
        with postgres_errors("get_session"):
            row = await self.pool.fetchrow(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND id = $2", uid, sid
            )
        return None if row is None else _session(row)

    async def list_sessions(self, user_id: str, *, limit: int = 10) -> list[Session]:
        uid = user_id_of(user_id)
        with postgres_errors("list_sessions"):
            rows = await self.pool.fetch(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE user_id = $1"
                " ORDER BY started_at DESC, id DESC LIMIT $2",
                uid,
                limit_of(limit),
            )
        return [_session(r) for r in rows]

    async def add_turns(self, turns: Sequence[Turn]) -> None:
        """Insert turns of one user; re-inserting a turn id (a retried batch) is a no-op."""
        rows = turn_rows(turns)
        if not rows:
            return
        owner = rows[0][1]
        with postgres_errors("add_turns", user_id=owner):
            async with self.pool.acquire() as conn, conn.transaction():
                clash = await conn.fetchval(
                    "SELECT 1 FROM turns WHERE id = ANY($1::uuid[]) AND user_id <> $2 LIMIT 1",
                    [r[0] for r in rows],
                    owner,
                )
                if clash is not None:
                    raise CrossUserWriteError("a turn id in this batch belongs to another user")
                await conn.executemany(
                    f"INSERT INTO turns ({_TURN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"
                    " ON CONFLICT (id) DO NOTHING",
                    rows,
                )

    async def delete_conversations_before(self, user_id: str, before: datetime) -> tuple[int, int]:
        uid = user_id_of(user_id)
        cutoff = utc(before)
        with postgres_errors("delete_conversations_before", user_id=uid):
            async with self.pool.acquire() as conn, conn.transaction():
                turns = await conn.execute("DELETE FROM turns WHERE user_id = $1 AND created_at < $2", uid, cutoff)
                sessions = await conn.execute(
                    "DELETE FROM sessions WHERE user_id = $1 AND coalesce(ended_at, started_at) < $2"
                    " AND NOT EXISTS (SELECT 1 FROM turns WHERE turns.user_id = sessions.user_id"
                    " AND turns.session_id = sessions.id)",
                    uid,
                    cutoff,
                )
        return _affected(turns), _affected(sessions)

    async def list_turns(
        self, user_id: str, *, session_id: str | None = None, limit: int = 50
    ) -> list[Turn]:
        uid = user_id_of(user_id)
        clauses, params = ["user_id = $1"], list[object]([uid])
        if session_id is not None:
            params += ids_of([session_id], "session_id")
            clauses.append("session_id = $2")
        params.append(limit_of(limit))
        sql = (
            f"SELECT {_TURN_COLUMNS} FROM (SELECT {_TURN_COLUMNS}, seq FROM turns"
            f" WHERE {' AND '.join(clauses)} ORDER BY created_at DESC, seq DESC LIMIT ${len(params)})"
            " AS latest ORDER BY created_at ASC, seq ASC"
        )
        with postgres_errors("list_turns"):
            rows = await self.pool.fetch(sql, *params)
        return [_turn(r) for r in rows]

    # --- admin ------------------------------------------------------------------------

    # --- escalations --------------------------------------------------------------

    async def add_escalation(self, escalation: Escalation) -> Escalation:
        row = escalation_row(escalation)
        with postgres_errors("add_escalation"):
            await self.pool.execute(
                f"INSERT INTO escalations ({_ESCALATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                *row,
            )
        return escalation

    async def list_escalations(self, user_id: str, *, limit: int = 100) -> list[Escalation]:
        uid = user_id_of(user_id)
        with postgres_errors("list_escalations"):
            rows = await self.pool.fetch(
                f"SELECT {_ESCALATION_COLUMNS} FROM escalations WHERE user_id = $1"
                " ORDER BY created_at DESC, id LIMIT $2",
                uid,
                limit_of(limit),
            )
        return [_escalation(r) for r in rows]

    async def mark_escalation_delivered(self, user_id: str, escalation_id: str, delivered_at: datetime) -> bool:
        uid = user_id_of(user_id)
        (eid,) = ids_of([escalation_id], "escalation_id")
        with postgres_errors("mark_escalation_delivered"):
            status = await self.pool.execute(
                "UPDATE escalations SET delivered_at = $1 WHERE id = $2 AND user_id = $3", utc(delivered_at), eid, uid
            )
        return _affected(status) > 0

    async def admin_undelivered_escalations(self, *, limit: int = 100) -> list[Escalation]:
        with postgres_errors("admin_undelivered_escalations"):
            rows = await self.pool.fetch(
                f"SELECT {_ESCALATION_COLUMNS} FROM escalations WHERE delivered_at IS NULL"
                " ORDER BY created_at, id LIMIT $1",
                limit_of(limit),
            )
        return [_escalation(r) for r in rows]

    async def admin_count_users(self) -> int:
        with postgres_errors("admin_count_users"):
            return int(await self.pool.fetchval("SELECT count(*) FROM users"))

    async def admin_users_with_retention(self) -> list[tuple[str, object]]:
        sql = (
            "SELECT user_id, data -> 'privacy' -> 'retention_days' FROM profiles"
            " WHERE jsonb_typeof(data -> 'privacy' -> 'retention_days') IS NOT NULL"
            " AND jsonb_typeof(data -> 'privacy' -> 'retention_days') <> 'null'"
        )
        with postgres_errors("admin_users_with_retention"):
            rows = await self.pool.fetch(sql)
        return [(str(row[0]), json.loads(row[1])) for row in rows]
