"""Read answers are kept per query: served while the views stay at their position, or for
a moment after they move on (issue 17), but never to a reader whose own write they do
not show; one computation per query at a time, shared by the readers who need it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from litestar import Response
from litestar.routes import HTTPRoute

from budget.http.read_cache import Answer, ReadCache
from tests.builders import LAO
from tests.http_world import Api
from tests.test_http_sessions_shared import two_services
from tests.test_http_writes import PAYMENT, inspected_project


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def at(position: int) -> Callable[[], int]:
    """The views at `position`, as the runner tells it."""
    return lambda: position


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_one_computation_per_key_while_the_views_stay_at_one_position() -> None:
    cache, compute = ReadCache(), Counter()
    assert [cache.answer(at(7), "national", compute) for _ in range(3)] == [1, 1, 1]
    assert cache.answer(at(7), "province 50", compute) == 2
    assert compute.calls == 2


def test_kept_now_serves_what_answer_would_serve_as_kept_and_computes_nothing() -> None:
    """The event loop's look (issue 17): a kept answer or None, never a computation."""
    clock = Clock()
    cache, compute = ReadCache(recent=1.0, clock=clock), Counter()
    assert cache.kept_now(at(7), "national") is None  # nothing kept: left to `answer`
    cache.answer(at(7), "national", compute)
    assert cache.kept_now(at(7), "national") == 1
    assert cache.kept_now(at(7), "national", after=8) is None  # not the reader's own write
    assert cache.kept_now(at(6), "national") is None  # the views went back: rebuilt
    clock.now += 0.9
    assert cache.kept_now(at(8), "national") == 1  # recent
    clock.now += 0.2
    assert cache.kept_now(at(8), "national") is None  # too old
    assert compute.calls == 1


def test_once_the_views_move_on_a_kept_answer_is_served_while_recent() -> None:
    clock = Clock()
    cache, compute = ReadCache(recent=1.0, clock=clock), Counter()
    cache.answer(at(7), "national", compute)
    clock.now += 0.9
    assert cache.answer(at(8), "national", compute) == 1  # someone else's write: a moment old
    clock.now += 0.2
    assert cache.answer(at(8), "national", compute) == 2  # too old now: computed again
    assert cache.answer(at(9), "national", compute) == 2  # and recent again


def test_a_reader_is_never_served_an_answer_from_before_their_own_write() -> None:
    clock = Clock()
    cache, compute = ReadCache(recent=1.0, clock=clock), Counter()
    cache.answer(at(7), "national", compute)
    assert cache.answer(at(8), "national", compute, after=8) == 2  # the writer: computed afresh
    assert cache.answer(at(8), "national", compute) == 2  # kept for everyone else
    assert cache.answer(at(8), "national", compute, after=8) == 2  # it shows the write


def test_a_reader_held_up_while_another_kept_a_newer_answer_looks_at_the_views_again() -> None:
    cache, compute = ReadCache(), Counter()
    cache.answer(at(10), "national", compute)  # kept at 10
    told = iter([9, 10])  # the held-up reader read 9, then the views say 10
    assert cache.answer(lambda: next(told), "national", compute) == 1
    assert compute.calls == 1


def test_an_older_position_is_answered_but_not_kept() -> None:
    cache, compute = ReadCache(), Counter()
    cache.answer(at(8), "national", compute)
    assert cache.answer(at(7), "national", compute) == 2  # views gone back (a rebuild): afresh
    assert cache.answer(at(7), "national", compute) == 3
    assert cache.answer(at(8), "national", compute) == 1  # the position's answer still kept


def test_an_answer_computed_for_an_older_position_does_not_replace_a_newer_one() -> None:
    cache, compute = ReadCache(recent=0.0), Counter()
    cache.answer(at(9), "national", compute)  # 1, at 9
    assert cache.answer(at(8), "national", compute) == 2  # not kept: 1 stays
    assert cache.answer(at(9), "national", compute) == 1


def test_the_least_recently_used_answer_goes_first() -> None:
    cache, compute = ReadCache(size=2), Counter()
    cache.answer(at(1), "a", compute)  # 1
    cache.answer(at(1), "b", compute)  # 2
    cache.answer(at(1), "a", compute)  # kept: "b" is now the least recently used
    cache.answer(at(1), "c", compute)  # 3, drops "b"
    assert cache.answer(at(1), "a", compute) == 1
    assert cache.answer(at(1), "b", compute) == 4


def test_readers_who_ask_together_share_one_computation() -> None:
    cache, started, release = ReadCache(recent=0.0), threading.Event(), threading.Event()
    calls: list[int] = []

    def slow() -> str:
        calls.append(1)
        started.set()
        assert release.wait(10)
        return "board"

    with ThreadPoolExecutor(max_workers=8) as pool:
        first = pool.submit(cache.answer, at(5), "national", slow)
        assert started.wait(10)
        others = [pool.submit(cache.answer, at(5), "national", slow) for _ in range(7)]
        release.set()
        answers = [first.result(10), *(o.result(10) for o in others)]
    assert answers == ["board"] * 8
    assert len(calls) == 1


def test_a_reader_whose_write_is_later_than_the_computation_under_way_computes_its_own() -> None:
    cache, started, release = ReadCache(recent=10.0), threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        assert release.wait(10)
        return "at 5"

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(cache.answer, at(5), "national", slow)
        assert started.wait(10)
        assert cache.answer(at(6), "national", lambda: "at 6", after=6) == "at 6"
        release.set()
        assert first.result(10) == "at 5"
    assert cache.answer(at(6), "national", lambda: "computed") == "at 6"  # the newer one kept


def test_while_an_answer_is_computed_again_readers_are_served_the_one_before_a_moment() -> None:
    """The readers who need no newer answer do not queue behind its computation (issue 17:
    the mixed phase); a reader owed a later position still waits for it, and an answer
    older than `recent` + `refreshing` is not served."""
    clock = Clock()
    cache = ReadCache(recent=1.0, refreshing=1.0, clock=clock)
    cache.answer(at(7), "national", lambda: "at 7")
    clock.now += 1.5  # no longer recent
    assert cache.kept_now(at(8), "national") is None  # nobody computes it: not served
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        assert release.wait(10)
        return "at 8"

    with ThreadPoolExecutor(max_workers=3) as pool:
        first = pool.submit(cache.answer, at(8), "national", slow)
        assert started.wait(10)
        other = pool.submit(cache.answer, at(8), "national", lambda: "not computed")
        assert other.result(5) == "at 7"  # served, not waiting
        assert cache.kept_now(at(8), "national") == "at 7"
        assert cache.kept_now(at(8), "national", after=8) is None  # owed its own write
        owed = pool.submit(cache.answer, at(8), "national", lambda: "not computed", after=8)
        clock.now += 0.6  # 2.1 s old: past recent + refreshing
        assert cache.kept_now(at(8), "national") is None
        release.set()
        assert first.result(10) == "at 8"
        assert owed.result(10) == "at 8"  # waited for the computation under way


def test_a_failed_computation_fails_its_waiters_and_keeps_nothing() -> None:
    cache, started, release = ReadCache(recent=0.0), threading.Event(), threading.Event()

    def failing() -> str:
        started.set()
        assert release.wait(10)
        raise RuntimeError("views unreachable")

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(cache.answer, at(5), "national", failing)
        assert started.wait(10)
        waiter = pool.submit(cache.answer, at(5), "national", failing)
        release.set()
        for future in (first, waiter):
            with pytest.raises(RuntimeError, match="unreachable"):
                future.result(10)
    assert cache.answer(at(5), "national", lambda: "computed") == "computed"


@pytest.fixture
def project(api: Api) -> UUID:
    found = inspected_project(api.office)
    api.views_caught_up()
    return found


def test_the_clerk_who_paid_sees_the_payment_and_others_a_recent_dashboard(
    api: Api, project: UUID
) -> None:
    api.services.answers = ReadCache(recent=60.0)  # a slow test is still "a moment after"
    board = f"/api/dashboards/authorities/{LAO}"

    def disbursed(reader: str) -> str:
        shown = api.get(board, reader, fiscal_year=2570)
        assert shown.status_code == 200, shown.text
        return str(shown.json()["total"]["disbursed"])

    assert disbursed("reviewer") == "0.00"
    paid = api.post(f"/api/projects/{project}/payments", "clerk", PAYMENT)
    assert paid.status_code == 200, paid.text
    assert paid.json()["views_caught_up"]
    assert disbursed("reviewer") == "0.00"  # not their write: the kept answer, a moment old
    assert disbursed("clerk") == "700000.00"  # their own write: always shown
    assert disbursed("reviewer") == "700000.00"  # and the newer answer is kept for everyone


def test_a_dashboard_resolves_its_dependencies_without_a_task_group(
    shared_api: Api,
) -> None:
    """Two dependencies side by side are resolved in an anyio task group on every request
    (Litestar's KwargsModel): a dashboard has one, its Filters."""
    app = shared_api.client.app
    dashboards = {
        route.path: route.route_handler_map["GET"][1]
        for route in app.routes
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/dashboards/")
    }
    assert len(dashboards) == 3
    for path, kwargs in dashboards.items():
        assert [len(batch) for batch in kwargs.dependency_batches] == [1], path


def test_a_write_answered_by_one_worker_shows_in_the_kept_reads_of_another(
    postgres_url: str, tmp_path: Path
) -> None:
    with two_services(postgres_url, tmp_path) as (first, second):
        second.services.answers = ReadCache(recent=60.0)
        project = inspected_project(first.office)
        first.views_caught_up()
        board = f"/api/dashboards/authorities/{LAO}"

        def disbursed_on_second() -> str:
            shown = second.get(board, "clerk", fiscal_year=2570)
            assert shown.status_code == 200, shown.text
            return str(shown.json()["total"]["disbursed"])

        assert disbursed_on_second() == "0.00"  # kept by the second worker
        paid = first.post(f"/api/projects/{project}/payments", "clerk", PAYMENT)
        assert paid.status_code == 200, paid.text
        assert paid.json()["views_caught_up"]
        deadline = time.monotonic() + 5  # the announcement reaches it in milliseconds
        while disbursed_on_second() != "700000.00":
            assert time.monotonic() < deadline, "the other worker never showed the write"
            time.sleep(0.02)


def test_a_kept_answer_is_sent_by_the_response_made_once_as_litestar_makes_it() -> None:
    """The kept JSON's ASGI response (its headers encoded) is made by the first reader and
    sent as it is to the others: the same head and body as Litestar's own of the value."""
    value = {"national": [1, 2], "name": "ไทย"}
    answer = Answer(value)
    nothing: dict[str, Any] = {"cookies": [], "headers": {}}  # what a dashboard's route adds
    first = answer.response().to_asgi_response(None, None, **nothing)
    assert answer.response().to_asgi_response(None, None, **nothing) is first
    own = Response(value).to_asgi_response(None, None, **nothing)  # type: ignore[arg-type]
    assert (first.encode_headers(), first.body) == (own.encode_headers(), own.body)
    # a route that adds a header has its own made, with it
    named = answer.response().to_asgi_response(None, None, headers={"x-named": "1"})
    assert named is not first
    assert (b"x-named", b"1") in named.encode_headers()


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_kept_read_is_answered_from_its_address_without_its_handler(api: Api) -> None:
    """Once an address of a kept read was answered, its kept JSON answer is served from
    the address (budget.http.dashboards.routes `kept_by_address`): the same bytes, without
    its parameters, its Filters or its handler; another address goes to the handler."""
    (route,) = (r for r in api.client.app.routes if r.path == "/api/dashboards/national")
    assert isinstance(route, HTTPRoute)
    handler = route.route_handler_map["GET"][0]
    calls = []
    own = handler._fn

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["filters"])
        return await own(*args, **kwargs)

    handler._fn = counted
    try:
        first = api.get("/api/dashboards/national", "dla", fiscal_year=2570)
        again = api.get("/api/dashboards/national", "dla", fiscal_year=2570)
        other = api.get("/api/dashboards/national", "dla", fiscal_year=2570, quarter=1)
        as_file = api.get("/api/dashboards/national", "dla", fiscal_year=2570, format="csv")
    finally:
        handler._fn = own
    assert [r.status_code for r in (first, again, other, as_file)] == [200] * 4
    assert again.content == first.content
    assert again.headers["content-type"] == first.headers["content-type"]
    assert [(f.fiscal_year, f.quarter) for f in calls] == [(2570, None), (2570, 1), (2570, None)]
