"""Audio in and out of a real AgentSession without a room.

``Microphone`` is a ``voice.io.AudioInput``: an endless stream of 10 ms frames
paced at real time, silence except while an utterance queued with ``say`` is
being "spoken". ``Speaker`` is a ``voice.io.AudioOutput`` that plays what it is
given at real time (by the clock, no device), keeps every segment's frames,
and reports playback start/finish once per segment as a room's audio output
does, so ``wait_for_playout`` and interruptions behave as in production.

    session.input.audio = Microphone()
    session.output.audio = Speaker()
    await session.start(agent)          # no room
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field

import numpy as np
from livekit import rtc
from livekit.agents.voice import io

from tests.support.speech import Samples

FRAME_SECONDS = 0.01
MIC_SAMPLE_RATE = 16_000


@dataclass
class Utterance:
    """One thing said into the microphone; times are ``time.perf_counter()``."""

    samples: Samples
    started_at: float | None = None
    ended_at: float | None = None  # after its last voiced frame went out
    done: asyncio.Event = field(default_factory=asyncio.Event)


class Microphone(io.AudioInput):
    """Real-time 10 ms frames that never end: queued speech, else silence."""

    def __init__(self, sample_rate: int = MIC_SAMPLE_RATE) -> None:
        super().__init__(label="test-microphone")
        self.sample_rate = sample_rate
        self._samples_per_frame = int(sample_rate * FRAME_SECONDS)
        self._queue: deque[Utterance] = deque()
        self._current: Utterance | None = None
        self._offset = 0
        self._frames_sent = 0
        self._clock_start: float | None = None

    def say(self, samples: Samples) -> Utterance:
        """Queue speech (mono int16 at ``sample_rate``); await ``.done`` for its end."""
        utterance = Utterance(samples=samples)
        self._queue.append(utterance)
        return utterance

    async def __anext__(self) -> rtc.AudioFrame:
        # Absolute schedule: frame n leaves at start + n * 10 ms, so the stream
        # keeps real time however late one wake-up was.
        now = time.perf_counter()
        if self._clock_start is None:
            self._clock_start = now
        due = self._clock_start + self._frames_sent * FRAME_SECONDS
        if due > now:
            await asyncio.sleep(due - now)
        self._frames_sent += 1
        return rtc.AudioFrame(
            data=self._next_chunk().tobytes(),
            sample_rate=self.sample_rate,
            num_channels=1,
            samples_per_channel=self._samples_per_frame,
        )

    def _next_chunk(self) -> Samples:
        size = self._samples_per_frame
        if self._current is None and self._queue:
            self._current = self._queue.popleft()
            self._current.started_at = time.perf_counter()
            self._offset = 0
        if self._current is None:
            return np.zeros(size, dtype=np.int16)
        chunk = self._current.samples[self._offset : self._offset + size]
        self._offset += size
        if self._offset >= len(self._current.samples):
            self._current.ended_at = time.perf_counter()
            self._current.done.set()
            self._current = None
        if len(chunk) < size:
            chunk = np.concatenate([chunk, np.zeros(size - len(chunk), dtype=np.int16)])
        return chunk


@dataclass
class Segment:
    """One played segment (a greeting, a reply)."""

    frames: list[rtc.AudioFrame] = field(default_factory=list)
    first_frame_at: float | None = None  # time.perf_counter()
    interrupted: bool = False
    played_seconds: float = 0.0
    finished: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def seconds(self) -> float:
        return sum(f.duration for f in self.frames)

    def samples(self) -> tuple[int, Samples]:
        """(sample rate, mono int16) of everything captured for this segment."""
        if not self.frames:
            return 0, np.zeros(0, dtype=np.int16)
        merged = rtc.combine_audio_frames(self.frames)
        data = np.frombuffer(merged.data, dtype=np.int16)
        if merged.num_channels > 1:
            data = data.reshape(-1, merged.num_channels).mean(axis=1).astype(np.int16)
        return merged.sample_rate, data


class Speaker(io.AudioOutput):
    """Plays segments at real time by the clock and keeps their frames."""

    def __init__(self) -> None:
        super().__init__(label="test-speaker", capabilities=io.AudioOutputCapabilities(pause=False))
        self.segments: list[Segment] = []
        self._current: Segment | None = None
        self._started_at = 0.0
        self._finish_task: asyncio.Task[None] | None = None
        self.new_segment = asyncio.Event()

    async def capture_frame(self, frame: rtc.AudioFrame) -> None:
        await super().capture_frame(frame)
        if self._current is None:
            self._current = Segment(first_frame_at=time.perf_counter())
            self._started_at = self._current.first_frame_at or 0.0
            self.segments.append(self._current)
            self.new_segment.set()
            self.on_playback_started(created_at=time.time())
        self._current.frames.append(frame)

    def flush(self) -> None:
        super().flush()
        segment = self._current
        if segment is None:
            return
        self._current = None
        # Finished once all of it has "played": started_at + its length.
        remaining = max(0.0, self._started_at + segment.seconds - time.perf_counter())
        self._finish_task = asyncio.get_running_loop().create_task(self._finish_later(segment, remaining))

    async def _finish_later(self, segment: Segment, delay: float) -> None:
        await asyncio.sleep(delay)
        self._finish(segment, interrupted=False, played=segment.seconds)

    def clear_buffer(self) -> None:
        if self._finish_task is not None and not self._finish_task.done():
            self._finish_task.cancel()
        segment = self._current or (self.segments[-1] if self.segments else None)
        self._current = None
        # The segment ends here; frames still in flight start a new one.
        io.AudioOutput.flush(self)
        if segment is None or segment.finished.is_set():
            return
        played = min(segment.seconds, time.perf_counter() - (segment.first_frame_at or 0.0))
        self._finish(segment, interrupted=True, played=played)

    def _finish(self, segment: Segment, *, interrupted: bool, played: float) -> None:
        if segment.finished.is_set():
            return
        segment.interrupted = interrupted
        segment.played_seconds = played
        segment.finished.set()
        self.on_playback_finished(playback_position=played, interrupted=interrupted)

    async def next_segment(self, after: int, timeout: float) -> Segment:
        """The segment with index ``after`` (0-based), once its first frame arrived."""
        deadline = time.perf_counter() + timeout
        while len(self.segments) <= after:
            self.new_segment.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no audio segment #{after} within {timeout} s")
            try:
                await asyncio.wait_for(self.new_segment.wait(), remaining)
            except TimeoutError:
                continue
        return self.segments[after]
