"""Escalation records on both stores, the signed webhook (at least once, once per
session per category), erasure and export, and the policy on the agent's wire."""

from __future__ import annotations

import json
import socket
import uuid
from typing import Any

import httpx
import pytest
from aiohttp import web

from core.models import Escalation, utcnow
from services.crisis_resources import CrisisResources
from services.safety_service import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    SafetyService,
    sign,
)
from services.user_service import UserService

SECRET = "test-webhook-secret"


class WebhookReceiver:
    """A real HTTP server on loopback that checks signatures like a receiver would."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.received: list[dict[str, Any]] = []
        self.bad_signatures = 0
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/companion"

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        expected = sign(SECRET, request.headers[TIMESTAMP_HEADER], body)
        if request.headers.get(SIGNATURE_HEADER) != expected:
            self.bad_signatures += 1
            return web.Response(status=401)
        self.received.append({"delivery": request.headers[DELIVERY_HEADER], **json.loads(body)})
        return web.Response(status=204)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hooks/companion", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service(store: Any, http: httpx.AsyncClient | None, url: str | None, **kwargs: Any) -> SafetyService:
    return SafetyService(
        store, CrisisResources.load(), locale="en-US", webhook_url=url, webhook_secret=SECRET,
        http_client=http, retry_base_delay_s=0.01, retry_max_delay_s=0.05, **kwargs,
    )


# --- the store ---------------------------------------------------------------------


async def test_escalations_are_stored_listed_and_marked_delivered(store, user_id, other_user_id) -> None:
    first = Escalation(user_id=user_id, session_id=str(uuid.uuid4()), category="self_harm", confidence=0.9,
                       stage="screen", rule="kill_self")
    await store.add_escalation(first)
    await store.add_escalation(Escalation(user_id=other_user_id, session_id=None, category="abuse_danger",
                                          confidence=0.9, stage="screen"))
    (mine,) = await store.list_escalations(user_id)
    assert (mine.id, mine.category, mine.rule, mine.text, mine.delivered_at) == (first.id, "self_harm", "kill_self", None, None)
    pending = {e.id for e in await store.admin_undelivered_escalations()}
    assert first.id in pending
    assert await store.mark_escalation_delivered(user_id, first.id, utcnow())
    assert not await store.mark_escalation_delivered(other_user_id, first.id, utcnow())  # not theirs
    assert (await store.list_escalations(user_id))[0].delivered_at is not None
    assert first.id not in {e.id for e in await store.admin_undelivered_escalations()}
    assert len(await store.list_escalations(other_user_id)) == 1


async def test_erasure_removes_escalations_and_export_includes_them(store, user_id) -> None:
    users = UserService(store)
    await users.ensure_profile_exists(user_id)
    await store.add_escalation(Escalation(user_id=user_id, session_id=None, category="medical_emergency",
                                          confidence=0.9, stage="screen"))
    exported = await users.export_user(user_id)
    assert [e["category"] for e in exported["escalations"]] == ["medical_emergency"]
    await users.delete_user(user_id)
    assert await store.list_escalations(user_id) == []


# --- the webhook -----------------------------------------------------------------------


async def test_webhook_is_signed_and_sent_once_per_session_per_category(sqlite_store, user_id) -> None:
    receiver = WebhookReceiver(free_port())
    await receiver.start()
    try:
        async with httpx.AsyncClient() as http:
            safety = service(sqlite_store, http, receiver.url)
            session = str(uuid.uuid4())
            first = safety.check_turn(user_id, session, "I want to kill myself")
            again = safety.check_turn(user_id, session, "I really want to die")  # same category, same session
            other = safety.check_turn(user_id, session, "and my husband hits me")
            assert first is not None and again is not None and other is not None  # every crisis turn gets the policy
            await safety.drain()
            assert receiver.bad_signatures == 0
            assert sorted(r["escalation"]["category"] for r in receiver.received) == ["abuse_danger", "self_harm"]
            assert all(r["escalation"]["user_id"] == user_id and r["escalation"]["text"] is None for r in receiver.received)
            assert {r["delivery"] for r in receiver.received} == {r["escalation"]["id"] for r in receiver.received}
            stored = await sqlite_store.list_escalations(user_id)
            assert len(stored) == 2 and all(e.delivered_at is not None for e in stored)
            # A new session escalates again.
            safety.check_turn(user_id, str(uuid.uuid4()), "I want to kill myself")
            await safety.drain()
            assert len(receiver.received) == 3
            assert safety.stats()["webhook_delivered"] == 3
    finally:
        await receiver.stop()


async def test_webhook_down_then_up_delivers_later_and_loses_nothing(sqlite_store, user_id) -> None:
    receiver = WebhookReceiver(free_port())  # not started yet: connection refused
    async with httpx.AsyncClient() as http:
        safety = service(sqlite_store, http, receiver.url, max_attempts=2)
        assert safety.check_turn(user_id, str(uuid.uuid4()), "I can't breathe") is not None
        await safety.drain()
        assert safety.stats()["webhook_gave_up"] == 1
        (pending,) = await sqlite_store.admin_undelivered_escalations()
        assert pending.category == "medical_emergency"

        await receiver.start()
        try:
            # A fresh service (as after a restart) delivers from the stored outbox.
            restarted = service(sqlite_store, http, receiver.url)
            assert await restarted.deliver_pending() == 1
            assert [r["escalation"]["id"] for r in receiver.received] == [pending.id]
            assert receiver.bad_signatures == 0
            assert await sqlite_store.admin_undelivered_escalations() == []
        finally:
            await receiver.stop()


async def test_a_wrong_secret_is_refused_and_retried_not_marked(sqlite_store, user_id) -> None:
    receiver = WebhookReceiver(free_port())
    await receiver.start()
    try:
        async with httpx.AsyncClient() as http:
            safety = SafetyService(sqlite_store, CrisisResources.load(), locale="en", webhook_url=receiver.url,
                                   webhook_secret="not-the-secret", http_client=http, retry_base_delay_s=0.01,
                                   max_attempts=2)
            safety.check_turn(user_id, None, "he threatened to kill me if I leave")
            await safety.drain()
        assert receiver.received == [] and receiver.bad_signatures == 2
        assert len(await sqlite_store.admin_undelivered_escalations()) == 1
    finally:
        await receiver.stop()


async def test_keep_text_is_opt_in_and_a_guest_gets_the_policy_without_a_record(sqlite_store, user_id) -> None:
    safety = service(sqlite_store, None, None, keep_text=True)
    assert safety.check_turn(user_id, None, "I want to end my life") is not None
    assert safety.check_turn(None, None, "I want to end my life") is not None  # a guest
    await safety.drain()
    (record,) = await sqlite_store.list_escalations(user_id)
    assert record.text == "I want to end my life"
    assert len(await sqlite_store.admin_undelivered_escalations()) == 1  # the guest left none


async def test_a_huge_turn_is_screened_at_its_edges(sqlite_store, user_id) -> None:
    safety = service(sqlite_store, None, None)
    text = ("lorem ipsum dolor sit amet " * 20_000) + " I want to kill myself"
    response = safety.check_turn(user_id, None, text)
    assert response is not None and response.category == "self_harm"
    await safety.drain()


# --- resources ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected", "number"),
    [("en-US", "en-US", "988"), ("en", "en-US", "988"), ("en-GB", "en-GB", "116 123"), ("ur", "ur-PK", "1122"),
     ("ur_PK", "ur-PK", "1122"), ("fr-FR", "international", "112"), (None, "international", "112")],
)
def test_resources_fall_back_to_the_language_then_international(locale: str | None, expected: str, number: str) -> None:
    from services.safety_service import safe_response_policy

    resources = CrisisResources.load().for_locale(locale)
    assert resources.locale == expected
    category = "medical_emergency" if number in ("1122", "112") else "self_harm"
    assert number in safe_response_policy(category, resources)


# --- the LLM stage ---------------------------------------------------------------------


async def test_classifier_catches_what_the_screen_passed_and_shapes_the_next_reply(sqlite_store, user_id) -> None:
    import openai

    from services.safety_classifier import SafetyClassifier
    from tests.support.openai_server import JsonReply, OpenAIStandIn, last_user_text

    def is_safety_call(request: dict[str, Any]) -> bool:
        schema = (request.get("response_format") or {}).get("json_schema") or {}
        return schema.get("name") == "safety_screen"

    async with OpenAIStandIn() as stand_in:
        stand_in.add_rule(
            lambda r: is_safety_call(r) and "heavy and pointless" in last_user_text(r),
            JsonReply({"category": "self_harm", "confidence": 0.8}),
        )
        stand_in.add_rule(is_safety_call, JsonReply({"category": "none", "confidence": 0.9}))
        client = openai.AsyncOpenAI(base_url=stand_in.base_url, api_key="test")
        try:
            safety = service(sqlite_store, None, None, classifier=SafetyClassifier(client, "gpt-4.1-mini"))
            session = str(uuid.uuid4())
            assert safety.check_turn(user_id, session, "Everything feels so heavy and pointless lately.") is None
            await safety.drain()
            (record,) = await sqlite_store.list_escalations(user_id)
            assert (record.category, record.stage, record.confidence) == ("self_harm", "classifier", 0.8)
            follow = safety.check_turn(user_id, session, "Anyway, how was your day?")
            assert follow is not None and follow.stage == "classifier" and "SAFETY" in follow.policy
            assert safety.check_turn(user_id, session, "Tell me about the weather tomorrow.") is None  # once
            await safety.drain()
            assert safety.stats()["classifier_flagged_self_harm"] == 1
        finally:
            await client.close()


async def test_local_mode_asks_the_classifier_in_the_form_llama_cpp_takes() -> None:
    """llama-cpp-python's server refuses ``json_schema`` (a 500 on every call: the
    classifier never worked in local mode); it takes ``json_object`` with the schema."""
    import openai

    from services.safety_classifier import CLASSIFICATION_SCHEMA, SafetyClassifier
    from services.safety_screen import CrisisCategory
    from tests.support.openai_server import JsonReply, OpenAIStandIn

    async with OpenAIStandIn() as stand_in:
        stand_in.add_rule(
            lambda r: (r.get("response_format") or {}) == {"type": "json_object", "schema": CLASSIFICATION_SCHEMA},
            JsonReply({"category": "medical_emergency", "confidence": 0.7}),
        )
        client = openai.AsyncOpenAI(base_url=stand_in.base_url, api_key="test", max_retries=0)
        try:
            classifier = SafetyClassifier(client, "local", structured_output="json_object")
            verdict = await classifier.classify("ammi behosh ho gayi hain", screen_flagged=False)
            assert verdict.category is CrisisCategory.MEDICAL_EMERGENCY and verdict.confidence == 0.7
        finally:
            await client.close()
