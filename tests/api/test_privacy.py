"""/v1/me/privacy and incognito sessions, on both backends."""

from __future__ import annotations

import json
from datetime import timedelta

from livekit.api import TokenVerifier

from agent import resolve_identity
from core.models import Memory, Session, Turn, TurnRole, utcnow
from tests.api.conftest import LIVEKIT_SECRET, auth, call


def test_privacy_settings_get_and_edit(client, user_id, other_user_id):
    assert client.get("/v1/me/privacy", headers=auth(user_id)).json() == {"memory_paused": False, "retention_days": None}
    paused = client.patch("/v1/me/privacy", json={"memory_paused": True}, headers=auth(user_id))
    assert paused.status_code == 200, paused.text
    assert paused.json() == {"memory_paused": True, "retention_days": None}
    # Only what is sent changes.
    kept = client.patch("/v1/me/privacy", json={"retention_days": 90}, headers=auth(user_id)).json()
    assert kept == {"memory_paused": True, "retention_days": 90}
    for bad in ({"retention_days": 0}, {"retention_days": 4000}, {"retention_days": "soon"}, {"paused": True}):
        refused = client.patch("/v1/me/privacy", json=bad, headers=auth(user_id))
        assert refused.status_code == 422 and refused.json()["code"] == "invalid", bad
    cleared = client.patch("/v1/me/privacy", json={"retention_days": None}, headers=auth(user_id)).json()
    assert cleared == {"memory_paused": True, "retention_days": None}
    # The profile edit cannot reach these settings, and another user's are untouched.
    sneaky = client.patch("/v1/me/profile", json={"fields": {"privacy": "off"}}, headers=auth(user_id))
    assert sneaky.status_code == 422 and "privacy" in sneaky.text
    assert client.get("/v1/me/privacy", headers=auth(other_user_id)).json()["memory_paused"] is False
    # The settings are part of the export.
    exported = client.get("/v1/me/export", headers=auth(user_id)).json()
    assert exported["profile"]["data"]["privacy"] == {"memory_paused": True, "retention_days": None}


def test_a_retention_period_removes_older_data_at_once(client, user_id):
    services = client.app.state.services
    store = services.store
    old = utcnow() - timedelta(days=45)
    client.post("/v1/me/memories", json={"content": "I play the cello."}, headers=auth(user_id))
    call(client, store.add_memories, [Memory(user_id=user_id, content="I used to live in Oslo.", created_at=old)])
    session = call(client, store.create_session, Session(user_id=user_id, started_at=old, ended_at=old))
    call(client, store.add_turns, [Turn(user_id=user_id, session_id=session.id, role=TurnRole.USER,
                                        text="Oslo was cold.", created_at=old)])
    before = client.get("/v1/me/memories", headers=auth(user_id)).json()
    assert {m["content"] for m in before["data"]} == {"I play the cello.", "I used to live in Oslo."}

    assert client.patch("/v1/me/privacy", json={"retention_days": 30}, headers=auth(user_id)).status_code == 200
    after = client.get("/v1/me/memories", headers=auth(user_id)).json()
    assert [m["content"] for m in after["data"]] == ["I play the cello."] and after["count"] == 1
    assert client.get("/v1/me/sessions", headers=auth(user_id)).json()["count"] == 0
    assert call(client, store.list_turns, user_id) == []


def test_an_incognito_session_token_tells_the_agent(sqlite_client, user_id):
    response = sqlite_client.post("/v1/sessions", json={"incognito": True}, headers=auth(user_id))
    assert response.status_code == 201, response.text
    settings = sqlite_client.app.state.settings
    claims = TokenVerifier(settings.livekit_api_key, LIVEKIT_SECRET).verify(response.json()["token"])
    assert json.loads(claims.metadata) == {"user_id": user_id, "incognito": True}
    assert resolve_identity(claims.identity, claims.metadata).incognito is True
    plain = sqlite_client.post("/v1/sessions", json={}, headers=auth(user_id)).json()
    plain_claims = TokenVerifier(settings.livekit_api_key, LIVEKIT_SECRET).verify(plain["token"])
    assert resolve_identity(plain_claims.identity, plain_claims.metadata).incognito is False
