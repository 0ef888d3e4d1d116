"""How a streamed reply is cut for a non-streaming TTS: the first clause goes
out on its own (TTS_FIRST_CLAUSE), the rest as LiveKit's sentences, and the
session's TTS is wrapped that way in local mode only."""

from __future__ import annotations

import asyncio

import pytest
from livekit.agents import tokenize, tts

from agent import build_tts, chunked_tts
from core.config import Settings
from providers.local_tts import EspeakTTS
from providers.speech_chunks import first_clause_end, tts_sentence_tokenizer, word_budget_end


async def pieces_after_each_push(tokenizer: tokenize.SentenceTokenizer, deltas: list[str]) -> list[list[str]]:
    """What the stream has released after each pushed delta, then after the end."""
    stream = tokenizer.stream()
    released: list[str] = []
    seen: list[list[str]] = []

    async def collect() -> None:
        async for data in stream:
            released.append(data.token.strip())

    collector = asyncio.create_task(collect())
    for delta in deltas:
        stream.push_text(delta)
        await asyncio.sleep(0)
        seen.append(list(released))
    stream.end_input()
    await collector
    seen.append(list(released))
    return seen


REPLY = ["Hi Alex", ",", " it is", " good to hear", " from you. How", " was the interview", "?"]


async def test_the_first_clause_is_released_before_its_sentence_ends() -> None:
    seen = await pieces_after_each_push(tts_sentence_tokenizer(first_clause=True), REPLY)
    assert seen[1] == []  # "Hi Alex," might still be "Hi Alex,5": a space must follow
    assert seen[2] == ["Hi Alex,"]
    assert seen[-1] == ["Hi Alex,", "it is good to hear from you.", "How was the interview?"]


async def test_without_it_the_first_piece_is_livekits_whole_sentence() -> None:
    seen = await pieces_after_each_push(tts_sentence_tokenizer(first_clause=False), REPLY)
    assert all(not pieces for pieces in seen[:4])
    assert seen[4] == ["Hi Alex, it is good to hear from you."]


LONG_CLAUSE = ["I think", " you should", " wear something", " comfortable", ", and bring", " water. It", " helps."]


async def test_a_long_first_clause_starts_with_its_first_words() -> None:
    seen = await pieces_after_each_push(tts_sentence_tokenizer(first_clause=True, first_words=4), LONG_CLAUSE)
    assert seen[1] == []  # "should" might still grow: a word ends at a space
    assert seen[2] == ["I think you should"]
    # The clause's rest follows at its mark, before its sentence ends.
    assert seen[4] == ["I think you should", "wear something comfortable,"]
    assert seen[-1] == ["I think you should", "wear something comfortable,", "and bring water. It helps."]


async def test_pieces_are_cut_so_until_the_budget_of_words_is_out() -> None:
    seen = await pieces_after_each_push(tts_sentence_tokenizer(first_clause=True, first_words=4), REPLY)
    assert seen[2] == ["Hi Alex,"]  # a clause within the budget is cut at its mark
    # Two words are out: the next piece is cut as a first one (here at the word budget),
    # not held until LiveKit's tokenizer sees the next sentence begin.
    assert seen[3] == ["Hi Alex,", "it is good to"]
    assert seen[4] == ["Hi Alex,", "it is good to", "hear from you."]
    assert seen[-1] == ["Hi Alex,", "it is good to", "hear from you.", "How was the interview?"]


async def test_after_the_budget_the_pieces_are_sentences() -> None:
    deltas = ["Sure, Alex", " dear!", " Lisbon is", " a lovely city", " for walks. You", " could try", " it."]
    seen = await pieces_after_each_push(tts_sentence_tokenizer(first_clause=True, first_words=4), deltas)
    assert seen[1] == []  # "dear!" is a clause end once a space follows; "Sure," is too short
    assert seen[2] == ["Sure, Alex dear!"]  # three words: the next piece is cut as a first one
    assert seen[3] == ["Sure, Alex dear!", "Lisbon is a lovely"]
    assert seen[4] == ["Sure, Alex dear!", "Lisbon is a lovely", "city for walks."]
    assert seen[-1] == ["Sure, Alex dear!", "Lisbon is a lovely", "city for walks.", "You could try it."]


async def test_a_clause_that_runs_on_is_cut_again_after_twice_the_words() -> None:
    deltas = ["Going for", " a walk in", " the park or", " having a picnic", " can be a", " great way", " to relax. You", " could"]
    seen = await pieces_after_each_push(tts_sentence_tokenizer(first_clause=True, first_words=4), deltas)
    assert seen[2] == ["Going for a walk"]
    assert seen[3] == ["Going for a walk"]  # six complete words of the clause's rest
    assert seen[4] == ["Going for a walk", "in the park or having a picnic can"]  # eight
    assert seen[-1] == ["Going for a walk", "in the park or having a picnic can", "be a great way to relax.", "You could"]


async def test_without_a_word_budget_the_whole_first_clause_is_waited_for() -> None:
    seen = await pieces_after_each_push(tts_sentence_tokenizer(first_clause=True, first_words=0), LONG_CLAUSE)
    assert seen[3] == []
    assert seen[4] == ["I think you should wear something comfortable,"]


@pytest.mark.parametrize(
    ("text", "words", "end"),
    [
        ("  Sure, I can help", 2, len("  Sure, I")),
        ("one two thr", 3, None),  # "thr" may go on
        ("one two three ", 3, len("one two three")),
        ("one two three ", 0, None),
    ],
)
def test_word_budget_end(text: str, words: int, end: int | None) -> None:
    assert word_budget_end(text, words) == end


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("It costs 1,000 euros, more or less", len("It costs 1,000 euros,")),  # no cut inside a number
        ("Oh, that sounds lovely! Tell", len("Oh, that sounds lovely!")),  # "Oh," alone is too short
        ("Sure thing: try the river walk", len("Sure thing:")),
        ("Version 2.5 is out", None),
    ],
)
def test_first_clause_end(text: str, end: int | None) -> None:
    assert first_clause_end(text) == end


async def test_local_session_tts_speaks_the_first_clause_before_the_sentence_is_done() -> None:
    local = Settings(_env_file=None, companion_mode="local", local_tts="espeak")
    plugin = build_tts(local)  # what prewarm builds once for the worker's sessions
    assert isinstance(plugin, tts.StreamAdapter)
    stream = plugin.stream()
    stream.push_text("Good morning Alex, ")
    stream.push_text("I was just")  # the sentence is not finished, and the input stays open
    first = await asyncio.wait_for(stream.__anext__(), timeout=30)
    assert first.frame.samples_per_channel > 0
    await stream.aclose()
    await plugin.aclose()
    # Cloud models stream fast enough: LiveKit's own sentences, no wrapper.
    cloud = Settings(_env_file=None, companion_mode="cloud")
    espeak = EspeakTTS.load()
    assert chunked_tts(espeak, cloud) is espeak
    assert chunked_tts(espeak, cloud.model_copy(update={"tts_first_clause": True})) is not espeak
    await espeak.aclose()
