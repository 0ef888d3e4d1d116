"""Prometheus metrics of one process, shared by the HTTP API and the agent worker.

The figures are the ones the health tools report (agent_tools.py:
getRedisCacheStats, getDatabaseBatchStats, the recall and embedding stats), read
from the same ``stats()`` dicts at scrape time, so the two can never disagree.
Latencies are histograms fed by the services' ``latency_observers`` as each
recall or model call finishes.

Each ``CompanionMetrics`` has its own ``CollectorRegistry`` (two apps in one
test process must not collide on the global one). ``bind(services)`` points it
at a service graph; the agent worker rebinds it for each job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from services.container import Services

logger = logging.getLogger(__name__)

__all__ = ["CONTENT_TYPE_LATEST", "CompanionMetrics"]

# A voice turn's recall has a budget of ~150 ms; the default buckets stop at 10 s
# and are too coarse below 25 ms.
RECALL_BUCKETS = (0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.5)
EMBEDDING_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
HTTP_BUCKETS = (0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class _StatsCollector(Collector):
    """Counters and gauges read from the bound services' ``stats()`` at scrape time."""

    def __init__(self) -> None:
        self.services: Services | None = None

    def describe(self) -> list[Metric]:
        # Names are fixed; describing them up front lets the registry reject duplicates.
        return list(self._families({}, {}, {}, {}, {}))

    def collect(self) -> Iterator[Metric]:
        services = self.services
        if services is None:
            return iter(())
        try:
            rag, batcher, cache, embedder, safety = (
                services.rag.stats(),
                services.batcher.stats(),
                services.cache.stats(),
                services.embedder.stats(),
                services.safety.stats(),
            )
        except Exception:  # a scrape must never fail the process; log and report nothing
            logger.exception("reading stats for metrics failed")
            return iter(())
        return self._families(rag, batcher, cache, embedder, safety)

    @staticmethod
    def _families(
        rag: dict[str, Any],
        batcher: dict[str, Any],
        cache: dict[str, Any],
        embedder: dict[str, Any],
        safety: dict[str, Any],
    ) -> Iterator[Metric]:
        def counter(name: str, doc: str, value: Any) -> CounterMetricFamily:
            return CounterMetricFamily(name, doc, value=float(value or 0))

        def gauge(name: str, doc: str, value: Any) -> GaugeMetricFamily:
            return GaugeMetricFamily(name, doc, value=float(value or 0))

        yield counter("companion_recalls", "Voice-turn recalls started.", rag.get("recalls"))
        yield counter(
            "companion_recall_budget_overruns",
            "Recalls that missed RECALL_BUDGET_MS (their result is carried to the next turn).",
            rag.get("timeouts"),
        )
        yield counter("companion_recall_errors", "Recalls whose pipeline failed.", rag.get("errors"))
        yield gauge("companion_batcher_queue_depth", "Writes queued in the database batcher.", batcher.get("queue_depth"))
        yield gauge("companion_batcher_pending", "Writes queued or being written.", batcher.get("pending"))
        yield counter("companion_batcher_failures", "Batch write attempts that failed.", batcher.get("failures"))
        yield counter(
            "companion_batcher_failed_flushes", "Flushes that gave up after retries.", batcher.get("failed_flushes")
        )
        yield counter("companion_batcher_items_written", "Rows the batcher wrote.", batcher.get("items_written"))
        yield counter("companion_cache_hits", "Cache lookups that hit.", cache.get("hits"))
        yield counter("companion_cache_misses", "Cache lookups that missed.", cache.get("misses"))
        yield counter("companion_cache_errors", "Cache operations that failed.", cache.get("errors"))
        yield gauge("companion_cache_hit_ratio", "Cache hits / lookups since start.", cache.get("hit_rate"))
        yield gauge(
            "companion_cache_fallback_active",
            "1 while Redis is unreachable and the in-process fallback serves the cache.",
            1 if cache.get("fallback_active") else 0,
        )
        yield counter(
            "companion_cache_fallback_seconds",
            "Seconds spent on the in-process fallback since start.",
            cache.get("fallback_seconds_total"),
        )
        yield counter("companion_embedding_failures", "Embedding model calls that failed.", embedder.get("failures"))
        yield gauge(
            "companion_embedding_cache_hit_ratio", "Embedding cache hits / lookups.", embedder.get("cache_hit_rate")
        )
        yield counter("companion_safety_turns_screened", "User turns the safety screen ran on.", safety.get("turns_screened"))
        yield counter(
            "companion_safety_screen_vetoed",
            "Screen hits the safety model did not bear out (not escalated).",
            safety.get("screen_vetoed"),
        )
        escalations = CounterMetricFamily(
            "companion_safety_escalations", "Crisis escalations recorded, by category.", labels=["category"]
        )
        for category in ("self_harm", "harm_to_others", "abuse_danger", "medical_emergency"):
            escalations.add_metric([category], float(safety.get(f"escalations_{category}") or 0))
        yield escalations
        yield counter(
            "companion_safety_webhook_delivered", "Escalations the webhook accepted.", safety.get("webhook_delivered")
        )
        yield counter(
            "companion_safety_webhook_gave_up",
            "Deliveries that ran out of retries (the record stays pending and is sent again).",
            safety.get("webhook_gave_up"),
        )


class CompanionMetrics:
    """One registry with every companion_ metric; bind it to a service graph."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.recall_latency = Histogram(
            "companion_recall_latency_seconds",
            "Voice-turn recall latency (recall_for_turn), budget included.",
            buckets=RECALL_BUCKETS,
            registry=self.registry,
        )
        self.embedding_latency = Histogram(
            "companion_embedding_latency_seconds",
            "Embedding model call latency (cache misses only).",
            buckets=EMBEDDING_BUCKETS,
            registry=self.registry,
        )
        self.store_errors = Counter(
            "companion_store_errors",
            "Storage errors that reached a caller, by operation.",
            ["operation"],
            registry=self.registry,
        )
        self.http_requests = Counter(
            "companion_http_requests",
            "HTTP API requests by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.http_latency = Histogram(
            "companion_http_request_duration_seconds",
            "HTTP API request latency by route template.",
            ["route", "method"],
            buckets=HTTP_BUCKETS,
            registry=self.registry,
        )
        self._stats = _StatsCollector()
        self.registry.register(self._stats)
        self._unbind: list[Callable[[], None]] = []

    def bind(self, services: Services) -> None:
        """Report on ``services`` from now on (replaces an earlier binding)."""
        self.unbind()
        self._stats.services = services
        self._observe(services.rag.latency_observers, self.recall_latency.observe)
        self._observe(services.embedder.latency_observers, self.embedding_latency.observe)

    def unbind(self) -> None:
        for undo in self._unbind:
            undo()
        self._unbind.clear()
        self._stats.services = None

    def _observe(self, observers: list[Callable[[float], None]], observe: Callable[[float], None]) -> None:
        observers.append(observe)
        self._unbind.append(lambda: observers.remove(observe) if observe in observers else None)

    def render(self) -> bytes:
        """The text exposition format (serve with ``CONTENT_TYPE_LATEST``)."""
        return generate_latest(self.registry)


class ProcessMetricsServer:
    """The agent worker's /metrics: one HTTP server per process, rebound to
    each job's service graph (a job process runs one job at a time)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.metrics = CompanionMetrics()
        self._started = False
        self._server: Any = None

    @property
    def serving(self) -> bool:
        return self._server is not None

    def serve(self, services: Services) -> None:
        """Bind to ``services`` and make sure the server runs. A port already
        taken (another job process on the same host) is logged, not fatal."""
        self.metrics.bind(services)
        if self._started:
            return
        self._started = True
        from prometheus_client import start_http_server

        try:
            self._server, _ = start_http_server(self.port, registry=self.metrics.registry)
        except OSError as exc:
            logger.warning("agent metrics: port %s unavailable (%s); this process serves none", self.port, exc)

    def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
