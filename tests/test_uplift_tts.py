"""Uplift TTS through the real livekit-plugins-upliftai against a local server
speaking Uplift's socket.io protocol, and the fallback to OpenAI TTS."""

from __future__ import annotations

import asyncio
import gc

import aiohttp
import numpy as np
import openai
import pytest
from livekit.agents import APIConnectionError, APIConnectOptions, tts
from livekit.plugins import openai as lk_openai, upliftai

import uplift_tts
from core.config import Settings
from core.errors import ConfigurationError
from tests.support.openai_server import OpenAIStandIn, speech_duration_seconds
from tests.support.uplift_server import SAMPLE_RATE, UpliftStandIn

UPLIFT_KEY = "test-uplift-key"
SENTENCE = "Good morning! How did the interview go yesterday?"


@pytest.fixture(autouse=True)
def no_provider_env(monkeypatch):
    """Only what a test passes counts; nothing leaks in from the shell."""
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "TTS_BASE_URL",
        "TTS_PROVIDER",
        "UPLIFT_API_KEY",
        "UPLIFT_BASE_URL",
        "UPLIFT_VOICE_ID",
        "UPLIFT_OUTPUT_FORMAT",
        "UPLIFT_PHRASE_REPLACEMENT_CONFIG_ID",
        "UPLIFTAI_API_KEY",
        "UPLIFTAI_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def uplift_server():
    async with UpliftStandIn(api_key=UPLIFT_KEY) as server:
        yield server


@pytest.fixture
async def openai_server():
    async with OpenAIStandIn() as server:
        yield server


def make_settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def uplift_settings(server: UpliftStandIn, **values) -> Settings:
    values.setdefault("uplift_api_key", UPLIFT_KEY)
    return make_settings(
        tts_provider="uplift", uplift_base_url=server.base_url, **values
    )


# A failure should surface at once, not after the default retries (~4 s).
NO_RETRY = APIConnectOptions(max_retry=0, timeout=5.0)


async def synthesize(engine: tts.TTS, text: str) -> list:
    try:
        return [
            event.frame
            async for event in engine.synthesize(text, conn_options=NO_RETRY)
        ]
    finally:
        await engine.aclose()


async def wait_until(condition, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def open_client_sessions() -> int:
    """aiohttp sessions alive and not closed (socket.io's transport opens one per client)."""
    gc.collect()
    # type(), not isinstance(): isinstance reads __class__, which warns on some lazy module objects.
    return sum(1 for o in gc.get_objects() if issubclass(type(o), aiohttp.ClientSession) and not o.closed)


def duration(frames) -> float:
    return sum(f.samples_per_channel for f in frames) / frames[0].sample_rate


def samples(frames) -> np.ndarray:
    return np.concatenate([np.frombuffer(f.data, dtype=np.int16) for f in frames])


# ---- Uplift through the real plugin ---------------------------------------


@pytest.mark.parametrize(
    "output_format", ["MP3_22050_32", "PCM_22050_16", "WAV_22050_16"]
)
async def test_uplift_synthesizes_real_audio(uplift_server, output_format):
    settings = uplift_settings(uplift_server, uplift_output_format=output_format)
    frames = await synthesize(uplift_tts.build_uplift_tts(settings), SENTENCE)

    assert frames and all(
        f.sample_rate == SAMPLE_RATE and f.num_channels == 1 for f in frames
    )
    # MP3 adds a few ms of encoder padding.
    assert abs(duration(frames) - speech_duration_seconds(SENTENCE)) < 0.1
    assert np.abs(samples(frames)).max() > 3000  # a real tone, not silence
    assert uplift_server.requests[-1]["outputFormat"] == output_format


async def test_audio_length_follows_text_length(uplift_server):
    settings = uplift_settings(uplift_server, uplift_output_format="PCM_22050_16")
    short = await synthesize(uplift_tts.build_uplift_tts(settings), "Hi.")
    long = await synthesize(uplift_tts.build_uplift_tts(settings), "Hi. " * 40)
    assert duration(short) < 0.5
    assert duration(long) > 8 * duration(short)


async def test_settings_reach_the_server(uplift_server):
    settings = uplift_settings(
        uplift_server,
        uplift_voice_id="v_custom42",
        uplift_output_format="MP3_22050_64",
        uplift_phrase_replacement_config_id="prc_urdu_names",
    )
    frames = await synthesize(
        uplift_tts.build_uplift_tts(settings), "Salaam, welcome back."
    )

    assert frames
    request = uplift_server.requests[-1]
    assert request["type"] == "synthesize"
    assert request["text"] == "Salaam, welcome back."
    assert request["voiceId"] == "v_custom42"
    assert request["outputFormat"] == "MP3_22050_64"
    assert request["phraseReplacementConfigId"] == "prc_urdu_names"
    assert uplift_server.connections[-1]["token"] == UPLIFT_KEY


async def test_no_phrase_replacement_id_is_sent_when_unset(uplift_server):
    frames = await synthesize(
        uplift_tts.build_uplift_tts(uplift_settings(uplift_server)), "Hello."
    )
    assert frames
    assert "phraseReplacementConfigId" not in uplift_server.requests[-1]
    assert (
        uplift_server.requests[-1]["voiceId"]
        == Settings.model_fields["uplift_voice_id"].default
    )


async def test_streaming_synthesis_of_text_pushed_in_pieces(uplift_server):
    """How the agent speaks a reply: LLM text arrives in pieces on one stream."""
    engine = uplift_tts.build_uplift_tts(
        uplift_settings(uplift_server, uplift_output_format="PCM_22050_16")
    )
    try:
        stream = engine.stream()
        for piece in ("Welcome back. ", "How was ", "the trip to Lahore?"):
            stream.push_text(piece)
        stream.end_input()
        frames = [event.frame async for event in stream]
        await stream.aclose()
    finally:
        await engine.aclose()

    assert uplift_server.texts == ["Welcome back. How was the trip to Lahore?"]
    expected = speech_duration_seconds(uplift_server.texts[0])
    assert abs(duration(frames) - expected) < 0.1
    assert np.abs(samples(frames)).max() > 3000


async def test_wrong_key_is_a_connection_error_without_fallback(uplift_server):
    settings = uplift_settings(uplift_server, uplift_api_key="wrong-key")
    engine = uplift_tts.build_uplift_tts(settings)
    with pytest.raises(APIConnectionError):
        await synthesize(engine, "Hello.")
    assert (
        uplift_server.connections
        and uplift_server.connections[0]["token"] == "wrong-key"
    )
    assert uplift_server.requests == []


# ---- build_tts and the fallback to OpenAI ---------------------------------


@pytest.mark.parametrize("failure", ["refuse_auth", "error", "disconnect"])
async def test_failing_uplift_falls_back_to_openai_tts(
    uplift_server, openai_server, failure
):
    uplift_server.failure = failure
    settings = uplift_settings(
        uplift_server, openai_base_url=openai_server.base_url, tts_voice="ash"
    )
    engine = uplift_tts.build_tts(settings)
    assert isinstance(engine, tts.FallbackAdapter)

    frames = await synthesize(engine, SENTENCE)

    assert uplift_server.connections, "Uplift was not tried first"
    speech = openai_server.speech_requests()
    assert (
        len(speech) == 1
        and speech[0]["input"] == SENTENCE
        and speech[0]["voice"] == "ash"
    )
    assert frames[0].sample_rate == 24_000  # the adapter's rate: max of both engines
    assert abs(duration(frames) - speech_duration_seconds(SENTENCE)) < 0.15
    assert np.abs(samples(frames)).max() > 3000


async def test_healthy_uplift_serves_and_openai_stays_idle(
    uplift_server, openai_server
):
    settings = uplift_settings(uplift_server, openai_base_url=openai_server.base_url)
    frames = await synthesize(uplift_tts.build_tts(settings), SENTENCE)
    assert uplift_server.texts == [SENTENCE]
    assert openai_server.speech_requests() == []
    assert abs(duration(frames) - speech_duration_seconds(SENTENCE)) < 0.1
    # Closing the adapter closed Uplift's websocket too.
    await wait_until(lambda: not uplift_server.open_sessions)


async def test_fallback_also_serves_streamed_replies(uplift_server, openai_server):
    """The agent speaks through stream(); OpenAI TTS is not a streaming engine,
    so the adapter must bridge it when Uplift is down."""
    uplift_server.failure = "refuse_auth"
    sessions_before = open_client_sessions()
    engine = uplift_tts.build_tts(
        uplift_settings(uplift_server, openai_base_url=openai_server.base_url)
    )
    try:
        stream = engine.stream(conn_options=NO_RETRY)
        for piece in ("Welcome back. ", "How was ", "the trip?"):
            stream.push_text(piece)
        stream.end_input()
        frames = [event.frame async for event in stream]
        await stream.aclose()
    finally:
        await engine.aclose()
    spoken = " ".join(r["input"] for r in openai_server.speech_requests())
    assert spoken.split() == ["Welcome", "back.", "How", "was", "the", "trip?"]
    assert duration(frames) > 1.0
    assert np.abs(samples(frames)).max() > 3000
    # Each refused connection attempt closed what it opened.
    assert len(uplift_server.connections) >= 1
    assert open_client_sessions() == sessions_before


async def test_openai_provider_speaks_through_openai_tts(openai_server):
    settings = make_settings(
        tts_provider="openai",
        tts_base_url=openai_server.base_url,
        tts_model="gpt-4o-mini-tts",
        tts_voice="coral",
    )
    engine = uplift_tts.build_tts(settings)
    assert isinstance(engine, lk_openai.TTS)
    frames = await synthesize(engine, "Hello there.")
    request = openai_server.speech_requests()[0]
    assert (request["model"], request["voice"], request["input"]) == (
        "gpt-4o-mini-tts",
        "coral",
        "Hello there.",
    )
    assert abs(duration(frames) - speech_duration_seconds("Hello there.")) < 0.1


async def test_shared_openai_client_is_used_for_the_fallback(
    uplift_server, openai_server
):
    uplift_server.failure = "refuse_auth"
    client = openai.AsyncOpenAI(base_url=openai_server.base_url, api_key="shared-key")
    try:
        engine = uplift_tts.build_tts(
            uplift_settings(uplift_server), openai_client=client
        )
        frames = await synthesize(engine, "Hello.")
        assert frames
        assert openai_server.requests_to("/v1/audio/speech")[0].headers[
            "Authorization"
        ] == ("Bearer shared-key")
        assert not client.is_closed()  # the TTS does not own a client it was given
    finally:
        await client.close()


# ---- configuration errors -------------------------------------------------


def test_missing_uplift_key_names_the_variable():
    settings = make_settings(tts_provider="uplift", openai_api_key="sk-test")
    with pytest.raises(ConfigurationError, match="UPLIFT_API_KEY"):
        uplift_tts.build_tts(settings)
    with pytest.raises(ConfigurationError, match="UPLIFT_API_KEY"):
        uplift_tts.build_uplift_tts(make_settings(uplift_api_key="   "))


def test_unknown_output_format_is_rejected():
    settings = make_settings(
        uplift_api_key=UPLIFT_KEY, uplift_output_format="MP3_44100_320"
    )
    with pytest.raises(ConfigurationError, match="UPLIFT_OUTPUT_FORMAT") as caught:
        uplift_tts.build_uplift_tts(settings)
    assert "MP3_22050_32" in str(caught.value)


def test_openai_provider_without_key_or_url_names_the_variable():
    with pytest.raises(ConfigurationError, match="OPENAI_API_KEY"):
        uplift_tts.build_tts(make_settings(tts_provider="openai"))


async def test_uplift_without_openai_configured_has_no_fallback():
    engine = uplift_tts.build_tts(
        make_settings(tts_provider="uplift", uplift_api_key=UPLIFT_KEY)
    )
    try:
        assert isinstance(engine, upliftai.TTS)
        assert (
            engine._opts.base_url == "wss://api.upliftai.org"
        )  # nothing read from env
    finally:
        await engine.aclose()
