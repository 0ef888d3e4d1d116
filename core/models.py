"""Domain records shared by services and storage backends.

Plain dataclasses: cheap to build in the hot path (a recall may touch hundreds
of candidates) and easy to turn into JSON with ``to_dict``. Validation of the
values lives in ``core.validators`` and is applied by services at the edge.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import numpy as np


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class MemoryKind(str, Enum):
    FACT = "fact"
    PREFERENCE = "preference"
    EVENT = "event"
    RELATIONSHIP = "relationship"
    GOAL = "goal"
    ROUTINE = "routine"
    NOTE = "note"
    # A conversation turn as said, with its neighbour window (services.episodic_memory).
    # Written by the turn record only; not a fact, so not consolidated or profiled.
    EPISODE = "episode"

    @classmethod
    def parse(cls, value: str | MemoryKind) -> MemoryKind:
        from core.errors import ValidationError

        if isinstance(value, MemoryKind):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            allowed = ", ".join(k.value for k in cls)
            raise ValidationError(f"kind must be one of: {allowed}", field="kind") from None


# Provenance lives in a memory's metadata under these keys (lists of ids), so
# both backends store it without a schema change and a merge can union it.
PROVENANCE_TURNS = "turn_ids"
PROVENANCE_SESSIONS = "session_ids"
# Bounded: a fact repeated in every conversation must not grow without limit.
MAX_PROVENANCE_IDS = 20


def provenance_ids(metadata: dict[str, Any] | None, key: str) -> list[str]:
    """The id list stored under ``key`` (strings only; anything else ignored)."""
    raw = (metadata or {}).get(key)
    if not isinstance(raw, list):
        return []
    return [item for item in raw if isinstance(item, str) and item]


def merged_provenance(first: dict[str, Any] | None, second: dict[str, Any] | None, key: str) -> list[str]:
    """Both memories' ids under ``key``, first's first, without repeats, the
    newest ``MAX_PROVENANCE_IDS`` kept."""
    ids = list(dict.fromkeys([*provenance_ids(first, key), *provenance_ids(second, key)]))
    return ids[-MAX_PROVENANCE_IDS:]


class MemorySource(str, Enum):
    CONVERSATION = "conversation"  # extracted from what the user said
    TOOL = "tool"  # the LLM called remember
    ONBOARDING = "onboarding"  # the app's onboarding data
    IMPORT = "import"  # bulk import / benchmarks
    APP = "app"  # the user wrote or corrected it in the app (HTTP API)


class TurnRole(str, Enum):
    USER = "user"
    ASSISTANT = "assistant"


@dataclass(slots=True)
class User:
    id: str
    display_name: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(slots=True)
class Profile:
    """Structured profile; ``data`` holds the fields described in profile_service."""

    user_id: str
    data: dict[str, Any] = field(default_factory=dict)
    summary: str | None = None
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(slots=True)
class Memory:
    user_id: str
    content: str
    kind: MemoryKind = MemoryKind.FACT
    key: str | None = None
    importance: float = 0.5
    embedding: np.ndarray | None = None  # float32, L2-normalised
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)
    updated_at: datetime = field(default_factory=utcnow)
    # When the remembered thing happened/was said (e.g. a LoCoMo session date);
    # defaults to created_at. Time-aware recall uses this, not created_at.
    occurred_at: datetime | None = None
    source: MemorySource = MemorySource.CONVERSATION
    session_id: str | None = None
    access_count: int = 0
    last_accessed_at: datetime | None = None
    # Consolidation: a contradicted memory is kept for history and points at its successor.
    superseded_by: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def event_time(self) -> datetime:
        return self.occurred_at or self.created_at

    @property
    def is_active(self) -> bool:
        return self.superseded_by is None

    @property
    def turn_ids(self) -> list[str]:
        """Provenance: the conversation turns this memory was learned from
        (several after repeats were merged into it), oldest first."""
        return provenance_ids(self.metadata, PROVENANCE_TURNS)

    @property
    def session_ids(self) -> list[str]:
        """Provenance: the sessions this memory was learned in, oldest first."""
        ids = provenance_ids(self.metadata, PROVENANCE_SESSIONS)
        if self.session_id and self.session_id not in ids:
            ids.insert(0, self.session_id)
        return ids

    def to_dict(self, *, include_embedding: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "user_id": self.user_id,
            "kind": self.kind.value,
            "key": self.key,
            "content": self.content,
            "importance": self.importance,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "occurred_at": self.occurred_at,
            "source": self.source.value,
            "session_id": self.session_id,
            "access_count": self.access_count,
            "last_accessed_at": self.last_accessed_at,
            "superseded_by": self.superseded_by,
            "turn_ids": self.turn_ids,
            "session_ids": self.session_ids,
            "metadata": self.metadata,
        }
        if include_embedding and self.embedding is not None:
            data["embedding"] = [float(x) for x in self.embedding]
        return _jsonable(data)


@dataclass(slots=True)
class Session:
    user_id: str
    id: str = field(default_factory=new_id)
    started_at: datetime = field(default_factory=utcnow)
    ended_at: datetime | None = None
    summary: str | None = None
    open_threads: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(slots=True)
class Turn:
    user_id: str
    session_id: str
    role: TurnRole
    text: str
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(slots=True)
class Escalation:
    """A crisis signal heard in one session, kept for the user and sent to the
    configured webhook (``delivered_at`` is set once the webhook accepted it)."""

    user_id: str
    session_id: str | None
    category: str  # services.safety_screen.CrisisCategory value
    confidence: float
    stage: str  # "screen", "semantic" or "classifier"
    rule: str | None = None
    # The words that triggered it, only when SAFETY_KEEP_TEXT is on.
    text: str | None = None
    id: str = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utcnow)
    delivered_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))


@dataclass(slots=True)
class SessionStats:
    """Aggregates over one session, computed by the store (no rows loaded)."""

    session: Session
    user_turns: int
    assistant_turns: int
    memories_by_kind: dict[str, int]  # active memories learned in the session
    # The most important memories learned in it: (kind, content, importance), best first.
    top_memories: list[tuple[str, str, float]]


@dataclass(slots=True)
class ScoredMemory:
    """A search hit: the memory and a backend-specific similarity (higher is better)."""

    memory: Memory
    score: float


@dataclass(slots=True)
class MemoryCounts:
    """Aggregates over one user's memories, computed by the store (no rows loaded)."""

    active_by_kind: dict[str, int]  # kind value -> active (not superseded) memories
    superseded: int
    oldest: datetime | None  # created_at range over all of the user's memories
    newest: datetime | None


@dataclass(frozen=True, slots=True)
class UserGeneration:
    """Where a user id stands with respect to erasure.

    ``generation`` counts the erasures of this id (0: never erased). ``erased``
    is true from an erasure until the id is explicitly started over as a new
    user; while it is, the store refuses every row for the id.
    """

    generation: int = 0
    erased: bool = False


def _jsonable(value: Any) -> Any:
    """Convert datetimes/enums/arrays so ``json.dumps`` works on the result."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, np.ndarray):
        return [float(x) for x in value]
    return value
