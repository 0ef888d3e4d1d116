"""/v1/me/profile and /v1/me/sessions: who the companion thinks the user is, and past talks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, ServicesDep
from api.schemas import InsightsPublic, ProfilePublic, ProfileUpdate, SessionPublic, SessionsPublic

router = APIRouter(prefix="/v1/me", tags=["profile"])


@router.get("/profile", response_model=ProfilePublic, summary="The profile")
async def get_profile(user_id: CurrentUser, services: ServicesDep) -> ProfilePublic:
    return ProfilePublic.of(await services.profiles.get(user_id))


@router.patch("/profile", response_model=ProfilePublic, summary="Edit the profile")
async def edit_profile(user_id: CurrentUser, services: ServicesDep, body: ProfileUpdate) -> ProfilePublic:
    """Replaces the named fields (an explicit edit, no merging); ``null`` clears one."""
    profile = await services.users.replace_profile_fields(user_id, body.fields, summary=body.summary)
    return ProfilePublic.of(profile)


@router.get("/sessions", response_model=SessionsPublic, summary="Past conversations", tags=["sessions"])
async def list_sessions(
    user_id: CurrentUser, services: ServicesDep, limit: Annotated[int, Query(ge=1, le=100)] = 20
) -> SessionsPublic:
    """Newest first, with each session's summary and the threads it left open."""
    sessions = await services.conversations.list_sessions(user_id, limit=limit)
    return SessionsPublic(data=[SessionPublic.of(s) for s in sessions], count=len(sessions))


@router.get("/insights", response_model=InsightsPublic, summary="How conversations have gone", tags=["sessions"])
async def insights(
    user_id: CurrentUser, services: ServicesDep, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> InsightsPublic:
    """Per session: duration, turns, what was learned, topics, mood and the open threads
    (and whether a later session followed them up); the mood trend over the sessions."""
    return InsightsPublic.model_validate(await services.conversations.insights(user_id, limit=limit))
