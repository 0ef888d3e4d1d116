"""Input validation shared by every layer.

Validation happens at the edges (tool functions, services) so that storage can
assume well-formed ids and bounded text.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from core.errors import (
    CrossUserWriteError,
    EmptyTextError,
    InvalidUserIdError,
    TextTooLongError,
    ValidationError,
)

# Defaults; Settings can tighten or loosen them (see core.config).
DEFAULT_MAX_TEXT_CHARS = 100_000
DEFAULT_MAX_KEY_CHARS = 200

# ASCII only: uuid.UUID() alone accepts non-ASCII digits (int() does), which
# would let two different strings name the same user.
_UUID_TEXT = re.compile(
    r"\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?"
)


def validate_user_id(value: object) -> str:
    """Return the canonical (lower-case, hyphenated) form of a UUID user id.

    Raises InvalidUserIdError for anything else, including UUIDs embedded in
    longer strings, so an id can never smuggle SQL or a key pattern.
    """
    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str):
        raise InvalidUserIdError(value)
    candidate = value.strip()
    if len(candidate) not in (32, 36, 38) or not _UUID_TEXT.fullmatch(candidate):
        raise InvalidUserIdError(value)
    try:
        return str(uuid.UUID(candidate))
    except ValueError:
        raise InvalidUserIdError(value) from None


def validate_uuid(value: object, field: str) -> str:
    """Like validate_user_id, for other ids (memory, session)."""
    try:
        return validate_user_id(value)
    except InvalidUserIdError:
        raise ValidationError(f"{field} must be a UUID", field=field) from None


def validate_text(
    text: object,
    *,
    field: str = "text",
    max_chars: int = DEFAULT_MAX_TEXT_CHARS,
    allow_empty: bool = False,
) -> str:
    """Return text unchanged (not stripped: stored verbatim) if it is acceptable."""
    if not isinstance(text, str):
        raise ValidationError(f"{field} must be a string", field=field)
    if "\x00" in text:
        # PostgreSQL text cannot hold NUL; reject rather than silently alter.
        raise ValidationError(f"{field} contains a NUL character", field=field)
    if not allow_empty and not text.strip():
        raise EmptyTextError(f"{field} is empty", field=field)
    if len(text) > max_chars:
        raise TextTooLongError(len(text), max_chars, field=field)
    return text


def validate_key(key: object, *, max_chars: int = DEFAULT_MAX_KEY_CHARS) -> str | None:
    """Memory keys are optional short labels ("home_city"); None stays None."""
    if key is None:
        return None
    return validate_text(key, field="key", max_chars=max_chars).strip()


def validate_importance(value: object) -> float:
    """Importance is a float in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError("importance must be a number between 0 and 1", field="importance")
    importance = float(value)
    if not 0.0 <= importance <= 1.0:
        raise ValidationError("importance must be between 0 and 1", field="importance")
    return importance


@dataclass(frozen=True)
class WriteGuard:
    """Binds a session to one user; every write it makes is checked against it.

    A voice session is opened for exactly one participant. Services take the
    guard's user id for writes; ``check`` catches the bug class where a row
    built for someone else (from a stale cache, a confused tool call) would be
    written under this session.
    """

    user_id: str

    @classmethod
    def for_user(cls, user_id: object) -> WriteGuard:
        return cls(validate_user_id(user_id))

    def check(self, target_user_id: object) -> str:
        target = validate_user_id(target_user_id)
        if target != self.user_id:
            raise CrossUserWriteError(
                "this session belongs to another user and cannot write their data"
            )
        return target
