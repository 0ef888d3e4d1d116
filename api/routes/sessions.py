"""POST /v1/sessions: a LiveKit token for a voice session with the companion."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import CurrentUser, SettingsDep
from api.room_tokens import room_token
from api.schemas import SessionCreate, SessionToken

router = APIRouter(prefix="/v1/sessions", tags=["sessions"])


@router.post("", response_model=SessionToken, status_code=status.HTTP_201_CREATED, summary="Start a voice session")
async def create_session(user_id: CurrentUser, settings: SettingsDep, body: SessionCreate) -> SessionToken:
    """Invalid onboarding data is a 422 naming the field; nothing is written."""
    return room_token(settings, user_id, body.onboarding, incognito=body.incognito)
