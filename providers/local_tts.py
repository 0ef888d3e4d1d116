"""Text-to-speech on this machine as LiveKit ``tts.TTS`` plugins.

- ``PiperTTS``: Piper neural voices (``piper-tts``, GPL-3.0, an optional
  extra: see requirements-piper.txt) with a voice shipped in a wheel.
- ``EspeakTTS``: the espeak-ng program, always available from Debian; robotic
  but instant, and the fallback when Piper is not installed.

Both are non-streaming: LiveKit splits the reply into sentences and asks for
one sentence at a time, so the first sentence plays while the next is made.
"""

from __future__ import annotations

import asyncio
import io
import logging
import shutil
import uuid
import wave
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol, cast

from livekit.agents import (
    DEFAULT_API_CONNECT_OPTIONS,
    APIConnectionError,
    APIConnectOptions,
    APITimeoutError,
    tts,
)

from core.errors import ConfigurationError

logger = logging.getLogger(__name__)

NUM_CHANNELS = 1


class PiperChunk(Protocol):
    sample_rate: int
    audio_int16_bytes: bytes


class PiperEngine(Protocol):
    """What we use of ``piper.PiperVoice``."""

    def synthesize(self, text: str) -> Iterable[PiperChunk]: ...


class PiperTTS(tts.TTS):
    """A Piper voice behind LiveKit's TTS interface."""

    def __init__(self, engine: PiperEngine, *, sample_rate: int, voice_name: str, timeout_s: float = 30.0) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False),
            sample_rate=sample_rate,
            num_channels=NUM_CHANNELS,
        )
        self._engine = engine
        self._voice_name = voice_name
        self.timeout_s = timeout_s
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="piper")

    @classmethod
    def load(cls, model_path: Path, *, voice_name: str) -> PiperTTS:
        """Load a Piper ``.onnx`` voice (its ``.onnx.json`` config beside it)."""
        if not model_path.is_file():
            raise ConfigurationError(f"The Piper voice is missing: {model_path} does not exist.")
        from piper import PiperVoice

        voice = PiperVoice.load(str(model_path))
        engine = cast(PiperEngine, voice)  # PiperVoice.synthesize yields the chunks PiperEngine names
        return cls(engine, sample_rate=int(voice.config.sample_rate), voice_name=voice_name)

    @property
    def model(self) -> str:
        return self._voice_name

    @property
    def provider(self) -> str:
        return "piper"

    def synthesize_pcm(self, text: str) -> bytes:
        """The whole sentence as int16 mono PCM at ``sample_rate`` (blocking)."""
        return b"".join(chunk.audio_int16_bytes for chunk in self._engine.synthesize(text))

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        return _PcmStream(tts=self, input_text=text, conn_options=conn_options, produce=self._produce)

    async def _produce(self, text: str) -> bytes:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.synthesize_pcm, text)

    async def aclose(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        await super().aclose()


ESPEAK_SAMPLE_RATE = 22_050


class EspeakTTS(tts.TTS):
    """The espeak-ng program behind LiveKit's TTS interface (one process per sentence)."""

    def __init__(
        self, *, voice: str = "en-us", words_per_minute: int = 165, executable: str = "espeak-ng", timeout_s: float = 30.0
    ) -> None:
        super().__init__(
            capabilities=tts.TTSCapabilities(streaming=False),
            sample_rate=ESPEAK_SAMPLE_RATE,
            num_channels=NUM_CHANNELS,
        )
        self._voice = voice
        self._words_per_minute = words_per_minute
        self._executable = executable
        self.timeout_s = timeout_s

    @classmethod
    def load(cls, *, voice: str = "en-us") -> EspeakTTS:
        """Check that espeak-ng is installed (it comes with scripts/setup.sh)."""
        if shutil.which("espeak-ng") is None:
            raise ConfigurationError("espeak-ng is not installed: run scripts/setup.sh (apt package espeak-ng).")
        return cls(voice=voice)

    @property
    def model(self) -> str:
        return f"espeak-ng/{self._voice}"

    @property
    def provider(self) -> str:
        return "espeak-ng"

    def synthesize(
        self, text: str, *, conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS
    ) -> tts.ChunkedStream:
        return _PcmStream(tts=self, input_text=text, conn_options=conn_options, produce=self._produce)

    async def _produce(self, text: str) -> bytes:
        # The text goes on stdin, never on the command line: it may start with "-".
        proc = await asyncio.create_subprocess_exec(
            self._executable,
            "-v",
            self._voice,
            "-s",
            str(self._words_per_minute),
            "--stdout",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            wav, err = await proc.communicate(text.encode("utf-8"))
        except asyncio.CancelledError:
            proc.kill()
            await proc.wait()
            raise
        if proc.returncode != 0:
            raise RuntimeError(f"espeak-ng exited with {proc.returncode}: {err.decode(errors='replace').strip()}")
        return _wav_to_pcm(wav, expected_rate=ESPEAK_SAMPLE_RATE)


def _wav_to_pcm(wav: bytes, *, expected_rate: int) -> bytes:
    with wave.open(io.BytesIO(wav), "rb") as reader:
        if reader.getframerate() != expected_rate or reader.getsampwidth() != 2 or reader.getnchannels() != 1:
            raise RuntimeError(
                f"unexpected WAV format {reader.getframerate()} Hz, {reader.getsampwidth() * 8} bit, "
                f"{reader.getnchannels()} channel(s)"
            )
        return reader.readframes(reader.getnframes())


class _PcmStream(tts.ChunkedStream):
    """One sentence: ask the engine for int16 PCM, push it, flush."""

    def __init__(self, *, tts: tts.TTS, input_text: str, conn_options: APIConnectOptions, produce: _Producer) -> None:
        super().__init__(tts=tts, input_text=input_text, conn_options=conn_options)
        self._produce = produce
        self._timeout_s: float = getattr(tts, "timeout_s", 30.0)

    async def _run(self, output_emitter: tts.AudioEmitter) -> None:
        try:
            pcm = await asyncio.wait_for(self._produce(self.input_text), timeout=self._timeout_s)
        except TimeoutError:
            raise APITimeoutError() from None
        except Exception as error:
            raise APIConnectionError(f"{self._tts.provider} failed: {error}") from error
        if not pcm:
            # The framework treats a sentence without audio as an error anyway;
            # saying which engine produced nothing is more useful.
            raise APIConnectionError(f"{self._tts.provider} produced no audio for {self.input_text!r}")
        output_emitter.initialize(
            request_id=uuid.uuid4().hex,
            sample_rate=self._tts.sample_rate,
            num_channels=NUM_CHANNELS,
            mime_type="audio/pcm",
        )
        output_emitter.push(pcm)
        output_emitter.flush()


class _Producer(Protocol):
    async def __call__(self, text: str) -> bytes: ...
