"""The async store contract every backend implements.

Rules every backend follows (the contract tests in tests/storage check them):

* Every call takes ``user_id`` and only ever touches that user's rows. There is
  no cross-user read or write except methods whose names start with ``admin_``.
* ``user_id`` and other ids passed in are already validated (services validate
  at the edge); backends still bind them as parameters, never format them into SQL.
* Text is stored verbatim (unicode, quotes, SQL-looking text).
* Embeddings are float32 vectors of ``dimensions`` length, L2-normalised by the
  caller; ``search_memories`` returns cosine similarity (higher is better).
* Superseded memories (``superseded_by`` set) are kept for history but are not
  returned by search or by ``list_memories`` unless asked for.
* Failures raise ``core.errors.StorageError`` (or ``StorageUnavailableError``
  when the server cannot be reached), never a driver exception.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np

from core.models import (
    Memory,
    MemoryCounts,
    MemoryKind,
    Profile,
    ScoredMemory,
    Session,
    Turn,
    User,
)


class MemoryStore(abc.ABC):
    """Async storage for users, profiles, memories (with vectors), sessions and turns."""

    backend_name: str = "abstract"

    def __init__(self, dimensions: int) -> None:
        self.dimensions = dimensions

    # --- lifecycle ---------------------------------------------------------
    @abc.abstractmethod
    async def initialize(self) -> None:
        """Connect and create/migrate the schema. Idempotent."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Release connections. Idempotent."""

    @abc.abstractmethod
    async def health(self) -> dict[str, Any]:
        """{"ok": bool, "backend": str, "latency_ms": float, ...}; never raises."""

    # --- users & profiles --------------------------------------------------
    @abc.abstractmethod
    async def upsert_user(self, user: User) -> User: ...

    @abc.abstractmethod
    async def get_user(self, user_id: str) -> User | None: ...

    @abc.abstractmethod
    async def delete_user(self, user_id: str) -> bool:
        """Erase the user and everything of theirs (profile, memories, sessions, turns)."""

    @abc.abstractmethod
    async def get_profile(self, user_id: str) -> Profile | None: ...

    @abc.abstractmethod
    async def upsert_profile(self, profile: Profile) -> Profile: ...

    # --- memories ----------------------------------------------------------
    @abc.abstractmethod
    async def add_memories(self, memories: Sequence[Memory]) -> None:
        """Insert (or replace by id) many memories in one round trip.

        All memories must belong to the same ``user_id``; mixing users raises
        ``CrossUserWriteError`` and writes nothing.
        """

    async def add_memory(self, memory: Memory) -> Memory:
        await self.add_memories([memory])
        return memory

    @abc.abstractmethod
    async def get_memories(self, user_id: str, memory_ids: Sequence[str]) -> list[Memory]:
        """Fetch by id in one round trip; ids of other users are silently absent."""

    async def get_memory(self, user_id: str, memory_id: str) -> Memory | None:
        found = await self.get_memories(user_id, [memory_id])
        return found[0] if found else None

    @abc.abstractmethod
    async def update_memory(self, user_id: str, memory_id: str, **fields: Any) -> Memory | None:
        """Update the named fields (content, kind, key, importance, embedding,
        occurred_at, superseded_by, metadata); bumps updated_at. None if absent."""

    @abc.abstractmethod
    async def delete_memories(
        self,
        user_id: str,
        *,
        memory_ids: Sequence[str] | None = None,
        key: str | None = None,
        all_memories: bool = False,
    ) -> int:
        """Delete by ids, by key, or all (explicitly). Returns rows deleted."""

    @abc.abstractmethod
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
    ) -> list[Memory]:
        """Newest first; ``exclude_kind`` leaves one kind out (e.g. episodes)."""

    @abc.abstractmethod
    async def search_memories(
        self,
        user_id: str,
        query_embedding: np.ndarray,
        *,
        limit: int = 10,
        kind: MemoryKind | None = None,
    ) -> list[ScoredMemory]:
        """Vector search (cosine) over the user's active memories."""

    @abc.abstractmethod
    async def lexical_search_memories(
        self, user_id: str, query: str, *, limit: int = 10
    ) -> list[ScoredMemory]:
        """Full-text search over the user's active memories (FTS5 / tsvector);
        score is higher-is-better. Arbitrary user text must be safe here."""

    @abc.abstractmethod
    async def count_memories(self, user_id: str, *, include_superseded: bool = False) -> int: ...

    @abc.abstractmethod
    async def memory_counts(self, user_id: str) -> MemoryCounts:
        """Active memories per kind, superseded count and created_at range, in
        one aggregate query (the stats tool must not read 100k rows)."""

    @abc.abstractmethod
    async def record_memory_access(self, user_id: str, memory_ids: Sequence[str]) -> None:
        """Increment access_count and set last_accessed_at (recall frequency signal)."""

    @abc.abstractmethod
    async def delete_memories_before(
        self, user_id: str, before: datetime, *, max_importance: float = 1.0
    ) -> int:
        """Cleanup: delete memories created before ``before`` with importance <= max."""

    # --- sessions & turns --------------------------------------------------
    @abc.abstractmethod
    async def create_session(self, session: Session) -> Session: ...

    @abc.abstractmethod
    async def end_session(
        self,
        user_id: str,
        session_id: str,
        *,
        ended_at: datetime,
        summary: str | None,
        open_threads: Sequence[str],
    ) -> Session | None: ...

    @abc.abstractmethod
    async def get_session(self, user_id: str, session_id: str) -> Session | None: ...

    @abc.abstractmethod
    async def list_sessions(self, user_id: str, *, limit: int = 10) -> list[Session]:
        """Newest first."""

    @abc.abstractmethod
    async def add_turns(self, turns: Sequence[Turn]) -> None:
        """Insert many turns of one user in one round trip."""

    @abc.abstractmethod
    async def list_turns(
        self, user_id: str, *, session_id: str | None = None, limit: int = 50
    ) -> list[Turn]:
        """Most recent ``limit`` turns, returned oldest first."""

    # --- hints ---------------------------------------------------------------
    async def warm_user(self, user_id: str) -> None:
        """Optional hint that ``user_id``'s session is starting: a backend may load
        per-user caches now (off the reply path) so the first recall is fast.
        The default does nothing; it never changes results."""

    # --- admin (explicitly cross-user) -------------------------------------
    @abc.abstractmethod
    async def admin_count_users(self) -> int: ...
