"""Check `python agent.py console` with sound, on virtual sound devices.

    .venv/bin/python scripts/check_sound_console.py [--keep-pulse] [--timeout 90]

For a machine with no sound card (a server, a container, CI). It needs
PulseAudio and the ALSA pulse plugin (Debian: pulseaudio, pulseaudio-utils,
libasound2-plugins; scripts/setup.sh installs them) and espeak-ng.

What it does, end to end through real sound devices:
1. Starts a private PulseAudio server (its own runtime directory, so a desktop
   session's server is left alone) with two null sinks: ``companion_mic``,
   whose monitor is the console's microphone, and ``companion_speaker``, where
   the console plays. The console reaches them through ALSA's ``pulse`` device.
2. Starts the project's OpenAI-compatible stand-in (speech recognition with
   pocketsphinx restricted to the sentence below, speech with espeak-ng, a
   fixed reply) and `agent.py console --input-device pulse --output-device pulse`
   against it, in a pseudo-terminal, with a throwaway database.
3. Records ``companion_speaker``'s monitor, waits for the greeting to be
   played, then speaks a sentence with espeak-ng into ``companion_mic``.
4. Passes when the stand-in's recogniser heard that sentence from the
   console's microphone upload, and the agent's reply, recorded from the
   speaker and recognised again, is the expected sentence.

Exit status 0 on success; otherwise 1 with one sentence on what failed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import wave
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.openai_server import OpenAIStandIn  # noqa: E402
from tests.support.speech import SentenceRecognizer, normalise, speak  # noqa: E402

USER_SENTENCE = "What are my plans for Friday?"
REPLY = "Your plans for Friday are a walk in the park."
# What the reply could be mistaken for: recognition must single it out.
DISTRACTORS = ("I do not know what you have planned.", "Tell me more about your day.")
SPEAKER_RATE = 16_000  # how the speaker's monitor is recorded (mono s16le)
SILENCE_RMS = 300  # int16 RMS below which a 100 ms window counts as silence
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")
TOOLS = ("pulseaudio", "pactl", "parec", "paplay", "espeak-ng")


class CheckFailed(RuntimeError):
    """One sentence on what did not work."""


def pulse_env(runtime_dir: Path) -> dict[str, str]:
    return {**os.environ, "XDG_RUNTIME_DIR": str(runtime_dir), "PULSE_SERVER": f"unix:{runtime_dir}/pulse/native"}


def start_pulse(runtime_dir: Path) -> dict[str, str]:
    """A private PulseAudio server with the two null sinks; returns its environment."""
    env = pulse_env(runtime_dir)
    (runtime_dir / "pulse").mkdir(parents=True, exist_ok=True)
    command = [
        "pulseaudio", "--daemonize=yes", "--exit-idle-time=-1", "--disallow-exit", "-n",
        "--load=module-native-protocol-unix",
        "--load=module-null-sink sink_name=companion_speaker sink_properties=device.description=companion_speaker",
        "--load=module-null-sink sink_name=companion_mic sink_properties=device.description=companion_mic",
        f"--log-target=file:{runtime_dir}/pulse.log",
    ]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=30)
    deadline = time.monotonic() + 10
    while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            raise CheckFailed(f"PulseAudio did not start (see {runtime_dir}/pulse.log)")
        time.sleep(0.2)
    subprocess.run(["pactl", "set-default-sink", "companion_speaker"], env=env, check=True)
    subprocess.run(["pactl", "set-default-source", "companion_mic.monitor"], env=env, check=True)
    return env


def stop_pulse(env: dict[str, str]) -> None:
    subprocess.run(["pulseaudio", "--kill"], env=env, capture_output=True, timeout=10)


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.astype(np.int16).tobytes())


def speech_segments(samples: np.ndarray, rate: int) -> list[tuple[int, int]]:
    """(start, end) sample offsets of stretches of sound separated by >= 2 s of silence
    (a loaded machine can leave a gap of most of a second inside one reply)."""
    window = rate // 10
    loud = [
        float(np.sqrt(np.mean(samples[i : i + window].astype(np.float64) ** 2))) > SILENCE_RMS
        for i in range(0, len(samples) - window + 1, window)
    ]
    segments: list[tuple[int, int]] = []
    start, quiet = None, 0
    for index, is_loud in enumerate(loud):
        if is_loud:
            start = index if start is None else start
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet >= 20:
                segments.append((start * window, (index - quiet + 1) * window))
                start, quiet = None, 0
    if start is not None:
        segments.append((start * window, len(loud) * window))
    return segments


async def wait_for_sound(recording: Path, after_bytes: int, timeout: float) -> int:
    """Wait until the recording has a complete stretch of sound after ``after_bytes``;
    returns the byte offset where that stretch ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        data = recording.read_bytes()[after_bytes:]
        samples = np.frombuffer(data[: len(data) // 2 * 2], dtype=np.int16)
        segments = speech_segments(samples, SPEAKER_RATE)
        if segments and segments[-1][1] + int(2.5 * SPEAKER_RATE) < len(samples):  # ended 2.5 s ago
            return after_bytes + segments[-1][1] * 2
    raise CheckFailed(f"nothing was played on companion_speaker within {timeout:.0f} s")


def is_the_reply(said: str | None) -> bool:
    """The reply, or all but its last words: a start that no other sentence has,
    at least three quarters of its words."""
    if said is None:
        return False
    words, reply = said.split(), normalise(REPLY).split()
    return words == reply[: len(words)] and len(words) >= 0.75 * len(reply) and not any(
        normalise(other).split()[: len(words)] == words for other in DISTRACTORS
    )


async def check(timeout: float, env: dict[str, str], workdir: Path) -> str:
    recognizer = SentenceRecognizer([USER_SENTENCE])
    heard: list[str | None] = []

    def recognize(wav: bytes) -> str | None:
        heard.append(recognizer.recognize_wav(wav))
        return heard[-1]

    async with OpenAIStandIn(
        default_reply=REPLY,
        synthesize=lambda text, rate: speak(text, rate).tobytes(),
        recognize=recognize,
    ) as stand_in:
        agent_env = {
            **env,
            "COMPANION_MODE": "cloud",
            "OPENAI_BASE_URL": stand_in.base_url,
            "OPENAI_API_KEY": "sound-check",
            "TTS_PROVIDER": "openai",
            "SQLITE_PATH": str(workdir / "companion.db"),
            "REDIS_URL": "off",
            "CONSOLE_USER_ID": str(uuid.uuid4()),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
        }
        recording = workdir / "speaker.raw"
        recorder = subprocess.Popen(
            ["parec", "--device=companion_speaker.monitor", "--format=s16le", f"--rate={SPEAKER_RATE}",
             "--channels=1", "--raw", str(recording)],
            env=env,
        )
        # The console draws a terminal UI: give it a terminal, and keep reading it.
        master, slave = pty.openpty()
        console = subprocess.Popen(
            [sys.executable, "agent.py", "console", "--input-device", "pulse", "--output-device", "pulse"],
            stdin=slave, stdout=slave, stderr=slave, env=agent_env, cwd=ROOT, start_new_session=True,
        )
        os.close(slave)
        screen = bytearray()
        loop = asyncio.get_running_loop()

        def read_terminal() -> None:
            with contextlib.suppress(OSError):
                screen.extend(os.read(master, 65536))

        loop.add_reader(master, read_terminal)
        try:
            greeting_end = await wait_for_sound(recording, 0, timeout)
            speech = workdir / "user.wav"
            write_wav(speech, speak(USER_SENTENCE, SPEAKER_RATE), SPEAKER_RATE)  # the voice the tests use
            subprocess.run(["paplay", "--device=companion_mic", str(speech)], env=env, check=True, timeout=30)
            reply_end = await wait_for_sound(recording, greeting_end, timeout)
            if normalise(USER_SENTENCE) not in heard:
                raise CheckFailed(f"the agent's speech recogniser did not hear the sentence (it heard {heard})")
            data = recording.read_bytes()[greeting_end:reply_end]
            samples = np.frombuffer(data[: len(data) // 2 * 2], dtype=np.int16)
            said = SentenceRecognizer([REPLY, *DISTRACTORS]).recognize(samples, SPEAKER_RATE)
            if not is_the_reply(said):
                raise CheckFailed(f"the reply played on the speaker was recognised as {said!r}, not {REPLY!r}")
            assert said is not None
            if said != normalise(REPLY):
                # Seen on a loaded machine: the console's player stops before its
                # last buffered frames are heard (LiveKit's console, not rooms).
                print(f"sound check: the reply's last word(s) were not played: heard {said!r}", file=sys.stderr)
            return said
        except CheckFailed as error:
            tail = ANSI.sub("", screen.decode("utf-8", "replace"))[-1500:]
            raise CheckFailed(f"{error}; the console showed:\n{tail}") from None
        finally:
            loop.remove_reader(master)
            console.terminate()
            try:
                console.wait(timeout=15)
            except subprocess.TimeoutExpired:
                console.kill()
            os.close(master)
            recorder.terminate()
            recorder.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=90.0, help="seconds to wait for each sound")
    parser.add_argument("--keep-pulse", action="store_true", help="leave the PulseAudio server running")
    args = parser.parse_args(argv)
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"Missing {', '.join(missing)}: install pulseaudio, pulseaudio-utils, libasound2-plugins "
              "and espeak-ng (scripts/setup.sh does).", file=sys.stderr)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="sound-check-"))
    env = start_pulse(workdir / "run")
    started = time.perf_counter()
    try:
        said = asyncio.run(check(args.timeout, env, workdir))
    except CheckFailed as error:
        print(f"Sound check failed: {error}", file=sys.stderr)
        return 1
    finally:
        if args.keep_pulse:
            print(f"PulseAudio left running: export PULSE_SERVER={env['PULSE_SERVER']}", file=sys.stderr)
        else:
            stop_pulse(env)
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"Sound check passed in {time.perf_counter() - started:.0f} s: the console heard "
          f"{USER_SENTENCE!r} from companion_mic and said {said!r} on companion_speaker.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
