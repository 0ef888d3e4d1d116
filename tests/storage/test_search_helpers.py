"""The pieces under the backends: query sanitising and the SQLite store's in-process search cache."""

from __future__ import annotations

import numpy as np

from core.models import MemoryKind
from infrastructure.storage.text_query import query_terms, tsquery_text
from infrastructure.storage.user_index import UserIndex, UserIndexCache
from infrastructure.storage.vector_index import UserVectors


def test_query_terms_keep_only_words():
    assert query_terms('"*NEAR( coffee AND tea; DROP--') == ["near", "coffee", "tea", "drop"]
    assert query_terms("چائے اور کافی") == ["چائے", "کافی"]  # "اور" (and) is an Urdu stop word
    assert query_terms("snake_case it's") == ["snake", "case"]
    assert query_terms("what did I say about the") == ["say"]
    assert query_terms("") == [] and query_terms("?!*()") == []
    assert len(query_terms(" ".join(f"w{i}" for i in range(100)))) == 32
    assert tsquery_text(["a", "b"]) == "a | b"


def _unit_rows(rng, n, d):
    m = rng.standard_normal((n, d)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_user_vectors_match_brute_force_through_upserts_and_removals():
    rng = np.random.default_rng(3)
    d = 16
    index = UserVectors(d, capacity=2)  # tiny capacity exercises growth
    truth: dict[str, tuple[np.ndarray, MemoryKind]] = {}
    kinds = list(MemoryKind)
    for step in range(600):
        memory_id = f"m{rng.integers(0, 150)}"
        if rng.random() < 0.3:
            index.remove(memory_id)
            truth.pop(memory_id, None)
        else:
            vector = _unit_rows(rng, 1, d)[0]
            kind = kinds[int(rng.integers(0, len(kinds)))]
            index.upsert(memory_id, kind, vector)
            truth[memory_id] = (vector, kind)
    assert len(index) == len(truth)
    query = _unit_rows(rng, 1, d)[0]
    expected = sorted(truth, key=lambda k: -float(truth[k][0] @ query))[:10]
    assert [memory_id for memory_id, _ in index.top_k(query, 10)] == expected
    facts = [k for k in expected if truth[k][1] is MemoryKind.FACT]
    got_facts = [memory_id for memory_id, _ in index.top_k(query, 100, MemoryKind.FACT)]
    assert got_facts[: len(facts)] == facts
    assert all(truth[k][1] is MemoryKind.FACT for k in got_facts)


def test_index_cache_refuses_a_snapshot_older_than_a_write():
    cache = UserIndexCache(max_rows=10)
    seen = cache.version("u")
    cache.apply("u", removals=["x"])  # a write lands while the loader is reading
    assert cache.install("u", UserIndex(UserVectors(4)), seen) is False
    assert cache.get("u") is None
    assert cache.install("u", UserIndex(UserVectors(4)), cache.version("u")) is True


def test_index_cache_evicts_least_recently_used_by_rows():
    cache = UserIndexCache(max_rows=5)
    ids = ["a", "b", "c"]
    for user in ("u1", "u2"):
        vectors = UserVectors.from_rows(2, ids, [MemoryKind.FACT] * 3, np.eye(3, 2, dtype=np.float32) + 0.1)
        cache.install(user, UserIndex(vectors), 0)
    assert cache.get("u1") is None and cache.get("u2") is not None
    assert cache.stats()["cached_rows"] == 3


def test_index_cache_patches_vectors_and_terms_together():
    """A write reaches both halves of a cached entry; memories without an
    embedding are searchable by words only."""
    from tests.storage.conftest import memory, unit

    cache = UserIndexCache()
    cache.install("u", UserIndex(UserVectors(8)), 0)
    with_vector = memory("u", "Aisha plays the guitar", embedding=unit(1))
    words_only = memory("u", "Aisha visited Lahore")
    cache.apply("u", upserts=[with_vector, words_only], db_versions=(0, 1))
    entry = cache.get("u")
    assert entry.db_version == 1 and len(entry) == 2 and len(entry.vectors) == 1
    assert {memory_id for memory_id, _ in entry.terms.search(["aisha"], 10)} == {with_vector.id, words_only.id}
    cache.apply("u", removals=[with_vector.id], db_versions=(1, 2))
    assert [memory_id for memory_id, _ in entry.terms.search(["aisha"], 10)] == [words_only.id]
    assert entry.vectors.top_k(unit(1), 10) == []
    cache.apply("u", upserts=[memory("u", "late")], db_versions=(5, 6))  # missed a foreign write
    assert cache.get("u") is None


async def test_sqlite_lexical_search_skips_words_found_in_most_rows(tmp_path, user_id, monkeypatch):
    """At scale a word in most rows has no bm25 weight; it is skipped instead of scored."""
    from infrastructure.storage import sqlite_store
    from tests.storage.conftest import DIM, memory

    store = sqlite_store.SQLiteMemoryStore(tmp_path / "fts.db", DIM)
    await store.initialize()
    await store.add_memories(
        [memory(user_id, f"coffee again, day {i}") for i in range(8)]
        + [memory(user_id, "green tea"), memory(user_id, "running shoes")]
    )
    assert len(await store.lexical_search_memories(user_id, "coffee tea")) == 9  # small index: all words count
    monkeypatch.setattr(sqlite_store, "_COMMON_TERM_MIN_ROWS", 2)  # pretend the index is large
    assert [h.memory.content for h in await store.lexical_search_memories(user_id, "coffee tea")] == ["green tea"]
    assert await store.lexical_search_memories(user_id, "Coffee?") == []
    # Looked up by stem: "runs" is stored as "run", which is rare, so it stays.
    assert [h.memory.content for h in await store.lexical_search_memories(user_id, "runs coffee")] == ["running shoes"]
    await store.close()


async def test_sqlite_lexical_search_scores_every_informative_word(tmp_path, user_id):
    """No cap on query words (scoring is in-process and cheap): every word that
    is not skipped as common contributes, and the rarest weighs the most."""
    from infrastructure.storage import sqlite_store
    from tests.storage.conftest import DIM, memory

    store = sqlite_store.SQLiteMemoryStore(tmp_path / "words.db", DIM)
    await store.initialize()
    await store.add_memories(
        [memory(user_id, f"coffee with friends, day {i}") for i in range(4)]
        + [memory(user_id, f"tea at home, day {i}") for i in range(2)]
        + [memory(user_id, "Aisha visited Lahore")]
    )
    found = [h.memory.content for h in await store.lexical_search_memories(user_id, "coffee tea aisha")]
    assert found[0] == "Aisha visited Lahore"
    assert sorted(found[1:3]) == ["tea at home, day 0", "tea at home, day 1"]
    assert sorted(found[3:]) == [f"coffee with friends, day {i}" for i in range(4)]
    await store.close()


def test_driver_errors_map_to_typed_storage_errors():
    import asyncpg
    import pytest

    from core.errors import (
        PermanentStorageError,
        StorageError,
        StorageUnavailableError,
        TransientStorageError,
    )
    from infrastructure.storage.pg_errors import postgres_errors

    cases = [
        (ConnectionRefusedError(111, "refused"), StorageUnavailableError),
        (asyncpg.exceptions.ConnectionDoesNotExistError("gone"), StorageUnavailableError),
        (asyncpg.exceptions.InterfaceError("connection is closed"), StorageUnavailableError),
        (asyncpg.exceptions.AdminShutdownError("terminating connection"), StorageUnavailableError),
        (asyncpg.exceptions.TooManyConnectionsError("too many"), StorageUnavailableError),
        (TimeoutError(), StorageUnavailableError),
        (asyncpg.exceptions.InterfaceError("another operation is in progress"), StorageError),
        (asyncpg.exceptions.UndefinedTableError("no such table"), StorageError),
        # The data itself: retrying the same rows cannot help.
        (asyncpg.exceptions.UniqueViolationError("dup"), PermanentStorageError),
        (asyncpg.exceptions.CheckViolationError("check"), PermanentStorageError),
        (asyncpg.exceptions.UntranslatableCharacterError("\\u0000"), PermanentStorageError),
        (asyncpg.exceptions._base.DataError("invalid input: connection closed"), PermanentStorageError),
        # The server is up but this attempt lost a race.
        (asyncpg.exceptions.DeadlockDetectedError("deadlock"), TransientStorageError),
        (asyncpg.exceptions.QueryCanceledError("statement timeout"), TransientStorageError),
    ]
    for raised, expected in cases:
        with pytest.raises(expected) as info, postgres_errors("test"):
            raise raised
        assert type(info.value) is expected, raised
        assert info.value.__cause__ is raised
