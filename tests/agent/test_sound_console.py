"""`python agent.py console` with sound, through a virtual sound device: the
check script people run (scripts/check_sound_console.py) run as they would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_console_hears_the_virtual_microphone_and_speaks_into_the_virtual_speaker() -> None:
    completed = subprocess.run(
        [sys.executable, "scripts/check_sound_console.py", "--timeout", "90"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "Sound check passed" in completed.stdout
    # The whole reply, or all but its last word (the script tolerates a short
    # tail; the test recogniser's frame-phase sensitivity, which once made that
    # tail look missing, is handled in tests/support/speech.py).
    assert "said 'your plans for friday are a walk in the" in completed.stdout
