"""What the HTTP benchmark reads off the service's /metrics between its phases: the mean
time of each stage of a write (`budget_write_stage_seconds`) and the share of the kept
reads by outcome (`budget_read_cache_total`), parsed by prometheus_client's own parser."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from budget.bench.report import Figure

STORE = "postgres"


Stages = dict[str, tuple[float, float]]  # stage → (seconds summed, count)


def write_stages(base_url: str) -> Stages:
    """The service's `budget_write_stage_seconds` sums and counts, from /metrics (empty
    for a service without it)."""
    found: dict[str, list[float]] = {}
    for sample in metric_samples(base_url, "budget_write_stage_seconds"):
        for suffix, index in (("_sum", 0), ("_count", 1)):
            if sample.name == f"budget_write_stage_seconds{suffix}":
                found.setdefault(sample.labels["stage"], [0.0, 0.0])[index] = sample.value
    return {stage: (total, count) for stage, (total, count) in found.items()}


def metric_samples(base_url: str, family: str) -> list[Sample]:
    """The samples of one metric family on the service's /metrics, read with
    prometheus_client's own parser (none for a service without it)."""
    try:
        response = httpx.get(f"{base_url}/metrics", timeout=30)
    except httpx.HTTPError:
        return []
    if response.status_code != 200:
        return []
    return [
        sample
        for found in text_string_to_metric_families(response.text)
        if found.name == family
        for sample in found.samples
    ]


def stage_figures(phase: str, base_url: str, before: Stages) -> list[Figure]:
    """Mean ms of each stage of the phase's writes (claim, command, views_wait, keep)."""
    after = write_stages(base_url)
    figures = []
    for stage, (total, count) in sorted(after.items()):
        was_total, was_count = before.get(stage, (0.0, 0.0))
        if count > was_count:
            mean = (total - was_total) * 1000 / (count - was_count)
            figures.append(Figure(f"{phase}: write stage {stage} mean", mean, "ms", STORE))
    return figures


def cache_reads(base_url: str) -> dict[str, float]:
    """The service's `budget_read_cache_total` by outcome, from /metrics (empty for a
    service without it)."""
    return {
        sample.labels["outcome"]: sample.value
        for sample in metric_samples(base_url, "budget_read_cache")
        if sample.name == "budget_read_cache_total"
    }


def cache_figures(phase: str, base_url: str, before: dict[str, float]) -> list[Figure]:
    """Share of the phase's kept reads by outcome (computed: the read ran its SQL)."""
    after = cache_reads(base_url)
    done = {o: n - before.get(o, 0.0) for o, n in after.items()}
    total = sum(done.values())
    if not total:
        return []
    return [
        Figure(f"{phase}: kept reads {outcome}", n * 100 / total, "%", STORE)
        for outcome, n in sorted(done.items())
    ]
