"""Typed exceptions for Companion.

Every layer raises one of these instead of returning ``{"success": False}``
dicts. Tool functions in ``agent.py`` turn them into a short sentence for the
LLM; nothing below the agent swallows them.
"""

from __future__ import annotations


class CompanionError(Exception):
    """Base class for every error Companion raises on purpose."""


class ValidationError(CompanionError, ValueError):
    """Input was rejected before anything was read or written."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class InvalidUserIdError(ValidationError):
    """A user id that is not a UUID."""

    def __init__(self, value: object) -> None:
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        super().__init__(f"user id must be a UUID, got {shown}", field="user_id")


class EmptyTextError(ValidationError):
    """Text that is empty or only whitespace where content is required."""


class TextTooLongError(ValidationError):
    """Text longer than the configured limit."""

    def __init__(self, length: int, limit: int, *, field: str = "text") -> None:
        super().__init__(f"{field} is {length} characters; the limit is {limit}", field=field)
        self.length = length
        self.limit = limit


class UnencodableTextError(ValidationError):
    """Text holding code points UTF-8 cannot encode (UTF-16 surrogates, e.g. a
    lone ``"\\ud83d"`` from a JSON escape): no database can store it as text.
    The message names the code point and position, never the text itself."""


class CrossUserWriteError(CompanionError, PermissionError):
    """A session tried to write data that belongs to a different user."""


class NotFoundError(CompanionError, LookupError):
    """The requested row does not exist for this user."""


class UserErasedError(CompanionError):
    """A write for a user who was erased (or for a generation of the user that an
    erasure ended); nothing was written. Permanent: retrying cannot succeed."""

    def __init__(self, user_id: str) -> None:
        super().__init__(f"user {user_id} was erased; nothing was written")
        self.user_id = user_id


class StorageError(CompanionError):
    """The database failed; the operation did not complete."""


class TransientStorageError(StorageError):
    """The database failed for a reason that may pass (a lock, a deadlock, a
    lost connection): the same write may succeed if retried."""


class StorageUnavailableError(TransientStorageError):
    """The database cannot be reached (a transient condition worth retrying)."""


class PermanentStorageError(StorageError):
    """The database refused the data itself (a data exception, a constraint
    violation, text it cannot encode): retrying the same rows cannot succeed.

    A plain ``StorageError`` is neither: its cause is unknown, so the batcher
    retries it (bounded) like a transient one.
    """


class WriteConflictError(CompanionError):
    """A concurrent writer (possibly another process) changed the rows this
    write was decided on, so nothing was written. Retrying the same write
    cannot help (hence not a StorageError); re-read and decide again."""


class WritesNotPersistedError(StorageError):
    """Queued writes could not be made durable (the batcher kept them queued
    until it had to give up, e.g. at shutdown); says how many."""

    def __init__(self, message: str, *, memories: int = 0, turns: int = 0) -> None:
        super().__init__(message)
        self.memories = memories
        self.turns = turns


class ResourceClosedError(CompanionError):
    """A shared resource (batcher, connection pool) was used after close()."""


class CacheError(CompanionError):
    """The cache failed in a way the fallback could not absorb."""


class EmbeddingError(CompanionError):
    """An embedding could not be computed."""


class LLMError(CompanionError):
    """The language model failed or returned something unusable."""


class OnboardingDataError(ValidationError):
    """Onboarding data from the app is malformed; nothing was written."""


class ConfigurationError(CompanionError):
    """A required setting is missing or invalid."""


class LocalModelError(CompanionError):
    """A model process on this machine could not start or keep running."""
