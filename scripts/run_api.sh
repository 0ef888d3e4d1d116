#!/usr/bin/env bash
# Installs everything (scripts/setup.sh, idempotent) and serves the HTTP API and
# the memory page on API_HOST:API_PORT (default 127.0.0.1:8000), one process.
# Needs API_JWT_SECRET (or a JWKS) in .env; see .env.example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
exec .venv/bin/python -m api "$@"
