"""The event store's commits alone: how many writes a second the PostgreSQL recorder
records with N concurrent writers, and what serializes them (issue 17).

Each writer thread saves one event of a new record with its idempotency key, as a keyed
HTTP write does (budget.application.postgres_recorder: one statement, the table lock,
the key's row, the NOTIFYs, the commit), in a loop for a fixed time. Modes:

- ``lock``: the recorder's function as it was before (the events table locked until a
  synchronous commit, so each commit's WAL flush is waited for under the lock, and under
  PostgreSQL's NOTIFY lock, one writer after another).
- ``nolock``: the same without its ``LOCK TABLE`` (ids may then be committed out of order:
  a follower could pass over an id committed later; measured only, never run).
- ``async``: the recorder as the service runs it now: a save that finds the table
  locked waits for the lock, commits without waiting for its WAL flush, then is made
  durable outside the locks by a second statement that commits a little WAL
  (``FLUSH_STATEMENT``): a commit waits for every WAL record before its own, so the
  flushes of concurrent writers are grouped. A save that finds the lock free commits
  synchronously, in one round trip.
- ``always``: every save as a contended one (committed without its flush, then flushed).

Each mode runs on a fresh database of the server given (created and dropped); the
server's CPU (every backend, from /proc) is printed per commit beside the rate.

    python -m budget.bench.recorder --database URL [--writers 16] [--seconds 10]
        [--modes lock,nolock,async]
"""

from __future__ import annotations

import argparse
import re
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

import psycopg
from eventsourcing.persistence import StoredEvent
from psycopg.types.json import Jsonb
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from budget.application.postgres_recorder import BulkSafeRecorder
from budget.application.saved_keys import SavedKey
from budget.bench.cpu import ServerClock
from budget.bench.report import Figure, print_report, progress
from budget.http.idempotency import IdempotencyKeys

MODES = ("lock", "nolock", "async", "always")
STATE = b'{"actor":{"user_id":"clerk-01","role":"lao_finance"},"amount":"12345.67"}' * 4
LOCK = re.compile(r"LOCK TABLE [^;]+;")


def _url(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _recorder(url: str, writers: int) -> BulkSafeRecorder:
    from eventsourcing.postgres import PostgresDatastore

    params = psycopg.conninfo.conninfo_to_dict(_libpq(url))
    datastore = PostgresDatastore(
        dbname=str(params["dbname"]),
        host=str(params.get("host", "localhost")),
        port=str(params.get("port", "5432")),
        user=str(params.get("user", "")),
        password=str(params.get("password", "")),
        pool_size=writers,
    )
    recorder = BulkSafeRecorder(datastore)
    recorder.create_table()
    IdempotencyKeys(create_engine(url))  # the key table the function writes
    return recorder


def _alter(url: str, recorder: BulkSafeRecorder, mode: str) -> None:
    """Rewrite the insert function for `mode` from its definition in the database."""
    if mode == "async":
        return
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
        row = connection.execute(
            "SELECT pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.proname = %s",
            (recorder.insert_function_name,),
        ).fetchone()
        assert row is not None
        definition = str(row[0])
        if mode == "always":
            changed = definition.replace("waited boolean := false", "waited boolean := true")
        else:  # the first attempt waits, so the commit is always synchronous
            changed = definition.replace(" NOWAIT;", ";")
        if mode == "nolock":
            changed = LOCK.sub("", changed)
        assert changed != definition, changed
        connection.execute(changed.encode())


def _write(recorder: BulkSafeRecorder, mode: str, stop: float, took: list[float]) -> None:
    user = f"bench-{threading.get_ident()}"
    while time.monotonic() < stop:
        record = uuid.uuid4()
        event = StoredEvent(record, 1, "budget.domain.project:Project.Created", STATE)
        key = SavedKey(user, str(uuid.uuid4()), "0" * 64).row(record, 1)
        began = time.perf_counter()
        if mode in ("async", "always"):
            recorder.insert_events([event], saved_key=key)
        else:  # the function alone, committed synchronously: as insert_events was before
            row = recorder.construct_pg_stored_event(
                event.originator_id, event.originator_version, event.topic, event.state
            )
            with recorder.datastore.get_connection() as conn:
                statement = recorder.call_insert_function_statement
                conn.execute(statement, ([row], Jsonb(key)), prepare=True).fetchall()
        took.append(time.perf_counter() - began)


def measure(url: str, mode: str, writers: int, seconds: float) -> list[Figure]:
    recorder = _recorder(url, writers)
    _alter(url, recorder, mode)
    engine = create_engine(url)
    clock = ServerClock(engine)
    took: list[float] = []
    stop = time.monotonic() + seconds
    threads = [
        threading.Thread(target=_write, args=(recorder, mode, stop, took)) for _ in range(writers)
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    server = clock.seconds()
    recorder.datastore.close()
    engine.dispose()
    took.sort()
    done = len(took)
    name = f"{writers} writers, {mode}"
    return [
        Figure(f"{name}: commits", done / elapsed, "commits/s", "postgres"),
        Figure(f"{name}: p50", took[done // 2] * 1000, "ms", "postgres"),
        Figure(f"{name}: p95", took[int(done * 0.95)] * 1000, "ms", "postgres"),
        Figure(f"{name}: PostgreSQL CPU per commit", server / done * 1000, "ms", "postgres"),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench-recorder", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, metavar="URL", help="a server to use")
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--repeat", type=int, default=1, help="rounds over the modes")
    args = parser.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    if unknown := set(modes) - set(MODES):
        parser.error(f"unknown modes: {sorted(unknown)}")
    admin: Any = psycopg.connect(_libpq(_url(args.database, "postgres")), autocommit=True)
    figures: list[Figure] = []
    try:
        for round_ in range(args.repeat):
            for mode in modes:
                database = f"bench_recorder_{mode}_{round_}"
                admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
                admin.execute(f'CREATE DATABASE "{database}"')
                progress(f"{mode}: {args.writers} writers, {args.seconds:g} s")
                try:
                    figures += measure(
                        _url(args.database, database), mode, args.writers, args.seconds
                    )
                finally:
                    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        admin.close()
    print_report(figures, title="The event store's commits alone (one event and its key each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
