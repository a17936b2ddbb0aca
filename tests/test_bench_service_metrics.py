"""What the HTTP benchmark reads off a service's /metrics (budget/bench/service_metrics.py),
served here by prometheus_client's own HTTP server from a registry of the same metrics."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server

from budget.bench.service_metrics import cache_figures, cache_reads, stage_figures, write_stages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def service() -> Iterator[tuple[str, CollectorRegistry]]:
    registry = CollectorRegistry()
    port = _free_port()
    server, thread = start_http_server(port, addr="127.0.0.1", registry=registry)
    try:
        yield f"http://127.0.0.1:{port}", registry
    finally:
        server.shutdown()
        thread.join()


def test_the_write_stages_and_kept_reads_of_a_phase(
    service: tuple[str, CollectorRegistry],
) -> None:
    url, registry = service
    stages = Histogram("budget_write_stage_seconds", "", ["stage"], registry=registry)
    reads = Counter("budget_read_cache", "", ["outcome"], registry=registry)
    stages.labels("claim").observe(0.004)
    reads.labels("hit").inc(5)
    before_stages, before_reads = write_stages(url), cache_reads(url)
    assert before_stages == {"claim": (0.004, 1.0)}
    assert before_reads == {"hit": 5.0}
    stages.labels("claim").observe(0.002)
    stages.labels("claim").observe(0.004)
    stages.labels("views_wait").observe(0.1)
    reads.labels("hit").inc(3)
    reads.labels("fresh").inc(1)
    means = {f.metric: round(f.value, 3) for f in stage_figures("mixed", url, before_stages)}
    assert means == {
        "mixed: write stage claim mean": 3.0,
        "mixed: write stage views_wait mean": 100.0,
    }
    shares = {f.metric: f.value for f in cache_figures("mixed", url, before_reads)}
    assert shares == {"mixed: kept reads fresh": 25.0, "mixed: kept reads hit": 75.0}


def test_a_service_without_metrics_gives_none() -> None:
    url = f"http://127.0.0.1:{_free_port()}"  # nobody listens
    assert write_stages(url) == {}
    assert cache_reads(url) == {}
