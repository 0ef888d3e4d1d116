"""Local speech through LiveKit's interfaces, with the real engines:
faster-whisper (tiny.en from its wheel) recognises a sentence spoken by
espeak-ng, and what the local TTS plugins say is recognised back."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from livekit import rtc
from livekit.agents import APIConnectionError, APIConnectOptions, tts

from providers import model_files
from providers.local_stt import WhisperSTT
from providers.local_tts import EspeakTTS, PiperTTS


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def espeak_frame(text: str) -> rtc.AudioFrame:
    wav = subprocess.run(["espeak-ng", "-v", "en-us", "--stdout", text], check=True, capture_output=True).stdout
    pcm = wav[44:]  # espeak-ng writes a canonical 44-byte header: 22.05 kHz mono int16
    return rtc.AudioFrame(pcm, sample_rate=22_050, num_channels=1, samples_per_channel=len(pcm) // 2)


@pytest.fixture(scope="module")
def whisper() -> WhisperSTT:
    return WhisperSTT.load(model_files.whisper_model_dir(), model_name=model_files.WHISPER_MODEL_NAME)


async def synthesized_frames(plugin: tts.TTS, text: str) -> list[rtc.AudioFrame]:
    frames: list[rtc.AudioFrame] = []
    async with plugin.synthesize(text) as stream:
        async for event in stream:
            frames.append(event.frame)
    return frames


async def test_whisper_recognises_an_espeak_sentence(whisper: WhisperSTT) -> None:
    event = await whisper.recognize([espeak_frame("My sister Sara lives in Boston and loves painting.")])
    heard = words(event.alternatives[0].text)
    # tiny.en's word accuracy on espeak speech is ~93 %: most key words, not all.
    assert len({"sister", "lives", "boston", "painting"} & heard) >= 3, heard
    assert whisper.provider == "faster-whisper"


async def test_whisper_hears_nothing_in_silence(whisper: WhisperSTT) -> None:
    silence = rtc.AudioFrame(bytes(16_000 * 2), sample_rate=16_000, num_channels=1, samples_per_channel=16_000)
    event = await whisper.recognize([silence])
    assert len(words(event.alternatives[0].text)) <= 2  # no sentence out of nothing


async def test_espeak_tts_output_is_recognised_back(whisper: WhisperSTT) -> None:
    plugin = EspeakTTS.load()
    frames = await synthesized_frames(plugin, "Good morning, I will remember your birthday.")
    assert frames and all(f.sample_rate == 22_050 for f in frames)
    event = await whisper.recognize(frames)
    assert len({"morning", "remember", "birthday"} & words(event.alternatives[0].text)) >= 2, event.alternatives[0].text
    await plugin.aclose()


async def test_piper_tts_output_is_recognised_back(whisper: WhisperSTT) -> None:
    plugin = PiperTTS.load(model_files.piper_voice_path(), voice_name=model_files.PIPER_VOICE_NAME)
    frames = await synthesized_frames(plugin, "Good morning, I will remember your birthday.")
    samples = np.concatenate([np.frombuffer(f.data, dtype=np.int16) for f in frames])
    assert samples.size > 22_050 and np.abs(samples).max() > 1000  # real speech, not silence
    event = await whisper.recognize(frames)
    assert len({"morning", "remember", "birthday"} & words(event.alternatives[0].text)) >= 2, event.alternatives[0].text
    await plugin.aclose()


class SilentEngine:
    def synthesize(self, text: str) -> list[object]:
        return []


class BrokenEngine:
    def synthesize(self, text: str) -> list[object]:
        raise RuntimeError("voice model failed")


@pytest.mark.parametrize("engine", [SilentEngine(), BrokenEngine()])
async def test_tts_failures_become_api_errors(engine: object) -> None:
    plugin = PiperTTS(engine, sample_rate=22_050, voice_name="fake")  # type: ignore[arg-type]
    stream = plugin.synthesize("Hello there.", conn_options=APIConnectOptions(max_retry=0))
    with pytest.raises(APIConnectionError):
        await synthesized_frames_from(stream)
    await plugin.aclose()


async def synthesized_frames_from(stream: tts.ChunkedStream) -> None:
    async with stream:
        async for _ in stream:
            pass


def test_missing_whisper_model_fails_at_load(tmp_path) -> None:
    from core.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="Whisper model is missing"):
        WhisperSTT.load(tmp_path, model_name="absent")
