"""/v1/me/memories on SQLite and PostgreSQL+pgvector, with a real Redis."""

from __future__ import annotations

import json
import uuid

from pydantic import TypeAdapter

from api.schemas import MemoriesPublic, MemoryPublic
from core.models import PROVENANCE_TURNS, MemoryKind, MemorySource
from tests.api.conftest import ADMIN_KEY, auth, call
from tests.api.test_schemas import ODD_TEXTS


def remember(client, user_id: str, content: str, kind: str = "fact") -> dict:
    response = client.post("/v1/me/memories", json={"content": content, "kind": kind}, headers=auth(user_id))
    assert response.status_code == 201, response.text
    return response.json()["memory"]


def test_create_list_page_and_filter(client, user_id):
    facts = ["User works as a nurse at the city hospital.", "User's car is a red Toyota.", "User was born in Quetta."]
    made = [remember(client, user_id, text, "fact") for text in facts]
    made.append(remember(client, user_id, "User likes green tea.", "preference"))

    listed = client.get("/v1/me/memories", headers=auth(user_id)).json()
    assert listed["count"] == 4
    assert [m["id"] for m in listed["data"]] == [m["id"] for m in reversed(made)]  # newest first

    first = client.get("/v1/me/memories?limit=2&offset=0", headers=auth(user_id)).json()
    second = client.get("/v1/me/memories?limit=2&offset=2", headers=auth(user_id)).json()
    assert len(first["data"]) == len(second["data"]) == 2
    assert {m["id"] for m in first["data"]} | {m["id"] for m in second["data"]} == {m["id"] for m in made}

    prefs = client.get("/v1/me/memories?kind=preference", headers=auth(user_id)).json()
    assert prefs["count"] == 1 and prefs["data"][0]["content"] == "User likes green tea."


def test_search_goes_through_recall(client, user_id):
    remember(client, user_id, "User has a job interview at the bank on Friday.", "event")
    remember(client, user_id, "User's sister is called Sana.", "relationship")
    remember(client, user_id, "User likes hiking in the mountains.", "preference")

    found = client.get("/v1/me/memories", params={"q": "when is my interview"}, headers=auth(user_id)).json()
    assert found["data"][0]["content"].startswith("User has a job interview")
    assert found["data"][0]["score"] is not None

    only_relationships = client.get(
        "/v1/me/memories", params={"q": "sister", "kind": "relationship"}, headers=auth(user_id)
    ).json()
    assert [m["kind"] for m in only_relationships["data"]] == ["relationship"]


def test_get_and_correct_keep_history(client, user_id):
    old = remember(client, user_id, "User lives in Karachi.")
    assert client.get(f"/v1/me/memories/{old['id']}", headers=auth(user_id)).json()["content"] == old["content"]

    response = client.patch(
        f"/v1/me/memories/{old['id']}", json={"content": "User lives in Lahore."}, headers=auth(user_id)
    )
    assert response.status_code == 200, response.text
    written = response.json()
    assert written["action"] == "superseded" and written["replaced"] == [old["id"]]
    new_id = written["memory"]["id"]

    listed = client.get("/v1/me/memories", headers=auth(user_id)).json()
    assert [m["content"] for m in listed["data"]] == ["User lives in Lahore."]
    history = client.get(f"/v1/me/memories/{old['id']}", headers=auth(user_id)).json()
    assert history["superseded_by"] == new_id  # kept, pointing at its correction
    # A history row cannot be corrected again.
    again = client.patch(f"/v1/me/memories/{old['id']}", json={"content": "x y"}, headers=auth(user_id))
    assert again.status_code == 404 and again.json()["code"] == "not_found"


def test_forget_one_deletes_it_from_the_store(client, user_id):
    kept = remember(client, user_id, "User likes green tea.", "preference")
    gone = remember(client, user_id, "User's phone number is 0300 1234567.")
    assert client.get("/v1/me/memories", headers=auth(user_id)).json()["count"] == 2
    response = client.delete(f"/v1/me/memories/{gone['id']}", headers=auth(user_id))
    assert response.status_code == 200 and response.json() == {"forgotten": 1, "ids": [gone["id"]]}
    # The (cached) count follows the deletion.
    assert client.get("/v1/me/memories", headers=auth(user_id)).json()["count"] == 1
    store = client.app.state.services.store
    assert call(client, store.get_memory, user_id, gone["id"]) is None
    assert call(client, store.get_memory, user_id, kept["id"]) is not None
    again = client.delete(f"/v1/me/memories/{gone['id']}", headers=auth(user_id))
    assert again.status_code == 404 and again.json()["detail"] == "no such memory"


def test_forget_by_description(client, user_id):
    remember(client, user_id, "User's phone number is 0300 1234567.")
    tea = remember(client, user_id, "User likes green tea.", "preference")
    response = client.post("/v1/me/memories/forget", json={"description": "my phone number"}, headers=auth(user_id))
    assert response.status_code == 200 and response.json()["forgotten"] == 1
    left = client.get("/v1/me/memories", headers=auth(user_id)).json()
    assert [m["id"] for m in left["data"]] == [tea["id"]]
    nothing = client.post("/v1/me/memories/forget", json={"description": "my cat"}, headers=auth(user_id))
    assert nothing.json() == {"forgotten": 0, "ids": []}


def test_two_users_never_see_each_other(client, user_id, other_user_id):
    mine = remember(client, user_id, "User's secret hobby is collecting stamps.")
    theirs = remember(client, other_user_id, "User is allergic to peanuts.")
    for path in (f"/v1/me/memories/{theirs['id']}",):
        response = client.get(path, headers=auth(user_id))
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.patch(
        f"/v1/me/memories/{theirs['id']}", json={"content": "changed"}, headers=auth(user_id)
    ).status_code == 404
    assert client.delete(f"/v1/me/memories/{theirs['id']}", headers=auth(user_id)).status_code == 404
    assert client.get(f"/v1/me/memories/{theirs['id']}", headers=auth(other_user_id)).status_code == 200
    listed = client.get("/v1/me/memories", headers=auth(user_id)).json()
    assert [m["id"] for m in listed["data"]] == [mine["id"]]
    searched = client.get("/v1/me/memories", params={"q": "peanuts allergy"}, headers=auth(user_id)).json()
    assert theirs["id"] not in {m["id"] for m in searched["data"]}
    forget = client.post("/v1/me/memories/forget", json={"description": "that I am allergic to peanuts"},
                         headers=auth(user_id))
    assert forget.json()["forgotten"] == 0
    assert client.get(f"/v1/me/memories/{theirs['id']}", headers=auth(other_user_id)).status_code == 200


def test_bad_input_is_a_typed_422(sqlite_client, user_id):
    client = sqlite_client
    cases = [
        (client.post, "/v1/me/memories", {"json": {"content": "  "}}, "content"),
        (client.post, "/v1/me/memories", {"json": {"content": "x", "kind": "gossip"}}, "kind"),
        (client.post, "/v1/me/memories", {"json": {"content": "x", "importance": 2}}, "importance"),
        (client.get, "/v1/me/memories/not-a-uuid", {}, "memory_id"),
        (client.get, "/v1/me/memories?limit=0", {}, "limit"),
    ]
    for method, path, extra, field in cases:
        response = method(path, headers=auth(user_id), **extra)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["code"] == "invalid" and response.json()["field"] == field
    assert client.get("/v1/me/memories", headers=auth(user_id)).json()["count"] == 0


def test_unknown_memory_is_404(sqlite_client, user_id):
    response = sqlite_client.get(f"/v1/me/memories/{uuid.uuid4()}", headers=auth(user_id))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_memory_kinds_in_schema_match_the_model(sqlite_client):
    schema = sqlite_client.get("/openapi.json").json()
    assert schema["components"]["schemas"]["MemoryKind"]["enum"] == [k.value for k in MemoryKind]


def test_secrets_are_redacted_before_storage(client, user_id):
    written = remember(client, user_id, "User's card number is 4111 1111 1111 1111.")
    store = client.app.state.services.store
    stored = call(client, store.get_memory, user_id, written["id"])
    assert "4111" not in stored.content and "[card number removed]" in stored.content
    conversations = client.app.state.services.conversations
    session = call(client, conversations.start_session, user_id)
    call(client, conversations.record_turn, user_id, session.id, "user", "my password is hunter2")
    call(client, conversations.end_session, user_id, session.id)
    turns = call(client, store.list_turns, user_id)
    assert [t.text for t in turns] == ["my password is [secret removed]"]
    exported = client.get("/v1/me/export", headers=auth(user_id)).text
    assert "hunter2" not in exported and "4111 1111" not in exported


def test_list_pages_are_byte_for_byte_the_validated_models(client, user_id):
    """The list (and the admin list) send a page serialised straight from the
    stored memories; it must be exactly what the response model would send,
    for what the store gives back on each backend."""
    services = client.app.state.services
    conversations = services.conversations
    session = call(client, conversations.start_session, user_id)
    for index, text in enumerate(t for t in ODD_TEXTS if t.strip() and "\x00" not in t):
        call(client, services.memory.remember, user_id, f"User note {index}: {text}", kind="note",
             source=MemorySource.CONVERSATION, session_id=session.id, metadata={PROVENANCE_TURNS: [str(uuid.uuid4())]})
    old = remember(client, user_id, "User lives in Karachi.")
    corrected = client.patch(f"/v1/me/memories/{old['id']}", json={"content": "User lives in Lahore."},
                             headers=auth(user_id))
    assert corrected.status_code == 200, corrected.text

    def expected(limit: int, offset: int) -> bytes:
        memories = call(client, services.memory.list, user_id, limit=limit, offset=offset)
        total = call(client, services.memory.count, user_id)
        model = MemoriesPublic(data=[MemoryPublic.of(m) for m in memories], count=total, limit=limit, offset=offset)
        return TypeAdapter(MemoriesPublic).dump_json(model, by_alias=True)

    for limit, offset in [(50, 0), (2, 1), (10, 50)]:
        response = client.get(f"/v1/me/memories?limit={limit}&offset={offset}", headers=auth(user_id))
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        assert response.content == expected(limit, offset)
        admin = client.get(f"/v1/users/{user_id}/memories?limit={limit}&offset={offset}",
                           headers={"X-API-Key": ADMIN_KEY})
        assert admin.status_code == 200 and admin.content == expected(limit, offset)
    page = json.loads(client.get("/v1/me/memories", headers=auth(user_id)).content)
    assert page["count"] == len(page["data"]) == 5 and page["data"][0]["content"] == "User lives in Lahore."
    assert {m["session_id"] for m in page["data"][1:]} == {session.id}
    assert "Karachi" not in json.dumps(page)  # the superseded row stays out of the list
