"""Input validation shared by every layer.

Validation happens at the edges (tool functions, services) so that storage can
assume well-formed ids and bounded text.

Text UTF-8 cannot encode (UTF-16 surrogates) is handled by one of two rules:
input a caller chose (tool arguments, API and profile fields, onboarding data)
is rejected with ``UnencodableTextError`` by ``validate_text``/``check_encodable``;
text recorded from a conversation (turns, model summaries) is repaired by
``repair_text`` so that the turn is not lost.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import TypeVar

from core.errors import (
    CrossUserWriteError,
    EmptyTextError,
    InvalidUserIdError,
    TextTooLongError,
    UnencodableTextError,
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
# The canonical form itself, which is what every layer passes on once the edge
# has checked an id: it is returned as it is (a request checks the same id 3-4
# times, and building a uuid.UUID to print it again was most of each check).
_CANONICAL_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def validate_user_id(value: object) -> str:
    """Return the canonical (lower-case, hyphenated) form of a UUID user id.

    Raises InvalidUserIdError for anything else, including UUIDs embedded in
    longer strings, so an id can never smuggle SQL or a key pattern.
    """
    if type(value) is str and _CANONICAL_UUID_TEXT.fullmatch(value):
        return value
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


# UTF-16 surrogate code points: a Python str can hold them (JSON "\\ud83d",
# an LLM reply cut mid-emoji) but UTF-8, and so SQLite, PostgreSQL, Redis and
# every HTTP API, cannot. They are the only code points a str may hold that
# UTF-8 cannot encode.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"

JsonT = TypeVar("JsonT")


def check_encodable(text: str, *, field: str = "text") -> str:
    """Return ``text`` if UTF-8 can encode it; else raise UnencodableTextError
    naming the first offending code point and its position (not the text: an
    error message must itself be encodable)."""
    found = _SURROGATE.search(text)
    if found is not None:
        raise UnencodableTextError(
            f"{field} contains a UTF-16 surrogate (U+{ord(found.group()):04X} at "
            f"position {found.start()}) that cannot be stored as text",
            field=field,
        )
    return text


def check_encodable_json(value: JsonT, *, field: str) -> JsonT:
    """``check_encodable`` for every key and string inside a JSON-like value
    (dicts, lists, scalars), as it would be stored."""
    found = _SURROGATE.search(json.dumps(value, ensure_ascii=False, default=str))
    if found is not None:
        raise UnencodableTextError(
            f"{field} contains a UTF-16 surrogate (U+{ord(found.group()):04X}) "
            "that cannot be stored as text",
            field=field,
        )
    return value


def repair_text(text: str) -> str:
    """The one repair rule for text that must not be lost (what was said in a
    conversation, a model's reply or summary), applied instead of rejecting it.

    A surrogate pair is joined into the character it encodes; every other
    surrogate (a lone half, e.g. a reply cut mid-emoji) and every NUL becomes
    U+FFFD REPLACEMENT CHARACTER. Text that needs no repair is returned as is.
    """
    if _SURROGATE.search(text) is not None:
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text.replace("\x00", REPLACEMENT_CHARACTER)


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
    check_encodable(text, field=field)
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
