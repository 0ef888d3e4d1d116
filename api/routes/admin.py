"""/v1/users/{user_id}/...: server-to-server routes (X-API-Key), e.g. for the app's backend."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse

from api.deps import AdminOnly, ServicesDep
from api.errors import not_found
from api.routes.account import erasure_of, export_response
from api.schemas import Erasure, MemoriesPublic

router = APIRouter(prefix="/v1/users", tags=["admin"], dependencies=[AdminOnly])


@router.get("/{user_id}/memories", response_model=MemoriesPublic, summary="A user's memories")
async def user_memories(
    user_id: uuid.UUID,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    uid = str(user_id)
    if await services.users.get_user(uid) is None:
        raise not_found("no such user")
    memories = await services.memory.list(uid, limit=limit, offset=offset)
    total = await services.memory.count(uid)
    return Response(MemoriesPublic.page_json(memories, total, limit, offset), media_type="application/json")


@router.get("/{user_id}/export", response_class=JSONResponse, summary="Export a user's data")
async def export_user(user_id: uuid.UUID, services: ServicesDep) -> JSONResponse:
    return await export_response(services, str(user_id))


@router.delete("/{user_id}", response_model=Erasure, status_code=status.HTTP_202_ACCEPTED, summary="Erase a user")
async def erase_user(user_id: uuid.UUID, services: ServicesDep) -> Erasure:
    result = erasure_of(await services.users.delete_user(str(user_id)))
    if not result.erased:
        raise not_found("no such user")
    return result
