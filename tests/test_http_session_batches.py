"""The sessions that requests ask for on the event loop while it turns once are read in
one statement (budget.http.prepared_reads `session_row_on_loop`, issue 17): one round
trip for the requests that arrived together, each given its own row as it is now."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import pytest
from sqlalchemy import delete

from budget.domain.ids import account_id
from budget.http.prepared_reads import PreparedReads
from budget.http.sessions import http_session, token_digest
from tests.http_world import Api


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_sessions_asked_together_are_read_in_one_statement(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    users = ["clerk", "reviewer", "dla", "auditor"]
    tokens = [api.login(user).json()["token"] for user in users]
    with api.services.views.begin() as connection:  # the auditor logged out elsewhere
        connection.execute(
            delete(http_session).where(http_session.c.token_digest == token_digest(tokens[-1]))
        )
    prepared = PreparedReads(api.services.views, 2, http_session, api.services._events_table())
    sent: list[Any] = []
    execute = psycopg.AsyncCursor.execute

    async def counted(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(query)
        return await execute(self, query, *args, **kwargs)

    async def asked() -> list[Any]:
        await prepared.open_on_loop()
        try:
            return await asyncio.gather(
                *(
                    prepared.session_row_on_loop(token_digest(token), account_id(user))
                    for user, token in zip(users, tokens, strict=True)
                )
            )
        finally:
            await prepared.close_on_loop()

    monkeypatch.setattr(psycopg.AsyncCursor, "execute", counted)
    try:
        rows = asyncio.run(asked())
    finally:
        prepared.close()
    assert [row.username if row else None for row in rows] == ["clerk", "reviewer", "dla", None]
    assert [row.version_now for row in rows[:3]] == [row.account_version for row in rows[:3]]
    assert len(sent) == 1, sent


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_sessions_asked_while_a_statement_is_under_way_are_read_together_after_it(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One statement in flight at a time: the sessions asked for while it is under way, on
    several turns of the loop, wait for it and are then read in one statement."""
    users = ["clerk", "reviewer", "dla", "auditor"]
    tokens = [api.login(user).json()["token"] for user in users]
    prepared = PreparedReads(api.services.views, 4, http_session, api.services._events_table())
    sent: list[Any] = []
    execute = psycopg.AsyncCursor.execute
    held = asyncio.Event()

    async def counted(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(args[0]["digests"])
        if len(sent) == 1:
            await held.wait()  # the first statement is under way until the others asked
        return await execute(self, query, *args, **kwargs)

    def ask(n: int) -> Any:
        return prepared.session_row_on_loop(token_digest(tokens[n]), account_id(users[n]))

    async def asked() -> list[Any]:
        await prepared.open_on_loop()
        try:
            first = asyncio.ensure_future(ask(0))
            while not sent:  # the first statement is sent
                await asyncio.sleep(0)
            later = []
            for n in range(1, len(users)):  # each on a turn of its own
                later.append(asyncio.ensure_future(ask(n)))
                await asyncio.sleep(0)
                await asyncio.sleep(0)
            held.set()
            return list(await asyncio.gather(first, *later))
        finally:
            await prepared.close_on_loop()

    monkeypatch.setattr(psycopg.AsyncCursor, "execute", counted)
    try:
        rows = asyncio.run(asked())
    finally:
        prepared.close()
    assert [row.username for row in rows] == users
    assert sent == [[token_digest(tokens[0])], [token_digest(t) for t in tokens[1:]]]
