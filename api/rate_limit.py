"""Request rate limits: a token bucket per key (a user id, or a client IP
for requests that fail authentication), in process.

One server process serves the API (metrics and this limiter both assume it);
buckets of users idle long enough to be full again are dropped, so memory
stays bounded by the users active in the last few seconds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class RateLimiter:
    """``take(key)`` returns 0 when a request may go ahead, else the seconds to wait."""

    def __init__(
        self, rate_per_second: float, burst: int, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._rate = float(rate_per_second)
        self._burst = float(burst)
        self._clock = clock
        # key -> (tokens left, time of last update)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._last_sweep = clock()

    def take(self, key: str) -> float:
        now = self._clock()
        tokens, updated = self._buckets.get(key, (self._burst, now))
        tokens = min(self._burst, tokens + (now - updated) * self._rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self._rate
        self._buckets[key] = (tokens - 1.0, now)
        self._sweep(now)
        return 0.0

    def retry_after_header(self, wait: float) -> str:
        return str(max(1, math.ceil(wait)))

    def _sweep(self, now: float) -> None:
        refill = self._burst / self._rate
        if now - self._last_sweep < refill:
            return
        self._last_sweep = now
        # A bucket untouched for a full refill is full again: same as no entry.
        stale = [key for key, (_, updated) in self._buckets.items() if now - updated >= refill]
        for key in stale:
            del self._buckets[key]
