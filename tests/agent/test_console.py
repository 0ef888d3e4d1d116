"""`python agent.py console --text` in a real pseudo-terminal, against the local
OpenAI-compatible stand-in started as its own process: type a line, read the
agent's reply, quit, and find the conversation stored."""

from __future__ import annotations

import codecs
import fcntl
import io
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\r")
CONSOLE_USER = "00000000-0000-4000-8000-00000000c0de"
RECENT_CHARS = 200_000  # more than arrives between two looks (a read is at most 64 KiB)


class Terminal:
    """A child process on a pty; collects everything it prints."""

    def __init__(self, args: list[str], *, env: dict[str, str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True
        )
        os.close(slave)
        # Kept cleaned as it arrives, and the waits read only its recent end: the
        # console redraws its input box about 30 times a second, and cleaning or
        # copying all of it on every look made the test compete for the CPU with
        # the agent it waits for.
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""  # a tail that may be the start of an escape sequence
        self._all = io.StringIO()
        self.printed = 0  # characters so far: an offset for since()
        self._recent = ""  # the last RECENT_CHARS of them

    @property
    def text(self) -> str:
        """Everything printed so far, without escape sequences."""
        return self._all.getvalue()

    def since(self, offset: int) -> str:
        """What was printed from ``offset`` (an earlier ``printed``) on."""
        start = self.printed - len(self._recent)
        return self._recent[offset - start:] if offset >= start else self.text[offset:]

    def _received(self, chunk: bytes) -> None:
        piece = self._pending + self._decoder.decode(chunk)
        escape = piece.rfind("\x1b")
        cut = escape if escape >= 0 and len(piece) - escape < 64 else len(piece)
        self._pending = piece[cut:]
        clean = ANSI.sub("", piece[:cut])
        self._all.write(clean)
        self.printed += len(clean)
        self._recent = (self._recent + clean)[-RECENT_CHARS:]

    @staticmethod
    def _readable(text: str) -> list[str]:
        """The lines worth reading in a failure message. The console redraws its
        input box (prompt, rules, shortcut hint) many times a second, and raw
        output would show nothing but those redraws."""
        kept: list[str] = []
        for line in text.splitlines():
            line = line.rstrip()
            chrome = not line.strip("─ ") or "Type to talk" in line or "for shortcuts" in line
            if chrome or (kept and kept[-1] == line):
                continue
            kept.append(line)
        return kept

    def excerpt(self, lines: int = 60) -> str:
        """The last ``lines`` readable lines."""
        return "\n".join(self._readable(self.text)[-lines:])

    def tracebacks(self, lines_after: int = 40) -> list[str]:
        """Each Python traceback the child printed, with the readable lines that
        followed it: short enough for a failure message, where ``"Traceback" not
        in text`` would make pytest print the whole transcript."""
        text = self.text
        return [
            "\n".join(self._readable(text[match.start():])[:lines_after])
            for match in re.finditer("Traceback", text)
        ]

    def assert_no_tracebacks(self) -> None:
        tracebacks = self.tracebacks()
        assert not tracebacks, "\n\n".join(tracebacks)

    def pump(self, seconds: float) -> None:
        ready, _, _ = select.select([self.master], [], [], seconds)
        if ready:
            try:
                self._received(os.read(self.master, 65536))
            except OSError:  # the child closed the pty
                time.sleep(seconds)

    def wait_for(self, pattern: str, timeout: float, *, since: int = 0) -> None:
        """Wait until ``pattern`` shows in what was printed from offset ``since``
        on. Timed by the clock: the console redraws its input box many times a
        second, so each pump returns at once and a count of pumps is no timer."""
        deadline = time.monotonic() + timeout
        searched = since
        while time.monotonic() < deadline:
            # What arrived since the last look, with an overlap for a match across it.
            if re.search(pattern, self.since(max(since, searched - 4000))):
                return
            searched = self.printed
            if self.proc.poll() is not None:
                self.pump(0.2)
                break
            self.pump(0.2)
        raise AssertionError(f"did not see {pattern!r}; terminal shows:\n{self.excerpt()}")

    def shown_input(self) -> str | None:
        """What the console's input line shows now ("❯ text█"), if anything."""
        found = re.findall(r"❯ ([^\n█]*)█", self._recent[-4000:])
        return found[-1].rstrip() if found else None

    def type_line(self, text: str) -> None:
        """Type ``text`` and Enter the way a person does: key by key, each one
        after the previous has been echoed. The console reads one key at a time
        and flushes the terminal's input before each read, so keys sent ahead of
        time are dropped; a key that did not show up is sent again."""
        for index, char in enumerate(text):
            expected = text[: index + 1].rstrip()
            for _attempt in range(5):
                os.write(self.master, char.encode())
                deadline = time.monotonic() + 2.0
                while time.monotonic() < deadline and (self.shown_input() or "") != expected:
                    self.pump(0.05)
                if (self.shown_input() or "") == expected or char == " ":
                    break
            time.sleep(0.05)
        marker = self.printed
        for _attempt in range(5):
            os.write(self.master, b"\r")
            deadline = time.monotonic() + 3.0
            while time.monotonic() < deadline and "You" not in self.since(marker):
                self.pump(0.05)
            if "You" in self.since(marker):
                return
        raise AssertionError(f"the console did not take the line {text!r}:\n{self.excerpt()}")

    def stop(self, timeout: float) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.pump(0.2)
        code = self.proc.poll()
        if code is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        os.close(self.master)
        return code


@pytest.fixture
def stand_in_process(tmp_path: Path):
    """The stand-in as a separate process, scripted from a JSON file."""
    script = tmp_path / "replies.json"
    script.write_text(
        json.dumps(
            {
                "rules": [
                    {
                        "match": {"contains": "favourite colour", "has_tool": "remember", "json": False},
                        "reply": "Teal is a lovely colour, I'll keep that in mind.",
                    }
                ],
                "default": "I hear you: {last_user}",
            }
        )
    )
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.openai_server", "--port", str(port), "--script", str(script)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert "listening" in line, line
    yield f"http://127.0.0.1:{port}/v1"
    proc.terminate()
    proc.wait(10)


def test_console_text_mode_talks_and_remembers(tmp_path: Path, stand_in_process: str, redis_server) -> None:
    db = tmp_path / "console.db"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LIVEKIT_", "OPENAI_", "UPLIFT_", "TTS_", "REDIS_", "SQLITE_"))
    }
    env.update(
        {
            "OPENAI_BASE_URL": stand_in_process,
            "OPENAI_API_KEY": "test-key",
            "SQLITE_PATH": str(db),
            "REDIS_URL": redis_server.url,
            "CACHE_NAMESPACE": "console-test",
            "CONSOLE_USER_ID": CONSOLE_USER,
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TERM": "xterm-256color",
            "COLUMNS": "140",
            "LINES": "40",
        }
    )
    terminal = Terminal([sys.executable, str(ROOT / "agent.py"), "console", "--text"], env=env, cwd=tmp_path)
    try:
        terminal.wait_for(r"Type to talk", timeout=180)
        terminal.type_line("My favourite colour is teal")
        terminal.wait_for(r"Teal is a lovely colour", timeout=120)
        terminal.type_line("hello companion")
        terminal.wait_for(r"I hear you: hello companion", timeout=120)
    finally:
        code = terminal.stop(timeout=60)
    terminal.assert_no_tracebacks()
    assert code is not None, "the console did not exit after Ctrl+C"

    # The session was recorded and closed in the store the console used.
    import asyncio

    from infrastructure.storage.sqlite_store import SQLiteMemoryStore

    async def stored() -> tuple[list[str], list]:
        store = SQLiteMemoryStore(str(db), 384)
        await store.initialize()
        try:
            turns = await store.list_turns(CONSOLE_USER, limit=50)
            sessions = await store.list_sessions(CONSOLE_USER)
            return [t.text for t in turns], sessions
        finally:
            await store.close()

    turns, sessions = asyncio.run(stored())
    assert "My favourite colour is teal" in turns
    assert "I hear you: hello companion" in turns
    assert sessions and sessions[0].ended_at is not None
