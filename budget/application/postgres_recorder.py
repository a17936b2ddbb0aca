"""The PostgreSQL application recorder the BudgetOffice uses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.sql import SQL, Composed


class BulkSafeRecorder(PostgresApplicationRecorder):
    """The library's PostgreSQL recorder and statements, changed in two ways for bulk saves.

    1. Outside pipeline mode. ``PostgresApplicationRecorder.insert_events`` runs its
       statements in psycopg's pipeline mode, which hangs for ever (psycopg 3.3.9: the
       server waits in ClientRead, the client in ``Pipeline.sync``) once a transaction's
       data outgrows the socket buffers, because psycopg stops flushing its output when
       no command is left in its queue. Here the same statements (table lock, NOTIFY,
       insert, notification ids) run in a plain transaction.
    2. The insert's one parameter, the array of stored events, is sent in binary
       (``%b`` instead of ``%s``): psycopg's text dumping of composite values escapes
       every field with regular expressions in Python, the largest cost of a bulk save.

    Selected for every PostgreSQL store by ``Settings`` with the library's
    ``APPLICATION_RECORDER_TOPIC`` setting.
    """

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        statement = self.insert_events_statement.as_string()
        assert statement.count("%s") == 1, statement
        self.insert_events_statement = Composed([SQL(statement.replace("%s", "%b"))])

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)
            if not stored_events:
                return None
            self._insert_stored_events(curs, stored_events, **kwargs)
            return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
