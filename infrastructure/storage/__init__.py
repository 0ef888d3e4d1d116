"""Storage backends behind one contract (``MemoryStore``).

``create_store(settings)`` picks the backend from ``settings.storage_backend``;
the returned store is not connected yet: ``await store.initialize()``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import ConfigurationError
from infrastructure.storage.base import MemoryStore

if TYPE_CHECKING:
    from core.config import Settings
    from infrastructure.storage.postgres_store import PostgresMemoryStore
    from infrastructure.storage.sqlite_store import SQLiteMemoryStore

__all__ = ["MemoryStore", "PostgresMemoryStore", "SQLiteMemoryStore", "create_store"]


def create_store(settings: Settings) -> MemoryStore:
    """Build (but do not connect) the configured store.

    "sqlite" uses ``settings.sqlite_path`` and creates its directory;
    "postgres" needs ``settings.database_url`` (DATABASE_URL) and applies
    migrations on start-up when ``settings.db_auto_migrate`` is true.
    """
    backend = settings.storage_backend
    if backend == "sqlite":
        from infrastructure.storage.sqlite_store import SQLiteMemoryStore

        path = settings.sqlite_path
        if path != ":memory:":
            try:
                Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigurationError(f"SQLITE_PATH {path!r}: cannot create its directory ({exc})") from exc
        return SQLiteMemoryStore(path, settings.embedding_dimensions)
    if backend == "postgres":
        if not settings.database_url:
            raise ConfigurationError(
                "STORAGE_BACKEND=postgres needs DATABASE_URL (a PostgreSQL/Supabase connection string)"
            )
        from infrastructure.storage.postgres_store import PostgresMemoryStore

        return PostgresMemoryStore(
            settings.database_url,
            settings.embedding_dimensions,
            min_size=settings.db_pool_min_size,
            max_size=settings.db_pool_max_size,
            auto_migrate=settings.db_auto_migrate,
        )
    raise ConfigurationError(f"unknown STORAGE_BACKEND {backend!r}; use 'sqlite' or 'postgres'")


def __getattr__(name: str) -> Any:
    # Backends load on first use so importing the package stays cheap.
    if name == "SQLiteMemoryStore":
        from infrastructure.storage.sqlite_store import SQLiteMemoryStore

        return SQLiteMemoryStore
    if name == "PostgresMemoryStore":
        from infrastructure.storage.postgres_store import PostgresMemoryStore

        return PostgresMemoryStore
    raise AttributeError(name)
