"""Mapping asyncpg/socket failures onto core.errors.

Callers (the batcher's retry loop, tool functions) decide what to do from the
type alone: ``StorageUnavailableError`` means "the server could not be reached
or went away, try again later"; any other ``StorageError`` means the operation
itself failed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg

from core.errors import (
    CompanionError,
    StorageError,
    StorageUnavailableError,
    UserErasedError,
)

# SQLSTATE classes meaning the server is unreachable or shutting down:
# 08 connection exception, 57P0x admin/crash shutdown or cannot connect now,
# 53300 too many connections.
_UNAVAILABLE_SQLSTATE_PREFIXES = ("08", "57P01", "57P02", "57P03", "53300")
# Raised by the erasure-fence triggers (migration 0004).
ERASED_SQLSTATE = "CE001"


def is_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` means the database could not be reached."""
    if isinstance(exc, (OSError, asyncio.TimeoutError, ConnectionError)):
        return True
    if isinstance(
        exc, (asyncpg.exceptions.ConnectionDoesNotExistError, asyncpg.exceptions.PostgresConnectionError)
    ):
        return True
    if isinstance(exc, asyncpg.exceptions.InterfaceError):
        # "connection is closed", "pool is closing": gone. Other interface
        # errors (e.g. "another operation is in progress") are bugs, not outages.
        return "closed" in str(exc) or "closing" in str(exc)
    sqlstate = getattr(exc, "sqlstate", None) or ""
    return any(sqlstate.startswith(prefix) for prefix in _UNAVAILABLE_SQLSTATE_PREFIXES)


def translated(exc: BaseException, action: str) -> StorageError:
    """The core.errors exception for a driver exception raised during ``action``."""
    detail = f"{type(exc).__name__}: {exc}".strip()
    if is_unavailable(exc):
        return StorageUnavailableError(f"PostgreSQL is unavailable ({action}): {detail}")
    return StorageError(f"PostgreSQL failed ({action}): {detail}")


@contextmanager
def postgres_errors(action: str, *, user_id: str | None = None) -> Iterator[None]:
    """Re-raise driver and socket errors as StorageError/StorageUnavailableError,
    and the erasure fence's refusal as UserErasedError (``user_id``: whose rows)."""
    try:
        yield
    except CompanionError:
        # Our own typed errors (CrossUserWriteError is also an OSError) pass through.
        raise
    except (TimeoutError, asyncpg.PostgresError, asyncpg.exceptions.InterfaceError, OSError) as exc:
        if getattr(exc, "sqlstate", None) == ERASED_SQLSTATE:
            raise UserErasedError(user_id or "(unknown)") from exc
        raise translated(exc, action) from exc
