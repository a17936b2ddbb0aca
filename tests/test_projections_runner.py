"""The projection runner follows new events in a thread: woken by the service, by
PostgreSQL's notifications or by polling; read-your-writes through wait_for."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event

from budget.application import BudgetOffice
from budget.config import Settings
from budget.projections.audit import AuditLog
from budget.projections.engine import views_engine
from budget.projections.follow import Positioned, Projection, catch_up, empty_views, rebuild
from budget.projections.positions import views_offline
from budget.projections.project_state import ProjectState
from budget.projections.registry import all_projections
from budget.projections.runner import ProjectionRunner
from budget.projections.tables import audit_log
from tests.builders import enacted_office, planned_project
from tests.test_projections_follow import (
    first_half,
    positions,
    rows,
    second_half,
    snapshot,
    state_of,
)

LONG_POLL = 30.0  # seconds: a test that passes in less was woken by something else


@pytest.fixture
def runners() -> Iterator[Callable[..., ProjectionRunner]]:
    """Makes runners; every one is stopped at the end, whatever the test did."""
    made: list[ProjectionRunner] = []

    def make(office: BudgetOffice, views: Engine, **options: Any) -> ProjectionRunner:
        runner = ProjectionRunner(office, views, **options)
        made.append(runner)
        return runner

    yield make
    for runner in made:
        runner.stop(timeout=10)


def last(office: BudgetOffice) -> int:
    position = office.recorder.max_notification_id()
    assert position is not None
    return position


def test_a_started_runner_follows_commands_recorded_after_start(
    office: BudgetOffice, views: Engine, runners: Callable[..., ProjectionRunner]
) -> None:
    runner = runners(office, views, poll_interval=LONG_POLL)
    assert runner.names == [p.name for p in all_projections()]  # every one, by default
    runner.start()
    p1, p2 = first_half(office)
    runner.notify()
    assert runner.wait_for(last(office), timeout=10)
    assert state_of(views, p1)["stage"] == "contract_signed"

    second_half(office, p1, p2)
    runner.notify()
    assert runner.wait_for(last(office), timeout=10)
    assert state_of(views, p2)["stage"] == "cancelled"
    assert positions(views) == {p.name: last(office) for p in runner.projections}

    began = time.monotonic()
    assert not runner.wait_for(last(office) + 1, timeout=0.3)  # never recorded
    assert time.monotonic() - began >= 0.3


def test_without_notify_the_poll_interval_catches_up(
    office: BudgetOffice, views: Engine, runners: Callable[..., ProjectionRunner]
) -> None:
    runner = runners(office, views, poll_interval=0.1)
    runner.start()
    enacted_office(office)
    project = planned_project(office, code="P9")
    assert runner.wait_for(last(office), timeout=10)
    assert state_of(views, project)["code"] == "P9"


def test_the_runner_catches_up_what_was_recorded_before_start(
    office: BudgetOffice, views: Engine, runners: Callable[..., ProjectionRunner]
) -> None:
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    runner = runners(office, views, poll_interval=LONG_POLL, batch_size=5)
    runner.start()
    assert runner.wait_for(last(office), timeout=10)
    assert [r["position"] for r in rows(views, audit_log)] == list(range(1, last(office) + 1))


def test_a_pass_that_finds_nothing_learns_where_the_views_are_from_its_locked_read(
    office: BudgetOffice, views: Engine, runners: Callable[..., ProjectionRunner]
) -> None:
    """Issue 17: a pass that finds nothing to apply (the live follower is woken for events
    its last batch read already, or another process applied them) publishes the position
    every projection has reached as its locked read found it, on the pass's one
    connection. Fails before: the runner then read the tracking table again, on a
    connection of its own."""
    p1, p2 = first_half(office)
    second_half(office, p1, p2)
    runner = runners(office, views, poll_interval=LONG_POLL)
    catch_up(office, views, runner.projections)  # another follow loop applied everything
    checkouts: list[object] = []

    def checked_out(*_: object) -> None:
        checkouts.append(_)

    event.listen(views, "checkout", checked_out)
    try:
        assert runner.catch_up() == 0
    finally:
        event.remove(views, "checkout", checked_out)
    assert runner.reached == last(office)
    assert len(checkouts) == 1


def test_stop_ends_the_thread_and_the_listener(
    office: BudgetOffice, views: Engine, runners: Callable[..., ProjectionRunner]
) -> None:
    runner = runners(office, views, poll_interval=LONG_POLL)
    runner.start()
    with pytest.raises(RuntimeError, match="already running"):
        runner.start()
    began = time.monotonic()
    runner.stop()
    assert time.monotonic() - began < 5  # woken, not left to sleep out its poll interval
    assert not runner.running
    assert not [t.name for t in threading.enumerate() if t.name.startswith("projections")]
    enacted_office(office)
    assert not runner.wait_for(last(office), timeout=0.2)  # nothing follows any more
    runner.start()  # and it can start again
    assert runner.wait_for(last(office), timeout=10)


def test_wait_for_reads_the_tracking_table_when_another_process_follows(
    office: BudgetOffice, views: Engine, runners: Callable[..., ProjectionRunner]
) -> None:
    p1, _ = first_half(office)
    waiter = runners(office, views)  # never started: the loop runs elsewhere
    elsewhere = threading.Timer(0.3, catch_up, (office, views, all_projections()))
    elsewhere.start()
    try:
        assert waiter.wait_for(last(office), timeout=10)
    finally:
        elsewhere.join()
    assert state_of(views, p1)["stage"] == "contract_signed"
    assert not waiter.wait_for(last(office) + 1, timeout=0.2)


class FailsTwice:
    """Project state whose first two batches fail, as a database gone away would."""

    name = "project_state"

    def __init__(self) -> None:
        self.inner = ProjectState()
        self.tables = self.inner.tables
        self.topics = self.inner.topics
        self.calls = 0

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        self.calls += 1
        if self.calls <= 2:
            msg = f"the views database is away (call {self.calls})"
            raise ConnectionError(msg)
        self.inner.apply(connection, events)


def test_a_failing_pass_is_logged_and_retried_with_backoff(
    office: BudgetOffice,
    views: Engine,
    runners: Callable[..., ProjectionRunner],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("budget.projections.runner.FIRST_RETRY", 0.05)
    p1, _ = first_half(office)
    failing = FailsTwice()
    projections: list[Projection] = [AuditLog(), failing]
    runner = runners(office, views, projections=projections, poll_interval=LONG_POLL)
    with caplog.at_level(logging.ERROR, logger="budget.projections.runner"):
        runner.start()
        assert runner.wait_for(last(office), timeout=10)
    failures = [r for r in caplog.records if "a pass failed" in r.getMessage()]
    assert [r.getMessage()[:36] for r in failures] == [
        "projections: a pass failed (1 in a r",
        "projections: a pass failed (2 in a r",
    ]
    assert all(r.exc_info and "views database is away" in str(r.exc_info[1]) for r in failures)
    assert failing.calls == 3
    assert (runner.failures, runner.last_error) == (0, None)
    assert state_of(views, p1)["stage"] == "contract_signed"


def test_two_follow_loops_at_once_apply_each_event_once(
    file_store_url: str, tmp_path: Path
) -> None:
    url = file_store_url
    settings = Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_HOME": str(tmp_path)})
    office = BudgetOffice(settings)
    engine = views_engine(settings)
    try:
        p1, p2 = first_half(office)
        second_half(office, p1, p2)
        errors: list[BaseException] = []

        def follow() -> None:
            try:
                catch_up(office, engine, all_projections(), batch_size=2)
            except BaseException as error:  # reported by the test
                errors.append(error)

        loops = [threading.Thread(target=follow) for _ in range(2)]
        for loop in loops:
            loop.start()
        for loop in loops:
            loop.join()
        assert errors == []
        assert [r["position"] for r in rows(engine, audit_log)] == list(range(1, last(office) + 1))
        together = snapshot(engine)
        rebuild(office, engine, all_projections())
        assert snapshot(engine) == together
    finally:
        engine.dispose()
        office.close()


def test_postgres_notifications_wake_the_runner(postgres_url: str, tmp_path: Path) -> None:
    settings = Settings.from_env(
        {"BUDGET_DATABASE_URL": postgres_url, "BUDGET_HOME": str(tmp_path)}
    )
    follower, writer = BudgetOffice(settings), BudgetOffice(settings)  # as two processes
    engine = views_engine(settings)
    runner = ProjectionRunner(follower, engine, poll_interval=LONG_POLL)
    try:
        runner.start()
        deadline = time.monotonic() + 10
        while not runner.listening and time.monotonic() < deadline:
            time.sleep(0.01)
        assert runner.listening
        time.sleep(0.3)  # the passes that start() began are over: the runner sleeps

        enacted_office(writer)  # nobody calls notify(): only PostgreSQL tells
        project = planned_project(writer, code="P7")
        began = time.monotonic()
        assert runner.wait_for(last(writer), timeout=2)
        assert time.monotonic() - began < 2
        assert state_of(engine, project)["code"] == "P7"
    finally:
        runner.stop()
        engine.dispose()
        follower.close()
        writer.close()


def test_a_runner_that_does_not_follow_applies_nothing_and_waits_for_another(
    office: BudgetOffice, views: Engine, runners: Callable[..., ProjectionRunner]
) -> None:
    """BUDGET_FOLLOW=outside: the service's runner only watches; on PostgreSQL it hears
    each batch the other process commits, elsewhere it reads the tracking table."""
    p1, _ = first_half(office)
    watcher = runners(office, views, follows=False, poll_interval=0.05)
    watcher.start()
    watcher.notify()
    assert not watcher.wait_for(last(office), timeout=0.5)  # nobody follows yet
    assert watcher.running is False
    assert positions(views) == {}

    elsewhere = threading.Timer(0.3, catch_up, (office, views, all_projections()))
    elsewhere.start()
    try:
        assert watcher.wait_for(last(office), timeout=10)
    finally:
        elsewhere.join()
    assert state_of(views, p1)["stage"] == "contract_signed"
    assert watcher.reached == last(office)
    assert watcher.watching is (views.dialect.name == "postgresql")


def test_a_watching_runner_hears_the_views_move_on_postgres(
    postgres_url: str, tmp_path: Path
) -> None:
    settings = Settings.from_env(
        {"BUDGET_DATABASE_URL": postgres_url, "BUDGET_HOME": str(tmp_path)}
    )
    service, follower = BudgetOffice(settings), BudgetOffice(settings)  # as two processes
    engine = views_engine(settings)
    watcher = ProjectionRunner(service, engine, follows=False)
    outside = ProjectionRunner(follower, engine, poll_interval=LONG_POLL)
    try:
        watcher.start()
        outside.start()
        deadline = time.monotonic() + 10
        while not (watcher.watching and outside.listening) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert watcher.watching

        enacted_office(service)
        planned_project(service, code="P8")
        began = time.monotonic()
        assert watcher.wait_for(last(service), timeout=5)
        assert time.monotonic() - began < 5
        assert watcher.reached == last(service)  # told, not read: nothing polls
    finally:
        watcher.stop()
        outside.stop()
        engine.dispose()
        service.close()
        follower.close()


def test_a_watching_runner_reads_the_offline_mark_only_after_a_rebuild_is_announced(
    postgres_url: str, tmp_path: Path
) -> None:
    """Issue 17: a write's answer asks whether the views are being rebuilt; a service whose
    views another process follows hears a rebuild begin (empty_views announces it) and
    reads the mark only then, until it is gone, not once a write."""
    settings = Settings.from_env(
        {"BUDGET_DATABASE_URL": postgres_url, "BUDGET_HOME": str(tmp_path)}
    )
    office = BudgetOffice(settings)
    engine = views_engine(settings)
    watcher = ProjectionRunner(office, engine, follows=False)
    reads: list[bool] = []

    def read() -> bool:
        with engine.connect() as connection:
            reads.append(views_offline(connection))
        return reads[-1]

    try:
        watcher.start()
        deadline = time.monotonic() + 10
        while not watcher.watching and time.monotonic() < deadline:
            time.sleep(0.01)
        enacted_office(office)
        catch_up(office, engine, all_projections())
        assert watcher.views_offline(read) is False
        assert watcher.views_offline(read) is False
        assert reads == [False]  # read once since it listens, then known

        empty_views(office, engine, all_projections())  # a rebuild begins elsewhere
        while not watcher.views_offline(read):
            assert time.monotonic() < deadline + 10, "the rebuild was never heard"
            time.sleep(0.01)
        assert watcher.views_offline(read) is True  # read again while it lasts
        catch_up(office, engine, all_projections())  # back at the log's end: online
        assert watcher.views_offline(read) is False
        done = len(reads)
        assert watcher.views_offline(read) is False
        assert len(reads) == done
    finally:
        watcher.stop()
        engine.dispose()
        office.close()
