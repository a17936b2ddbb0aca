"""A session found live on the event loop is served a moment without a read, until an end
of a session is announced by any process (budget.http.recent_sessions, issue 17): a logout
or an account changed on another worker ends it here as soon as PostgreSQL delivers the
announcement, however recent the read."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import psycopg
import pytest

from budget.domain.ids import account_id
from budget.http.prepared_reads import PreparedReads
from budget.http.sessions import SessionStore, http_session, token_digest
from tests.http_world import Api

HEARD_WITHIN = 10.0  # seconds an announcement may take to arrive on a loaded machine


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + HEARD_WITHIN
    while not condition():
        assert time.monotonic() < deadline, "not heard"
        await asyncio.sleep(0.01)


def on_another_worker(
    api: Api, monkeypatch: pytest.MonkeyPatch, body: Callable[..., Awaitable[None]]
) -> list[Any]:
    """Run `body(store, clock)` on a loop of its own with a SessionStore of its own, as
    another worker of the same database is (its clock of recent reads frozen: only an
    announcement may end what it keeps); the session statements it sent."""
    prepared = PreparedReads(api.services.views, 2, http_session, api.services._events_table())
    store = SessionStore(
        api.services.views,
        timedelta(hours=8),
        events=api.services._events_table(),
        prepared=prepared,
    )
    clock = Clock()
    store.recent.clock = clock
    sent: list[Any] = []
    execute = psycopg.AsyncCursor.execute

    async def counted(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(query)
        return await execute(self, query, *args, **kwargs)

    async def run() -> None:
        await prepared.open_on_loop()
        store.listen()
        try:
            await until(lambda: store.recent.listening)
            await body(store, clock)
        finally:
            store.stop_listening()
            await prepared.close_on_loop()

    monkeypatch.setattr(psycopg.AsyncCursor, "execute", counted)
    try:
        asyncio.run(run())
    finally:
        prepared.close()
    return sent


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_a_session_found_live_is_served_a_moment_without_a_read(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = api.login("clerk").json()["token"]
    account = account_id("clerk")
    found: list[Any] = []

    async def body(store: SessionStore, clock: Clock) -> None:
        for _ in range(3):
            found.append(await store.find_on_loop(token, account))
        clock.now += store.recent.within + 0.1  # then read again
        found.append(await store.find_on_loop(token, account))

    sent = on_another_worker(api, monkeypatch, body)
    assert [f[0].username if f else None for f in found] == ["clerk"] * 4
    assert len(sent) == 2, sent


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
@pytest.mark.parametrize("ended_by", ["logout", "account changed"])
def test_an_end_announced_by_another_process_ends_the_session_here_at_once(
    api: Api, monkeypatch: pytest.MonkeyPatch, ended_by: str
) -> None:
    token = api.login("clerk").json()["token"]
    account = account_id("clerk")
    digest = token_digest(token)
    found: list[Any] = []

    async def body(store: SessionStore, clock: Clock) -> None:
        found.append(await store.find_on_loop(token, account))
        assert store.recent.served(digest) is not None
        if ended_by == "logout":  # the first worker's store
            await asyncio.to_thread(api.services.sessions.close, token)
        else:
            await asyncio.to_thread(api.services.sessions.account_changed, "clerk")
        await until(lambda: store.recent.served(digest) is None)  # the clock stood still
        found.append(await store.find_on_loop(token, account))

    sent = on_another_worker(api, monkeypatch, body)
    assert found[0] is not None
    if ended_by == "logout":
        assert found[1] is None
    else:  # read again: the account did not really change, so it goes on
        assert found[1] is not None
    assert len(sent) == 2, sent


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_an_expired_session_is_not_served(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    token = api.login("clerk").json()["token"]
    account = account_id("clerk")
    found: list[Any] = []

    async def body(store: SessionStore, clock: Clock) -> None:
        found.append(await store.find_on_loop(token, account))
        store.clock = lambda: time.time() + timedelta(days=2).total_seconds()
        found.append(await store.find_on_loop(token, account))

    on_another_worker(api, monkeypatch, body)
    assert found[0] is not None
    assert found[1] is None
