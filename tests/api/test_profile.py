"""/v1/me/profile and /v1/me/sessions on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.api.conftest import auth, call


def test_profile_get_and_edit(client, user_id):
    empty = client.get("/v1/me/profile", headers=auth(user_id))
    assert empty.status_code == 200 and empty.json()["data"] == {}
    edited = client.patch(
        "/v1/me/profile",
        json={"fields": {"name": "Anna", "interests": ["chess"]}, "summary": "Anna plays chess."},
        headers=auth(user_id),
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["data"] == {"name": "Anna", "interests": ["chess"]}
    # An explicit edit replaces the field (no merge); other fields stay; null clears.
    again = client.patch(
        "/v1/me/profile", json={"fields": {"interests": ["go"], "name": None}}, headers=auth(user_id)
    ).json()
    assert again["data"] == {"name": None, "interests": ["go"]} and again["summary"] == "Anna plays chess."
    assert client.get("/v1/me/profile", headers=auth(user_id)).json()["data"]["interests"] == ["go"]
    bad = client.patch("/v1/me/profile", json={"fields": {"no spaces allowed": 1}}, headers=auth(user_id))
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"


def test_sessions_with_summaries_and_open_threads(client, user_id, other_user_id):
    services = client.app.state.services
    start = datetime(2026, 11, 17, 10, tzinfo=UTC)
    session = call(client, services.conversations.start_session, user_id, now=start)
    said = "I have a job interview on Friday."
    call(client, services.conversations.record_turn, user_id, session.id, "user", said)
    call(client, services.memory.learn_from_turn, user_id, said, session_id=session.id, now=start)
    call(client, services.conversations.end_session, user_id, session.id, now=start + timedelta(minutes=5))
    call(client, services.conversations.start_session, other_user_id, now=start)

    listed = client.get("/v1/me/sessions", headers=auth(user_id)).json()
    assert listed["count"] == 1
    only = listed["data"][0]
    assert only["id"] == session.id and only["ended_at"] is not None
    assert "your job interview" in only["open_threads"] and only["summary"]
    # The memory learned in that session names it as its source.
    memories = client.get("/v1/me/memories", headers=auth(user_id)).json()["data"]
    assert any(m["session_id"] == session.id for m in memories)
    assert client.get("/v1/me/sessions", headers=auth(other_user_id)).json()["data"][0]["open_threads"] == []


def test_insights_report_the_users_own_sessions(client, user_id, other_user_id):
    services = client.app.state.services
    start = datetime(2026, 11, 17, 10, tzinfo=UTC)
    first = call(client, services.conversations.start_session, user_id, now=start)
    said = "I'm worried and tired, my job interview is on Friday."
    call(client, services.conversations.record_turn, user_id, first.id, "user", said)
    call(client, services.memory.learn_from_turn, user_id, said, session_id=first.id, now=start)
    call(client, services.conversations.end_session, user_id, first.id, now=start + timedelta(minutes=5))
    second = call(client, services.conversations.start_session, user_id, now=start + timedelta(days=3))
    call(client, services.conversations.record_turn, user_id, second.id, "user", "The job interview went great, I'm so happy!")
    call(client, services.conversations.end_session, user_id, second.id, now=start + timedelta(days=3, minutes=2))

    report = client.get("/v1/me/insights", headers=auth(user_id)).json()
    newest, oldest = report["sessions"]
    assert oldest["session_id"] == first.id and oldest["duration_seconds"] == 300
    assert sum(oldest["learned"].values()) >= 1 and oldest["mood_label"] == "low"
    assert newest["mood_label"] == "good" and report["mood_trend"]["direction"] == "improving"
    assert any(t["followed_up"] for t in oldest["open_threads"])
    assert client.get("/v1/me/insights", headers=auth(other_user_id)).json()["sessions"] == []
    assert client.get("/v1/me/insights", headers=auth(user_id), params={"limit": 0}).status_code == 422
