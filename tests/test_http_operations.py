"""Operable (issue 17): /health/live, /health/ready with the views' lag, Prometheus
metrics at /metrics, and one JSON line per request."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import pytest

from budget.http.health import readiness
from budget.http.request_log import RequestMiddleware, new_id
from budget.projections.positions import REBUILDING
from budget.projections.tables import projection_tracking
from tests.http_world import Api


def test_live_answers_without_a_login(api: Api) -> None:
    response = api.client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "live"}


def test_ready_says_the_store_and_views_answer_and_nothing_lags(api: Api) -> None:
    api.views_caught_up()
    response = api.client.get("/health/ready")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert (body["store"], body["views"], body["views_online"]) == (True, True, True)
    assert body["store_position"] == body["views_position"] == api.position()
    assert body["views_lag_events"] == 0
    assert body["views_lag_seconds"] == 0


def test_ready_gives_the_lag_of_views_that_fell_behind(api: Api) -> None:
    api.services.runner.stop(timeout=10)  # nobody follows the views any more
    written = api.post(f"/api/projects/{api.project}/steps", "clerk", {"step": "plan_published"})
    assert written.status_code == 200, written.text
    body = api.client.get("/health/ready").json()
    assert body["views_lag_events"] >= 1
    assert body["views_lag_seconds"] >= 0
    assert body["status"] == "ready"  # behind, but it serves


def test_ready_is_503_while_the_views_are_rebuilt(api: Api) -> None:
    with api.services.views.begin() as connection:
        connection.execute(
            projection_tracking.insert().values(name=REBUILDING, position=api.position())
        )
    response = api.client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["problem"] == "views_rebuilding"


def test_ready_is_503_when_the_store_cannot_be_read(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> int:
        raise OSError("connection refused")

    monkeypatch.setattr(api.services.office.recorder, "max_notification_id", broken)
    found = readiness(api.services)
    assert (found.status, found.store, found.problem) == ("not_ready", False, "store_unavailable")
    assert api.client.get("/health/ready").status_code == 503


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition `text`."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        head, _, value = line.rpartition(" ")
        if head.split("{")[0] != name:
            continue
        if all(f'{k}="{v}"' in head for k, v in labels.items()):
            return float(value)
    raise AssertionError(f"no sample {name} {labels} in:\n{text}")


def test_metrics_count_requests_by_route_and_time_the_write_stages(api: Api) -> None:
    before = api.client.get("/metrics").text
    written = api.post(
        f"/api/projects/{api.project}/steps", "clerk", {"step": "plan_published"}, key="m-1"
    )
    assert written.status_code == 200, written.text
    response = api.client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    route = "/api/projects/{project_id}/steps"
    assert metric(text, "budget_requests_total", path=route, status_code="200") >= 1
    assert metric(text, "budget_request_duration_seconds_count", path=route) >= 1
    # where the key is saved with the events (PostgreSQL) there is no claim and no keep
    stages = ("command", "views_wait")
    if not api.services.keys_with_events:
        stages += ("claim", "keep")
    for stage in stages:
        counted = metric(text, "budget_write_stage_seconds_count", stage=stage)
        assert counted == _count_or_zero(before, stage) + 1
    assert metric(text, "budget_views_position") == api.position()
    assert metric(text, "budget_store_position") == api.position()
    assert metric(text, "budget_views_lag_events") == 0
    assert metric(text, "budget_sessions_open") == 1


def _count_or_zero(text: str, stage: str) -> float:
    try:
        return metric(text, "budget_write_stage_seconds_count", stage=stage)
    except AssertionError:
        return 0.0


def test_each_request_is_one_json_line_with_its_id(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    headers = api.headers("clerk")
    with caplog.at_level(logging.INFO, logger="budget.http.requests"):
        response = api.client.get(
            f"/api/projects/{api.project}", headers={**headers, "X-Request-ID": "proxy-7"}
        )
        fresh = api.client.get("/api/auth/me", headers=headers)
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "proxy-7"
    assert len(fresh.headers["x-request-id"]) == 32
    lines: list[dict[str, Any]] = [
        json.loads(r.getMessage()) for r in caplog.records if r.name == "budget.http.requests"
    ]
    first = next(line for line in lines if line["id"] == "proxy-7")
    assert first["user"] == "clerk"
    assert first["route"] == "/api/projects/{project_id}"
    assert first["status"] == 200
    assert first["method"] == "GET"
    assert first["seconds"] > 0


def test_a_request_id_that_is_not_plain_is_replaced(api: Api) -> None:
    response = api.client.get("/health/live", headers={"X-Request-ID": "a b\tc"})
    assert response.headers["x-request-id"] != "a b\tc"


def test_one_wrapper_logs_counts_and_secures_each_request(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """The request log, the Prometheus figures and the security headers are one pure-ASGI
    middleware (issue 17: three wrappers cost a write a fifth of its service CPU)."""
    assert [m.middleware for m in api.client.app.middleware] == [RequestMiddleware]
    with caplog.at_level(logging.INFO, logger="budget.http.requests"):
        refused = api.client.post(
            "/api/auth/logout",
            headers={"Origin": "https://elsewhere.example", "X-Request-ID": "x-1"},
        )
    assert refused.status_code == 403
    assert refused.headers["x-request-id"] == "x-1"
    assert refused.headers["x-frame-options"] == "DENY"
    line = next(json.loads(r.getMessage()) for r in caplog.records if "x-1" in r.getMessage())
    assert (line["route"], line["status"]) == ("/api/auth/logout", 403)
    text = api.client.get("/metrics").text
    assert metric(text, "budget_requests_total", path="/api/auth/logout", status_code="403") >= 1
    assert metric(text, "budget_requests_in_progress", path="/api/auth/logout") == 0


def test_new_request_ids_differ_across_requests_and_forked_workers() -> None:
    ours = {new_id() for _ in range(1000)}
    assert len(ours) == 1000
    assert all(len(one) == 32 and int(one, 16) >= 0 for one in ours)
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # a worker forked from this process: ids of its own
        os.write(writing, "\n".join(new_id() for _ in range(1000)).encode())
        os._exit(0)
    os.close(writing)
    ours |= {new_id() for _ in range(1000)}  # the parent goes on counting meanwhile
    with os.fdopen(reading) as pipe:
        theirs = set(pipe.read().split("\n"))
    os.waitpid(child, 0)
    assert len(theirs) == 1000
    assert not ours & theirs
