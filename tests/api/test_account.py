"""GET /v1/me/export and DELETE /v1/me (and the admin equivalents) on both backends."""

from __future__ import annotations

from tests.api.conftest import ADMIN_KEY, auth, call


def seed(client, user_id: str) -> str:
    client.post("/v1/me/memories", json={"content": "User lives in Karachi."}, headers=auth(user_id))
    current = client.get("/v1/me/memories", headers=auth(user_id)).json()["data"][0]
    client.patch(f"/v1/me/memories/{current['id']}", json={"content": "User lives in Lahore."}, headers=auth(user_id))
    return current["id"]


def test_export_is_complete_json(client, user_id, other_user_id):
    history_id = seed(client, user_id)
    seed(client, other_user_id)
    response = client.get("/v1/me/export", headers=auth(user_id))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"].startswith("attachment;")
    data = response.json()
    assert data["user"]["id"] == user_id and data["profile"]["user_id"] == user_id
    contents = {m["content"] for m in data["memories"]}
    assert contents == {"User lives in Karachi.", "User lives in Lahore."}  # history included
    assert any(m["id"] == history_id and m["superseded_by"] for m in data["memories"])
    assert {m["user_id"] for m in data["memories"]} == {user_id}
    assert set(data) >= {"sessions", "turns", "exported_at"}


def test_erasure_removes_everything_and_is_final(client, user_id, other_user_id):
    seed(client, user_id)
    seed(client, other_user_id)
    response = client.delete("/v1/me", headers=auth(user_id))
    assert response.status_code == 202, response.text
    assert response.json()["erased"] is True and response.json()["removed"]
    store = client.app.state.services.store
    assert call(client, store.get_user, user_id) is None
    assert call(client, store.list_memories, user_id, include_superseded=True) == []
    assert client.get("/v1/me/memories", headers=auth(user_id)).json()["count"] == 0
    assert client.get("/v1/me/export", headers=auth(user_id)).status_code == 404
    # The other user is untouched.
    assert client.get("/v1/me/memories", headers=auth(other_user_id)).json()["count"] == 1


def test_admin_export_and_erase(client, user_id):
    seed(client, user_id)
    key = {"X-API-Key": ADMIN_KEY}
    exported = client.get(f"/v1/users/{user_id}/export", headers=key)
    assert exported.status_code == 200 and len(exported.json()["memories"]) == 2
    erased = client.delete(f"/v1/users/{user_id}", headers=key)
    assert erased.status_code == 202 and erased.json()["erased"] is True
    again = client.delete(f"/v1/users/{user_id}", headers=key)
    assert again.status_code == 404 and again.json()["code"] == "not_found"
