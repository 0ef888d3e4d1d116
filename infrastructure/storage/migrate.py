"""Versioned schema migrations for both backends, and the command that applies them.

Migrations are plain SQL files under ``migrations/<dialect>/NNNN_name.sql``,
applied in version order, each in its own transaction, and recorded in a table
(``schema_migrations`` on PostgreSQL, ``schema_version`` on SQLite) so running
them again does nothing. ``{{EMBEDDING_DIMENSIONS}}`` in a file is replaced by
the configured vector size (PostgreSQL's ``vector(d)`` column needs it).

Usage::

    python -m infrastructure.storage.migrate [--database-url URL] [--dimensions N]
    python -m infrastructure.storage.migrate --sqlite-path data/companion.db

Without arguments it migrates the backend chosen by the settings (environment
or ``.env``). The stores also apply pending migrations when they start.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import re
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.errors import ConfigurationError, StorageError

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DIMENSIONS_PLACEHOLDER = "{{EMBEDDING_DIMENSIONS}}"
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Any constant works; it only has to be the same for every process migrating this database.
_PG_ADVISORY_LOCK_ID = 7_461_300_001


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()

    def rendered(self, dimensions: int) -> str:
        return self.sql.replace(DIMENSIONS_PLACEHOLDER, str(int(dimensions)))


def load_migrations(dialect: str) -> list[Migration]:
    """The migrations of ``dialect`` ("sqlite" or "postgres") in version order."""
    directory = MIGRATIONS_DIR / dialect
    migrations: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if match is None:
            raise ConfigurationError(f"migration file name must look like 0001_name.sql: {path.name}")
        migrations.append(Migration(int(match.group(1)), match.group(2), path.read_text("utf-8")))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise ConfigurationError(f"duplicate migration versions in {directory}")
    return migrations


def _now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# --- SQLite -----------------------------------------------------------------


def apply_sqlite_migrations(conn: sqlite3.Connection, dimensions: int) -> list[int]:
    """Apply pending SQLite migrations on an autocommit connection; returns applied versions.

    Blocking: the SQLite store calls it from its writer thread.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied = {row[0]: row[1] for row in conn.execute("SELECT version, checksum FROM schema_version")}
    done: list[int] = []
    for migration in load_migrations("sqlite"):
        if migration.version in applied:
            _warn_if_changed(migration, applied[migration.version])
            continue
        # executescript commits any open transaction first, so BEGIN/COMMIT go inside the script.
        try:
            conn.executescript(
                "BEGIN IMMEDIATE;\n"
                + migration.rendered(dimensions)
                + "\n;INSERT INTO schema_version (version, name, checksum, applied_at) VALUES ("
                + f"{migration.version}, '{migration.name}', '{migration.checksum}', '{_now_text()}');\n"
                + "COMMIT;"
            )
        except sqlite3.Error:
            # Several sessions opening a new database at once all see the
            # migration pending; the first applies it, the others fail inside
            # their (rolled back) transaction. Applied by another: fine.
            if conn.in_transaction:
                conn.rollback()
            if conn.execute("SELECT 1 FROM schema_version WHERE version = ?", (migration.version,)).fetchone():
                continue
            raise
        done.append(migration.version)
    _check_sqlite_dimensions(conn, dimensions)
    return done


def _check_sqlite_dimensions(conn: sqlite3.Connection, dimensions: int) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO store_meta (name, value) VALUES ('embedding_dimensions', ?)",
        (str(int(dimensions)),),
    )
    (stored,) = conn.execute(
        "SELECT value FROM store_meta WHERE name = 'embedding_dimensions'"
    ).fetchone()
    if int(stored) != int(dimensions):
        raise ConfigurationError(
            f"this SQLite database holds {stored}-dimensional embeddings but "
            f"EMBEDDING_DIMENSIONS is {dimensions}; use another SQLITE_PATH or re-embed"
        )


def _warn_if_changed(migration: Migration, recorded_checksum: str) -> None:
    if recorded_checksum != migration.checksum:
        logger.warning(
            "migration %04d_%s changed after it was applied; add a new migration instead",
            migration.version,
            migration.name,
        )


# --- PostgreSQL -------------------------------------------------------------


async def apply_postgres_migrations(conn, dimensions: int) -> list[int]:  # conn: asyncpg.Connection
    """Apply pending PostgreSQL migrations; returns the versions applied.

    An advisory lock serialises concurrent starters (several agent workers
    booting at once); each migration and its record commit together.
    """
    await conn.execute("SELECT pg_advisory_lock($1)", _PG_ADVISORY_LOCK_ID)
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        rows = await conn.fetch("SELECT version, checksum FROM schema_migrations")
        applied = {row["version"]: row["checksum"] for row in rows}
        done: list[int] = []
        for migration in load_migrations("postgres"):
            if migration.version in applied:
                _warn_if_changed(migration, applied[migration.version])
                continue
            async with conn.transaction():
                await conn.execute(migration.rendered(dimensions))
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    migration.version,
                    migration.name,
                    migration.checksum,
                )
            done.append(migration.version)
            logger.info("applied migration %04d_%s", migration.version, migration.name)
        await check_postgres_dimensions(conn, dimensions)
        return done
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", _PG_ADVISORY_LOCK_ID)


async def check_postgres_dimensions(conn, dimensions: int) -> None:
    column_type = await conn.fetchval(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
        " WHERE attrelid = 'memories'::regclass AND attname = 'embedding'"
    )
    expected = f"vector({int(dimensions)})"
    if column_type != expected:
        raise ConfigurationError(
            f"memories.embedding is {column_type} but EMBEDDING_DIMENSIONS is {dimensions}; "
            "use another database or re-embed"
        )


async def migrate_postgres(dsn: str, dimensions: int) -> list[int]:
    """Connect to ``dsn``, apply pending migrations, disconnect."""
    import asyncpg

    from infrastructure.storage.pg_errors import postgres_errors

    with postgres_errors("migrate"):
        conn = await asyncpg.connect(dsn, timeout=10)
        try:
            return await apply_postgres_migrations(conn, dimensions)
        finally:
            await conn.close()


def migrate_sqlite(path: str, dimensions: int) -> list[int]:
    """Create the SQLite file (and its directory) if needed and apply pending migrations."""
    Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open SQLite database {path}: {exc}") from exc
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        return apply_sqlite_migrations(conn, dimensions)
    except sqlite3.Error as exc:
        raise StorageError(f"SQLite migration failed: {exc}") from exc
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m infrastructure.storage.migrate",
        description="Apply pending schema migrations.",
    )
    parser.add_argument("--database-url", help="PostgreSQL/Supabase URL (default: DATABASE_URL)")
    parser.add_argument("--sqlite-path", help="migrate this SQLite file instead of PostgreSQL")
    parser.add_argument("--dimensions", type=int, help="embedding size (default: EMBEDDING_DIMENSIONS)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from core.config import Settings

    settings = Settings()
    dimensions = args.dimensions or settings.embedding_dimensions
    try:
        if args.sqlite_path or (
            not args.database_url and settings.storage_backend == "sqlite" and not settings.database_url
        ):
            path = args.sqlite_path or settings.sqlite_path
            applied = migrate_sqlite(path, dimensions)
            target = f"SQLite {path}"
        else:
            dsn = args.database_url or settings.database_url
            if not dsn:
                raise ConfigurationError("set DATABASE_URL or pass --database-url")
            applied = asyncio.run(migrate_postgres(dsn, dimensions))
            target = "PostgreSQL"
    except (StorageError, ConfigurationError) as exc:
        print(f"migration failed: {exc}", file=sys.stderr)
        return 1
    if applied:
        print(f"{target}: applied migrations {', '.join(f'{v:04d}' for v in applied)}")
    else:
        print(f"{target}: schema is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
