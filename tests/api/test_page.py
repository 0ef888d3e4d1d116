"""The memory page in a real headless Chromium (Debian's, driven by Playwright)
against the real API on a live uvicorn: sign in, read, search, correct, forget
(checked in the store itself), erase. Leaves a screenshot in test-artifacts/."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from playwright.sync_api import expect, sync_playwright

from api.main import create_app
from core.config import Settings
from infrastructure.connection_pool import ConnectionPool
from services.container import build_services
from services.privacy_service import PrivacySettings, privacy_of
from tests.api.conftest import ARTIFACTS, make_token
from tests.support.api_server import LiveApi

T = TypeVar("T")
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 375, "height": 740}


async def seed(settings: Settings, embedder, user_id: str) -> None:
    """A user with a past conversation (an open thread) and a few memories."""
    services = await build_services(settings, embedder=embedder)
    try:
        await services.onboarding.onboard(user_id, {"name": "Anna", "interests": ["hiking"]})
        start = datetime.now(UTC) - timedelta(days=2)
        session = await services.conversations.start_session(user_id, now=start)
        said = "I have a job interview on Friday."
        await services.conversations.record_turn(user_id, session.id, "user", said)
        await services.memory.learn_from_turn(user_id, said, session_id=session.id, now=start)
        await services.conversations.end_session(user_id, session.id, now=start + timedelta(minutes=5))
        await services.memory.remember(user_id, "User's phone number is 0300 1234567.", kind="fact")
    finally:
        await services.aclose()


async def stored(settings: Settings, user_id: str, memory_id: str) -> bool:
    """Read the store with a connection of its own, not the server's."""
    pool = ConnectionPool(settings)
    try:
        store = await pool.get_store()
        return await store.get_memory(user_id, memory_id) is not None
    finally:
        await pool.close()


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on a thread of its own (Playwright's sync
    API keeps an event loop running on the test's thread)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def user_exists(settings: Settings, user_id: str) -> bool:
    pool = ConnectionPool(settings)
    try:
        return await (await pool.get_store()).get_user(user_id) is not None
    finally:
        await pool.close()


async def privacy_settings(settings: Settings, user_id: str) -> PrivacySettings:
    pool = ConnectionPool(settings)
    try:
        profile = await (await pool.get_store()).get_profile(user_id)
        return privacy_of(profile.data if profile is not None else None)
    finally:
        await pool.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_memory_page_in_chromium(settings_for, backend, embedder, user_id):
    settings = settings_for(backend)
    asyncio.run(seed(settings, embedder, user_id))
    ARTIFACTS.mkdir(exist_ok=True)
    with LiveApi(create_app(settings, embedder=embedder)) as live, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page(viewport=PHONE)
            page.goto(live.url)
            # Sign in: the field is found by its label (accessible), submitted with the keyboard.
            page.get_by_label("Access token").fill(make_token(user_id))
            page.get_by_label("Access token").press("Enter")
            expect(page.get_by_role("status")).to_have_text("Signed in.")

            phone = page.locator("#memories li", has_text="User's phone number is 0300 1234567.")
            expect(phone).to_be_visible()
            memory_id = phone.get_attribute("data-memory-id")
            assert memory_id and run(stored(settings, user_id, memory_id))
            # Grouped by kind, with where each came from.
            expect(page.get_by_role("heading", name="event")).to_be_visible()
            interview = page.locator("#memories li", has_text="job interview")
            expect(interview.locator(".meta")).to_contain_text("from conversation of")
            expect(page.locator("#profile")).to_contain_text("Anna")
            expect(page.locator("#sessions")).to_contain_text("your job interview")  # left open

            # Readable at phone width: nothing wider than the screen.
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            page.screenshot(path=str(ARTIFACTS / f"memory-page-{backend}.png"), full_page=True)

            # Search through the recall pipeline.
            page.get_by_label("Search memories").fill("when is my interview")
            page.get_by_role("button", name="Search", exact=True).click()
            expect(page.locator("#memories li").first).to_contain_text("job interview")
            page.get_by_role("button", name="Show all").click()

            # Correct one: the new text replaces it on the page.
            page.get_by_role("button", name="Correct: User's phone number is 0300 1234567.").click()
            page.get_by_label("Corrected text").fill("User's phone number is 0321 7654321.")
            page.get_by_role("button", name="Save correction").click()
            corrected = page.locator("li", has_text="User's phone number is 0321 7654321.")
            expect(corrected).to_be_visible()
            expect(page.locator("li", has_text="0300 1234567")).to_have_count(0)
            corrected_id = corrected.get_attribute("data-memory-id")
            assert corrected_id

            # Forget it, from the keyboard: gone from the page and from the store.
            forget = page.get_by_role("button", name="Forget: User's phone number is 0321 7654321.")
            forget.focus()
            page.keyboard.press("Enter")
            expect(page.get_by_role("status")).to_contain_text("Forgotten")
            expect(page.locator("li", has_text="0321 7654321")).to_have_count(0)
            assert not run(stored(settings, user_id, corrected_id))
            assert not run(stored(settings, user_id, memory_id))  # its history went too

            # Privacy: pause memory and set a retention period; stored as set.
            page.get_by_label("Pause memory").check()
            page.get_by_label("Keep memories and conversations for (days)").fill("365")
            page.get_by_role("button", name="Save privacy settings").click()
            expect(page.get_by_role("status")).to_have_text("Saved. Memory is paused.")
            assert run(privacy_settings(settings, user_id)) == PrivacySettings(memory_paused=True, retention_days=365)
            expect(page.locator("#memories li", has_text="job interview")).to_be_visible()  # recent: kept

            # Erase: after confirming, the user is gone from the store.
            page.on("dialog", lambda dialog: dialog.accept())
            page.get_by_role("button", name="Erase me").click()
            expect(page.get_by_role("status")).to_have_text("Everything about you was erased.")
            assert not run(user_exists(settings, user_id))
        finally:
            browser.close()
