"""Input checks and value conversions shared by the storage backends.

Services validate at the edge, but a store is the last line before data is
written: both backends run the same cheap checks here so that bad input gets
the same typed error (``core.errors``) from SQLite and PostgreSQL, and nothing
is written when a check fails.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, overload

import numpy as np

from core.errors import CrossUserWriteError, ValidationError
from core.models import (
    Escalation,
    Memory,
    MemoryCounts,
    MemoryKind,
    MemorySource,
    Session,
    SessionStats,
    Turn,
    TurnRole,
)
from core.validators import check_encodable, validate_user_id, validate_uuid

# Fields update_memory accepts (the contract lists them); anything else is a bug
# in the caller and is rejected rather than ignored.
UPDATABLE_MEMORY_FIELDS = frozenset(
    {"content", "kind", "key", "importance", "embedding", "occurred_at", "superseded_by", "metadata"}
)


# Metadata key of a memory's neighbour text (an episode's surrounding turns);
# rag_system.Candidate.from_memory reads the same key.
CONTEXT_KEY = "context"


def indexed_text(content: str, metadata: Mapping[str, Any] | None) -> str:
    """The words lexical search matches a memory by: its content, and for a
    memory with neighbour text (an episode's surrounding turns) that text too.
    The content is counted twice so that, of a turn and its neighbours, the
    turn that holds the words ranks first (PostgreSQL weighs the same two
    parts with ts_rank weights A=1.0 and D=0.5, migration 0004)."""
    context = (metadata or {}).get(CONTEXT_KEY)
    if not isinstance(context, str) or not context.strip():
        return content
    return f"{content} {content} {context}"


def user_id_of(value: object) -> str:
    """Canonical lower-case UUID text; both backends key rows by this form."""
    return validate_user_id(value)


def ids_of(values: Iterable[object], field: str) -> list[str]:
    """Canonical UUID texts, de-duplicated, order kept."""
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(validate_uuid(value, field), None)
    return list(seen)


@overload
def text_of(value: object, field: str) -> str: ...


@overload
def text_of(value: object, field: str, *, optional: bool) -> str | None: ...


def text_of(value: object, field: str, *, optional: bool = False) -> str | None:
    """Text is stored verbatim; only non-strings, NUL (PostgreSQL cannot store
    it) and UTF-16 surrogates (no backend can) are refused."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a string", field=field)
    if "\x00" in value:
        raise ValidationError(f"{field} contains a NUL character", field=field)
    # Neither backend can store a surrogate; refusing it here gives both the
    # same typed error instead of a driver-specific encoding failure.
    return check_encodable(value, field=field)


def kind_of(value: object) -> MemoryKind:
    return MemoryKind.parse(value)  # type: ignore[arg-type]


def kind_literal(value: object) -> str:
    """A memory kind as a quoted SQL literal, for a filter the planner must
    match against a partial index's predicate (a bound parameter cannot be
    matched). Only a validated enum value, all lower-case letters, is quoted."""
    kind = kind_of(value).value
    if not kind.replace("_", "").isalpha() or not kind.islower():
        raise ValueError(f"unexpected memory kind value {kind!r}")
    return f"'{kind}'"


# Reading a row back: stored enum text to its member by a dict lookup, and the
# usual empty metadata without the JSON parser. ``MemoryKind(text)`` goes
# through Enum.__call__ (~1 us); with two enums and a ``json.loads`` per row,
# that was over half of turning a page of 50 rows into memories.
_KIND_BY_VALUE = {kind.value: kind for kind in MemoryKind}
_SOURCE_BY_VALUE = {source.value: source for source in MemorySource}


def stored_kind(text: str) -> MemoryKind:
    """The kind a row holds (text nothing wrote raises ValueError, as ``MemoryKind(text)``)."""
    kind = _KIND_BY_VALUE.get(text)
    return kind if kind is not None else MemoryKind(text)


def stored_source(text: str) -> MemorySource:
    source = _SOURCE_BY_VALUE.get(text)
    return source if source is not None else MemorySource(text)


def stored_json_object(text: str) -> Any:
    """A JSON column's value; ``{}`` (most memories' metadata) as a new empty dict."""
    return {} if text == "{}" else json.loads(text)


def importance_of(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ValidationError("importance must be a number between 0 and 1", field="importance")
    if not 0.0 <= float(value) <= 1.0:
        raise ValidationError("importance must be between 0 and 1", field="importance")
    return float(value)


def utc(value: datetime) -> datetime:
    """Aware UTC datetime; naive values are taken to be UTC already."""
    if not isinstance(value, datetime):
        raise ValidationError("expected a datetime", field="timestamp")
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def utc_optional(value: datetime | None) -> datetime | None:
    return None if value is None else utc(value)


def embedding_of(value: object, dimensions: int) -> np.ndarray | None:
    """A contiguous float32 vector of the store's dimensions, or None."""
    if value is None:
        return None
    try:
        vector = np.ascontiguousarray(np.asarray(value, dtype=np.float32).reshape(-1))
    except (TypeError, ValueError):
        raise ValidationError("embedding must be a sequence of numbers", field="embedding") from None
    if vector.shape[0] != dimensions:
        raise ValidationError(
            f"embedding has {vector.shape[0]} dimensions; the store expects {dimensions}",
            field="embedding",
        )
    if not np.isfinite(vector).all():
        raise ValidationError("embedding contains NaN or infinity", field="embedding")
    return vector


def query_vector_of(value: object, dimensions: int) -> np.ndarray:
    vector = embedding_of(value, dimensions)
    if vector is None:
        raise ValidationError("query embedding is required", field="query_embedding")
    return vector


def json_of(value: object, field: str) -> str:
    """JSON text for dict/list columns; values JSON cannot hold are refused, not coerced."""
    if value is None:
        value = {}
    try:
        encoded = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValidationError(f"{field} must be JSON-serialisable: {exc}", field=field) from None
    return check_encodable(encoded, field=field)


def check_delete_selector(memory_ids: object, key: object, all_memories: bool) -> None:
    """delete_memories takes exactly one selector, so a missing argument can
    never widen a delete to all of a user's memories."""
    selectors = sum([memory_ids is not None, key is not None, bool(all_memories)])
    if selectors != 1:
        raise ValidationError(
            "delete_memories needs exactly one of memory_ids, key or all_memories=True",
            field="memory_ids",
        )


def limit_of(value: object, *, field: str = "limit") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{field} must be a non-negative integer", field=field)
    return value


def single_user(records: Sequence[Memory] | Sequence[Turn], what: str) -> str | None:
    """The one user every record belongs to (None for an empty batch).

    A batch that mixes users is refused as a whole: a voice session writes for
    exactly one person, so a mixed batch is a bug that must not leak data.
    """
    if not records:
        return None
    owners = {user_id_of(record.user_id) for record in records}
    if len(owners) > 1:
        raise CrossUserWriteError(f"a batch of {what} must belong to one user; got {len(owners)}")
    return owners.pop()


def memory_update_of(fields: Mapping[str, Any], dimensions: int) -> dict[str, Any]:
    """Validate update_memory's keyword fields into column values (Python types)."""
    unknown = set(fields) - UPDATABLE_MEMORY_FIELDS
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationError(f"cannot update memory field(s): {names}", field=min(unknown))
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "content":
            clean[name] = text_of(value, "content")
        elif name == "kind":
            clean[name] = kind_of(value)
        elif name == "key":
            clean[name] = text_of(value, "key", optional=True)
        elif name == "importance":
            clean[name] = importance_of(value)
        elif name == "embedding":
            clean[name] = embedding_of(value, dimensions)
        elif name == "occurred_at":
            clean[name] = utc_optional(value)
        elif name == "superseded_by":
            clean[name] = None if value is None else validate_uuid(value, "superseded_by")
        elif name == "metadata":
            json_of(value, "metadata")  # checked here, encoded by the backend
            clean[name] = dict(value) if value is not None else {}
    return clean


def checked_memory(memory: Memory, dimensions: int) -> Memory:
    """A copy of ``memory`` with every field validated and normalised."""
    json_of(memory.metadata, "metadata")
    return Memory(
        user_id=user_id_of(memory.user_id),
        content=text_of(memory.content, "content"),
        kind=kind_of(memory.kind),
        key=text_of(memory.key, "key", optional=True),
        importance=importance_of(memory.importance),
        embedding=embedding_of(memory.embedding, dimensions),
        id=validate_uuid(memory.id, "memory_id"),
        created_at=utc(memory.created_at),
        updated_at=utc(memory.updated_at),
        occurred_at=utc_optional(memory.occurred_at),
        source=memory.source,
        session_id=text_of(memory.session_id, "session_id", optional=True),
        access_count=int(memory.access_count),
        last_accessed_at=utc_optional(memory.last_accessed_at),
        superseded_by=None
        if memory.superseded_by is None
        else validate_uuid(memory.superseded_by, "superseded_by"),
        metadata=dict(memory.metadata or {}),
    )


def turn_rows(turns: Sequence[Turn]) -> list[tuple[str, str, str, str, str, datetime]]:
    """Checked (id, user_id, session_id, role, text, created_at UTC) rows for one
    user's turns; empty for an empty batch, CrossUserWriteError for mixed users."""
    owner = single_user(turns, "turns")
    if owner is None:
        return []
    rows = []
    for turn in turns:
        (tid,) = ids_of([turn.id], "turn_id")
        (sid,) = ids_of([turn.session_id], "session_id")
        try:
            role = TurnRole(turn.role).value
        except ValueError:
            raise ValidationError("role must be 'user' or 'assistant'", field="role") from None
        rows.append((tid, owner, sid, role, text_of(turn.text, "text"), utc(turn.created_at)))
    return rows


def counts_of(groups: Iterable[tuple[str, bool, int, datetime | None, datetime | None]]) -> MemoryCounts:
    """``MemoryCounts`` from (kind, active, count, oldest, newest) groups, as
    both backends' GROUP BY kind, active returns them. Every kind is listed."""
    active_by_kind = {kind.value: 0 for kind in MemoryKind}
    superseded = 0
    lows: list[datetime] = []
    highs: list[datetime] = []
    for kind, active, count, low, high in groups:
        if active:
            active_by_kind[kind] = active_by_kind.get(kind, 0) + count
        else:
            superseded += count
        if low is not None:
            lows.append(low)
        if high is not None:
            highs.append(high)
    return MemoryCounts(
        active_by_kind, superseded, utc_optional(min(lows, default=None)), utc_optional(max(highs, default=None))
    )


def merged_session_fields(into: Session, other: Session) -> tuple[datetime, datetime | None, str | None, list[str]]:
    """(started_at, ended_at, summary, open_threads) of two sessions merged into one."""
    started = min(utc(into.started_at), utc(other.started_at))
    ends = [utc(s.ended_at) for s in (into, other) if s.ended_at is not None]
    # Still open if either is: the merged conversation has not ended.
    ended = max(ends) if len(ends) == 2 else None
    first, second = sorted((into, other), key=lambda s: utc(s.started_at))
    summaries = [s.summary.strip() for s in (first, second) if s.summary and s.summary.strip()]
    threads = list(dict.fromkeys([*first.open_threads, *second.open_threads]))
    return started, ended, " ".join(summaries) or None, threads


def session_stats_of(
    sessions: list[Session],
    turns: Sequence[Sequence[Any]],
    kinds: Sequence[Sequence[Any]],
    best: Sequence[Sequence[Any]],
) -> list[SessionStats]:
    """``SessionStats`` from both backends' aggregate rows: (session, role,
    count), (session, kind, count) and (session, kind, content, importance)."""
    by_role: dict[tuple[str, str], int] = {(str(s), str(r)): int(n) for s, r, n in turns}
    by_kind: dict[str, dict[str, int]] = {}
    for session_id, kind, count in kinds:
        by_kind.setdefault(str(session_id), {})[str(kind)] = int(count)
    top: dict[str, list[tuple[str, str, float]]] = {}
    for session_id, kind, content, importance in best:
        top.setdefault(str(session_id), []).append((str(kind), str(content), float(importance)))
    return [
        SessionStats(
            session=s,
            user_turns=by_role.get((s.id, TurnRole.USER.value), 0),
            assistant_turns=by_role.get((s.id, TurnRole.ASSISTANT.value), 0),
            memories_by_kind=by_kind.get(s.id, {}),
            top_memories=top.get(s.id, []),
        )
        for s in sessions
    ]


EscalationRow = tuple[str, str, str | None, str, float, str, str | None, str | None, datetime, datetime | None]


def escalation_row(escalation: Escalation) -> EscalationRow:
    """(id, user_id, session_id, category, confidence, stage, rule, text,
    created_at, delivered_at) of a valid escalation, for both backends."""
    (eid,) = ids_of([escalation.id], "escalation_id")
    session = ids_of([escalation.session_id], "session_id")[0] if escalation.session_id is not None else None
    confidence = escalation.confidence
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0.0 <= confidence <= 1.0:
        raise ValidationError("confidence must be a number between 0 and 1", field="confidence")
    return (
        eid,
        user_id_of(escalation.user_id),
        session,
        text_of(escalation.category, "category"),
        float(confidence),
        text_of(escalation.stage, "stage"),
        text_of(escalation.rule, "rule", optional=True),
        text_of(escalation.text, "text", optional=True),
        utc(escalation.created_at),
        utc_optional(escalation.delivered_at),
    )
