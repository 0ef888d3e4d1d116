"""Request and response bodies of the HTTP API (they make the OpenAPI schema)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import to_json

from core.models import Memory, MemoryKind, Profile, Session

# Bounds stop a fuzzer (or a client bug) from sending megabytes through the
# embedding model; the services still validate with their own limits.
MAX_CONTENT_CHARS = 5_000
MAX_QUERY_CHARS = 500
Content = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_CONTENT_CHARS)]


class MemoryPublic(BaseModel):
    """One memory as the user sees it (no embedding)."""

    id: str
    kind: MemoryKind
    key: str | None
    content: str
    importance: float
    source: str
    session_id: str | None = Field(description="The conversation it came from, when it came from one.")
    created_at: datetime
    updated_at: datetime
    occurred_at: datetime | None
    superseded_by: str | None = Field(description="Set on history rows: the memory that replaced this one.")
    score: float | None = Field(default=None, description="Search relevance (searches only).")

    @staticmethod
    def fields_of(memory: Memory, score: float | None = None) -> dict[str, Any]:
        """This model's fields of a stored memory, in field order, as the plain
        values the model would hold (enums as their text, importance a float)."""
        return {
            "id": memory.id,
            "kind": memory.kind.value,
            "key": memory.key,
            "content": memory.content,
            "importance": float(memory.importance),
            "source": memory.source.value,
            "session_id": memory.session_id,
            "created_at": memory.created_at,
            "updated_at": memory.updated_at,
            "occurred_at": memory.occurred_at,
            "superseded_by": memory.superseded_by,
            "score": None if score is None else round(float(score), 4),
        }

    @classmethod
    def of(cls, memory: Memory, score: float | None = None) -> MemoryPublic:
        return cls(**cls.fields_of(memory, score))


class MemoriesPublic(BaseModel):
    data: list[MemoryPublic]
    count: int = Field(description="Active memories matching the filter (for a search: the hits returned).")
    limit: int
    offset: int

    @staticmethod
    def page_json(memories: Sequence[Memory], count: int, limit: int, offset: int) -> bytes:
        """A page of stored memories as this model's JSON, serialised once from
        the memories' values: the same bytes as validating them into models and
        dumping those (tests compare the two), at about half the CPU; a page is
        the API's most frequent response. Values come from the store, already
        checked when they were written."""
        page = {
            "data": [MemoryPublic.fields_of(memory) for memory in memories],
            "count": count,
            "limit": limit,
            "offset": offset,
        }
        # inf_nan_mode as the models serialise a non-finite float (null);
        # serialize_unknown off: a value of a type no field holds is an error.
        return to_json(page, inf_nan_mode="null", serialize_unknown=False)


class MemoryCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    content: Content
    kind: MemoryKind = MemoryKind.FACT
    importance: float = Field(default=0.5, ge=0.0, le=1.0)
    occurred_at: datetime | None = None


class MemoryUpdate(BaseModel):
    """A correction: the new text (and optionally kind/importance) supersedes the old memory."""

    model_config = ConfigDict(extra="forbid")

    content: Content
    kind: MemoryKind | None = None
    importance: float | None = Field(default=None, ge=0.0, le=1.0)


class MemoryWritten(BaseModel):
    action: Literal["created", "merged", "superseded", "forgotten"]
    memory: MemoryPublic
    replaced: list[str] = Field(description="Ids of the memories this one made history.")


class ForgetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUERY_CHARS)
    ] = Field(description='What to forget, in plain words ("my phone number").')


class Forgotten(BaseModel):
    forgotten: int
    ids: list[str]


class ProfilePublic(BaseModel):
    user_id: str
    data: dict[str, Any]
    summary: str | None
    updated_at: datetime

    @classmethod
    def of(cls, profile: Profile) -> ProfilePublic:
        return cls(user_id=profile.user_id, data=profile.data, summary=profile.summary, updated_at=profile.updated_at)


class ProfileUpdate(BaseModel):
    """Fields to replace (top level); fields not named stay as they are."""

    model_config = ConfigDict(extra="forbid")

    fields: dict[
        Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,49}$")],
        str | int | float | bool | list[str] | None,
    ] = Field(default_factory=dict, max_length=30)
    summary: Annotated[str, StringConstraints(max_length=2_000)] | None = None


class SessionPublic(BaseModel):
    id: str
    started_at: datetime
    ended_at: datetime | None
    summary: str | None
    open_threads: list[str]

    @classmethod
    def of(cls, session: Session) -> SessionPublic:
        return cls(
            id=session.id,
            started_at=session.started_at,
            ended_at=session.ended_at,
            summary=session.summary,
            open_threads=list(session.open_threads),
        )


class SessionsPublic(BaseModel):
    data: list[SessionPublic]
    count: int


class ImportantMemory(BaseModel):
    kind: str
    content: str
    importance: float


class OpenThread(BaseModel):
    thread: str
    followed_up: bool = Field(description="A later session came back to it.")


class SessionInsight(BaseModel):
    session_id: str
    started_at: datetime
    ended_at: datetime | None
    duration_seconds: int | None
    user_turns: int
    assistant_turns: int
    learned: dict[str, int] = Field(description="Active memories learned in the session, by kind.")
    most_important: list[ImportantMemory]
    topics: list[str]
    mood: float | None = Field(description="-1 (low) to 1 (good), from what the user said; null if no signal.")
    mood_label: str | None
    summary: str | None
    open_threads: list[OpenThread]


class MoodTrend(BaseModel):
    oldest_to_newest: list[float]
    direction: str | None = Field(description="improving, declining or steady (latest three vs the three before).")


class InsightTotals(BaseModel):
    sessions: int
    user_turns: int
    learned: int
    threads_open: int
    threads_followed_up: int


class InsightsPublic(BaseModel):
    sessions: list[SessionInsight]
    mood_trend: MoodTrend
    totals: InsightTotals


class SessionCreate(BaseModel):
    """Start a voice session; ``onboarding`` is validated like the agent does."""

    model_config = ConfigDict(extra="forbid")

    onboarding: dict[str, Any] | None = Field(
        default=None, description="The app's onboarding data for a new user (name, age, interests, ...)."
    )
    incognito: bool = Field(
        default=False,
        description="Pause memory for this session: nothing from it is stored (no turns, no summary, "
        "nothing learned). The agent says so when it starts.",
    )


class SessionToken(BaseModel):
    url: str = Field(description="The LiveKit server URL to connect to.")
    token: str = Field(description="LiveKit access token for this room only, short-lived.")
    room: str
    expires_in: int = Field(description="Seconds the token stays valid.")


class Erasure(BaseModel):
    erased: bool = Field(description="True when a user existed and was removed.")
    removed: dict[str, Any] = Field(description="What was removed, as the erasure reports it.")


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    ready: bool
    store: dict[str, Any]
    cache: dict[str, Any]
    embedding_model_loaded: bool


class PrivacyPublic(BaseModel):
    memory_paused: bool = Field(description="While on, every new voice session is incognito.")
    retention_days: int | None = Field(
        description="Memories and conversations older than this many days are deleted; null keeps everything."
    )


class PrivacyUpdate(BaseModel):
    """Settings to change; fields not sent stay as they are."""

    model_config = ConfigDict(extra="forbid")

    memory_paused: bool | None = None
    retention_days: Annotated[int, Field(ge=1, le=3650)] | None = Field(
        default=None, description="1 to 3650 days, or null to keep everything (send it explicitly to clear)."
    )
