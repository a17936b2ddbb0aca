"""Is the service alive, and ready to serve: GET /health/live and GET /health/ready.

`live` answers 200 while the process answers at all (a supervisor restarts it otherwise).
`ready` answers 200 when the event store and the views can be read and the views are
online (not being rebuilt), with how far the views lag behind the store, in events and in
seconds (the age of the oldest event they have not applied yet); 503 with the same body
otherwise, so a load balancer sends no request to a worker that cannot serve it. Both
are open (no login): the reverse proxy should not forward /health and /metrics from
outside.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

import msgspec
from anyio import to_thread
from litestar import Controller, Request, Response, get
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

from budget.http.guards import services_of
from budget.http.services import Services
from budget.projections.positions import views_offline

logger = logging.getLogger(__name__)
PUBLIC = {"public": True}


class Live(msgspec.Struct, kw_only=True):
    status: str


class Ready(msgspec.Struct, kw_only=True):
    """`status` is `ready`, or `not_ready` with `problem` naming what failed."""

    status: str
    store: bool
    views: bool
    views_online: bool
    store_position: int | None
    views_position: int | None
    views_lag_events: int | None
    views_lag_seconds: float | None
    problem: str = ""


def views_lag_seconds(services: Services, views_position: int, store_position: int) -> float:
    """Seconds since the oldest event the views have not applied was recorded (0 when they
    hold every event)."""
    if views_position >= store_position:
        return 0.0
    office = services.office
    waiting = office.recorder.select_notifications(start=views_position + 1, limit=1)
    if not waiting:
        return 0.0
    event = office.mapper.to_domain_event(waiting[0])
    recorded: datetime = getattr(event, "timestamp")  # noqa: B009 - every event of ours has one
    return max(0.0, time.time() - recorded.timestamp())


def readiness(services: Services) -> Ready:
    """Read the store and the views once each; what answered, and the lag."""
    ready = Ready(
        status="not_ready",
        store=False,
        views=False,
        views_online=False,
        store_position=None,
        views_position=None,
        views_lag_events=None,
        views_lag_seconds=None,
    )
    try:
        ready.store_position = services.office.recorder.max_notification_id() or 0
        ready.store = True
    except Exception as error:  # any failure of the store's driver: not ready
        logger.warning("readiness: the store cannot be read: %s", error)
        ready.problem = "store_unavailable"
    try:
        with services.views.connect() as connection:
            ready.views_online = not views_offline(connection)
        ready.views_position = services.runner.position()
        ready.views = True
    except Exception as error:  # any failure of the views' driver: not ready
        logger.warning("readiness: the views cannot be read: %s", error)
        ready.problem = ready.problem or "views_unavailable"
    if ready.store_position is not None and ready.views_position is not None:
        ready.views_lag_events = max(0, ready.store_position - ready.views_position)
        try:
            ready.views_lag_seconds = views_lag_seconds(
                services, ready.views_position, ready.store_position
            )
        except Exception as error:  # the lag is information, not a reason to refuse
            logger.warning("readiness: the views' lag in seconds is unknown: %s", error)
    if ready.store and ready.views and not ready.views_online:
        ready.problem = "views_rebuilding"
    if not ready.problem:
        ready.status = "ready"
    return ready


class HealthController(Controller):
    path = "/health"
    tags = ["health"]  # noqa: RUF012 - Litestar's own attribute

    @get("/live", operation_id="live", security=[], opt=PUBLIC)
    async def live(self) -> Live:
        """200 while the process answers."""
        return Live(status="live")

    @get(
        "/ready",
        operation_id="ready",
        security=[],
        opt=PUBLIC,
        responses={},
    )
    async def ready(self, request: Request[Any, Any, Any]) -> Response[Ready]:
        """200 when the store and the views can be read and the views are online (503
        otherwise), with the views' lag in events and seconds."""
        found = await to_thread.run_sync(readiness, services_of(request))
        status = HTTP_200_OK if found.status == "ready" else HTTP_503_SERVICE_UNAVAILABLE
        return Response(found, status_code=status)
