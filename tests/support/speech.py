"""Real speech, offline: espeak-ng says a sentence, pocketsphinx hears it.

``speak`` runs the espeak-ng program (a Debian package installed by
scripts/setup.sh) and returns mono s16le samples at the rate asked for.

``SentenceRecognizer`` decodes audio with pocketsphinx's acoustic model (it
ships in the PyPI wheel) constrained to a grammar of the sentences a test may
say. That makes recognition of synthetic speech exact and takes tens of
milliseconds, while audio that is none of those sentences (noise, silence, a
reply cut off half-way, a different sentence) is still rejected: the decoder
returns nothing rather than the nearest sentence.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import threading
import wave
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.int16]

ESPEAK_VOICE = "en-us"
ESPEAK_WORDS_PER_MINUTE = 170
RECOGNIZER_SAMPLE_RATE = 16_000
SILENCE_LEVEL = 300  # |sample| at or below this is silence in espeak-ng output
# The recogniser hears speech from its first voiced sample with this much silence
# around it: pocketsphinx's grammar search depends on where the speech falls in
# its 10 ms frames (measured: "I want to die." after 7,504 samples of silence is
# heard, after 7,584 it is "what"), and a VAD cuts the lead-in anywhere.
LEAD_IN_SECONDS = 0.1
PHASE_SHIFTS = (0, 40, 80, 120)  # samples at 16 kHz: quarter steps of a 10 ms frame
_NOT_A_WORD = re.compile(r"[^a-z' ]+")


class SpeechToolMissing(RuntimeError):
    """espeak-ng is not installed: run scripts/setup.sh."""


def resample(samples: Samples, from_rate: int, to_rate: int) -> Samples:
    """Linear resampling; plenty for speech that a recogniser or VAD hears."""
    if from_rate == to_rate or len(samples) == 0:
        return samples
    count = round(len(samples) * to_rate / from_rate)
    positions = np.arange(count) * (from_rate / to_rate)
    return np.interp(positions, np.arange(len(samples)), samples.astype(np.float32)).astype(np.int16)


def speak(text: str, sample_rate: int = RECOGNIZER_SAMPLE_RATE, *, voice: str = ESPEAK_VOICE) -> Samples:
    """``text`` spoken by espeak-ng, as mono int16 samples at ``sample_rate``."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise SpeechToolMissing("espeak-ng is not installed (scripts/setup.sh installs it)")
    completed = subprocess.run(
        [program, "-v", voice, "-s", str(ESPEAK_WORDS_PER_MINUTE), "--stdout", text],
        check=True,
        capture_output=True,
    )
    rate, samples = read_wav(completed.stdout)
    return resample(samples, rate, sample_rate)


def read_wav(data: bytes) -> tuple[int, Samples]:
    """(sample rate, mono int16 samples) of a 16-bit PCM WAV file."""
    with wave.open(io.BytesIO(data)) as wav:
        rate = wav.getframerate()
        channels = wav.getnchannels()
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return rate, samples.astype(np.int16)


def voiced_seconds(samples: Samples, rate: int) -> float:
    """Where the last voiced sample is, in seconds from the start."""
    loud = np.nonzero(np.abs(samples.astype(np.int32)) > SILENCE_LEVEL)[0]
    return float(loud[-1] + 1) / rate if len(loud) else 0.0


def _canonical_lead_in(samples: Samples) -> Samples:
    """The voiced part with LEAD_IN_SECONDS of silence each side (all of it if none is voiced)."""
    loud = np.nonzero(np.abs(samples.astype(np.int32)) > SILENCE_LEVEL)[0]
    if not len(loud):
        return samples
    silence = np.zeros(int(LEAD_IN_SECONDS * RECOGNIZER_SAMPLE_RATE), dtype=np.int16)
    return np.concatenate([silence, samples[loud[0] : loud[-1] + 1], silence])


def normalise(text: str) -> str:
    """Lower-case words only: how sentences are compared and put in a grammar."""
    return " ".join(_NOT_A_WORD.sub(" ", text.lower().replace("’", "'")).split())


class SentenceRecognizer:
    """pocketsphinx restricted to a fixed set of sentences (a JSGF grammar).

    Every word must be in pocketsphinx's English dictionary. Decoding is
    serialised: one decoder, used from worker threads.
    """

    def __init__(self, sentences: Iterable[str]) -> None:
        from pocketsphinx import Decoder

        self.sentences = sorted({normalise(s) for s in sentences if normalise(s)})
        if not self.sentences:
            raise ValueError("a recogniser needs at least one sentence")
        alternatives = " | ".join(f"( {s} )" for s in self.sentences)
        grammar = f"#JSGF V1.0;\ngrammar sentences;\npublic <sentence> = {alternatives} ;\n"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "sentences.jsgf"
            path.write_text(grammar)
            self._decoder = Decoder(jsgf=str(path), samprate=RECOGNIZER_SAMPLE_RATE, loglevel="FATAL")
        self._lock = threading.Lock()

    def recognize(self, samples: Samples, sample_rate: int) -> str | None:
        """The sentence heard, normalised, or None when it is none of them."""
        voiced = _canonical_lead_in(resample(samples, sample_rate, RECOGNIZER_SAMPLE_RATE))
        # Decoded at a few phases of the decoder's 10 ms frame; the longest
        # hypothesis wins. Resampled playback (a sound server's) shifts the audio
        # by a fraction of a frame from run to run, and at some phases the
        # search stops one word short ("... a walk in the" for "... the park").
        # A reply really cut short lacks the words at every phase.
        heard = [
            text
            for shift in PHASE_SHIFTS
            if (text := self._decode(np.concatenate([np.zeros(shift, dtype=np.int16), voiced]).tobytes()))
        ]
        return max(heard, key=lambda text: len(text.split())) if heard else None

    def _decode(self, pcm: bytes) -> str:
        with self._lock:
            self._decoder.start_utt()
            self._decoder.process_raw(pcm, full_utt=True)
            self._decoder.end_utt()
            hypothesis = self._decoder.hyp()
        return hypothesis.hypstr.strip() if hypothesis is not None else ""

    def unheard(self) -> list[str]:
        """Sentences this recogniser does not recognise from espeak-ng's own
        speech. The grammar search fails on some word sequences (it is
        deterministic: a sentence always works or never does), so a test checks
        its sentences here first rather than fail later for a confusing reason."""
        return [s for s in self.sentences if self.recognize(speak(s), RECOGNIZER_SAMPLE_RATE) != s]

    def recognize_wav(self, data: bytes) -> str | None:
        rate, samples = read_wav(data)
        return self.recognize(samples, rate)
