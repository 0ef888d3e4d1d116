#!/usr/bin/env bash
# Installs everything (scripts/setup.sh) and runs the whole test suite.
# Fails if any test was skipped: tests start their own Redis and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests use the tiny language model shipped in a wheel, not the 1.1 GB one.
COMPANION_SKIP_LOCAL_LLM=${COMPANION_SKIP_LOCAL_LLM:-1} scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/python -m pytest "$@"
