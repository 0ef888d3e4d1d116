"""/v1/me/export and DELETE /v1/me: the user's copy of their data, and erasure."""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse

from api.deps import CurrentUser, ServicesDep
from api.schemas import Erasure
from core.models import utcnow
from services.container import Services

router = APIRouter(prefix="/v1/me", tags=["account"])


def erasure_of(outcome: object) -> Erasure:
    """The erasure's own report as the response: a typed result when the
    service returns one (its fields are what was removed), else a bool."""
    if isinstance(outcome, bool):
        return Erasure(erased=outcome, removed={"user": outcome})
    if dataclasses.is_dataclass(outcome) and not isinstance(outcome, type):
        removed: dict[str, Any] = dataclasses.asdict(outcome)
    else:
        to_dict = getattr(outcome, "to_dict", None)
        removed = dict(to_dict()) if callable(to_dict) else {"result": str(outcome)}
    existed = removed.get("existed", removed.get("user", True))
    return Erasure(erased=bool(existed), removed=removed)


async def export_response(services: Services, user_id: str) -> JSONResponse:
    data = await services.users.export_user(user_id)
    filename = f"companion-export-{utcnow().date().isoformat()}.json"
    return JSONResponse(data, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get(
    "/export",
    summary="Everything stored about me",
    response_class=JSONResponse,
    responses={200: {"description": "User, profile, memories with history, sessions and turns."}},
)
async def export_me(user_id: CurrentUser, services: ServicesDep) -> JSONResponse:
    return await export_response(services, user_id)


@router.delete("", response_model=Erasure, status_code=status.HTTP_202_ACCEPTED, summary="Erase me")
async def erase_me(user_id: CurrentUser, services: ServicesDep) -> Erasure:
    """Deletes the user, profile, memories, sessions, turns, cached entries; final when it returns."""
    return erasure_of(await services.users.delete_user(user_id))
