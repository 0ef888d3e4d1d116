#!/usr/bin/env bash
# Installs everything (scripts/setup.sh, idempotent) and runs the agent.
#   scripts/run_agent.sh console          talk in this terminal (no LiveKit server)
#   scripts/run_agent.sh console --text   type instead of speaking
#   scripts/run_agent.sh dev|start        join rooms on LIVEKIT_URL
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/python agent.py "${@:-console}"
