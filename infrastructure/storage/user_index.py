"""The SQLite backend's in-process search state: one entry per user.

An entry holds the user's embedding matrix (``vector_index``, active memories
with an embedding) and BM25 term index (``term_index``, every active memory),
so both are loaded by one query, checked against one database stamp, patched
by every committed write and evicted together.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Iterable

import numpy as np

from core.bounded import MAX_TRACKED_USERS, BoundedMap
from core.models import Memory, MemoryKind
from infrastructure.storage.normalize import indexed_text
from infrastructure.storage.term_index import TermIndex, index_terms
from infrastructure.storage.vector_index import UserVectors


class UserIndex:
    """One user's active memories, searchable by vector and by words.

    ``lock`` guards both parts; ``db_version`` is the database's change stamp
    for this user that the entry reflects.
    """

    def __init__(self, vectors: UserVectors, terms: TermIndex | None = None) -> None:
        self.vectors = vectors
        self.terms = terms if terms is not None else TermIndex()
        self.lock = threading.Lock()
        self.db_version = 0

    def __len__(self) -> int:
        # Every active memory is in the term index; the matrix holds a subset.
        return max(len(self.terms), len(self.vectors))

    def upsert(self, memory_id: str, kind: MemoryKind, terms: list[str], embedding: np.ndarray | None) -> None:
        self.terms.add(memory_id, terms)
        if embedding is None:
            self.vectors.remove(memory_id)
        else:
            self.vectors.upsert(memory_id, kind, embedding)

    def remove(self, memory_id: str) -> None:
        self.terms.remove(memory_id)
        self.vectors.remove(memory_id)


class UserIndexCache:
    """Per-user ``UserIndex`` with an LRU bound on the total number of memories.

    Consistency with the database: every write bumps the user's version and
    applies its change to a cached entry; a loader only installs what it read if
    no write happened since it started, so a stale snapshot is never cached.
    All methods are thread-safe (they run in the store's worker threads); only
    the writer thread calls ``apply``, ``drop`` and ``clear``.

    Bounded for a long-lived process: at most ``max_users`` entries (and
    ``max_rows`` memories), and write versions for the ``max_users`` users
    written most recently. Versions come from one counter, so a value is never
    reused; a forgotten user's version reads as the highest version forgotten
    so far (``_forgotten_floor``), which is at least their last one. A loader
    that started before a write therefore always sees a different version,
    even when that user's version was dropped meanwhile.
    """

    def __init__(self, max_rows: int = 500_000, max_users: int = MAX_TRACKED_USERS) -> None:
        self.max_rows = max_rows
        self.max_users = max_users
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, UserIndex] = OrderedDict()
        self._counter = itertools.count(1)
        self._forgotten_floor = 0
        self._versions: BoundedMap[str, int] = BoundedMap(max_users, on_evict=self._forget_version)
        self.loads = 0
        self.hits = 0

    def _forget_version(self, _user_id: str, version: int) -> None:
        self._forgotten_floor = max(self._forgotten_floor, version)

    def _bump(self, user_id: str) -> None:
        self._versions[user_id] = next(self._counter)

    def _version(self, user_id: str) -> int:
        return self._versions.get(user_id, self._forgotten_floor)

    def version(self, user_id: str) -> int:
        with self._lock:
            return self._version(user_id)

    def get(self, user_id: str) -> UserIndex | None:
        with self._lock:
            entry = self._entries.get(user_id)
            if entry is not None:
                self._entries.move_to_end(user_id)
                self.hits += 1
            return entry

    def install(self, user_id: str, entry: UserIndex, seen_version: int) -> bool:
        """Cache ``entry`` unless a write to this user happened after ``seen_version``."""
        with self._lock:
            self.loads += 1
            if self._version(user_id) != seen_version:
                return False
            if len(entry) > self.max_rows:
                return False
            self._entries[user_id] = entry
            self._entries.move_to_end(user_id)
            self._evict()
            return True

    def apply(
        self,
        user_id: str,
        upserts: Iterable[Memory] = (),
        removals: Iterable[str] = (),
        *,
        db_versions: tuple[int, int] | None = None,
    ) -> None:
        """Record a committed write: bump the version and patch a cached entry.

        ``upserts`` are active memories (with or without an embedding);
        ``removals`` ids of memories deleted or superseded. ``db_versions`` is
        the user's database stamp (before, after) the write; an entry that was
        not at "before" missed someone else's write and is dropped rather than
        patched.
        """
        with self._lock:
            self._bump(user_id)
            entry = self._entries.get(user_id)
            if entry is None:
                return
            if db_versions is not None and entry.db_version != db_versions[0]:
                del self._entries[user_id]
                return
        # Tokenise outside the cache-wide lock: other users' searches need not
        # wait for it. Only this (writer) thread patches entries, so the entry
        # cannot be patched by anyone else meanwhile.
        documents = [(m.id, m.kind, index_terms(indexed_text(m.content, m.metadata)), m.embedding) for m in upserts]
        with entry.lock:
            for memory_id in removals:
                entry.remove(memory_id)
            for memory_id, kind, terms, embedding in documents:
                entry.upsert(memory_id, kind, terms, embedding)
            if db_versions is not None:
                entry.db_version = db_versions[1]
        with self._lock:
            self._evict()

    def drop(self, user_id: str) -> None:
        with self._lock:
            self._bump(user_id)
            self._entries.pop(user_id, None)

    def clear(self) -> None:
        with self._lock:
            for user_id in list(self._entries):
                self._bump(user_id)
            self._entries.clear()

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {
                "cached_users": len(self._entries),
                "cached_rows": sum(len(e) for e in self._entries.values()),
                "tracked_versions": len(self._versions),
                "loads": self.loads,
                "hits": self.hits,
            }

    def _evict(self) -> None:
        total = sum(len(e) for e in self._entries.values())
        while (total > self.max_rows or len(self._entries) > self.max_users) and len(self._entries) > 1:
            _, evicted = self._entries.popitem(last=False)
            total -= len(evicted)
