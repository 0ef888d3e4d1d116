"""LiveKit room tokens for a voice session with the companion.

The room is named here (never by the client), the participant identity is the
user id, and the participant metadata is what agent.py's ``resolve_identity``
reads: ``{"user_id": ..., "onboarding": {...}, "incognito": true}`` (the last
only for a session whose memory is paused). The room configuration
dispatches the agent by the name the worker registers (LIVEKIT_AGENT_NAME), so
it joins as soon as the user does.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

from livekit.api import AccessToken, RoomAgentDispatch, RoomConfiguration, VideoGrants

from api.schemas import SessionToken
from core.config import Settings
from core.errors import ConfigurationError
from services.onboarding_service import parse_onboarding

ROOM_PREFIX = "companion-"


def session_metadata(user_id: str, onboarding: dict[str, Any] | None, *, incognito: bool = False) -> str:
    """Participant metadata in the format agent.resolve_identity reads."""
    meta: dict[str, Any] = {"user_id": user_id}
    if onboarding is not None:
        meta["onboarding"] = onboarding
    if incognito:
        meta["incognito"] = True
    return json.dumps(meta, ensure_ascii=False, separators=(",", ":"))


def room_token(
    settings: Settings, user_id: str, onboarding: dict[str, Any] | None, *, incognito: bool = False
) -> SessionToken:
    """A short-lived token for a fresh room with the companion dispatched.

    Onboarding data is validated with the agent's own rules first
    (OnboardingDataError names the field); nothing is written here: the agent
    onboards the user when it joins.
    """
    if onboarding is not None:
        parse_onboarding(onboarding)
    if not (settings.livekit_url and settings.livekit_api_key and settings.livekit_api_secret):
        raise ConfigurationError("LiveKit is not configured (LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET)")
    room = f"{ROOM_PREFIX}{secrets.token_hex(8)}"
    ttl = settings.api_session_token_ttl_seconds
    token = (
        AccessToken(settings.livekit_api_key, settings.livekit_api_secret.get_secret_value())
        .with_identity(user_id)
        .with_metadata(session_metadata(user_id, onboarding, incognito=incognito))
        .with_grants(VideoGrants(room_join=True, room=room, can_publish=True, can_subscribe=True))
        .with_room_config(RoomConfiguration(agents=[RoomAgentDispatch(agent_name=settings.livekit_agent_name)]))
        .with_ttl(timedelta(seconds=ttl))
        .to_jwt()
    )
    return SessionToken(url=settings.livekit_url, token=token, room=room, expires_in=ttl)
