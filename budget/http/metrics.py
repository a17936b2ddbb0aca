"""Prometheus metrics (prometheus-client) at GET /metrics.

- `budget_requests_total{method, path, status_code}` and
  `budget_request_duration_seconds{method, path, status_code}` (a histogram), by route
  template (`/api/projects/{project_id}`), counted by budget.http.request_log;
- `budget_write_stage_seconds{stage}`: where a write's time goes (`claim` the idempotency
  key, run the `command` and save its events, `views_wait` until the views include them,
  `keep` the answer under the key);
- `budget_read_cache_total{outcome}`: the kept reads of the dashboards and rankings
  (budget.http.read_cache): `hit`, `recent`, `shared` or `computed`;
- read at each scrape: `budget_store_position`, `budget_views_position` (its `rate()` is the
  follower's events per second), `budget_views_lag_events`, `budget_sessions_open`.

With several workers (`budget serve --workers N`) every worker writes its counters into
`PROMETHEUS_MULTIPROC_DIR` (set by `budget serve`) and a scrape of any worker adds them up
(prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

from litestar import Controller, Request, Response, get
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from budget.http.guards import services_of
from budget.http.services import Services

logger = logging.getLogger(__name__)
MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR"

WRITE_STAGES = Histogram(
    "budget_write_stage_seconds",
    "Seconds a write spends in each stage: claim, command, views_wait, keep",
    ["stage"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)


class StateCollector(Collector):
    """Figures read from the stores at each scrape."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self) -> Iterator[GaugeMetricFamily]:
        services = self.services
        try:
            store = services.office.recorder.max_notification_id() or 0
            views = services.runner.position()
            sessions = services.sessions.count()
        except Exception as error:  # a scrape reports what it can
            logger.warning("metrics: the stores cannot be read: %s", error)
            return
        yield GaugeMetricFamily("budget_store_position", "Last event in the store", store)
        yield GaugeMetricFamily("budget_views_position", "Last event every view has applied", views)
        yield GaugeMetricFamily(
            "budget_views_lag_events", "Events the views have not applied yet", store - views
        )
        yield GaugeMetricFamily("budget_sessions_open", "Sessions open now", sessions)


def exposition(services: Services) -> bytes:
    """The process's (or every worker's) metrics, then the stores' figures."""
    if os.environ.get(MULTIPROCESS):
        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted)  # type: ignore[no-untyped-call]
    else:
        counted = REGISTRY
    state = CollectorRegistry(auto_describe=False)
    state.register(StateCollector(services))
    return generate_latest(counted) + generate_latest(state)


class MetricsController(Controller):
    path = "/metrics"
    include_in_schema = False

    @get("/", opt={"public": True}, sync_to_thread=True)
    def metrics(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        """Prometheus' text format."""
        body = exposition(services_of(request))
        return Response(body, media_type=CONTENT_TYPE_LATEST)
