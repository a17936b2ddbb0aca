"""The session of a request to a route run in a worker thread is checked in that thread,
before the handler (issue 17: one hand-over to a thread per request instead of two), and
it still ends at once: a logout anywhere, a new password, an ended session asking for what
it may not have are all told 401."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import litestar.concurrency
import psycopg
import pytest
from sqlalchemy import delete, event, func, select, update

from budget.application.commands import SetPassword
from budget.domain.access import SYSTEM_ACTOR
from budget.http.recent_sessions import SESSIONS_CHANNEL
from budget.http.sessions import http_session, token_digest
from budget.projections.positions import REBUILDING
from budget.projections.tables import projection_tracking
from tests.builders import FY, LAO
from tests.http_world import Api

LAO_BOARD = f"/api/dashboards/authorities/{LAO}?fiscal_year={FY}"
NATIONAL_BOARD = f"/api/dashboards/national?fiscal_year={FY}"


def bearer(api: Api, user: str) -> tuple[str, dict[str, str]]:
    token = api.login(user).json()["token"]
    return token, {"Authorization": f"Bearer {token}"}


HEARD_WITHIN = 10.0  # seconds PostgreSQL may take to deliver a notification here


def ended_elsewhere(api: Api, token: str) -> None:
    """The session's row deleted and its end announced as another process's logout does
    (budget.http.sessions `close`: NOTIFY in the deleting transaction; this process's
    memory of it left as it was), once this process heard the announcement, which
    PostgreSQL delivers on its own time (budget.http.recent_sessions)."""
    recent = api.services.sessions.recent
    _, before = recent.mark()
    with api.services.sessions.engine.begin() as connection:
        connection.execute(
            delete(http_session).where(http_session.c.token_digest == token_digest(token))
        )
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_notify(SESSIONS_CHANNEL, token_digest(token))))
    deadline = time.monotonic() + HEARD_WITHIN
    while recent.listening and recent.mark()[1] == before:
        assert time.monotonic() < deadline, "the logout was not heard"
        time.sleep(0.01)


@contextmanager
def transactions_begun(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The BEGINs psycopg sends meanwhile for requests (each one a round trip, and its
    ROLLBACK another; psycopg sends both through its connections' one command method), the
    follow loop's own aside."""
    begun: list[str] = []
    send = psycopg.Connection._exec_command

    def sending(self: psycopg.Connection[Any], command: Any, *args: Any, **kwargs: Any) -> Any:
        text = command.decode() if isinstance(command, bytes) else str(command)
        if text.startswith("BEGIN") and threading.current_thread().name != "projections":
            begun.append(text)
        return send(self, command, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(psycopg.Connection, "_exec_command", sending)
        yield begun


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_kept_read_and_a_write_open_no_transaction_in_the_views(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session's read and the write's look at the views are single statements: no
    BEGIN and ROLLBACK round trips around them."""
    _, headers = bearer(api, "clerk")
    assert api.client.get(LAO_BOARD, headers=headers).status_code == 200
    with transactions_begun(monkeypatch) as begun:
        assert api.client.get(LAO_BOARD, headers=headers).status_code == 200
    assert begun == []
    with transactions_begun(monkeypatch) as begun:
        written = api.client.post(
            f"/api/projects/{api.project}/steps", headers=headers, json={"step": "plan_published"}
        )
    assert written.status_code == 200, written.text
    assert begun == []


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_kept_read_and_a_write_take_no_connection_from_the_views_pool(api: Api) -> None:
    """The session's read and the write's look at the views go through their prepared
    statements (budget.http.prepared_reads), and still read the rows as they are now."""
    token, headers = bearer(api, "clerk")
    assert api.client.get(LAO_BOARD, headers=headers).status_code == 200  # seen, answer kept
    project = api.client.get(f"/api/projects/{api.project}", headers=headers)
    assert project.status_code == 200  # its place known
    checked_out: list[str] = []

    def checkout(*_: object) -> None:
        if threading.current_thread().name != "projections":  # the follow loop's own aside
            checked_out.append(threading.current_thread().name)

    event.listen(api.services.views, "checkout", checkout)
    try:
        assert api.client.get(LAO_BOARD, headers=headers).status_code == 200
        written = api.client.post(
            f"/api/projects/{api.project}/steps", headers=headers, json={"step": "plan_published"}
        )
        assert written.status_code == 200, written.text
        assert written.json()["views_caught_up"] is True
        assert checked_out == []
        ended_elsewhere(api, token)
        assert api.client.get(LAO_BOARD, headers=headers).status_code == 401
    finally:
        event.remove(api.services.views, "checkout", checkout)


@contextmanager
def hand_overs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Callable[..., Any]]]:
    """What requests hand to a worker thread meanwhile (litestar.concurrency's one way)."""
    handed: list[Callable[..., Any]] = []
    run = litestar.concurrency._run_sync_asyncio

    async def counted(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        handed.append(fn)
        return await run(fn, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(litestar.concurrency, "_run_sync_asyncio", counted)
        yield handed


@pytest.mark.parametrize("store_url", ["memory", "sqlite"], indirect=True)
def test_a_known_session_costs_one_hand_over_to_a_thread(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, headers = bearer(api, "clerk")
    assert api.client.get(LAO_BOARD, headers=headers).status_code == 200  # seen once
    with hand_overs(monkeypatch) as handed:
        answer = api.client.get(LAO_BOARD, headers=headers)
    assert answer.status_code == 200, answer.text
    assert len(handed) == 1, handed


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_kept_read_never_leaves_the_event_loop_on_postgresql(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its session read on the event loop's own connections, its kept answer looked up there
    (issue 17); a read that must compute, or a file, is handed to a thread once."""
    token, headers = bearer(api, "clerk")
    assert api.client.get(LAO_BOARD, headers=headers).status_code == 200  # seen, answer kept
    with hand_overs(monkeypatch) as handed:
        answer = api.client.get(LAO_BOARD, headers=headers)
        assert answer.status_code == 200, answer.text
        assert api.client.get("/api/auth/me", headers=headers).status_code == 200
        assert handed == []
        as_file = api.client.get(f"{LAO_BOARD}&format=csv", headers=headers)
        assert as_file.status_code == 200, as_file.text
        assert len(handed) == 1, handed
    ended_elsewhere(api, token)
    with hand_overs(monkeypatch) as handed:
        refused = api.client.get(LAO_BOARD, headers=headers)
    assert refused.status_code == 401, refused.text
    assert handed == []


def test_a_known_session_that_expired_is_refused_at_once(api: Api) -> None:
    token, headers = bearer(api, "clerk")
    assert api.client.get(LAO_BOARD, headers=headers).status_code == 200  # seen, answer kept
    with api.services.sessions.engine.begin() as connection:
        connection.execute(
            update(http_session)
            .where(http_session.c.token_digest == token_digest(token))
            .values(expires_at=time.time() - 1)
        )
    refused = api.client.get(LAO_BOARD, headers=headers)
    assert refused.status_code == 401, refused.text
    assert api.services.sessions.seen(token) is None


def test_a_session_ended_by_another_process_is_refused_at_once(api: Api) -> None:
    token, headers = bearer(api, "clerk")
    assert api.client.get(LAO_BOARD, headers=headers).status_code == 200
    ended_elsewhere(api, token)
    refused = api.client.get(LAO_BOARD, headers=headers)
    assert refused.status_code == 401, refused.text
    assert refused.json()["code"] == "unauthenticated"
    assert api.services.sessions.seen(token) is None  # forgotten here too


def test_an_ended_session_asking_for_what_it_may_not_have_is_told_401(api: Api) -> None:
    token, headers = bearer(api, "clerk")
    assert api.client.get(LAO_BOARD, headers=headers).status_code == 200
    assert api.client.get(NATIONAL_BOARD, headers=headers).status_code == 403
    ended_elsewhere(api, token)
    refused = api.client.get(NATIONAL_BOARD, headers=headers)
    assert refused.status_code == 401, refused.text


def test_a_new_password_ends_a_known_session_on_a_thread_route(api: Api) -> None:
    _, headers = bearer(api, "clerk")
    assert api.client.get(LAO_BOARD, headers=headers).status_code == 200
    api.office.execute(SetPassword(username="clerk", password="a new one 2570"), actor=SYSTEM_ACTOR)
    assert api.client.get(LAO_BOARD, headers=headers).status_code == 401


def test_a_write_of_an_ended_session_records_nothing(api: Api) -> None:
    token, headers = bearer(api, "clerk")
    assert api.client.get(LAO_BOARD, headers=headers).status_code == 200
    ended_elsewhere(api, token)
    before = api.position()
    refused = api.client.post(
        f"/api/projects/{api.project}/steps",
        headers=headers,
        json={"step": "plan_published"},
    )
    assert refused.status_code == 401, refused.text
    assert api.position() == before


def test_a_write_while_the_views_are_rebuilt_says_they_do_not_include_it(api: Api) -> None:
    _, headers = bearer(api, "clerk")
    api.views_caught_up()
    with api.services.views.begin() as connection:
        connection.execute(
            projection_tracking.insert().values(name=REBUILDING, position=api.position() + 100)
        )
    written = api.client.post(
        f"/api/projects/{api.project}/steps", headers=headers, json={"step": "plan_published"}
    )
    assert written.status_code == 200, written.text
    assert written.json()["views_caught_up"] is False
