"""POST /v1/sessions: a LiveKit token the agent understands."""

from __future__ import annotations

import json

import jwt
from fastapi.testclient import TestClient
from livekit.api import TokenVerifier

from agent import resolve_identity
from api.main import create_app
from tests.api.conftest import LIVEKIT_SECRET, api_settings, auth, call

ONBOARDING = {"name": "Anna", "age": 29, "interests": ["hiking", "chess"], "location": "Lahore"}


def test_token_carries_identity_metadata_grants_and_dispatch(sqlite_client, user_id):
    response = sqlite_client.post("/v1/sessions", json={"onboarding": ONBOARDING}, headers=auth(user_id))
    assert response.status_code == 201, response.text
    body = response.json()
    settings = sqlite_client.app.state.settings
    assert body["url"] == settings.livekit_url and body["room"].startswith("companion-")

    claims = TokenVerifier(settings.livekit_api_key, LIVEKIT_SECRET).verify(body["token"])
    assert claims.identity == user_id
    assert claims.video.room_join is True and claims.video.room == body["room"]
    assert claims.video.room_create is not True and claims.video.room_admin is not True
    assert json.loads(claims.metadata) == {"user_id": user_id, "onboarding": ONBOARDING}
    agents = claims.room_config.agents
    assert [a.agent_name for a in agents] == [settings.livekit_agent_name] == ["companion"]

    # Short-lived: the configured TTL.
    assert body["expires_in"] == settings.api_session_token_ttl_seconds == 600
    decoded = jwt.decode(body["token"], LIVEKIT_SECRET, algorithms=["HS256"])
    assert decoded["exp"] - decoded["nbf"] == settings.api_session_token_ttl_seconds
    # What the agent reads from the participant is this user and this onboarding data.
    identity = resolve_identity(claims.identity, claims.metadata)
    assert identity.user_id == user_id and identity.onboarding == ONBOARDING


def test_every_session_gets_a_fresh_room(sqlite_client, user_id):
    rooms = {sqlite_client.post("/v1/sessions", json={}, headers=auth(user_id)).json()["room"] for _ in range(3)}
    assert len(rooms) == 3


def test_invalid_onboarding_names_the_field_and_writes_nothing(client, user_id):
    for onboarding, field in (({"age": 7}, "age"), ({"name": "Anna", "interests": "hiking"}, "interests"),
                              ({"name": ""}, "name")):
        response = client.post("/v1/sessions", json={"onboarding": onboarding}, headers=auth(user_id))
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "invalid" and response.json()["field"] == field
        assert f"'{field}'" in response.json()["detail"]
    store = client.app.state.services.store
    assert call(client, store.get_user, user_id) is None
    assert call(client, store.get_profile, user_id) is None


def test_without_livekit_settings_it_is_a_503(tmp_path, redis_server, embedder, user_id):
    settings = api_settings(tmp_path, redis_url=redis_server.url, livekit_url=None)
    with TestClient(create_app(settings, embedder=embedder)) as client:
        response = client.post("/v1/sessions", json={}, headers=auth(user_id))
        assert response.status_code == 503 and response.json()["code"] == "not_configured"
        assert "LIVEKIT_URL" in response.json()["detail"]
