"""Supabase row-level security: a client with user A's JWT reaches only A's rows."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from core.models import Profile, Session, Turn, TurnRole, User
from infrastructure.storage.postgres_store import PostgresMemoryStore
from tests.storage.conftest import DIM, memory, unit

TABLES = {
    "users": "id",
    "profiles": "user_id",
    "memories": "user_id",
    "memory_search_terms": "user_id",  # kept in step with memories by a trigger
    "sessions": "user_id",
    "turns": "user_id",
}


async def _seed(store: PostgresMemoryStore, uid: str) -> None:
    await store.upsert_user(User(id=uid, display_name="x"))
    await store.upsert_profile(Profile(user_id=uid, data={"a": 1}))
    await store.add_memory(memory(uid, "private", embedding=unit(1)))
    session = await store.create_session(Session(user_id=uid))
    await store.add_turns([Turn(user_id=uid, session_id=session.id, role=TurnRole.USER, text="hi")])


@pytest.fixture
async def seeded(postgres_dsn, user_id, other_user_id):
    store = PostgresMemoryStore(postgres_dsn, DIM)
    await store.initialize()
    await _seed(store, user_id)
    await _seed(store, other_user_id)
    await store.close()
    conn = await asyncpg.connect(postgres_dsn)
    yield conn
    await conn.close()


async def _as_user(conn: asyncpg.Connection, role: str, sub: str | None) -> None:
    await conn.execute(f"SET LOCAL ROLE {role}")
    if sub is not None:
        await conn.execute("SELECT set_config('request.jwt.claim.sub', $1, true)", sub)


async def test_authenticated_user_reaches_only_own_rows(seeded, user_id, other_user_id):
    conn = seeded
    tx = conn.transaction()
    await tx.start()
    try:
        await _as_user(conn, "authenticated", user_id)
        assert str(await conn.fetchval("SELECT auth.uid()")) == user_id
        for table, column in TABLES.items():
            owners = {str(r[0]) for r in await conn.fetch(f"SELECT {column} FROM {table}")}
            assert owners == {user_id}, table
            assert await conn.execute(f"UPDATE {table} SET {column} = {column} WHERE {column} = $1", other_user_id) == "UPDATE 0"
            assert await conn.execute(f"DELETE FROM {table} WHERE {column} = $1", other_user_id) == "DELETE 0"
        # Writing a row for someone else is refused by the policy's WITH CHECK.
        with pytest.raises(asyncpg.exceptions.InsufficientPrivilegeError):
            await conn.execute(
                "INSERT INTO profiles (user_id, data) VALUES ($1, '{}'::jsonb)"
                " ON CONFLICT (user_id) DO NOTHING",
                str(uuid.uuid4()),
            )
    finally:
        await tx.rollback()

    # Own rows are writable.
    async with conn.transaction():
        await _as_user(conn, "authenticated", user_id)
        assert await conn.execute("UPDATE memories SET content = 'edited'") == "UPDATE 1"
        assert await conn.execute("DELETE FROM turns") == "DELETE 1"
    # And the other user's rows are exactly as they were (checked as the owner role).
    assert await conn.fetchval("SELECT content FROM memories WHERE user_id = $1", other_user_id) == "private"
    assert await conn.fetchval("SELECT count(*) FROM turns WHERE user_id = $1", other_user_id) == 1
    for table, column in TABLES.items():
        assert await conn.fetchval(f"SELECT count(*) FROM {table} WHERE {column} = $1", other_user_id) == 1


async def test_no_jwt_or_anon_reaches_nothing(seeded):
    conn = seeded
    async with conn.transaction():
        await _as_user(conn, "authenticated", None)  # authenticated role but no subject
        for table in TABLES:
            assert await conn.fetchval(f"SELECT count(*) FROM {table}") == 0
    for table in (*TABLES, "schema_migrations"):
        async with conn.transaction():
            await _as_user(conn, "anon", None)
            with pytest.raises(asyncpg.exceptions.InsufficientPrivilegeError):
                await conn.fetch(f"SELECT * FROM {table}")


async def test_rls_is_enabled_on_every_user_table(seeded):
    rows = await seeded.fetch(
        "SELECT relname, relrowsecurity FROM pg_class WHERE relname = ANY($1::text[])",
        [*TABLES, "schema_migrations"],
    )
    assert {r["relname"]: r["relrowsecurity"] for r in rows} == {t: True for t in (*TABLES, "schema_migrations")}


async def test_an_erased_user_s_own_jwt_cannot_write_them_back_or_lift_the_fence(postgres_dsn, user_id):
    """The fence holds for Supabase clients too: the trigger refuses the insert,
    and the tombstone table is out of a client's reach."""
    store = PostgresMemoryStore(postgres_dsn, DIM)
    await store.initialize()
    await _seed(store, user_id)
    await store.delete_user(user_id)
    await store.close()
    conn = await asyncpg.connect(postgres_dsn)
    try:
        for statement in (
            "INSERT INTO profiles (user_id, data) VALUES ($1, '{}'::jsonb)",
            "UPDATE user_generations SET erased_at = NULL WHERE user_id = $1",
            "SELECT erased_at FROM user_generations WHERE user_id = $1",
        ):
            tx = conn.transaction()
            await tx.start()
            try:
                await _as_user(conn, "authenticated", user_id)
                with pytest.raises(asyncpg.PostgresError) as refused:
                    await conn.execute(statement, user_id)
                assert "erased" in str(refused.value) or isinstance(
                    refused.value, asyncpg.exceptions.InsufficientPrivilegeError
                ), statement
            finally:
                await tx.rollback()
        assert await conn.fetchval("SELECT erased_at IS NOT NULL FROM user_generations WHERE user_id = $1", user_id)
        assert await conn.fetchval("SELECT count(*) FROM profiles WHERE user_id = $1", user_id) == 0
    finally:
        await conn.close()
