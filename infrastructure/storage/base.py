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
* A key names one slot ("location"): a user has at most one active memory per
  key. A unique index (``CURRENT_KEY_INDEX``) enforces it for every writer in
  every process; a write that would make a second one raises
  ``core.errors.WriteConflictError`` and writes nothing.
* Read-modify-write of one row is one atomic step (``modify_profile``,
  ``add_memory_superseding``): two worker processes on one user lose nothing.
* Failures raise ``core.errors.StorageError`` (or ``StorageUnavailableError``
  when the server cannot be reached), never a driver exception.
* Erasure is final: ``delete_user`` leaves a tombstone (``UserGeneration``)
  in the same transaction, and from then on any write that would create a
  row for the id (user, profile, memory, session, turn) raises
  ``core.errors.UserErasedError`` and writes nothing, until ``reinstate_user``
  explicitly starts the id over. The check runs inside the writing
  transaction, so a write racing the erasure either lands before it (and is
  erased with the rest) or is refused.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import numpy as np

from core.errors import ConfigurationError
from core.models import (
    Escalation,
    Memory,
    MemoryCounts,
    MemoryKind,
    Profile,
    ScoredMemory,
    Session,
    SessionStats,
    Turn,
    User,
    UserGeneration,
)

# The partial unique index on memories (user_id, key) WHERE the row is active
# (migration one_current_memory_per_key, both backends); its violation means a write conflict.
CURRENT_KEY_INDEX = "memories_one_current_per_key"


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

    @abc.abstractmethod
    async def bind_embedding_model(self, model: str, *, replaced: bool = False) -> None:
        """Record ``model`` as the one whose vectors this store's memories hold, or
        refuse it (``ConfigurationError``) while they hold another model's: two
        models' vectors are not comparable, even at the same size, so recall would
        rank by noise without an error. A store with no vector yet takes the new model.
        ``replaced=True``: every vector was just made again with ``model`` (``services.reembed``)."""

    @abc.abstractmethod
    async def vector_owner_ids(self) -> list[str]:
        """Every user with at least one memory vector (for re-embedding the store)."""

    # --- users & profiles --------------------------------------------------
    @abc.abstractmethod
    async def upsert_user(self, user: User) -> User: ...

    @abc.abstractmethod
    async def get_user(self, user_id: str) -> User | None: ...

    @abc.abstractmethod
    async def delete_user(self, user_id: str) -> bool:
        """Erase the user and everything of theirs (profile, memories, sessions,
        turns) and fence the id (see the module docstring). True if a row existed."""

    @abc.abstractmethod
    async def user_generation(self, user_id: str) -> UserGeneration:
        """How often the id was erased, and whether it is erased now (one indexed read)."""

    @abc.abstractmethod
    async def reinstate_user(self, user_id: str) -> UserGeneration:
        """Lift the erasure fence: the id starts over as a new, empty user in the
        generation its last erasure began. Work that captured an earlier
        generation stays fenced by the services. A no-op for an id not erased."""

    @abc.abstractmethod
    async def get_profile(self, user_id: str) -> Profile | None: ...

    @abc.abstractmethod
    async def upsert_profile(self, profile: Profile) -> Profile: ...

    @abc.abstractmethod
    async def modify_profile(self, user_id: str, change: Callable[[Profile], Profile]) -> Profile:
        """Read-modify-write the user's profile as one atomic step.

        The profile is created empty if missing, read with its row's write lock
        held (``SELECT ... FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on
        SQLite) and passed to ``change``; the ``data`` and ``summary`` of what
        ``change`` returns are stored before the lock is released, so a writer
        in any other process waits instead of overwriting. ``change`` runs
        under the lock: it must be quick and pure (a merge, no I/O); if it
        raises, nothing is written. Returns the stored profile (as read, with
        no write, when ``change`` changed neither data nor summary).
        """

    # --- memories ----------------------------------------------------------
    @abc.abstractmethod
    async def add_memories(self, memories: Sequence[Memory]) -> None:
        """Insert (or replace by id) many memories in one round trip.

        All memories must belong to the same ``user_id``; mixing users raises
        ``CrossUserWriteError`` and writes nothing; so does a batch that would
        leave two active memories with one key (``WriteConflictError``).
        """

    @abc.abstractmethod
    async def add_memory_superseding(self, memory: Memory, superseded_ids: Sequence[str]) -> list[Memory]:
        """Insert the active ``memory`` and mark the user's rows ``superseded_ids``
        as superseded by it, in one transaction; returns those rows as stored.

        Optimistic, for consolidation decided on rows read earlier: when one of
        ``superseded_ids`` is missing or no longer active (another writer got
        there first), or another active row already holds ``memory.key``, it
        raises ``WriteConflictError`` and writes nothing. The caller re-reads
        and decides again. With no ``superseded_ids`` it is a checked insert.
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
        occurred_at, superseded_by, metadata); bumps updated_at. None if absent.
        ``WriteConflictError`` if the row would become a second active one of its key."""

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
        with_embeddings: bool = True,
    ) -> list[Memory]:
        """Newest first; ``exclude_kind`` leaves one kind out (e.g. episodes).
        ``with_embeddings=False`` leaves ``embedding`` None and does not read
        the vectors (a page to display has no use for 1.5 KB per row)."""

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
    async def memories_created_between(
        self, user_id: str, start: datetime, end: datetime, *, limit: int = 200
    ) -> list[Memory]:
        """The user's active memories created in [start, end), newest first,
        with their embeddings (recall scores a time-bounded question's
        window by vector itself)."""

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
    async def session_stats(self, user_id: str, *, limit: int = 10, top_memories: int = 3) -> list[SessionStats]:
        """The user's latest sessions, newest first, with turn counts by role,
        active memories learned in each by kind, and each one's most important
        memories: aggregated in the database."""

    @abc.abstractmethod
    async def update_session_metadata(self, user_id: str, session_id: str, metadata: dict[str, Any]) -> Session | None:
        """Merge ``metadata`` into the session's (top-level keys replaced)."""

    @abc.abstractmethod
    async def reopen_session(self, user_id: str, session_id: str) -> Session | None:
        """Clear ``ended_at`` (a dropped call resumed); None if there is no such session."""

    @abc.abstractmethod
    async def merge_sessions(self, user_id: str, into_id: str, from_id: str) -> Session | None:
        """Move ``from_id``'s turns, memories and escalations into ``into_id`` and
        delete it, in one transaction. The kept session spans both (earliest
        start, latest end), joins the summaries and unions the open threads.
        None if either session is not the user's."""

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

    @abc.abstractmethod
    async def delete_conversations_before(self, user_id: str, before: datetime) -> tuple[int, int]:
        """Retention: delete the user's turns created before ``before`` and the
        sessions (with their summaries and open threads) whose last activity,
        their end or else their start, is before it, in one transaction.
        Returns (turns deleted, sessions deleted)."""

    # --- escalations (safety) -------------------------------------------------
    @abc.abstractmethod
    async def add_escalation(self, escalation: Escalation) -> Escalation:
        """Insert one escalation record."""

    @abc.abstractmethod
    async def list_escalations(self, user_id: str, *, limit: int = 100) -> list[Escalation]:
        """The user's escalations, newest first."""

    @abc.abstractmethod
    async def mark_escalation_delivered(self, user_id: str, escalation_id: str, delivered_at: datetime) -> bool:
        """Record that the webhook accepted it. False if it no longer exists."""

    @abc.abstractmethod
    async def admin_undelivered_escalations(self, *, limit: int = 100) -> list[Escalation]:
        """Escalations of every user the webhook has not accepted yet, oldest
        first: the outbox a restarted process delivers from (admin: cross-user)."""

    # --- hints ---------------------------------------------------------------
    async def warm_user(self, user_id: str) -> None:
        """Optional hint that ``user_id``'s session is starting: a backend may load
        per-user caches now (off the reply path) so the first recall is fast.
        The default does nothing; it never changes results."""

    # --- admin (explicitly cross-user) -------------------------------------
    @abc.abstractmethod
    async def admin_count_users(self) -> int: ...

    @abc.abstractmethod
    async def admin_users_with_retention(self) -> list[tuple[str, object]]:
        """(user id, raw ``privacy.retention_days`` value) of every profile that
        sets one: the retention job's work list. The values are as stored; the
        caller validates them (one user's bad value must not stop the others)."""


# The mark a store carries while services.reembed replaces its vectors.
REEMBEDDING_MARK = "reembedding:"


def embedding_model_to_record(stored: str | None, model: str, *, holds_vectors: bool, replaced: bool) -> bool:
    """``bind_embedding_model``'s rule, the same on every backend: whether ``model``
    must be recorded (False: it already is). Raises ``ConfigurationError`` when the
    store's vectors are another model's and were not just replaced."""
    if stored == model:
        return False
    if stored is not None and holds_vectors and not replaced:
        raise ConfigurationError(_embedding_model_mismatch(stored, model))
    return True


def _embedding_model_mismatch(stored: str, model: str) -> str:
    if stored.startswith(REEMBEDDING_MARK):
        return (
            f"this database's vectors were being re-embedded for {stored.removeprefix(REEMBEDDING_MARK)!r} and the "
            "run did not finish; run `python -m services.reembed` again with that model before starting"
        )
    return (
        f"this database's memories hold vectors made by {stored!r}, but the embedding model is {model!r}; "
        f"their vectors are not comparable. Set the embedding model back to {stored!r}, re-embed the database "
        "for the new one (`python -m services.reembed`), or use another database"
    )
