"""Mapping asyncpg/socket failures onto core.errors.

Callers (the batcher's retry loop, tool functions) decide what to do from the
type alone:

* ``StorageUnavailableError``: the server could not be reached or went away;
  try again later.
* ``TransientStorageError``: the server is up but this attempt lost a race
  (deadlock, serialization failure, lock or statement timeout); retrying the
  same statement may succeed.
* ``PermanentStorageError``: the server (or the driver, before sending) refused
  the data itself; the same rows will fail the same way every time.
* any other ``StorageError``: the operation failed for a reason we do not
  classify (a bug, a missing migration).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg

from core.errors import (
    CompanionError,
    PermanentStorageError,
    StorageError,
    StorageUnavailableError,
    TransientStorageError,
    UserErasedError,
)

# asyncpg's client-side DataError (an InterfaceError with no SQLSTATE, not the
# server's class-22 ``asyncpg.exceptions.DataError``): a value the driver could
# not encode before sending, e.g. text holding a lone UTF-16 surrogate.
_ClientDataError = asyncpg.exceptions._base.DataError

# SQLSTATE classes meaning the server is unreachable or shutting down:
# 08 connection exception, 57P0x admin/crash shutdown or cannot connect now,
# 53 insufficient resources (too many connections, out of memory or disk).
_UNAVAILABLE_SQLSTATE_PREFIXES = ("08", "57P01", "57P02", "57P03", "53")
# The server is up but this attempt lost: 40001 serialization failure, 40P01
# deadlock, 55P03 lock not available, 57014 statement timeout/cancelled.
_TRANSIENT_SQLSTATE_PREFIXES = ("40", "55P03", "57014")
# The data itself is refused: 22 data exception (invalid text, out-of-range
# values), 23 integrity constraint violation.
_PERMANENT_SQLSTATE_PREFIXES = ("22", "23")
# Raised by the erasure-fence triggers (migration 0005).
ERASED_SQLSTATE = "CE001"


def is_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` means the database could not be reached."""
    if isinstance(exc, _ClientDataError):
        # Client-side "invalid input for query argument": its message quotes
        # the value, which may well contain the word "closed".
        return False
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
    if isinstance(exc, asyncpg.exceptions.InternalClientError):
        # A pooled connection that the server ended while it sat idle (its
        # shutdown's FATAL arrives unasked) refuses the next query this way;
        # the pool replaces it. Each connection is used by one caller at a
        # time here, so this is never two operations sharing one.
        return True
    return _sqlstate(exc).startswith(_UNAVAILABLE_SQLSTATE_PREFIXES)


def is_permanent(exc: BaseException) -> bool:
    """True when ``exc`` means the rows themselves were refused."""
    if isinstance(exc, _ClientDataError):
        return True
    return _sqlstate(exc).startswith(_PERMANENT_SQLSTATE_PREFIXES)


def translated(exc: BaseException, action: str) -> StorageError:
    """The core.errors exception for a driver exception raised during ``action``."""
    detail = _detail(exc)
    if is_permanent(exc):
        return PermanentStorageError(f"PostgreSQL refused the data ({action}): {detail}")
    if is_unavailable(exc):
        return StorageUnavailableError(f"PostgreSQL is unavailable ({action}): {detail}")
    if _sqlstate(exc).startswith(_TRANSIENT_SQLSTATE_PREFIXES):
        return TransientStorageError(f"PostgreSQL failed, worth retrying ({action}): {detail}")
    return StorageError(f"PostgreSQL failed ({action}): {detail}")


def _detail(exc: BaseException) -> str:
    """What the error says, without the row: PostgreSQL's DETAIL line
    ("Failing row contains (...)") and asyncpg's client-side DataError quote
    the user's data, and these messages reach logs and health stats."""
    if isinstance(exc, _ClientDataError):
        return "DataError: a query argument could not be encoded"
    first_line = str(exc).strip().split("\n", 1)[0]
    return f"{type(exc).__name__}: {first_line}".strip()


def _sqlstate(exc: BaseException) -> str:
    return getattr(exc, "sqlstate", None) or ""


@contextmanager
def postgres_errors(action: str, *, user_id: str | None = None) -> Iterator[None]:
    """Re-raise driver and socket errors as StorageError/StorageUnavailableError,
    and the erasure fence's refusal as UserErasedError (``user_id``: whose rows)."""
    try:
        yield
    except CompanionError:
        # Our own typed errors (CrossUserWriteError is also an OSError) pass through.
        raise
    except (
        TimeoutError, asyncpg.PostgresError, asyncpg.exceptions.InterfaceError,
        asyncpg.exceptions.InternalClientError, OSError,
    ) as exc:
        if getattr(exc, "sqlstate", None) == ERASED_SQLSTATE:
            raise UserErasedError(user_id or "(unknown)") from exc
        raise translated(exc, action) from exc
