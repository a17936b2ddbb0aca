"""The PostgreSQL application recorder the BudgetOffice uses."""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Composed, Identifier, Literal
from psycopg.types.json import Jsonb

from budget.application.saved_keys import KEY_TABLE, RECORDED_STATUS, WRITERS_CHANNEL, KeyTaken

# The server-side function's name ends with the originator id type, as the library's does.
INSERT_FUNCTION_PREFIX = "budget_insert_events_"
# Bulk saves keep the plain statements: round trips do not matter there, and PL/pgSQL's
# RETURN QUERY buffers every returned id.
ONE_STATEMENT_MAX_EVENTS = 100
# A transaction that writes WAL and commits a transaction id waits for the WAL up to its
# commit record, which follows every record committed before it: the one-statement insert,
# committed without waiting, is then durable too (under the session's synchronous_commit,
# whatever the server's configuration asks: local flush, or a standby's). A transactional
# logical message is the least WAL that does both, at any wal_level, for any role (a
# transaction id alone is committed without a flush: PostgreSQL flushes only transactions
# that wrote WAL before their commit record). Logical decoding sees it, prefix "budget_flush".
FLUSH_STATEMENT = b"SELECT pg_logical_emit_message(true, 'budget_flush', '')"
FLUSH_MARK = 0  # after the ids (never 0): the insert committed without its flush
# An event's part in a fold made in parts (budget.projections.fold.part_of, which computes
# the same in Python): the last four bytes of its originator's UUID as a number.
PART_OF_ORIGINATOR = "('x' || right(originator_id::text, 8))::bit(32)::bigint"
# An index of the events table by that number modulo PART_BUCKETS, then notification id,
# finds a part's events in a range of the log without reading the other parts' (a fold in
# parts of PART_BUCKETS' divisors: fold.fold_parts): a part's buckets are those equal to
# it modulo the parts. 840 = lcm(1..8): the nation's 10 and 20 parts divide it.
PART_BUCKETS = 840
BUCKET_OF_ORIGINATOR = f"mod({PART_OF_ORIGINATOR}, {PART_BUCKETS})"
# A part's read (select_stored_rows): the planner, estimating a part's rows well (a tenth
# of the range), still chose the range of the notification id index, filtering every row
# (an ordered scan spares it the sort); without plain index scans it takes the part index's
# bitmap (scale 0.1, a 200,000 range, 10 parts: 0.30-0.34 -> 0.14-0.16 s of the server's
# CPU). Its sort of the part's rows (~11 MB) then fits in memory.
PART_READ_SETTINGS = (b"SET LOCAL enable_indexscan = off", b"SET LOCAL work_mem = '64MB'")


class BulkSafeRecorder(PostgresApplicationRecorder):
    """The library's PostgreSQL recorder, inserting with one round trip and no pipeline mode.

    1. One statement per save. The library's statements (table lock in EXCLUSIVE mode with
       its lock timeout, NOTIFY, insert returning the notification ids) run inside one
       PL/pgSQL function, ``budget_insert_events_<id type>``, created with the table. It is
       called in autocommit mode, so the lock, the insert and the commit cost one round
       trip instead of six (BEGIN, SET LOCAL, LOCK, NOTIFY, INSERT, COMMIT). The table
       lock is held until the commit, as in the library: notification ids are issued and
       committed in the same order, so log followers never pass over a gap filled later.
       (The library's own ``POSTGRES_ENABLE_DB_FUNCTIONS`` function takes no table lock.)
    2. No pipeline mode. ``PostgresApplicationRecorder.insert_events`` runs its statements
       in psycopg's pipeline mode, which hangs for ever (psycopg 3.3.9: the server waits
       in ClientRead, the client in ``Pipeline.sync``) once a transaction's data outgrows
       the socket buffers, because psycopg stops flushing its output when no command is
       left in its queue. One plain statement has no such queue.
    3. The one parameter, the array of stored events, is sent in binary (``%b`` instead
       of ``%s``): psycopg's text dumping of composite values escapes every field with
       regular expressions in Python, the largest cost of a bulk save.
    4. An idempotency key in the events' transaction. The function's second parameter,
       ``saved_key`` (budget.application.saved_keys), when given: under the table lock,
       nothing is inserted and no id returned (:class:`KeyTaken`) if the key is recorded,
       else its row is inserted after the events with the record, version and last
       position, and the write announced to the service's workers (``pg_notify`` on
       ``budget_writers``, "<position> <user>", delivered at the commit: one statement
       less a write, budget.http.writers). The HTTP service's key table must then be in
       the caller's search path (the views in the events' database, PostgreSQL's default).

    5. A contended lock is not held through the commit's WAL flush. A save that finds the
       table locked (``NOWAIT``) waits for the lock, then commits without waiting for the
       flush (``synchronous_commit = off``: its commit record is in the WAL after every
       earlier event's, it is visible, and the table lock and PostgreSQL's NOTIFY lock are
       released at once); the function then returns :data:`FLUSH_MARK` after the ids, and
       ``insert_events`` commits a transaction of its own that writes a little WAL
       (:data:`FLUSH_STATEMENT`), which waits for the WAL up to there under the session's
       ``synchronous_commit``: the events are durable before anyone is told they are
       recorded, and concurrent writers' flushes are grouped instead of taken one after
       another under the two locks (16 writers, one event each, a durable server: 278-298
       -> 1,247-1,501 commits/s, ``scripts/bench-recorder``). A save that found the lock
       free commits synchronously in its one round trip, as before (one writer alone: two
       round trips and two flushes would cost it more). A crash before that flush may lose
       the events of a write not yet answered (and every later one: the WAL is replayed in
       order), never one that was answered; a retry with its key then records it once. A
       follower may read such events before they are flushed: a view it commits from them
       is flushed after them.

    Selected for every PostgreSQL store by ``Settings`` with the library's
    ``APPLICATION_RECORDER_TOPIC`` setting.
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        statement = self.insert_events_statement.as_string()
        assert statement.count("%s") == 1, statement
        self.insert_events_statement = Composed([SQL(statement.replace("%s", "%b"))])
        self.insert_function_name = INSERT_FUNCTION_PREFIX + datastore.originator_id_type
        self.check_identifier_length(self.insert_function_name)
        schema = Identifier(datastore.schema)
        table = Identifier(self.events_table_name)
        function = Identifier(self.insert_function_name)
        key_table = Identifier(KEY_TABLE)  # in the caller's search path: the views' tables
        self.sql_create_statements.append(  # the one-argument function of earlier versions
            SQL("DROP FUNCTION IF EXISTS {schema}.{function}({schema}.{event}[])").format(
                schema=schema, function=function, event=Identifier(self.stored_event_type_name)
            )
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.{function}"
                "(events {schema}.{event}[], saved_key jsonb) "
                "RETURNS SETOF bigint LANGUAGE plpgsql AS $BODY$ "
                "DECLARE ids bigint[]; waited boolean := false; "
                "BEGIN "
                "SET LOCAL lock_timeout = '{lock_timeout}s'; "
                "BEGIN LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE NOWAIT; "
                "EXCEPTION WHEN lock_not_available THEN waited := true; END; "
                "IF waited THEN "  # others are committing: not through the flush (5.)
                "SET LOCAL synchronous_commit = off; "
                "LOCK TABLE {schema}.{table} IN EXCLUSIVE MODE; "
                "END IF; "
                "IF saved_key IS NOT NULL THEN "  # (the key table is planned only if so)
                "IF EXISTS (SELECT FROM {key_table} k WHERE k.user_id = saved_key->>'user_id' "
                "AND k.key = saved_key->>'key') THEN "
                "RETURN; "  # the key is recorded: nothing is, no id returned
                "END IF; "
                "END IF; "
                "NOTIFY {channel}; "
                "WITH inserted AS ("
                "INSERT INTO {schema}.{table} AS t "
                "(originator_id, originator_version, topic, state) "
                "SELECT originator_id, originator_version, topic, state FROM unnest(events) "
                "RETURNING notification_id) "
                "SELECT array_agg(notification_id ORDER BY notification_id) INTO ids "
                "FROM inserted; "
                "IF saved_key IS NOT NULL THEN "
                "INSERT INTO {key_table} "
                "(user_id, key, request_hash, created_at, status, headers, body) VALUES ("
                "saved_key->>'user_id', saved_key->>'key', saved_key->>'request_hash', now(), "
                "{recorded}, NULL, convert_to(jsonb_build_object('id', saved_key->'id', "
                "'version', saved_key->'version', 'position', ids[cardinality(ids)])::text, "
                "'UTF8')); "
                "PERFORM pg_notify({writers}, "
                "ids[cardinality(ids)]::text || ' ' || (saved_key->>'user_id')); "
                "END IF; "
                "RETURN QUERY SELECT unnest(ids); "
                "IF waited THEN RETURN NEXT {flush}; END IF; "
                "END; $BODY$"
            ).format(
                schema=schema,
                function=function,
                event=Identifier(self.stored_event_type_name),
                lock_timeout=datastore.lock_timeout,
                table=table,
                channel=Identifier(self.channel_name),
                key_table=key_table,
                recorded=Literal(RECORDED_STATUS),
                writers=Literal(WRITERS_CHANNEL),
                flush=Literal(FLUSH_MARK),
            )
        )
        self.part_index_name = f"{self.events_table_name}_part_idx"
        self.check_identifier_length(self.part_index_name)
        self.sql_create_statements.append(  # analyzed once made: the planner needs its
            SQL(  # buckets' statistics (a part's share) to prefer it to the id range
                "DO $BODY$ BEGIN IF NOT EXISTS (SELECT FROM pg_indexes WHERE schemaname = "
                "{schema_name} AND indexname = {index_name}) THEN "
                "CREATE INDEX {index} ON {schema}.{table} "
                f"(({BUCKET_OF_ORIGINATOR}), notification_id); "
                "ANALYZE {schema}.{table}; END IF; END $BODY$"
            ).format(
                schema_name=Literal(datastore.schema),
                index_name=Literal(self.part_index_name),
                index=Identifier(self.part_index_name),
                schema=schema,
                table=table,
            )
        )
        # rendered once: psycopg renders a composed statement again on every execution
        # (~15 µs of a save's CPU, issue 17)
        self.call_insert_function_statement = (
            SQL("SELECT * FROM {schema}.{function}(%b, %b::jsonb)")
            .format(schema=schema, function=function)
            .as_string()
            .encode()
        )
        self.insert_key_statement = SQL(
            "INSERT INTO {key_table} (user_id, key, request_hash, created_at, status, body) "
            "VALUES (%s, %s, %s, now(), {recorded}, convert_to(%s, 'UTF8')) "
            "ON CONFLICT DO NOTHING"
        ).format(key_table=key_table, recorded=Literal(RECORDED_STATUS))
        self.announce_statement = SQL("SELECT pg_notify({writers}, %s)").format(
            writers=Literal(WRITERS_CHANNEL)
        )

    def insert_events(
        self,
        stored_events: Sequence[StoredEvent],
        *,
        saved_key: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Sequence[int] | None:
        """Insert the events, and `saved_key`'s row (budget.application.saved_keys) in the
        same transaction; KeyTaken (nothing inserted) if that key is recorded already."""
        # (an application recorder has no tracking record: the library's ignores kwargs too)
        if not stored_events:
            return None
        if len(stored_events) > ONE_STATEMENT_MAX_EVENTS:
            return self._insert_events_in_transaction(stored_events, saved_key, **kwargs)
        pg_stored_events = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            # autocommit (the pool's connections are): one implicit transaction
            curs.execute(
                self.call_insert_function_statement,
                (pg_stored_events, Jsonb(saved_key) if saved_key is not None else None),
                prepare=True,
            )
            ids = [row[self.insert_function_name] for row in curs.fetchall()]
            if ids and ids[-1] == FLUSH_MARK:  # committed without its flush: wait for it
                ids.pop()
                curs.execute(FLUSH_STATEMENT, prepare=True)
        if not ids:
            raise KeyTaken
        return ids

    def _insert_events_in_transaction(
        self, stored_events: Sequence[StoredEvent], saved_key: dict[str, Any] | None, **kwargs: Any
    ) -> Sequence[int] | None:
        """The library's statements one by one in a transaction, for bulk saves; the key's
        row after them, under the table's lock (a key recorded already rolls them back)."""
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            self._insert_stored_events(curs, stored_events, **kwargs)
            ids = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
            if saved_key is not None:
                row = {**saved_key, "position": max(ids or [0])}
                mine = {k: row.pop(k) for k in ("user_id", "key", "request_hash")}
                curs.execute(
                    self.insert_key_statement,
                    (*mine.values(), json.dumps(row)),
                )
                if curs.rowcount != 1:
                    raise KeyTaken
                curs.execute(self.announce_statement, (f"{row['position']} {mine['user_id']}",))
            return ids

    def select_stored_rows(
        self,
        start: int,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] | None = None,
        *,
        part: tuple[int, int] | None = None,
        most_bytes: int | None = None,
    ) -> list[tuple[int, Any, int, str, bytes]]:
        """Notifications from `start` (to `stop`), as plain tuples (id, originator id,
        version, topic, state), read in binary: the library's `select_notifications`
        reads bytea as hex text and builds a Notification per row, ~5x the client's CPU
        (7.3 against 1.5 µs a row, measured on 200,000 stored events). With `topics`, the
        state of the other topics' events is empty (not sent): a follower of some
        projections reads every notification, to know its position, but no more. The
        originator id comes as text (the views hold ids as text: read as a UUID, then
        turned to text by `uuid.UUID.__str__`, it cost the follower more).

        `part` (part, parts), with `topics`: only the events of those topics whose
        originator is in that part (fold.part_of: the UUID's last four bytes, big-endian,
        modulo the parts, which divide PART_BUCKETS), found in the server by the part
        index (each of the part's buckets, the range of notification ids in it), the
        other parts' events not read: a fold's later part reads its own projects' events
        alone. Give it a bounded range (`stop`): the server then sorts what it found in
        that range, whatever `limit`; asked for the first `limit` rows of a long range
        instead, it sorted the whole range's part for each read (scale 0.1, the 1,441,720
        notifications, one read: 1.5-1.9 s, before the index). `most_bytes`: the part's rows
        only up to the first whose state reaches that many bytes of state with those
        before it (summed in the server from the stored lengths): a national year's
        opening budgets, ~100 KB each, sent 78 MB to a part's first read of the budget
        lines, decoded at once."""
        if part is not None:
            if topics is None:
                msg = "a part is read of given topics"
                raise ValueError(msg)
            picked = (
                f"FROM {{schema}}.{{table}} WHERE {BUCKET_OF_ORIGINATOR} = ANY(%s::bigint[]) "
                "AND notification_id >= %s AND notification_id <= %s AND topic = ANY(%s)"
            )
            picking: list[object] = [_buckets(*part), start, _last(stop), list(topics)]
            if most_bytes is not None:
                picked = (
                    "FROM (SELECT *, sum(octet_length(state)) OVER (ORDER BY notification_id) "
                    f"- octet_length(state) AS sent_before {picked}) AS picked "
                    "WHERE sent_before < %s"
                )
                picking.append(most_bytes)
            return self._select(
                SQL(
                    "SELECT notification_id, originator_id::text, originator_version, topic, "
                    f"state {picked} ORDER BY notification_id LIMIT %s"
                ),
                (*picking, limit),
                settings=PART_READ_SETTINGS,
            )
        state = "state" if topics is None else "CASE WHEN topic = ANY(%s) THEN state END"
        statement = SQL(
            "SELECT notification_id, originator_id::text, originator_version, topic, "
            f"coalesce({state}, ''::bytea) "
            "FROM {schema}.{table} WHERE notification_id >= %s AND notification_id <= %s "
            "ORDER BY notification_id LIMIT %s"
        )
        last = _last(stop)
        values = (start, last, limit) if topics is None else (list(topics), start, last, limit)
        return self._select(statement, values)

    def _select(
        self, statement: SQL, values: Sequence[Any], settings: Sequence[bytes] = ()
    ) -> list[tuple[int, Any, int, str, bytes]]:
        """The rows of `statement` (its {schema} and {table} this recorder's), in binary;
        with `settings` (SET LOCAL statements), in a transaction of its own."""
        composed = statement.format(
            schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name)
        )
        with (
            self.datastore.get_connection() as conn,
            conn.transaction() if settings else nullcontext(),
            conn.cursor(row_factory=tuple_row, binary=True) as curs,
        ):
            for setting in settings:
                curs.execute(setting, prepare=True)
            curs.execute(composed, values, prepare=True)
            return curs.fetchall()

    def select_stored_at(self, positions: Sequence[int]) -> list[tuple[int, bytes]]:
        """The stored state of the events at these positions of the notification log (an
        audit log's page of rows), read in one statement."""
        statement = SQL(
            "SELECT notification_id, state FROM {schema}.{table} WHERE notification_id = ANY(%s)"
        ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row, binary=True) as curs,
        ):
            curs.execute(statement, (list(positions),), prepare=True)
            return curs.fetchall()


def _buckets(part: int, parts: int) -> list[int]:
    """The buckets of the part index (BUCKET_OF_ORIGINATOR) whose events are in `part` of
    `parts`: those equal to it modulo `parts`, which must divide PART_BUCKETS."""
    if PART_BUCKETS % parts:
        msg = f"a fold's parts divide {PART_BUCKETS}, not {parts}"
        raise ValueError(msg)
    return list(range(part, PART_BUCKETS, parts))


def _last(stop: int | None) -> int:
    return stop if stop is not None else 2**63 - 1
