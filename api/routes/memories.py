"""/v1/me/memories: what the companion remembers about the signed-in user."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from api.deps import CurrentUser, ServicesDep
from api.errors import not_found
from api.schemas import (
    MAX_QUERY_CHARS,
    ForgetRequest,
    Forgotten,
    MemoriesPublic,
    MemoryCreate,
    MemoryPublic,
    MemoryUpdate,
    MemoryWritten,
)
from core.models import Memory, MemoryKind, MemorySource
from services.memory_service import RememberResult

router = APIRouter(prefix="/v1/me/memories", tags=["memories"])

# The recall pipeline ranks at most this many results per search.
MAX_SEARCH_RESULTS = 50


def _written(result: RememberResult) -> MemoryWritten:
    return MemoryWritten(
        action=result.action, memory=MemoryPublic.of(result.memory), replaced=[m.id for m in result.replaced]
    )


@router.get("", response_model=MemoriesPublic, summary="List or search memories")
async def list_memories(
    user_id: CurrentUser,
    services: ServicesDep,
    kind: MemoryKind | None = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=MAX_QUERY_CHARS, description="Search through the recall pipeline."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> MemoriesPublic | Response:
    """Active memories, newest first, paged; with ``q``, the best matches from
    the same hybrid recall the voice agent uses (``offset`` does not apply)."""
    if q is not None and q.strip():
        # Browsing is not the companion recalling: no access counts are written.
        hits = await services.rag.search(user_id, q, limit=min(limit, MAX_SEARCH_RESULTS), record_access=False)
        found = [
            MemoryPublic.of(hit.candidate.memory, hit.score)
            for hit in hits
            if hit.candidate.memory is not None and (kind is None or hit.candidate.memory.kind is kind)
        ]
        return MemoriesPublic(data=found, count=len(found), limit=limit, offset=0)
    memories = await services.memory.list(user_id, kind=kind, limit=limit, offset=offset)
    total = await services.memory.count(user_id, kind=kind)
    return Response(MemoriesPublic.page_json(memories, total, limit, offset), media_type="application/json")


@router.post("", response_model=MemoryWritten, status_code=status.HTTP_201_CREATED, summary="Remember something")
async def create_memory(user_id: CurrentUser, services: ServicesDep, body: MemoryCreate) -> MemoryWritten:
    """Saved like the agent's remember tool: a repeat merges, a contradiction supersedes."""
    # As when a voice session opens: the user row and profile exist (export and erasure find them).
    await services.users.ensure_profile_exists(user_id)
    result = await services.memory.remember(
        user_id,
        body.content,
        kind=body.kind,
        importance=body.importance,
        occurred_at=body.occurred_at,
        source=MemorySource.APP,
    )
    return _written(result)


@router.post("/forget", response_model=Forgotten, summary="Forget by description")
async def forget_matching(user_id: CurrentUser, services: ServicesDep, body: ForgetRequest) -> Forgotten:
    """Deletes what the words refer to ("my phone number"), with its history; nothing on a weak match."""
    # (Annotated here: inside MemoryService, "list" names its own method, which confuses mypy.)
    removed: Sequence[Memory] = await services.memory.forget_matching(user_id, body.description)
    return Forgotten(forgotten=len(removed), ids=[m.id for m in removed])


@router.get("/{memory_id}", response_model=MemoryPublic, summary="One memory")
async def get_memory(user_id: CurrentUser, services: ServicesDep, memory_id: uuid.UUID) -> MemoryPublic:
    return MemoryPublic.of(await services.memory.get(user_id, str(memory_id)))


@router.patch("/{memory_id}", response_model=MemoryWritten, summary="Correct a memory")
async def correct_memory(
    user_id: CurrentUser, services: ServicesDep, memory_id: uuid.UUID, body: MemoryUpdate
) -> MemoryWritten:
    """The corrected memory supersedes the old one, which is kept as history."""
    result = await services.memory.correct(
        user_id, str(memory_id), body.content, kind=body.kind, importance=body.importance
    )
    return _written(result)


@router.delete("/{memory_id}", response_model=Forgotten, summary="Forget one memory")
async def forget_memory(user_id: CurrentUser, services: ServicesDep, memory_id: uuid.UUID) -> Forgotten:
    """Deletes the memory and the history rows it superseded, for real."""
    if not await services.memory.forget(user_id, str(memory_id)):
        raise not_found("no such memory")
    return Forgotten(forgotten=1, ids=[str(memory_id)])
