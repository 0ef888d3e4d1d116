"""Memory extraction: the rule-based extractor (always on) and the LLM extractor
over real HTTP against the local OpenAI-compatible stand-in."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import openai
import pytest

from core.errors import LLMError
from core.models import MemoryKind
from services.memory_dates import resolve_date
from services.memory_extraction import (
    RuleBasedExtractor,
    is_question,
    merge_extractions,
    to_third_person,
)
from services.memory_llm_extractor import (
    HybridExtractor,
    LLMExtractor,
    parse_extraction_json,
)
from tests.support.openai_server import ErrorReply, JsonReply, OpenAIStandIn

# A Tuesday afternoon, so "Friday" and "next week" resolve to known dates.
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def rules() -> RuleBasedExtractor:
    return RuleBasedExtractor()


def only(rules: RuleBasedExtractor, text: str, key_prefix: str | None = None):
    found = rules.extract(text, now=NOW).memories
    if key_prefix is not None:
        found = [m for m in found if m.key and m.key.startswith(key_prefix)]
    assert len(found) == 1, f"{text!r} -> {found}"
    return found[0]


# --- names and contact details -------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("My name is Sara Khan.", "Sara Khan"),
        ("my name is sara", "Sara"),
        ("Hi, I'm Omar", "Omar"),
        ("Hello there, I am Zoë.", "Zoë"),
        ("Please call me Alex.", "Alex"),
    ],
)
def test_names(rules, text, name):
    memory = only(rules, text, "name")
    assert memory.kind is MemoryKind.FACT
    assert memory.metadata["value"] == name
    assert memory.content == f"User's name is {name}."


@pytest.mark.parametrize("text", ["I'm tired", "I'm Fine, thanks", "I'm going home", "what's my name?", "My name is"])
def test_not_names(rules, text):
    assert not [m for m in rules.extract(text, now=NOW).memories if m.key == "name"]


@pytest.mark.parametrize(
    "text, name",
    [("hi i'm maya", "Maya"), ("hey im tariq, nice to meet you", "Tariq"), ("you can call me jo", "Jo"),
     ("hello this is zainab and i live in lahore", "Zainab"), ("hi i'm maya khan", "Maya Khan"),
     ("hey im tariq mehmood, nice to meet you", "Tariq Mehmood"), ("hi i'm sara ahmed and i have an exam", "Sara Ahmed"),
     # Given names that end like an adjective ("-ly", "-ed", "-ish").
     ("hi i'm emily", "Emily"), ("call me ahmed", "Ahmed"), ("hello i'm ashish", "Ashish")],
)
def test_names_in_a_lower_case_transcript(rules, text, name):
    assert only(rules, text, "name").metadata["value"] == name


@pytest.mark.parametrize(
    "text",
    ["hi i'm back", "hey i'm exhausted", "hello i'm new here", "hi i'm fine, thanks", "call me later",
     "call me crazy but i like rain", "hi i'm 25", "i'm hopeless at this", "hi i'm half asleep",
     "hi i'm dead tired", "hi i'm twenty five", "hi i'm so exhausted", "hello i'm at work", "hi i'm maya too",
     "hey i'm running late", "hi i'm back again", "hey i'm positive"],
)
def test_lower_case_words_that_are_not_names(rules, text):
    assert not [m for m in rules.extract(text, now=NOW).memories if m.key == "name"]


@pytest.mark.parametrize(
    "text",
    ["Hi, I'm Maya, I have an interview on Friday.", "hey i'm maya, i have an interview on friday",
     "Hi I'm Maya and I have an interview on Friday"],
)
def test_an_introduction_is_not_part_of_the_event_said_after_it(rules, text):
    found = {m.key: m for m in rules.extract(text, now=NOW).memories}
    assert found["name"].metadata["value"] == "Maya"
    event = found["event:interview"]
    assert event.content.startswith("User has an interview on"), event.content
    assert "Maya" not in event.content


def test_email_and_international_phone(rules):
    found = {m.key: m for m in rules.extract(
        "my email is Sara.K@example.co.uk and my phone is +92 300 1234567", now=NOW).memories}
    assert found["email"].content == "User's email address is Sara.K@example.co.uk."
    assert found["phone"].metadata["value"] == "+923001234567"
    assert "+92 300 1234567" in found["phone"].content


@pytest.mark.parametrize(
    "text, digits",
    [
        ("You can reach me at (415) 555-0134.", "4155550134"),
        ("my number is 0300-1234567", "03001234567"),
        ("WhatsApp me on +44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_formats(rules, text, digits):
    assert only(rules, text, "phone").metadata["value"] == digits


@pytest.mark.parametrize("text", ["I was born in 1990 and have 3 kids", "The meeting is on 2026-03-12", "I ran 5 km"])
def test_numbers_that_are_not_phones(rules, text):
    assert not [m for m in rules.extract(text, now=NOW).memories if m.key == "phone"]


# --- dated events ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, date, key",
    [
        ("I have an interview on Friday", "2026-11-27", "event:interview"),
        ("My exam is on 12 March.", "2027-03-12", "event:exam"),
        ("Next week I'm flying to Dubai.", "2026-12-01", None),
        ("tomorrow I have a dentist appointment", "2026-11-25", "event:appointment"),
    ],
)
def test_events_resolve_dates_against_now(rules, text, date, key):
    events = [m for m in rules.extract(text, now=NOW).memories if m.kind is MemoryKind.EVENT]
    assert len(events) == 1
    memory = events[0]
    assert memory.occurred_at.date().isoformat() == date
    assert memory.key == key
    # The absolute date is in the content, so "Friday" still means something weeks later.
    assert str(int(date[-2:])) in memory.content
    assert "User" in memory.content and " I " not in f" {memory.content} "


def test_past_dates_resolve_backwards():
    assert resolve_date("I went to Paris on 12 March", NOW).when.date().isoformat() == "2026-03-12"
    assert resolve_date("last Friday I was sick", NOW).when.date().isoformat() == "2026-11-20"
    assert resolve_date("may I ask something", NOW) is None
    assert resolve_date("on 31 February", NOW) is None


# --- preferences, relationships, location, job, goals ------------------------------


@pytest.mark.parametrize(
    "text, key, polarity, content",
    [
        ("I really like green tea.", "likes:green tea", "positive", "User likes green tea."),
        ("I love hiking in the mountains", "likes:hiking in the mountains", "positive", "User loves hiking in the mountains."),
        ("I can't stand loud music", "likes:loud music", "negative", "User can't stand loud music."),
        ("I hate coffee now", "likes:coffee", "negative", "User hates coffee."),
        ("I prefer tea over coffee", "likes:tea", "positive", "User prefers tea over coffee."),
    ],
)
def test_preferences(rules, text, key, polarity, content):
    memory = only(rules, text, "likes:")
    assert (memory.kind, memory.key, memory.metadata["polarity"], memory.content) == (
        MemoryKind.PREFERENCE, key, polarity, content)


@pytest.mark.parametrize(
    "text, relation, name",
    [
        ("My sister is named Sara.", "sister", "Sara"),
        ("my dog's name is Max", "dog", "Max"),
        ("My mom is called Farah", "mother", "Farah"),
        ("Bilal is my older brother", "brother", "Bilal"),
        ("remember that my wife is Aisha", "wife", "Aisha"),
    ],
)
def test_relationships(rules, text, relation, name):
    memory = only(rules, text, "relationship:")
    assert memory.kind is MemoryKind.RELATIONSHIP
    assert memory.key == f"relationship:{relation}"
    assert memory.content == f"User's {relation} is named {name}."


def test_relationship_needs_a_name(rules):
    assert not rules.extract("My boss is really strict", now=NOW).memories


@pytest.mark.parametrize(
    "text, content, value",
    [
        ("I live in Karachi", "User lives in Karachi.", "Karachi"),
        ("I moved to Lahore last month", "User moved to Lahore.", "Lahore"),
        ("I'm from Karachi but I live in Lahore now", "User lives in Lahore.", "Lahore"),
        ("I live in Karachi and my phone is 0300 1234567", "User lives in Karachi.", "Karachi"),
    ],
)
def test_location(rules, text, content, value):
    memory = only(rules, text, "location")
    assert (memory.content, memory.metadata["value"]) == (content, value)


@pytest.mark.parametrize(
    "text, content",
    [
        ("I work as a nurse", "User works as a nurse."),
        ("I work at Google", "User works at Google."),
        ("I just got a new job at Careem", "User works at Careem."),
    ],
)
def test_job(rules, text, content):
    assert only(rules, text, "job").content == content


@pytest.mark.parametrize(
    "text, content",
    [
        ("I want to learn Spanish", "User wants to learn Spanish."),
        ("I'm trying to lose weight", "User is trying to lose weight."),
        ("My goal is to run a marathon", "User's goal is to run a marathon."),
    ],
)
def test_goals(rules, text, content):
    memory = only(rules, text, "goal:")
    assert (memory.kind, memory.content) == (MemoryKind.GOAL, content)


# --- negatives and robustness ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "do I like tea?",
        "Do I like tea",
        "Where do I live?",
        "what is my sister's name",
        "Can I work as a nurse?",
        "I like to think so",
        "hmm okay",
    ],
)
def test_questions_and_small_talk_yield_nothing(rules, text):
    assert rules.extract(text, now=NOW).memories == []
    assert is_question(text) or not text.endswith("?")


def test_forget_requests_are_not_memories(rules):
    result = rules.extract("Please forget my phone number. Also I love tea.", now=NOW)
    assert result.forget_requests == ["my phone number"]
    assert [m.key for m in result.memories] == ["likes:tea"]
    assert rules.extract("Can you forget that I like tea?", now=NOW).forget_requests == ["that I like tea"]


def test_garbage_unicode_and_huge_input_never_crash(rules):
    rng = random.Random(7)
    garbage = "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(20_000))
    samples = [
        garbage,
        "a" * 100_000,
        "I like " * 15_000,
        "my sister is " * 8_000,
        "1 " * 50_000,
        "💥🙂 Je m'appelle Zoë. 我喜欢茶。 I love crème brûlée! \u202eRTL\u202c",
        "'; DROP TABLE memories; -- I like SQL",
        "",
        "   \n\t ",
    ]
    for text in samples:
        result = rules.extract(text, now=NOW)
        assert len(result.memories) <= 50
        for memory in result.memories:
            assert memory.content and len(memory.content) < 2_000
    unicode_result = rules.extract(samples[5], now=NOW)
    assert "User loves crème brûlée." in [m.content for m in unicode_result.memories]


def test_third_person_rewrite():
    assert to_third_person("I have a big exam on Monday") == "User has a big exam on Monday."
    assert to_third_person("I usually go running at 6am with my dog") == "User usually goes running at 6am with user's dog."
    assert to_third_person("I don't eat meat") == "User doesn't eat meat."


def test_infer_slot_from_stored_wording(rules):
    assert rules.infer_slot("User lives in Lahore.").key == "location"
    assert rules.infer_slot("The user's sister is named Sara").key == "relationship:sister"
    assert rules.infer_slot("User hates green tea").metadata["polarity"] == "negative"
    assert rules.infer_slot("User had a nice day") is None


# --- LLM extractor over real HTTP ------------------------------------------------------


@pytest.fixture
async def standin():
    async with OpenAIStandIn() as server:
        yield server


def client_for(server: OpenAIStandIn) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=server.base_url, api_key="test", max_retries=0)


async def test_llm_extractor_structured_output(standin):
    standin.enqueue(JsonReply({
        "memories": [
            {"kind": "goal", "key": "goal:marathon", "content": "User is training for a marathon.",
             "importance": 0.7, "occurred_at": None},
            {"kind": "event", "key": None, "content": "User's race is on 2026-12-06.",
             "importance": 0.6, "occurred_at": "2026-12-06"},
            {"kind": "nonsense", "key": None, "content": "dropped: unknown kind", "importance": 1, "occurred_at": None},
            {"kind": "fact", "key": None, "content": "", "importance": 0.5, "occurred_at": None},
        ],
        "forget": ["my old address"],
    }))
    extractor = LLMExtractor(client_for(standin), "extraction-model", timeout_s=5)
    result = await extractor.extract("I'm training for a marathon, the race is on December 6th", now=NOW)

    assert [m.content for m in result.memories] == ["User is training for a marathon.", "User's race is on 2026-12-06."]
    assert result.memories[1].occurred_at == datetime(2026, 12, 6, tzinfo=UTC)
    assert result.forget_requests == ["my old address"]
    request = standin.last_chat_request()
    assert request["model"] == "extraction-model"
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["strict"] is True
    assert "marathon" in request["messages"][-1]["content"]
    assert NOW.isoformat() in request["messages"][-1]["content"]


async def test_hybrid_merges_rules_and_llm_without_duplicates(standin):
    standin.enqueue(JsonReply({
        "memories": [
            # Same slot as the rules found: the rules' exact value wins.
            {"kind": "preference", "key": "likes:sushi", "content": "User enjoys sushi a lot.", "importance": 0.6,
             "occurred_at": None},
            {"kind": "goal", "key": "goal:marathon", "content": "User is training for a marathon.",
             "importance": 0.7, "occurred_at": None},
        ],
        "forget": [],
    }))
    hybrid = HybridExtractor(llm=LLMExtractor(client_for(standin), "m", timeout_s=5))
    result = await hybrid.extract("I love sushi and I'm training for a marathon", now=NOW)
    contents = [m.content for m in result.memories]
    assert contents == ["User loves sushi.", "User is training for a marathon."]
    assert hybrid.stats()["llm_memories"] == 2 and hybrid.stats()["llm_failures"] == 0


@pytest.mark.parametrize(
    "reply",
    [
        "this is not json {",
        JsonReply(["a", "list"]),
        JsonReply({"memories": "nope"}),
        ErrorReply(500, "model exploded"),
    ],
    ids=["garbage", "wrong-type", "wrong-shape", "http-500"],
)
async def test_llm_failure_falls_back_to_rules(standin, reply):
    standin.enqueue(reply)
    hybrid = HybridExtractor(llm=LLMExtractor(client_for(standin), "m", timeout_s=5))
    result = await hybrid.extract("My sister is named Sara", now=NOW)
    assert [m.key for m in result.memories] == ["relationship:sister"]
    assert hybrid.stats()["llm_failures"] == 1 and hybrid.stats()["llm_timeouts"] == 0
    assert len(standin.chat_requests()) == 1


async def test_llm_timeout_falls_back_to_rules():
    async with OpenAIStandIn(response_delay=2.0) as slow:
        hybrid = HybridExtractor(llm=LLMExtractor(client_for(slow), "m", timeout_s=0.3))
        result = await hybrid.extract("I work as a nurse", now=NOW)
    assert [m.key for m in result.memories] == ["job"]
    # Counted as a failure, and apart as a timeout (the setting to raise on a slow model).
    assert hybrid.stats()["llm_failures"] == 1 and hybrid.stats()["llm_timeouts"] == 1


def test_parse_extraction_json_rejects_non_json():
    with pytest.raises(LLMError):
        parse_extraction_json("{not json")
    with pytest.raises(LLMError):
        parse_extraction_json(None)
    assert parse_extraction_json('{"memories": [], "forget": []}').memories == []


def test_merge_keeps_rules_on_shared_keys(rules):
    from core.models import MemoryKind
    from services.memory_extraction import ExtractedMemory, Extraction

    rule_result = rules.extract("my phone is +92 300 1234567", now=NOW)
    llm_result = Extraction([ExtractedMemory(MemoryKind.FACT, "User's phone number is 0300.", "phone")], ["x"])
    merged = merge_extractions(rule_result, llm_result)
    assert [m.content for m in merged.memories] == ["User's phone number is +92 300 1234567."]
    assert merged.forget_requests == ["x"]


async def test_short_small_talk_skips_the_llm(standin):
    hybrid = HybridExtractor(llm=LLMExtractor(client_for(standin), "m", timeout_s=5))
    assert (await hybrid.extract("ok thanks", now=NOW)).memories == []
    # The LLM pass alone (local mode's session-end pass) skips it too.
    assert (await hybrid.extract("Thanks!", now=NOW, only="llm")).memories == []
    assert standin.chat_requests() == []
    assert hybrid.stats()["llm_skipped_short"] == 2


async def test_hybrid_extractor_can_run_rules_or_llm_alone() -> None:
    """The agent learns by rules at once and by the LLM at session end (local
    mode): each pass must run only its own extractor."""
    from core.models import MemoryKind
    from services.memory_extraction import ExtractedMemory, Extraction
    from services.memory_llm_extractor import HybridExtractor

    class CountingLLM:
        calls = 0

        async def extract(self, text: str, *, now=None) -> Extraction:
            CountingLLM.calls += 1
            return Extraction(memories=[ExtractedMemory(kind=MemoryKind.FACT, content="User likes tea.", key="likes:tea")])

    hybrid = HybridExtractor(llm=CountingLLM())  # type: ignore[arg-type]
    rules_only = await hybrid.extract("My name is Alex and I like tea.", only="rules")
    assert CountingLLM.calls == 0
    assert any("Alex" in m.content for m in rules_only.memories)
    llm_only = await hybrid.extract("My name is Alex and I like tea.", only="llm")
    assert CountingLLM.calls == 1
    assert [m.content for m in llm_only.memories] == ["User likes tea."]


async def test_llm_is_not_asked_to_extract_from_questions() -> None:
    """A small model invents answers to questions ("Do you remember where I
    live?" -> "User lives in New York City"), which would supersede the truth."""
    from core.models import MemoryKind
    from services.memory_extraction import ExtractedMemory, Extraction
    from services.memory_llm_extractor import HybridExtractor, only_questions

    class InventingLLM:
        calls = 0

        async def extract(self, text: str, *, now=None) -> Extraction:
            InventingLLM.calls += 1
            return Extraction(memories=[ExtractedMemory(kind=MemoryKind.FACT, content="User lives in New York City.", key="location")])

    hybrid = HybridExtractor(llm=InventingLLM())  # type: ignore[arg-type]
    found = await hybrid.extract("Do you remember where I live?", only="llm")
    assert found.memories == [] and InventingLLM.calls == 0
    assert hybrid.stats()["llm_skipped_questions"] == 1
    await hybrid.extract("I moved to Porto. Did I tell you?", only="llm")
    assert InventingLLM.calls == 1  # a statement alongside the question still counts
    assert only_questions("Where do I live? And what is my name?")
    assert not only_questions("I live in Lisbon.")


@pytest.mark.parametrize(
    "text, place",
    [("i live in lahore", "Lahore"), ("i moved to new york last year", "New York"),
     ("im from pakistan originally", "Pakistan"), ("i'm from stratford upon avon", "Stratford upon Avon"),
     ("hi i'm ali and i live in karachi", "Karachi"),
     # Common nouns keep their case: a determiner before them, or a word for a kind of place.
     ("i live in a small town near leeds", "small town near leeds"), ("i live in town", "town"),
     ("i live in the suburbs", "suburbs"), ("i live in my parents' house", "my parents' house"),
     # Text with capitals is taken as written.
     ("I live in lahore", "lahore")],
)
def test_places_in_a_lower_case_transcript(rules, text, place):
    memory = only(rules, text, "location")
    assert memory.metadata["value"] == place
    assert memory.content.endswith(f" {place}.")


def test_days_in_a_lower_case_transcript_are_capitalised(rules):
    memory = only(rules, "i have a dentist appointment next tuesday", "event:appointment")
    assert "next Tuesday" in memory.content and memory.occurred_at is not None


# --- plans said with "we", a month, or a compound subject ---------------------------


@pytest.mark.parametrize(
    "text, content, day",
    [
        ("We're going to Lahore in June.", "User and others are going to Lahore in June (June 2027).", "2027-06-01"),
        ("we're going to lahore in june", "User and others are going to lahore in June (June 2027).", "2027-06-01"),
        ("My wife and I are visiting Paris in May", "User's wife and User are visiting Paris in May (May 2027).", "2027-05-01"),
        ("We went to Murree in June", "User and others went to Murree in June (June 2026).", "2026-06-01"),
        ("I'm flying to Karachi next month", "User is flying to Karachi next month (December 2026).", "2026-12-24"),
        ("I'm moving to Berlin in March 2028", "User is moving to Berlin in March 2028 (March 2028).", "2028-03-01"),
        ("We're visiting our cousins next week", "User and others are visiting their cousins next week (the week of 1 December 2026).", "2026-12-01"),
    ],
)
def test_plans_keep_the_precision_they_were_said_with(rules, text, content, day):
    """A month is stored as a month ("next month" is not a particular
    Saturday), "we" is the user and others, and the dated plan is one event,
    not an event and an undated goal with the same words."""
    found = rules.extract(text, now=NOW).memories
    assert [(m.kind, m.content) for m in found] == [(MemoryKind.EVENT, content)]
    assert found[0].occurred_at.date().isoformat() == day


def test_a_day_after_a_month_is_still_a_day():
    assert resolve_date("My exam is in June 3rd", NOW).when.date().isoformat() == "2027-06-03"
    assert resolve_date("I'll see you in mayo", NOW) is None
    assert resolve_date("My son is in May's class", NOW) is None
    assert resolve_date("next week", NOW).description == "the week of 1 December 2026"
    assert resolve_date("on Friday", NOW).description == "Friday 27 November 2026"
