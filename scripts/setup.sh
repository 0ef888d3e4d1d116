#!/usr/bin/env bash
# Installs everything Companion needs on a fresh Debian machine. Idempotent.
#   system packages: redis-server (cache + tests), libportaudio2 (console mode),
#                    chromium (the memory page's browser tests, driven by Playwright)
#   espeak-ng (speech for the audio tests and the voice benchmark)
#   python: a .venv with requirements-dev.txt (torch pinned to the CPU build)
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
ldconfig -p 2>/dev/null | grep -q libportaudio.so.2 || need_apt+=(libportaudio2)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)
if ((${#need_apt[@]})); then
  echo "setup: installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
stamp=.venv/.requirements.sha
want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/pip install -q --upgrade pip
  # torch first and alone, so nothing else can pull a CUDA build in its place.
  .venv/bin/pip install -q "$(grep -E '^torch==' requirements.txt)"
  .venv/bin/pip install -q -r requirements-dev.txt
  echo "$want" > "$stamp"
fi
