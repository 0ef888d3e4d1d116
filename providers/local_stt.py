"""Speech-to-text on this machine: faster-whisper (CTranslate2) as a LiveKit
``stt.STT`` plugin.

Non-streaming: LiveKit wraps it in ``stt.StreamAdapter`` with the session's
VAD, which cuts the audio into utterances and calls ``_recognize_impl`` once
per utterance. The model is loaded once (``WhisperSTT.load``, in the worker's
prewarm); the constructor takes the loaded engine so tests can pass a fake.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol, cast

import numpy as np
import numpy.typing as npt
from livekit import rtc
from livekit.agents import (
    DEFAULT_API_CONNECT_OPTIONS,
    APIConnectionError,
    APIConnectOptions,
    APITimeoutError,
    stt,
)
from livekit.agents.language import LanguageCode
from livekit.agents.types import NOT_GIVEN, NotGivenOr
from livekit.agents.utils import AudioBuffer, is_given

from core.errors import ConfigurationError

logger = logging.getLogger(__name__)

WHISPER_SAMPLE_RATE = 16_000


class WhisperEngine(Protocol):
    """What we use of ``faster_whisper.WhisperModel``."""

    def transcribe(self, audio: npt.NDArray[np.float32], **kwargs: object) -> tuple[object, object]: ...


def to_whisper_audio(buffer: AudioBuffer) -> npt.NDArray[np.float32]:
    """One utterance as 16 kHz mono float32 in [-1, 1], what Whisper expects."""
    frame = rtc.combine_audio_frames(buffer)
    if frame.samples_per_channel == 0:
        return np.zeros(0, dtype=np.float32)
    if frame.sample_rate != WHISPER_SAMPLE_RATE or frame.num_channels != 1:
        resampler = rtc.AudioResampler(
            input_rate=frame.sample_rate, output_rate=WHISPER_SAMPLE_RATE, num_channels=frame.num_channels
        )
        frames = [*resampler.push(frame), *resampler.flush()]
        frame = rtc.combine_audio_frames(frames)
    samples = np.frombuffer(frame.data, dtype=np.int16)
    if frame.num_channels > 1:
        samples = samples.reshape(-1, frame.num_channels).mean(axis=1).astype(np.int16)
    return samples.astype(np.float32) / 32768.0


class WhisperSTT(stt.STT):
    """faster-whisper behind LiveKit's STT interface."""

    def __init__(
        self,
        engine: WhisperEngine,
        *,
        model_name: str,
        language: str = "en",
        beam_size: int = 1,
        timeout_s: float = 30.0,
    ) -> None:
        super().__init__(capabilities=stt.STTCapabilities(streaming=False, interim_results=False))
        self._engine = engine
        self._model_name = model_name
        self._language = language
        self._beam_size = beam_size
        self._timeout_s = timeout_s
        # One utterance at a time: the model's own threads already use the cores.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper")

    @classmethod
    def load(
        cls, model_dir: Path, *, model_name: str, language: str = "en", cpu_threads: int = 2
    ) -> WhisperSTT:
        """Load CTranslate2 Whisper weights from ``model_dir`` (int8 on the CPU).
        A missing or broken model fails here, once, not on every utterance."""
        if not (model_dir / "model.bin").is_file():
            raise ConfigurationError(
                f"The Whisper model is missing: no model.bin in {model_dir} (run scripts/setup.sh)."
            )
        from faster_whisper import WhisperModel

        engine = WhisperModel(str(model_dir), device="cpu", compute_type="int8", cpu_threads=cpu_threads)
        return cls(engine, model_name=model_name, language=language)

    @property
    def model(self) -> str:
        return self._model_name

    @property
    def provider(self) -> str:
        return "faster-whisper"

    def _transcribe(self, audio: npt.NDArray[np.float32], language: str) -> str:
        # transcribe() returns a lazy generator: decoding happens while iterating,
        # so the list() must run here, in the worker thread.
        segments, _info = self._engine.transcribe(
            audio,
            language=language,
            beam_size=self._beam_size,
            condition_on_previous_text=False,
            vad_filter=False,  # LiveKit's VAD already cut the utterance
        )
        # transcribe() is lazy: iterating here, in the worker thread, runs the model.
        return " ".join(str(segment.text).strip() for segment in cast(Iterable[Any], segments)).strip()

    async def _recognize_impl(
        self,
        buffer: AudioBuffer,
        *,
        language: NotGivenOr[str] = NOT_GIVEN,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
    ) -> stt.SpeechEvent:
        lang = str(language) if is_given(language) and language else self._language
        audio = to_whisper_audio(buffer)
        loop = asyncio.get_running_loop()
        try:
            text = await asyncio.wait_for(
                loop.run_in_executor(self._executor, self._transcribe, audio, lang),
                timeout=self._timeout_s,
            )
        except TimeoutError:
            raise APITimeoutError() from None
        except Exception as error:
            raise APIConnectionError(f"faster-whisper failed: {error}") from error
        return stt.SpeechEvent(
            type=stt.SpeechEventType.FINAL_TRANSCRIPT,
            alternatives=[stt.SpeechData(text=text, language=LanguageCode(lang))],
        )

    async def aclose(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        await super().aclose()
