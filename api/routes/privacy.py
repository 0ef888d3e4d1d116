"""/v1/me/privacy: pause memory (every new session incognito) and the retention period."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import CurrentUser, ServicesDep
from api.schemas import PrivacyPublic, PrivacyUpdate

router = APIRouter(prefix="/v1/me/privacy", tags=["privacy"])


@router.get("", response_model=PrivacyPublic, summary="Privacy settings")
async def get_privacy(user_id: CurrentUser, services: ServicesDep) -> PrivacyPublic:
    return PrivacyPublic(**(await services.privacy.settings(user_id)).to_dict())


@router.patch("", response_model=PrivacyPublic, summary="Change privacy settings")
async def edit_privacy(user_id: CurrentUser, services: ServicesDep, body: PrivacyUpdate) -> PrivacyPublic:
    """Only the fields sent change. A retention period applies at once (older
    memories and conversations are deleted before this returns), then daily."""
    sent = body.model_fields_set
    changes: dict[str, Any] = {}
    if "memory_paused" in sent and body.memory_paused is not None:
        changes["memory_paused"] = body.memory_paused
    if "retention_days" in sent:
        changes["retention_days"] = body.retention_days
    await services.users.ensure_profile_exists(user_id)
    settings = await services.privacy.update(user_id, **changes)
    return PrivacyPublic(**settings.to_dict())
